"""A large preview's first build serves the site at once and converts most pages in the background
(deferred_pages.py): until then those pages show a placeholder; the rebuild that puts them in place shows
what a fresh build shows, edits made meanwhile included, and keeps the pages for the next preview."""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.adapters.mkdocs import deferred_pages
from generator.adapters.mkdocs.deferred_pages import PLACEHOLDER_CLASS, DeferredPages

from .previews import FIRST_PAGE, Preview, differences, fresh_build, html_path, retitle
from .sites import synthetic_site

pytestmark = pytest.mark.slow

HOME = "index.md"


def always_defer(root: Path) -> Path:
    """The site's mkdocs.yml with every first preview deferring pages, however small the site."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("- findings:\n") == 1
    config.write_text(text.replace("- findings:\n", "- findings:\n    preview_defer_over: 0\n"), encoding="utf-8")
    return root


class Held:
    """The second background process waits until the test lets it go (not when the first build ends)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.made: list[DeferredPages] = []
        self._release, init = DeferredPages.release, DeferredPages.__init__

        def remember(deferred: DeferredPages, *args: object) -> None:
            init(deferred, *args)  # type: ignore[arg-type]
            self.made.append(deferred)

        monkeypatch.setattr(DeferredPages, "__init__", remember)
        monkeypatch.setattr(DeferredPages, "release", lambda deferred: None)

    def let_go(self) -> None:
        for deferred in self.made:
            self._release(deferred)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[Held]:
    holding = Held(monkeypatch)
    yield holding
    holding.let_go()


FIRST_URL = "studies/sly-2014/sly-2014-first-impressions/"


def served(preview: Preview, address: str) -> tuple[str, str]:
    """What the preview's server adds answers at ``address`` when the site has no file there: (status, title)."""
    answer: list[str] = []

    def not_found(environ: object, start_response: Any) -> list[bytes]:
        start_response("404 Not Found", [("Content-Type", "text/html")])
        return [b"not found"]

    app = preview.plugin.preview.pending.wrap(not_found, "/")
    body = b"".join(app({"PATH_INFO": "/" + address}, lambda status, headers: answer.append(status)))
    title = re.search(rb"<h1>(.*?)</h1>", body)
    return answer[0], "" if title is None else html.unescape(title.group(1).decode())


def page(site: Path, src_uri: str) -> str:
    return (site / html_path(src_uri)).read_text(encoding="utf-8")


def test_the_first_preview_shows_placeholders_then_every_page_as_a_fresh_build(tmp_path: Path) -> None:
    root = always_defer(synthetic_site("S", tmp_path / "site", seed=0))  # S: the example's records
    preview = Preview(root, tmp_path / "served")
    try:
        conversion = preview.plugin.conversion
        deferred = conversion.deferred
        assert deferred is not None and FIRST_PAGE in deferred.pending
        assert not (preview.site_dir / html_path(FIRST_PAGE)).exists()  # `--dirty`: not built until converted
        assert PLACEHOLDER_CLASS not in page(preview.site_dir, HOME)  # the top of the navigation is converted
        assert served(preview, FIRST_URL) == ("200 OK", "First impressions count")  # the server says it is on its way
        assert served(preview, "studies/no-such-page/")[0].startswith("404")

        ready = threading.Event()
        conversion.when_deferred_ready(ready.set)
        assert ready.wait(120)
        preview.rebuild()
        assert conversion.deferred is None and conversion.pending() == set()
        assert served(preview, FIRST_URL)[0].startswith("404")  # the site has the page now: the server answers it
        fresh = fresh_build(root, tmp_path / "fresh")
        every_page = {html_path(uri) for uri in preview.plugin.pages}
        assert differences(preview, fresh, tmp_path / "fresh/site", every_page) == []
    finally:
        preview.close()

    again = Preview(root, tmp_path / "again")  # the pages converted in the background were kept
    try:
        found, total = again.plugin.conversion.kept_counts
        assert found == total and again.plugin.conversion.deferred is None
    finally:
        again.close()


def test_rebuilds_before_the_pages_are_ready_keep_placeholders_and_an_edit_meanwhile_is_shown(
    tmp_path: Path, held: Held
) -> None:
    root = always_defer(synthetic_site("S", tmp_path / "site", seed=0))
    preview = Preview(root, tmp_path / "served")
    try:
        conversion = preview.plugin.conversion
        [deferred] = held.made
        retitle(root)  # a deferred page's Markdown changes before the background conversion is done
        gone = root / "findings/sly-2014/sly-2014-key-experience.yml"  # no other record refers to it
        gone_page = "studies/sly-2014/sly-2014-key-experience.md"
        assert gone_page in conversion.pending()
        gone.unlink()
        preview.rebuild()
        assert gone_page not in conversion.pending()
        assert conversion.deferred is deferred and FIRST_PAGE in conversion.pending()
        assert not (preview.site_dir / html_path(FIRST_PAGE)).exists()
        assert "EDITED-BY-TEST" in served(preview, FIRST_URL)[1]  # the page on its way has the new title

        held.let_go()
        ready = threading.Event()
        conversion.when_deferred_ready(ready.set)
        assert ready.wait(120)
        preview.rebuild()
        assert conversion.pending() == set() and conversion.deferred is None  # done: the pages are kept
        fresh = fresh_build(root, tmp_path / "fresh")
        every_page = {html_path(uri) for uri in preview.plugin.pages}
        assert differences(preview, fresh, tmp_path / "fresh/site", every_page) == []
    finally:
        preview.close()


def test_without_dirty_every_page_is_built_and_a_page_on_its_way_says_so_in_the_theme(tmp_path: Path) -> None:
    root = always_defer(synthetic_site("S", tmp_path / "site", seed=0))
    preview = Preview(root, tmp_path / "served", dirty=False)  # plain `mkdocs serve` builds every page each time
    try:
        conversion = preview.plugin.conversion
        assert FIRST_PAGE in conversion.pending()
        placeholder = page(preview.site_dir, FIRST_PAGE)
        assert PLACEHOLDER_CLASS in placeholder and "md-nav" in placeholder  # the site's navigation around it
        assert "<h1>First impressions count</h1>" in placeholder

        ready = threading.Event()
        conversion.when_deferred_ready(ready.set)
        assert ready.wait(120)
        preview.rebuild()
        assert conversion.pending() == set()
        fresh = fresh_build(root, tmp_path / "fresh")
        every_page = {html_path(uri) for uri in preview.plugin.pages}
        assert differences(preview, fresh, tmp_path / "fresh/site", every_page) == []
    finally:
        preview.close()


def test_when_the_background_processes_fail_the_pages_are_converted_in_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("converter broke (a test)")

    monkeypatch.setattr(deferred_pages, "_convert", broken)
    root = always_defer(synthetic_site("S", tmp_path / "site", seed=0))
    preview = Preview(root, tmp_path / "served")
    try:
        conversion = preview.plugin.conversion
        ready = threading.Event()
        conversion.when_deferred_ready(ready.set)
        assert ready.wait(120)
        preview.rebuild()
        assert conversion.pending() == set()
        assert "converting pages in the background failed, so they are converted now" in caplog.text
        assert "converter broke (a test)" in caplog.text
        fresh = fresh_build(root, tmp_path / "fresh")
        every_page = {html_path(uri) for uri in preview.plugin.pages}
        assert differences(preview, fresh, tmp_path / "fresh/site", every_page) == []
    finally:
        preview.close()
