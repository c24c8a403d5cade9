"""Reader journeys: search lands on an excerpt; hovering a citation shows the reference."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from .actions import CITATION, open_search, show_tooltip
from .conftest import Tab

pytestmark = pytest.mark.browser

# An excerpt on a theme page, and a phrase from its quoted text.
EXCERPT_ID = "lavik-2018-body-language-label"
PHRASE = "body language"


def squash(text: str) -> str:
    return " ".join(text.split())


def test_search_finds_an_excerpt_and_lands_on_it(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab("studies/")
    results = open_search(tab, PHRASE)
    hit = results.and_(tab.page.locator(f"[href$='#{EXCERPT_ID}']"))
    expect(hit).to_have_count(1)
    expect(hit).to_contain_text(PHRASE, ignore_case=True)
    if not hit.is_visible():  # Material folds a page's weaker sections into "N more on this page"
        hit.locator("xpath=ancestor::details[1]/summary").click()
    hit.click()

    tab.page.wait_for_url(re.compile("#" + re.escape(EXCERPT_ID) + "$"))
    assert unquote(urlsplit(tab.page.url).fragment) == EXCERPT_ID
    excerpt = tab.page.locator(f"[id='{EXCERPT_ID}']")
    expect(excerpt).to_be_in_viewport()
    header_bottom = tab.page.locator("header.md-header").evaluate("e => e.getBoundingClientRect().bottom")
    assert excerpt.evaluate("e => e.getBoundingClientRect().top") >= header_bottom - 1, "excerpt is under the header"
    # It is the excerpt: a heading followed by the quotation that contains the phrase.
    assert excerpt.evaluate("e => e.tagName") in ("H3", "H4")
    quote = excerpt.locator("xpath=following-sibling::*[1][self::blockquote]")
    expect(quote).to_contain_text(PHRASE, ignore_case=True)
    assert tab.errors == []


def test_hovering_a_citation_shows_its_reference(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab("implications/build-hope-early/")
    link = tab.page.locator(CITATION).first
    href = link.get_attribute("href") or ""
    reference_id = urlsplit(href).fragment
    assert reference_id.startswith("ref-")
    tooltip_text = squash(show_tooltip(tab, link).inner_text())

    tab.goto("references/")
    reference = squash(tab.page.locator(f"[id='{reference_id}']").inner_text())
    assert len(reference) > 40
    # The tooltip shows the formatted reference (authors, year, title, ...), not just the in-text citation.
    assert reference[:60] in tooltip_text, f"tooltip {tooltip_text!r} does not show reference {reference!r}"
    assert tab.errors == []
