"""Wording and layout details of the example's pages: plurals, case, citations in parentheses, further reading."""

from __future__ import annotations

import re

import pytest

from generator.core.project import Layout, check
from generator.core.render.kinds import Page
from generator.core.render.labels import counted, sentence_case
from generator.core.render.pages import render_pages
from generator.speed.executor import Serial

from .conftest import REPO


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    corpus = check(Layout.at(REPO)).corpus
    assert corpus is not None
    return render_pages(corpus, Serial())


def test_plurals_come_from_a_helper_never_from_an_s_in_brackets(pages: dict[str, Page]) -> None:
    for path, page in pages.items():
        assert "(s)" not in page.markdown, path
        assert not re.search(r"\b1 (themes|implications|statements|excerpts|studies)\b", page.markdown), path
    assert "1 theme and 1 implication;" in pages["studies/rabu-2020/index.md"].markdown
    assert counted(1, "study", "studies") == "1 study" and counted(2, "study", "studies") == "2 studies"


def test_abbreviations_keep_their_case_in_the_studies_list(pages: dict[str, Page]) -> None:
    studies = pages["studies/index.md"].markdown
    assert "interpersonal process recall \\(IPR\\)" in studies
    assert "\\(ipr\\)" not in studies and "Ipr" not in studies
    assert sentence_case("iPR study") == "IPR study"


def test_a_citation_after_a_name_is_parenthetical_never_nested(pages: dict[str, Page]) -> None:
    for path, page in pages.items():
        assert not re.search(r"\(\[[^\]]*\(\d{4}\)\]", page.markdown), path  # "([Lev Ari et al. (2023)](...))"
    theme = pages["studies/levari-2023/levari-2023-close-relationship.md"].markdown
    assert "([Lev Ari et al., 2023](" in theme


def test_uncited_works_are_listed_apart_as_further_reading(pages: dict[str, Page]) -> None:
    references = pages["references.md"].markdown
    further = references.index("Further reading")
    assert references.index("#ref-fitzpatrick2009client") > further  # in the library, cited nowhere
    assert references.index("#ref-levari2023facilitators") < further
    assert references.index("#ref-lavik2018first") < further
