"""Labels of build-time pictures: whole words, every line within its box, in the widest common fallback font."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.core.render import textfit
from generator.core.render.svg import BOX_W, PAD
from generator.core.render.textfit import fit, text_width

WIDTH = BOX_W - 2 * PAD
words = st.text(alphabet=st.characters(codec="ascii", categories=("L", "N", "P")), min_size=1, max_size=30)


@given(st.lists(words, min_size=1, max_size=12))
def test_every_word_stays_whole_and_every_line_fits(parts: list[str]) -> None:
    lines, size = fit(" ".join(parts), WIDTH, 12)
    assert " ".join(lines).split() == parts  # nothing cut, nothing lost
    assert all(text_width(line, size) <= WIDTH + 1e-6 for line in lines) or size == 8.0


def test_the_label_the_issue_saw_clipped_now_wraps() -> None:
    lines, size = fit("Combine competence with warmth", WIDTH, 12)
    assert size == 12 and len(lines) == 2


def test_a_word_too_long_for_the_box_makes_the_text_smaller_not_cut() -> None:
    lines, size = fit("Psychotherapeutic-relationship", WIDTH, 12)
    assert lines == ["Psychotherapeutic-relationship"] and size < 12
    assert text_width(lines[0], size) <= WIDTH + 1e-6


def test_every_character_has_one_width() -> None:
    # text_width looks each character up in the three tables merged: none may be in two of them.
    tables = (textfit._NARROW, textfit._WIDE, textfit._HYPHEN)
    assert sum(len(table) for table in tables) == len(textfit._WIDTHS)
    assert textfit.text_width("Wit–i", 10.0) == 10.0 * (1.0 + 0.34 + 0.34 + 0.5 + 0.34)
