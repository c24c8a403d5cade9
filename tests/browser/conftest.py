"""Build the example site once, serve it on 127.0.0.1 and drive it with Debian's Chromium through Playwright.

Everything here is session-scoped, so under pytest-xdist each worker that runs browser tests has its own build,
server (on its own free port) and browser.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from ..conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
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

# One page of each type the generator writes (site-relative URLs).
PAGE_TYPES = {
    "home": "",
    "implications": "implications/",
    "studies-index": "studies/",
    "study": "studies/lavik-2018/",
    "theme": "studies/lavik-2018/lavik-2018-therapist-perspective/",
    "references": "references/",
}


def missing(what: str) -> None:
    """Skip when a browser-test tool is not installed; in CI (which installs them) fail instead."""
    message = f"{what}; the browser tests need it (see the Makefile: `make test` installs it)"
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


@pytest.fixture(scope="session")
def built_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser-site") / "site"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{run.stdout}\n{run.stderr}", pytrace=False)
    return out


@pytest.fixture(scope="session")
def site(built_site_dir: Path) -> Iterator[Site]:
    handler = functools.partial(_QuietHandler, directory=str(built_site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield Site(built_site_dir, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is not installed (Debian package `chromium`)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def axe_path() -> Path:
    if not AXE.exists():
        missing(f"{AXE.relative_to(REPO)} is not installed (`npm ci` installs it from package.json)")
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


@pytest.fixture
def open_tab(browser: Browser, site: Site) -> Iterator[Callable[..., Tab]]:
    """open_tab(path, width=1280, height=800) -> Tab, loaded. Requests that would leave the site are recorded,
    then aborted, so that a test never waits on the network."""
    contexts: list[BrowserContext] = []
    off_site = re.compile(r"^(?!" + re.escape(site.base) + r"|data:|blob:)")

    def open_(path: str | None = None, *, width: int = 1280, height: int = 800) -> Tab:
        context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        context.route(off_site, lambda route: route.abort())
        tab = Tab(context.new_page(), site)
        tab.page.on("console", functools.partial(_console_error, tab))
        tab.page.on("pageerror", lambda error: tab.errors.append(f"page error: {error}"))
        tab.page.on("request", lambda request: tab.requests.append(request.url))
        if path is not None:
            tab.goto(path)
        return tab

    yield open_
    for context in contexts:
        context.close()
