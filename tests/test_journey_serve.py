"""The live-preview journey as a researcher walks it: `make serve` on a copy of this repository.

The copy keeps the repository's own mkdocs.yml (`strict: true`) and Makefile, never a lenient test
config. Over HTTP, with short timeouts: the site loads, an edit shows, a misspelled field and then a YAML
syntax error are listed (file:line:col) on a page that changed and on pages that did not, over the last
good content, and the next good save removes the notice. Run with `-s` to see the journey's timings:

    .venv/bin/pytest -s tests/test_journey_serve.py
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPO
from .test_serve import free_port

pytestmark = pytest.mark.slow

#: A request that takes longer than this counts as hung (the bug took forever; a rebuild here takes ~1 s).
REQUEST_TIMEOUT = 10.0
#: Longest wait for the server to start, or for a save to show.
WAIT = 60.0
THEME = "findings/sly-2014/sly-2014-first-impressions.yml"
THEME_PAGE = "studies/sly-2014/sly-2014-first-impressions/"
#: Pages the broken record does not touch: a hand-written page and another study's page.
UNCHANGED_PAGES = ("guide/", "studies/levitt-2016/")
NOTICE = re.compile(r'<div class="admonition failure fd-build-errors".*?</div>', re.S)


class Preview:
    """HTTP against a running preview; every request is bounded, and a hung one fails the test."""

    def __init__(self, base: str, process: subprocess.Popen[bytes]) -> None:
        self.base = base
        self.process = process
        self.started = time.monotonic()
        self.slowest = 0.0  # the longest any one request took

    def get(self, path: str) -> str:
        asked = time.monotonic()
        try:
            with urllib.request.urlopen(self.base + path, timeout=REQUEST_TIMEOUT) as response:
                body: bytes = response.read()
                self.slowest = max(self.slowest, time.monotonic() - asked)
                return body.decode("utf-8")
        except TimeoutError:
            pytest.fail(f"GET /{path} hung for over {REQUEST_TIMEOUT:.0f} s", pytrace=False)
        except (urllib.error.URLError, ConnectionError) as error:
            if isinstance(getattr(error, "reason", None), TimeoutError):
                pytest.fail(f"GET /{path} hung for over {REQUEST_TIMEOUT:.0f} s", pytrace=False)
            return ""

    def wait(self, what: str, path: str, test: object) -> tuple[str, float]:
        """Poll ``path`` until ``test(page)`` holds; returns the page and the seconds it took."""
        started = time.monotonic()
        for _ in range(int(WAIT / 0.2)):
            if self.process.poll() is not None:
                pytest.fail(f"the preview stopped (exit code {self.process.returncode}) waiting for {what}")
            page = self.get(path)
            if page and test(page):  # type: ignore[operator]
                return page, time.monotonic() - started
            if time.monotonic() - started > WAIT:
                break
            time.sleep(0.2)
        pytest.fail(f"no {what} on /{path} within {WAIT:.0f} s", pytrace=False)


def notice(page: str) -> str:
    """The error notice of a page as text ('' when there is none)."""
    found = NOTICE.search(page)
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))) if found else ""


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    return clone_repository(tmp_path / "clone")


def clone_repository(root: Path) -> Path:
    """The repository's tracked files, as a fresh clone has them, with this checkout's virtual environment."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    for name in listed.decode().split("\0"):
        if name and (REPO / name).is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, root / name)
    (root / ".venv").symlink_to(REPO / ".venv")
    return root


@contextlib.contextmanager
def make_serve(root: Path, options: str) -> Iterator[Preview]:
    port = free_port()
    # -o: the linked environment counts as installed, whatever the copied files' dates.
    command = ["make", "-o", ".venv/.installed", "serve", f"ADDR=127.0.0.1:{port}", f"SERVE_OPTIONS={options}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = (root / "serve.log").open("wb")
    process = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield Preview(f"http://127.0.0.1:{port}/", process)
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    """End the server's whole process group (make, mkdocs), however far it got."""
    for sent in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sent)
        try:
            process.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.mark.parametrize("options", ["--dirty", ""], ids=["make-serve", "no-dirty"])
def test_preview_journey(repository: Path, options: str) -> None:
    with make_serve(repository, options) as preview:
        try:
            journey(repository, preview, options)
        except BaseException:
            print((repository / "serve.log").read_text(errors="replace")[-4000:])
            raise


