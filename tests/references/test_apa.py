"""APA 7 reference and citation strings for the fixture library, pinned exactly."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.core.diagnostics import Diagnostic
from generator.core.references import Library

from .conftest import DATA

EXPECTED = yaml.safe_load((DATA / "apa-expected.yaml").read_text(encoding="utf-8"))


def test_fixture_loads_cleanly(fixture_library: tuple[Library, list[Diagnostic]]) -> None:
    library, diags = fixture_library
    assert diags == []
    assert len(library.entries) >= 60
    assert set(library.entries) == set(EXPECTED)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_expected_string_names_its_rule(key: str) -> None:
    """Each expected string was checked against a section of the APA 7 manual, named beside it."""
    section = str(EXPECTED[key]["section"])
    assert re.fullmatch(r"\d+\.\d+(?:, \d+\.\d+)*|none \(.+\)", section), section


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_reference(key: str, fixture_library: tuple[Library, list[Diagnostic]]) -> None:
    ref = fixture_library[0].get(key)
    assert ref is not None
    expected = EXPECTED[key]
    assert ref.text == expected["reference"]
    assert ref.markdown == expected["markdown"]
    assert ref.citation == expected["citation"]
    assert ref.narrative == expected["narrative"]


def test_reference_list_order(fixture_library: tuple[Library, list[Diagnostic]]) -> None:
    keys = [r.key for r in fixture_library[0].ordered]
    # Öst sorts with O, between Olsen and Ostrom.
    assert keys.index("olsen2019thesis") < keys.index("ost1996accent") < keys.index("ostrom1990")
    # One-author works precede multi-author works with the same first author.
    assert keys.index("lavik2019talk") < keys.index("lavik2018first")
    # Year suffixes follow title order: "Alpha study" is 2010a.
    assert keys.index("accent2010b") < keys.index("accent2010a")
    assert keys[:2] == ["ahn2018twenty", "ahn2019many"]
    # Same surname, different people: ordered by initials.
    assert keys.index("thompson2004exploratory") == keys.index("thompson2002should") - 1
    assert keys[-1] == "whitaker2001suffix"


def test_same_author_spelled_with_and_without_latex(fixture_library: tuple[Library, list[Diagnostic]]) -> None:
    lib = fixture_library[0]
    assert lib.entries["accent2010a"].year_label == "2010b"
    assert lib.entries["accent2010b"].year_label == "2010a"


def test_added_names_versus_suffixes(fixture_library: tuple[Library, list[Diagnostic]]) -> None:
    lib = fixture_library[0]
    assert lib.entries["lavik2018first"].parenthetical_author == "Lavik, Frøysa, et al."
    assert lib.entries["lavik2018what"].parenthetical_author == "Lavik, Veseth, et al."
    assert lib.entries["lavik2018first"].year_label == "2018a"
    assert lib.entries["lavik2018third"].year_label == "2018b"
    assert lib.entries["lavik2018what"].year_label == "2018"


def test_fields_exposed(fixture_library: tuple[Library, list[Diagnostic]]) -> None:
    ref = fixture_library[0].entries["doiprefix2019b"]
    assert ref.doi_url == "https://doi.org/10.1000/def"
    assert ref.url == "https://example.org/def"
    assert ref.path == "apa-cases.bib"
    assert ref.line == 225
    assert ref.entry_type == "article"
    assert ref.anchor == "ref-doiprefix2019b"
