"""Real-world .bib files load without crashing; bad entries are located.

The corpora live in ../shared/corpora beside the repository (development and
CI machines); a user's clone has none, so these tests skip there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.diagnostics import Diagnostic
from generator.core.references import Library, load_library
from generator.core.references.bibparse import default_macros, parse_bib

from .conftest import CORPORA

_LOADED: dict[Path, tuple[Library, list[Diagnostic]]] = {}


def load(path: Path) -> tuple[Library, list[Diagnostic]]:
    """Each corpus is loaded once per test run (the lab library takes ~2 s)."""
    if path not in _LOADED:
        _LOADED[path] = load_library([path], root=CORPORA)
    return _LOADED[path]


def corpus_files() -> list[Path]:
    return sorted(CORPORA.glob("*/*.bib")) if CORPORA.is_dir() else []


def corpus(*parts: str) -> Path:
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here: ../shared/corpora comes with development and CI machines, not a clone")
    return path


@pytest.mark.parametrize(
    "path",
    corpus_files()
    or [
        pytest.param(
            None,
            marks=pytest.mark.skip(
                reason="../shared/corpora is not here: it comes with development and CI machines, not with a clone"
            ),
        )
    ],
    ids=lambda p: p.name if p else "none",
)
def test_corpus_loads(path: Path) -> None:
    library, diags = load(path)
    assert library.ordered, "no entries formatted"
    for diag in diags:
        assert diag.location.path.endswith(path.name) and diag.location.line > 0, str(diag)
    for ref in library.ordered:
        assert ref.text and ref.markdown and ref.year_label
        assert "\\" not in ref.text.replace("\\\\", "") or ref.entry_type in ("misc", "manual"), ref.text


def test_large_lab_library() -> None:
    library, diags = load(corpus("bib-cdl-large", "cdl.bib"))
    assert len(library.entries) == 6315
    assert diags == []
    malformed = [r for r in library.ordered if "Schüpbach" in r.text]
    assert malformed, "the doubled-backslash accent must decode"


def test_google_scholar_duplicates() -> None:
    path = corpus("bib-metaanalysis-gscholar", "book-2019-04ec6bf.bib")
    library, diags = load(path)
    messages = [str(d) for d in diags]
    assert messages == [
        "bib-metaanalysis-gscholar/book-2019-04ec6bf.bib:665: error: duplicate entry key 'higgins2004controlling': "
        "first defined at bib-metaanalysis-gscholar/book-2019-04ec6bf.bib:418; this entry is ignored",
        "bib-metaanalysis-gscholar/book-2019-04ec6bf.bib:879: error: duplicate entry key 'dias2013evidence': "
        "first defined at bib-metaanalysis-gscholar/book-2019-04ec6bf.bib:806; this entry is ignored",
    ]
    assert len(library.entries) == 115


def test_xampl_variant_reads_a_block_of_several_string_definitions() -> None:
    path = corpus("bib-xampl-variant", "xampl-modified-agh.bib")
    library, diags = load(path)
    assert diags == []  # the 12 month macros in one @STRING block (lines 12-25) are read
    assert len(library.entries) >= 30
    parsed = parse_bib(path.read_text(encoding="utf-8"), path.name, default_macros())
    macros = dict(parsed.macros)
    assert (macros["jan"], macros["dec"], macros["acm"]) == (
        "styczeń",
        "grudzień",
        "The OX Association for Computing Machinery",
    )


def test_biblatex_examples_crossref_and_sets() -> None:
    library, diags = load(corpus("bib-biblatex-examples", "biblatex-examples.bib"))
    assert diags == []
    assert "set" not in {r.entry_type for r in library.ordered}
    westfahl = library.get("westfahl:space")
    assert westfahl is not None
    assert "In G. Westfahl (Ed.), Space and beyond" in westfahl.text


def test_better_bibtex_arxiv_entries_are_preprints() -> None:
    library, diags = load(corpus("bib-zotero-bbt", "My Library.bib"))
    assert diags == []
    arxiv = [r for r in library.ordered if "doi.org/10.48550/arXiv." in r.text]
    assert len(arxiv) == 5
    for ref in arxiv:
        assert "[Preprint]. arXiv. https://doi.org/10.48550/arXiv." in ref.text, ref.text
        assert f"({ref.year_label})." in ref.text, ref.text  # the year alone (APA 10.8)


def test_titles_exported_in_sentence_case_keep_proper_nouns() -> None:
    paperpile, _ = load(corpus("bib-paperpile-qualmethods", "main.bib"))
    lab, _ = load(corpus("bib-cdl-large", "cdl.bib"))
    for library, key, words in (
        (paperpile, "Gambin2017-tq", "Employers and apprenticeships in England: Costs, risks and policy reforms."),
        (paperpile, "Braun2006-my", "Using thematic analysis in psychology. Qualitative Research in Psychology,"),
        (lab, "MullWehn94", "path integration in desert ants, Cataglyphis fortis."),
    ):
        ref = library.get(key)
        assert ref is not None and words in ref.text, (key, ref.text if ref else None)