def journey(root: Path, preview: Preview, options: str) -> None:
    timings: dict[str, float] = {}
    home, _ = preview.wait("home page", "", lambda page: "Therapeutic alliance" in page)
    timings["preview start"] = time.monotonic() - preview.started
    assert not notice(home)
    preview.wait("theme page", THEME_PAGE, lambda page: "First impressions count" in page)

    record = root / THEME
    good = record.read_text(encoding="utf-8")
    edited = good.replace('title: "First impressions count"', 'title: "First impressions count for a lot"')
    assert edited != good
    record.write_text(edited, encoding="utf-8")
    _, timings["edit shown"] = preview.wait("edited title", THEME_PAGE, lambda page: "count for a lot" in page)

    # A misspelled field: every page lists it, over the last good content.
    record.write_text(edited.replace("\nsummary:", "\nsumary:"), encoding="utf-8")
    where = f"{THEME}:10:1"
    page, timings["error shown"] = preview.wait("error notice", THEME_PAGE, lambda page: where in notice(page))
    assert "count for a lot" in page, "the changed page no longer shows its last good content"
    assert "unknown field 'sumary'" in notice(page) and "did you mean 'summary'?" in notice(page)
    for path in ("", *UNCHANGED_PAGES):
        page = preview.get(path)
        assert where in notice(page) and "unknown field 'sumary'" in notice(page), f"no notice on /{path}"
    assert "Levitt" in preview.get("studies/levitt-2016/"), "the unchanged page lost its content"

    record.write_text(edited, encoding="utf-8")
    _, timings["recovery"] = preview.wait("notice removed", THEME_PAGE, lambda page: not notice(page))
    for path in ("", *UNCHANGED_PAGES):
        assert not notice(preview.get(path)), f"/{path} still shows the notice after the fix"

    # A YAML syntax error (an unclosed quote): the same, wherever the parser places it.
    broken = edited.replace('"First impressions count for a lot"', '"First impressions count for a lot')
    record.write_text(broken, encoding="utf-8")
    located = re.compile(re.escape(THEME) + r":\d+:\d+ ")
    _, timings["syntax error shown"] = preview.wait(
        "syntax error notice", THEME_PAGE, lambda page: located.search(notice(page))
    )
    for path in ("", *UNCHANGED_PAGES):
        assert located.search(notice(preview.get(path))), f"no syntax error notice on /{path}"
    record.write_text(good, encoding="utf-8")
    _, timings["recovery from syntax error"] = preview.wait(
        "original title", THEME_PAGE, lambda page: "First impressions count<" in page and not notice(page)
    )
    for path in ("", *UNCHANGED_PAGES):
        assert not notice(preview.get(path)), f"/{path} still shows the notice after the fix"

    timings["slowest request"] = preview.slowest
    figures = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in timings.items())
    print(f"\njourney: make serve {options or '(no --dirty)'}: {figures}")


def test_a_first_preview_that_defers_pages_puts_them_in_place_by_itself(repository: Path) -> None:
    """`preview_defer_over: 0`: the example's first preview defers its pages as a large site's does; the server
    rebuilds by itself once they are converted, and the next preview starts with them all."""
    config = repository / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("  - findings:\n") == 1
    config.write_text(text.replace("  - findings:\n", "  - findings:\n      preview_defer_over: 0\n"), encoding="utf-8")
    log = repository / "serve.log"
    with make_serve(repository, "--dirty") as preview:
        preview.wait("home page", "", lambda page: "Therapeutic alliance" in page)
        page, _ = preview.wait("theme page", THEME_PAGE, lambda page: "fd-pending-page" not in page)
        assert "First impressions count" in page and "md-nav" in page  # the page itself, in the theme
        shown = log.read_text(errors="replace")
        assert "generated pages are converted in the background" in shown
        assert re.search(r"preview: showing the \d+ pages converted in the background", shown), shown[-3000:]
    with make_serve(repository, "--dirty") as preview:
        preview.wait("home page", "", lambda page: "Therapeutic alliance" in page)
        shown = log.read_text(errors="replace")
        kept = re.search(r"preview: ([\d,]+) of ([\d,]+) generated pages as the last preview converted them", shown)
        assert kept is not None and kept[1] == kept[2], shown[-3000:]
        assert "converted in the background" not in shown  # nothing left to convert
