"""The example site searched with Pagefind (`search: pagefind`): the abbreviation and the condition find the
implications about anorexia nervosa first, as they do with Material's search (test_clinician.py)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from ..sites import copy_example, mkdocs_build
from .conftest import TIMEOUT_MS, Site, serving
from .test_clinician import AN_IMPLICATIONS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pagefind_example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = copy_example(tmp_path_factory.mktemp("pagefind-example"), "search: pagefind")
    mkdocs_build(root, "--site-dir", str(root / "site"))
    with serving(root / "site") as base:
        yield Site(root / "site", base)


@pytest.mark.parametrize("phrase", ["AN", "anorexia"])
def test_pagefind_finds_the_implications_about_the_condition_first(
    browser: Browser, pagefind_example: Site, phrase: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720}, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(pagefind_example.url("studies/"))
        page.locator(".md-header__inner .fd-search-button").click()
        dialog = page.get_by_role("dialog", name="Search this site")
        dialog.locator("input.pagefind-ui__search-input").press_sequentially(phrase)
        links = dialog.locator("a.pagefind-ui__result-link")
        expect(links.nth(2)).to_be_visible()
        page.wait_for_timeout(500)  # the last keystroke's results
        pages: list[str] = []
        for href in links.evaluate_all("links => links.map(link => link.getAttribute('href'))"):
            path = urlsplit(href).path.strip("/")
            if "#" not in href and path not in pages:  # a page's own result, not one of its sections
                pages.append(path)
        first = pages[:3]
        assert {p.removeprefix("implications/") for p in first} == AN_IMPLICATIONS, first
    finally:
        context.close()
