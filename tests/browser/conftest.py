"""Serve the example site (built once, tests/conftest.py) on 127.0.0.1 and drive it with Chromium through Playwright.

Which Chromium: see chromium.py ($FINDINGS_CHROMIUM, then the usual names on PATH, then Playwright's own).

Everything here is session-scoped, so under pytest-xdist each worker that runs browser tests has its own build,
server (on its own free port) and browser.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, sync_playwright

from ..conftest import REPO
from .chromium import HOW_TO_INSTALL, find_chromium

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000  # Playwright waits this long at most for any one thing, so a broken page fails fast

# A laptop screen: short enough that Material scrolls the sidebars to the current page, as readers see them.
DESKTOP = (1280, 720)

# One page of each type the generator writes (site-relative URLs).
PAGE_TYPES = {
    "home": "",
    "implications": "implications/",
    "implication": "implications/build-hope-early/",
    "studies-index": "studies/",
    "study": "studies/lavik-2018/",
    "theme": "studies/lavik-2018/lavik-2018-therapist-perspective/",
    "references": "references/",
    "evidence": "evidence/",
    "glossary": "glossary/",
    "statements": "statements/lavik2018first/",
    "about": "about-this-site/",
    "whats-new": "whats-new/",
}


def missing(what: str) -> None:
    """Skip when a browser-test tool is not installed; in CI (which installs them) fail instead."""
    message = f"browser tests need {what}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}, and CI=true", pytrace=False)
    pytest.skip(message)


@dataclass
class Site:
    root: Path
    base: str  # http://127.0.0.1:PORT/

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def is_local(self, url: str) -> bool:
        return url.startswith((self.base, "data:", "blob:"))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1; yields the base URL (http://127.0.0.1:PORT/)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"serving {folder.name}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site(example_site: Path) -> Iterator[Site]:
    """The example site (built once for the whole run, tests/conftest.py), served."""
    with serving(example_site) as base:
        yield Site(example_site, base)


def playwright_chromium(playwright: Playwright) -> str | None:
    """Where `python -m playwright install chromium` puts its browser (whether it is there or not)."""
    try:
        return playwright.chromium.executable_path
    except Exception:  # Playwright has no build for this platform
        return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        found = find_chromium(lambda: playwright_chromium(playwright))
        if found.path is None:
            missing(f"Chromium ({found.how}); {HOW_TO_INSTALL}")
        chromium = playwright.chromium.launch(executable_path=str(found.path), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def axe_path() -> Path:
    if not AXE.exists():
        missing(f"{AXE.relative_to(REPO)}, which is not installed (`npm ci` installs it from package.json)")
    return AXE


@dataclass
class Tab:
    """A page in its own browser context, with everything it logged and requested since it opened."""

    page: Page
    site: Site
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def goto(self, path: str, *, settle: bool = False) -> None:
        response = self.page.goto(self.site.url(path))
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else 'no response'}"
        if settle:  # let late scripts (search worker, tooltips) run and log
            self.page.wait_for_load_state("networkidle")


def _console_error(tab: Tab, message: ConsoleMessage) -> None:
    if message.type == "error":
        where = message.location
        tab.errors.append(f"console: {message.text} ({where.get('url', '?')}:{where.get('lineNumber', '?')})")


def _new_context(browser: Browser, site: Site, width: int = DESKTOP[0], height: int = DESKTOP[1]) -> BrowserContext:
    """A fresh browser profile. Requests that would leave the site are recorded by each Tab, then aborted here,
    so that a test never waits on the network."""
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    context.route(re.compile(r"^(?!" + re.escape(site.base) + r"|data:|blob:)"), lambda route: route.abort())
    return context


def _new_tab(context: BrowserContext, site: Site) -> Tab:
    tab = Tab(context.new_page(), site)
    tab.page.on("console", functools.partial(_console_error, tab))
    tab.page.on("pageerror", lambda error: tab.errors.append(f"page error: {error}"))
    tab.page.on("request", lambda request: tab.requests.append(request.url))
    return tab


@pytest.fixture
def open_tab(browser: Browser, site: Site) -> Iterator[Callable[..., Tab]]:
    """open_tab(path=None, width=1280, height=720) -> Tab in a browser profile of its own, loaded if path is given."""
    contexts: list[BrowserContext] = []

    def open_(path: str | None = None, *, width: int = DESKTOP[0], height: int = DESKTOP[1]) -> Tab:
        contexts.append(_new_context(browser, site, width, height))
        tab = _new_tab(contexts[-1], site)
        if path is not None:
            tab.goto(path)
        return tab

    yield open_
    for context in contexts:
        context.close()


@dataclass(frozen=True)
class Loaded:
    """A page as it was once loaded and settled: what it logged and requested until then."""

    tab: Tab
    errors: tuple[str, ...]
    requests: tuple[str, ...]


@pytest.fixture(scope="session")
def loaded_page(browser: Browser, site: Site) -> Iterator[Callable[[str], Loaded]]:
    """loaded_page(path) -> Loaded. Each page is loaded once per session (per xdist worker) in a desktop tab and
    shared by the tests that only look at it (console, requests, axe), which keeps the browser run short."""
    context = _new_context(browser, site)
    cache: dict[str, Loaded] = {}

    def load(path: str) -> Loaded:
        if path not in cache:
            tab = _new_tab(context, site)
            tab.goto(path, settle=True)
            cache[path] = Loaded(tab, tuple(tab.errors), tuple(tab.requests))
        return cache[path]

    yield load
    context.close()
