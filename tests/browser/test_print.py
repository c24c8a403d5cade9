"""Printed, an implication is a one-page handout with its references in full, its address and the date; the
implications list is a compact handout of at most two A4 pages."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from .conftest import Site, Tab

pytestmark = pytest.mark.browser

PAGE = re.compile(rb"/Type\s*/Page(?!s)")


def pdf_pages(tab: Tab) -> int:
    return len(PAGE.findall(tab.page.pdf(format="A4", print_background=False)))


def test_a_printed_implication_lists_its_references_in_full_with_address_and_date(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab("implications/disclose-affection-in-an/")
    page = tab.page
    references = page.locator(".fd-print-references")
    expect(references).to_be_hidden()  # on screen the citations link to the reference list instead
    page.emulate_media(media="print")
    expect(references).to_be_visible()
    expect(references).to_contain_text(
        "Lev Ari, H. S., Gur, E., Lotan-Wohl, M., Bernstein, Z. L., & Tuval-Mashiach, R. (2023). Facilitators and"
    )
    expect(references).to_contain_text("https://doi.org/10.1002/capr.12617")
    source = page.locator(".fd-print-source")
    expect(source).to_be_visible()
    expect(source).to_contain_text(tab.site.url("implications/disclose-affection-in-an/"))
    expect(source).to_contain_text(re.compile(r" on \d{1,2} \w+ 20\d\d\."))
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()


def test_every_implication_prints_on_one_page(open_tab: Callable[..., Tab], site: Site) -> None:
    tab = open_tab()
    for path in sorted((site.root / "implications").glob("*/index.html")):
        tab.goto(f"implications/{path.parent.name}/")
        assert pdf_pages(tab) == 1, path.parent.name


def test_the_implications_list_prints_on_two_pages_at_most(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab("implications/")
    assert tab.page.locator(".fd-implication").count() == 10
    assert pdf_pages(tab) <= 2
