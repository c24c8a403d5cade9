"""What a count counts: statements recorded here against a citation index's own totals (SYNTHETIC figures)."""

from __future__ import annotations

from generator.core.model import CitationIndex
from generator.core.render.counts import count_sentence, retrieved_label, short_count


def test_retrieval_dates_as_far_as_they_are_known() -> None:
    assert retrieved_label("2025-03-05") == "retrieved 5 March 2025"
    assert retrieved_label("2025-03") == "retrieved in March 2025"
    assert retrieved_label("2025") == "retrieved in 2025"
    assert retrieved_label("") == "retrieval date not recorded"


def test_a_count_says_what_it_counts() -> None:
    index = CitationIndex("scite", 32, retrieved="2025-03-05", supporting=3, mentioning=27, contrasting=0)
    assert count_sentence(3, index) == (
        "3 of 32 statements recorded here; the citation index (scite) reports 3 supporting, 27 mentioning, "
        "0 contrasting (retrieved 5 March 2025)."
    )
    assert short_count(3, index) == "3 of 32 statements recorded here"


def test_an_index_without_stances_or_date_and_no_index_at_all() -> None:
    index = CitationIndex("Synthetic index", 12, url="https://example.org/r/1", citing_publications=9)
    assert count_sentence(1, index) == (
        "1 of 12 statements recorded here; the citation index ([Synthetic index](https://example.org/r/1)) "
        "reports 12 statements, from 9 citing publications (retrieval date not recorded)."
    )
    assert (
        count_sentence(1, None)
        == "1 statement recorded here; this site records no citation index's total for this work."
    )
    assert short_count(2, None) == "2 statements recorded here"


def test_check_warns_when_the_index_reports_fewer_statements_than_recorded(project) -> None:  # type: ignore[no-untyped-def]
    from generator.core.project import Layout, check

    from .sites import BIB, STUDY

    theme = """type: theme
id: t1
study: s1
title: Synthetic theme
kind: theme
excerpts:
  - id: cs1
    text: Synthetic statement one.
    source: citation statement
    cites: {key: smith2020alliance}
  - id: cs2
    text: A second, different synthetic statement.
    source: citation statement
    cites: {key: smith2020alliance}
"""
    study = STUDY + "citation_index: {source: synthetic index, statements: 1}\n"
    root = project({"bib/lib.bib": BIB, "findings/s1/study.yml": study, "findings/s1/t1.yml": theme})
    messages = [str(d) for d in check(Layout.at(root)).diagnostics if d.code == "citation-index"]
    assert messages == [
        "findings/s1/study.yml:1:1: warning: study 's1' records 2 citation statements about its publication,"
        " but its citation_index reports 1 (check the index's figures and the date you read them)"
    ]
