"""Every page type loads cleanly in Chromium: no script errors, nothing fetched from elsewhere, usable on a phone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from .conftest import PAGE_TYPES, Loaded, Tab

pytestmark = pytest.mark.browser

PHONE_WIDTH = 375


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_no_console_errors(loaded_page: Callable[[str], Loaded], path: str) -> None:
    assert loaded_page(path).errors == ()


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_no_request_leaves_the_site(loaded_page: Callable[[str], Loaded], path: str) -> None:
    loaded = loaded_page(path)
    site = loaded.tab.site
    assert site.url(path) in loaded.requests  # the recorder saw the page itself
    assert [url for url in loaded.requests if not site.is_local(url)] == []


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_fits_a_phone_screen(open_tab: Callable[..., Tab], path: str) -> None:
    tab = open_tab(path, width=PHONE_WIDTH, height=740)
    heading = tab.page.locator("article h1").first
    expect(heading).to_be_visible()
    expect(heading).to_be_in_viewport()
    scroll_width = tab.page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > PHONE_WIDTH + 1:
        too_wide = tab.page.evaluate(
            """width => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1)
                .slice(0, 10)
                .map(e => `${e.tagName.toLowerCase()}#${e.id} ${e.getAttribute('class') || ''}`)""",
            PHONE_WIDTH,
        )
        pytest.fail(f"page scrolls sideways: {scroll_width}px wide at {PHONE_WIDTH}px; wide elements: {too_wide}")
