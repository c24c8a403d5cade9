"""Reading selection positions: code points, UTF-16 code units, CRLF counted as one or two."""

from __future__ import annotations

from generator.core.importers.offsets import CODE_POINTS, UTF16, Reading, SourceText, choose_reading, readings_for
from generator.core.importers.text import escape_markdown, slugify, unescape_markdown

TEXT = "One 😀 two.\r\nThree 🎉🎉 four five.\r\nSix.\r\n"


def utf16(text: str, phrase: str) -> tuple[int, int]:
    start = len(text[: text.index(phrase)].encode("utf-16-le")) // 2
    return start, start + len(phrase.encode("utf-16-le")) // 2


def lf(text: str, phrase: str) -> tuple[int, int]:
    plain = text.replace("\r\n", "\n")
    start = plain.index(phrase)
    return start, start + len(phrase)


def test_utf16_positions_are_detected() -> None:
    spans = [utf16(TEXT, "four five."), utf16(TEXT, "Six.")]
    chosen, scores = choose_reading(TEXT, spans, prefer_utf16=False)
    assert chosen.reading == Reading(UTF16, crlf_as_one=False)
    assert [chosen.slice(*s) for s in spans] == ["four five.", "Six."]
    assert scores[Reading(CODE_POINTS, crlf_as_one=False)] < scores[chosen.reading]


def test_code_points_with_crlf_as_one() -> None:
    spans = [lf(TEXT, "four five."), lf(TEXT, "Six.")]
    chosen, _ = choose_reading(TEXT, spans, prefer_utf16=True)
    assert chosen.reading == Reading(CODE_POINTS, crlf_as_one=True)
    assert [chosen.slice(*s) for s in spans] == ["four five.", "Six."]


def test_ties_go_to_the_hint_and_plain_text_has_one_reading() -> None:
    assert readings_for("plain\n", prefer_utf16=True) == [Reading(CODE_POINTS, crlf_as_one=False)]
    chosen, _ = choose_reading("x 😀", [(0, 1)], prefer_utf16=True)
    assert chosen.reading.unit == UTF16


def test_positions_inside_a_surrogate_pair_or_outside_the_text() -> None:
    source = SourceText("a😀b", Reading(UTF16, crlf_as_one=False))
    assert source.slice(0, 3) == "a😀"
    assert source.slice(0, 2) is None  # half an emoji
    assert source.slice(3, 9) is None
    assert source.slice(3, 2) is None


def test_markdown_escaping_round_trips() -> None:
    for text in ["a @b [c] *d* `e`", "line\nnext\n\npara", "# not a heading", "C:\\path\\", "x\\\n\ny"]:
        escaped = escape_markdown(text)
        assert unescape_markdown(escaped) == text
        assert escape_markdown(unescape_markdown(escaped)) == escaped


def test_slugs() -> None:
    assert slugify("2. Attitűd szint az oltáshoz") == "2-attitud-szint-az-oltashoz"
    assert slugify("Someone else’s story") == "someone-elses-story"
    assert slugify("🙂") == ""
    assert len(slugify("word " * 40, 30)) <= 30
