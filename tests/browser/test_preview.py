"""In the browser: a page the author has open, and that a broken save does not touch, shows the errors by itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from ..test_journey_serve import THEME, clone_repository, make_serve
from .conftest import Site, Tab
from .test_accessibility import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_an_open_page_shows_the_errors_and_drops_them_after_the_fix(
    browser: Browser, axe_path: Path, tmp_path: Path
) -> None:
    root = clone_repository(tmp_path / "clone")
    with make_serve(root, "--dirty") as preview:
        preview.wait("guide page", "guide/", lambda page: "Authoring guide" in page)
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(preview.base + "guide/")
            record = root / THEME
            good = record.read_text(encoding="utf-8")
            record.write_text(good.replace("\nsummary:", "\nsumary:"), encoding="utf-8")
            notice = page.locator(".fd-build-errors")  # MkDocs' live reload reloads the open page
            notice.wait_for(timeout=30_000)
            assert f"{THEME}:10:1 unknown field 'sumary' (did you mean 'summary'?)" in notice.inner_text()
            assert page.locator("h1").first.inner_text() == "Authoring guide"
            violations = axe_violations(Tab(page, Site(root, preview.base)), axe_path, "default")
            assert not violations, describe(violations)
            record.write_text(good, encoding="utf-8")
            notice.wait_for(state="detached", timeout=30_000)
        finally:
            context.close()
