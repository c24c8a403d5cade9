"""In the browser: while a large first preview converts pages in the background, such a page says so, passes
the accessibility checks, and turns into the page by itself once the site has it (serve_pending.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from playwright.sync_api import Browser

from generator.adapters.mkdocs.serve_pending import PendingPages

from .conftest import Site, Tab
from .test_accessibility import axe_violations, describe

pytestmark = [pytest.mark.browser]

THEME = "/studies/a/trust-early/"


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, bytes], PendingPages]]:
    """A stand-in for the preview's server: the site's files (changed by the test), wrapped as the preview wraps it."""
    files: dict[str, bytes] = {"/": b"<!doctype html><html lang='en'><title>Home</title><h1>Home</h1></html>"}

    def site(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        body = files.get(environ["PATH_INFO"])
        status = "200 OK" if body is not None else "404 Not Found"
        start_response(status, [("Content-Type", "text/html; charset=utf-8")])
        return [body if body is not None else b"not found"]

    pending = PendingPages()
    httpd = make_server("127.0.0.1", 0, pending.wrap(site, "/"), handler_class=_Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/", files, pending
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_page_on_its_way_says_so_and_becomes_the_page_by_itself(
    browser: Browser, axe_path: Path, server: tuple[str, dict[str, bytes], PendingPages]
) -> None:
    base, files, pending = server
    pending.show({THEME.lstrip("/"): "Trust <early> & safety"})
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + THEME.lstrip("/"))
        assert page.locator("h1").inner_text() == "Trust <early> & safety"
        assert "on its way" in page.get_by_role("status").inner_text()
        violations = axe_violations(Tab(page, Site(Path("."), base)), axe_path, "default")
        assert not violations, describe(violations)

        # The background conversion is done and the rebuild wrote the page: it shows without a click.
        files[THEME] = b"<!doctype html><html lang='en'><title>Trust</title><h1>The converted page</h1></html>"
        pending.show({})
        page.locator("h1", has_text="The converted page").wait_for(timeout=15_000)
    finally:
        context.close()
