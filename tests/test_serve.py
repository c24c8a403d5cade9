"""`mkdocs serve` on loopback: editing a record changes the served page."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .sites import pagefind_project, project_files

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body: bytes = response.read()
            return body.decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.2)
    return False


@contextlib.contextmanager
def serving(root: Path, *extra: str) -> Iterator[str]:
    """`mkdocs serve` on a free loopback port; yields its base URL and always stops it."""
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *extra]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.mark.parametrize("dirty", [False, True], ids=["full", "dirty"])
def test_editing_a_record_updates_the_page(project, dirty: bool) -> None:  # type: ignore[no-untyped-def]
    root: Path = project(project_files())
    with serving(root, *(["--dirty"] if dirty else [])) as base:
        url = base + "studies/s1/t1/"
        assert wait_for(url, "Feeling heard", 60), "server did not serve the theme page"
        record = root / "findings/s1/t1.yml"
        record.write_text(record.read_text().replace("Feeling heard", "Feeling truly heard"))
        assert wait_for(url, "Feeling truly heard", 30), "the edit did not reach the page"


def test_a_broken_record_shows_errors_and_keeps_the_last_good_site(project) -> None:  # type: ignore[no-untyped-def]
    root: Path = project(project_files())
    with serving(root) as base:
        url = base + "studies/s1/t1/"
        assert wait_for(url, "Feeling heard", 60)
        record = root / "findings/s1/t1.yml"
        good = record.read_text()
        record.write_text(good.replace("kind: theme", "kind: theme\nsumary: typo"))
        assert wait_for(url, "unknown field 'sumary'", 30)
        started = time.monotonic()
        page = fetch(url)
        assert time.monotonic() - started < 5 and "Feeling heard" in page  # served at once, last good content
        assert "findings/s1/t1.yml:6:1" in page
        record.write_text(good.replace("Feeling heard", "Feeling heard again"))
        assert wait_for(url, "Feeling heard again", 30)
        assert "fd-build-errors" not in fetch(url)


def test_serve_with_pagefind_updates_the_search_index_after_the_page(project) -> None:  # type: ignore[no-untyped-def]
    """The preview reloads without waiting for Pagefind; the index follows with the edit."""
    root: Path = project(pagefind_project())
    with serving(root, "--dirty") as base:
        assert wait_for(base + "studies/s1/t1/", "Feeling heard", 60), "server did not serve the theme page"
        assert wait_for(base + "pagefind/pagefind-entry.json", '"version"', 60), "no search index while serving"
        entry = base + "pagefind/pagefind-entry.json"
        before = fetch(entry)  # names the index by a hash of its content
        record = root / "findings/s1/t1.yml"
        record.write_text(record.read_text().replace("Feeling heard", "Feeling truly heard"))
        assert wait_for(base + "studies/s1/t1/", "Feeling truly heard", 30), "the edit did not reach the page"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and fetch(entry) in (before, ""):
            time.sleep(0.2)
        assert fetch(entry) not in (before, ""), "the search index did not follow the edit"


def test_a_failed_rebuild_is_listed_on_the_pages_and_never_stalls_the_server(project) -> None:  # type: ignore[no-untyped-def]
    """MkDocs' server held every request after a rebuild that raised; now the failure is on the pages."""
    root: Path = project(project_files())
    with serving(root, "--dirty") as base:
        url = base + "studies/s1/t1/"
        assert wait_for(url, "Feeling heard", 60)
        clash = root / "docs/studies/s1/t1.md"  # a hand-written page where a generated one goes: the build stops
        clash.parent.mkdir(parents=True)
        clash.write_text("# Mine\n")
        assert wait_for(url, "hand-written page(s) would be replaced by generated ones: studies/s1/t1.md", 30)
        started = time.monotonic()
        page = fetch(base + "about/")
        assert time.monotonic() - started < 5 and "A hand-written page." in page and "The rebuild failed" in page
        clash.unlink()
        record = root / "findings/s1/t1.yml"
        record.write_text(record.read_text().replace("Feeling heard", "Feeling heard again"))
        assert wait_for(url, "Feeling heard again", 30)
        assert "fd-build-errors" not in fetch(url) and "fd-build-errors" not in fetch(base + "about/")


def test_a_strict_site_broken_from_the_start_is_served_with_its_errors(project) -> None:  # type: ignore[no-untyped-def]
    """With `strict: true` the first build used to abort, so the preview never started."""
    files = project_files()
    good = str(files["findings/s1/t1.yml"])
    files["mkdocs.yml"] = f"{files['mkdocs.yml']}strict: true\n"
    files["findings/s1/t1.yml"] = good.replace("kind: theme", "kind: theme\nsumary: typo")
    root: Path = project(files)
    with serving(root) as base:
        assert wait_for(base, "nothing can be shown until then", 60), "no notice on the home page"
        about = fetch(base + "about/")
        assert "A hand-written page." in about and "findings/s1/t1.yml:6:1</code> unknown field" in about
        (root / "findings/s1/t1.yml").write_text(good)
        assert wait_for(base + "studies/s1/t1/", "Feeling heard", 30)
        assert "fd-build-errors" not in fetch(base) and "fd-build-errors" not in fetch(base + "about/")
