"""The example's wording against its sources (../shared/example-sources/FACTS.md and the seeds).

An audit found two overstatements: "the main barrier" where the abstract says "a major barrier"
(with the conflict between needing a relationship and fearing disappointment reduced to fear),
and "mattered most" where the source says "especially important".
"""

from __future__ import annotations

import re

from generator.core.project import Layout, check

from .conftest import REPO

OVERSTATEMENTS = ("main barrier", "mattered most", "most important", "the key barrier")


def _record_texts() -> dict[str, str]:
    return {
        str(path.relative_to(REPO)): " ".join(path.read_text(encoding="utf-8").split())
        for path in sorted((REPO / "findings").rglob("*.yml"))
    }


def test_no_record_overstates_its_source() -> None:
    found = [
        (name, phrase)
        for name, text in _record_texts().items()
        for phrase in OVERSTATEMENTS
        if phrase in text.casefold()
    ]
    assert found == []


def test_the_an_barrier_is_a_major_one_and_a_conflict() -> None:
    corpus = check(Layout.at(REPO)).corpus
    assert corpus is not None
    summary = " ".join(corpus.themes["levari-2023-close-relationship"].summary.split())
    assert "major barrier" in summary
    assert re.search(r"conflict between a need for a meaningful relationship and a fear", summary)
    assert "disappointment and pain" in summary


def test_how_a_client_should_behave_was_especially_important() -> None:
    corpus = check(Layout.at(REPO)).corpus
    assert corpus is not None
    assert "especially important" in " ".join(corpus.themes["kleiven-2020-holding-back"].summary.split())
    assert "especially important" in " ".join(corpus.studies["kleiven-2020"].summary.split())
