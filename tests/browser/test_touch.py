"""On a touch screen the first tap on a citation shows its reference instead of leaving the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def test_first_tap_shows_the_reference_second_tap_follows(browser: Browser, site) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 375, "height": 740})
    tab = context.new_page()
    try:
        tab.goto(site.url("implications/build-hope-early/"), wait_until="load")
        link = tab.locator('article a[href*="#ref-"]').first
        link.scroll_into_view_if_needed()
        start = tab.url
        link.tap()
        tab.wait_for_timeout(400)
        assert tab.url == start
        tooltip = tab.locator(".md-tooltip2, [role=tooltip]").first
        assert tooltip.is_visible()
        link.tap()
        tab.wait_for_url("**/references/**")
    finally:
        context.close()
