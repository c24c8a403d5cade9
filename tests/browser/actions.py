"""What a reader does on a page: search, hover a citation."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from .conftest import Tab

CITATION = "article a[href*='references/#ref-']"


def open_search(tab: Tab, phrase: str) -> Locator:
    """Type into Material's search box (key by key, as Material searches on keyup); returns the result links."""
    box = tab.page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(phrase)
    results = tab.page.locator(".md-search-result__link")
    expect(results.first).to_be_visible()
    return results


def show_tooltip(tab: Tab, link: Locator | None = None) -> Locator:
    """Hover a citation link (the page's first by default); returns the tooltip shown, once fully visible."""
    link = link or tab.page.locator(CITATION).first
    link.evaluate("e => e.scrollIntoView({block: 'center'})")  # room for the tooltip below it
    link.hover()
    expect(link).to_have_attribute("aria-describedby", re.compile(r"\S"))
    tooltip = tab.page.locator(f"[id='{link.get_attribute('aria-describedby')}']")
    expect(tooltip).to_have_attribute("role", "tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_have_css("opacity", "1")
    expect(tooltip).to_be_in_viewport()
    return tooltip
