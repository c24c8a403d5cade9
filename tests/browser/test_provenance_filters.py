"""Who says so, in Chromium: the implications and evidence pages filter claims by their source."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from .conftest import Tab

pytestmark = pytest.mark.browser


def test_implications_filter_by_who_says_so(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab("implications/")
    page = tab.page
    count = page.locator("form.fd-filters .fd-filter-count")
    expect(count).to_have_text("Showing all 10 implications.")
    # Every implication of the example is the site editors' own reading of the findings.
    page.get_by_label("Site editors").uncheck()
    expect(count).to_have_text("Showing 0 of 10 implications.")
    expect(page.locator(".fd-implication:not([hidden])")).to_have_count(0)
    page.get_by_label("Site editors").check()
    page.get_by_label("Study authors").uncheck()
    expect(count).to_have_text("Showing all 10 implications.")
    assert tab.errors == []


def test_evidence_rows_filter_by_who_says_so(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab("evidence/")
    page = tab.page
    count = page.locator("form.fd-by-filters .fd-filter-count")
    expect(count).to_have_text("Showing all 16 rows.")
    page.get_by_label("Site editors").uncheck()
    expect(count).to_have_text("Showing 0 of 16 rows.")
    expect(page.locator("table tr[hidden]")).to_have_count(16)
    page.get_by_label("Site editors").check()
    expect(page.locator("table tr[hidden]")).to_have_count(0)
    assert tab.errors == []
