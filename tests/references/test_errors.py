"""Every problem in a .bib file is a located diagnostic; nothing raises."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.references import ParseCache, load_library

from .conftest import load_text

GOOD = """@article{good2020,
  author = {Good, Gina},
  title = {Fine},
  journal = {J},
  year = {2020},
}
"""


def test_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    src = GOOD + "@article{bad2021,\n  title = {x}\n  year = 2021\n}\n@book{after, title = {After}, year = 2000}\n"
    lib, diags = load_text(tmp_path, src)
    assert diags == ["refs.bib:9:3: error: syntax error in @article{bad2021}: '}' expected; entry skipped"]
    assert sorted(lib.entries) == ["after", "good2020"]


def test_duplicate_key_names_both_places(tmp_path: Path) -> None:
    lib, diags = load_text(tmp_path, GOOD + "\n" + GOOD.replace("Fine", "Second"))
    assert diags == [
        "refs.bib:8: error: duplicate entry key 'good2020': first defined at refs.bib:1; this entry is ignored"
    ]
    entry = lib.get("good2020")
    assert entry is not None and "Fine" in entry.text


def test_duplicate_key_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.bib").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.bib").write_text("\n\n" + GOOD, encoding="utf-8")
    _lib, diags = load_library([tmp_path / "a.bib", tmp_path / "sub" / "b.bib"], root=tmp_path)
    assert [str(d) for d in diags] == [
        "sub/b.bib:3: error: duplicate entry key 'good2020': first defined at a.bib:1; this entry is ignored"
    ]


def test_unbalanced_brace_reported_at_its_real_line(tmp_path: Path) -> None:
    # pybtex reads to the end of file and blames the last line; the broken
    # field is on line 9, and the entries after it must still load.
    src = (
        GOOD
        + "\n@article{broken,\n  author = {Sly, R.},\n  title = {Rules {of Engagement},\n  year = {2014},\n}\n\n"
        + GOOD.replace("good2020", "later2021")
    )
    lib, diags = load_text(tmp_path, src)
    assert diags == [
        "refs.bib:10:3: error: unbalanced braces in @article{broken}: the value of 'title' is not closed; entry skipped"
    ]
    assert sorted(lib.entries) == ["good2020", "later2021"]


def test_unclosed_entry_at_end_of_file(tmp_path: Path) -> None:
    lib, diags = load_text(tmp_path, GOOD + "@misc{last,\n  title = {Open\n")
    assert diags == [
        "refs.bib:8:3: error: unbalanced braces in @misc{last}: the value of 'title' is not closed; entry skipped"
    ]
    assert list(lib.entries) == ["good2020"]


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    data = GOOD.encode() + "@book{latin, title = {Caf\u00e9}, year = 1999}\n".encode("latin-1")
    lib, diags = load_text(tmp_path, data)
    assert diags == [
        "refs.bib:7:26: error: file is not valid UTF-8 (byte 0xe9 at line 7); undecodable bytes were replaced "
        "(save the file with UTF-8 encoding)"
    ]
    assert sorted(lib.entries) == ["good2020", "latin"]


def test_unreadable_file(tmp_path: Path) -> None:
    lib, diags = load_library([tmp_path / "missing.bib"], root=tmp_path)
    assert [str(d) for d in diags] == ["missing.bib: error: cannot read bibliography file: No such file or directory"]
    assert lib.ordered == ()


def test_empty_file(tmp_path: Path) -> None:
    lib, diags = load_text(tmp_path, "")
    assert (lib.ordered, diags) == ((), [])
    lib, diags = load_text(tmp_path, "% only a comment\n\n")
    assert (lib.ordered, diags) == ((), [])


def test_crossref_inherits_parent_fields(tmp_path: Path) -> None:
    src = """@incollection{child,
  author = {Hyman, Arthur},
  title = {Aristotle's Theory},
  pages = {161--191},
  crossref = {parent},
}
@book{parent,
  editor = {O'Meara, Dominic J.},
  title = {Studies in {Aristotle}},
  publisher = {Catholic University of America Press},
  year = {1981},
}
"""
    lib, diags = load_text(tmp_path, src)
    assert diags == []
    child = lib.get("child")
    assert child is not None
    assert child.text == (
        "Hyman, A. (1981). Aristotle's theory. In D. J. O'Meara (Ed.), Studies in Aristotle (pp. 161–191). "
        "Catholic University of America Press."
    )


def test_crossref_to_missing_entry_is_a_warning(tmp_path: Path) -> None:
    lib, diags = load_text(
        tmp_path, "@inproceedings{orphan, author = {A, B}, title = {T}, crossref = {nowhere}, year = 2000}"
    )
    assert diags == ["refs.bib:1: warning: entry 'orphan' has crossref 'nowhere', which is not in the library"]
    assert lib.get("orphan") is not None


def test_string_macros_and_undefined_macro(tmp_path: Path) -> None:
    src = (
        '@string{jpi = "Journal of Psychotherapy Integration"}\n'
        '@article{m, author = {A, B}, title = {T}, journal = jpi # ".", year = 2000, publisher = nomacro}\n'
    )
    lib, diags = load_text(tmp_path, src)
    assert diags == ["refs.bib:2:89: warning: undefined @string macro nomacro; treated as empty"]
    ref = lib.get("m")
    assert ref is not None and "Journal of Psychotherapy Integration." in ref.text


@pytest.mark.parametrize(
    "block",
    [
        '@string{jpi = "Journal of Psychotherapy Integration", pr = {Psychotherapy Research}}',
        '@STRING{\n  jpi = "Journal of Psychotherapy Integration",\n  pr = "Psychotherapy " # "Research",\n}',
        '@string(jpi = "Journal of Psychotherapy Integration", pr = {Psychotherapy Research})',
    ],
)
def test_several_string_definitions_in_one_block(tmp_path: Path, block: str) -> None:
    src = block + '\n@article{m, author = {A, B}, title = {T}, journal = jpi # " and " # pr, year = 2000}\n'
    lib, diags = load_text(tmp_path, src)
    assert diags == []
    ref = lib.get("m")
    assert ref is not None and "Journal of Psychotherapy Integration and Psychotherapy Research." in ref.text


def test_string_block_with_a_broken_second_definition_is_located(tmp_path: Path) -> None:
    src = '@string{jpi = "J", pr}\n@article{m, author = {A, B}, title = {T}, journal = jpi, year = 2000}\n'
    lib, diags = load_text(tmp_path, src)
    assert diags == ["refs.bib:1:22: error: syntax error in @string{jpi}: '=' expected; entry skipped"]
    assert lib.get("m") is not None


def test_field_after_closing_brace_is_reported(tmp_path: Path) -> None:
    _lib, diags = load_text(tmp_path, "@misc{extra, title = {X}},\n  year = {1999}\n}\n")
    assert diags == [
        "refs.bib:2:3: warning: text after the end of entry 'extra' is ignored: 'year = {1999}' "
        "(an extra '}' closes the entry early?)"
    ]


def test_parse_cache_reuses_unchanged_files(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(GOOD, encoding="utf-8")
    cache = ParseCache(max_files=2)
    first, _ = load_library([path], cache=cache)
    second, _ = load_library([path], cache=cache)
    assert cache.hits == 1
    assert first == second
    path.write_text(GOOD.replace("Fine", "Changed"), encoding="utf-8")
    third, _ = load_library([path], cache=cache)
    assert cache.hits == 1
    ref = third.get("good2020")
    assert ref is not None and "Changed" in ref.text
