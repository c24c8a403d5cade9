"""A large preview's first build: most generated pages are converted in the background while the site is served.

At 5,000 themes the generated pages hold 64 MB of Markdown, 45-60 s of Python-Markdown's CPU, so the first
`mkdocs serve` of a large site showed nothing for about a minute. When a first build would convert more than
`preview_defer_over` characters, it converts only the pages at the top of the navigation (the home page, the
implications, the evidence table, ...). With `--dirty` the pages below them are not built at all: the server
answers their addresses with a page saying they are on their way (serve_pending.py). Without it MkDocs builds
every page, so they get that note inside the theme (:func:`placeholder_html`).

Two forked processes convert those pages meanwhile, exactly as the other process of markdown_ahead.py does:
one at once, the other once the first build is over and this process is idle; they take the pages from one
queue (a pipe), so they finish together however long the first build takes. When both are done the plugin
asks the server for a rebuild, which puts their HTML in place (the browsers reload by themselves) and keeps
the pages for the next preview (kept_html.py). A page whose Markdown changed meanwhile is converted in that
rebuild as usual.
"""

from __future__ import annotations

import contextlib
import html as html_lib
import os
import struct
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage

from ...core.render.kinds import KINDS, Page
from ...speed.parallel import Background, WorkerError
from .converted_pages import Recording
from .entry_memo import EntryMemo, MarksLost, markdown_settings
from .kept_html import KeptHtml, KeptPage
from .site_pages import CacheFile

Marks = tuple[tuple[int, ...], tuple[int, ...]]  # a page's entries and table rows (see entry_memo.py)

#: Most items in the queue of pages: 4 bytes each, all written before either process starts, so they must fit
#: in a pipe's buffer (64 KiB on Linux); a larger site queues runs of pages.
QUEUE_ITEMS = 8192
_ITEM = struct.Struct("<I")  # the index of a run's first page

PLACEHOLDER_CLASS = "fd-pending-page"


def shown_first(page: Page) -> bool:
    """Converted in the first build: the pages of the navigation's top level (only those of sections wait)."""
    kind = KINDS.get(page.kind)
    return kind is None or bool(kind.nav)


def placeholder_html(title: str) -> str:
    return (
        f"<h1>{html_lib.escape(title)}</h1>\n"
        f'<div class="admonition info {PLACEHOLDER_CLASS}" role="status">\n'
        '<p class="admonition-title">This page is on its way</p>\n'
        "<p>The preview is converting the site's pages in the background; this one appears here by itself when"
        " they are ready. Only the first preview of a large site waits like this: the next one starts with the"
        " pages this one converted.</p>\n</div>"
    )


class DeferredPages:
    """Pages whose conversion the first build left to two other processes, until a build puts them in place."""

    def __init__(
        self, pages: Sequence[MkDocsPage], generated: Mapping[str, Page], config: MkDocsConfig, files: Files
    ) -> None:
        self.markdown = {page.file.src_uri: generated[page.file.src_uri].markdown for page in pages}
        self.pending = set(self.markdown)  # still a placeholder in the served site
        marks = {uri: (g.entries, g.rows) for uri in self.markdown if (g := generated[uri]).entries or g.rows}
        run = -(-len(pages) // QUEUE_ITEMS)
        queue, queue_end = os.pipe()
        os.write(queue_end, b"".join(_ITEM.pack(start) for start in range(0, len(pages), run)))
        os.close(queue_end)  # once the queue is empty, a read finds its end
        gate = os.pipe()  # the second process reads a byte from it before it starts
        work = partial(_convert, pages, run, queue, config, files, marks, gate)
        self.jobs = [Background(work, workers=2), Background(partial(work, wait=True), workers=2)]
        os.close(queue)
        os.close(gate[0])
        self._gate_open: int | None = gate[1]
        self.results: dict[str, KeptPage] = {}
        self.ready = threading.Event()  # both processes are done (or failed)
        self.failure = ""
        self.kept_html: KeptHtml | None = None  # the store the first build's pages wait in, saved when all are done
        self._waiter: threading.Thread | None = None
        for page in pages:  # `--dirty` builds leave them alone until they are converted (the server says so)
            if isinstance(page.file, CacheFile):
                page.file.in_background = True

    def release(self) -> None:
        """The first build is over: the second process may start."""
        if self._gate_open is not None:
            with contextlib.suppress(OSError):  # the process is gone already
                os.write(self._gate_open, b"1")
            os.close(self._gate_open)
            self._gate_open = None

    def when_ready(self, ready: Callable[[], None]) -> None:
        """Call ``ready`` (from another thread) once both processes are done."""
        if self._waiter is None:
            self._waiter = threading.Thread(target=self._wait, args=(ready,), daemon=True, name="deferred pages")
            self._waiter.start()

    def _wait(self, ready: Callable[[], None]) -> None:
        for job in self.jobs:
            try:
                self.results.update(job.result())
            except WorkerError as error:
                self.failure = str(error)
        self.ready.set()
        ready()

    def to_build(self, files: Files) -> None:
        """Once ready: the pages still to put in place are built again, `--dirty` or not."""
        for uri in self.pending:
            file = files.get_file_from_path(uri)
            if isinstance(file, CacheFile):
                file.in_background = False

    def take(self, uri: str, markdown: str) -> KeptPage | None:
        """Once ready: ``uri`` as converted in the background, if its Markdown is still the same (None: convert
        it here). Either way the page is no longer a placeholder."""
        self.pending.discard(uri)
        kept = self.results.pop(uri, None)
        if kept is None or markdown != self.markdown.get(uri):
            return None
        if self.kept_html is not None:
            self.kept_html.keep(uri, kept.converted, kept.entries)
        return kept

    def cancel(self) -> None:
        """The preview stops: so do the other processes."""
        self.release()
        for job in self.jobs:
            job.kill()
        if self.kept_html is not None:
            self.kept_html.close()
            self.kept_html = None

    def done(self) -> bool:
        """Every page is in place: keep them for the next preview."""
        if self.pending:
            return False
        if self.kept_html is not None:
            self.kept_html.save()
            self.kept_html = None
        return True


def _queued(pages: Sequence[MkDocsPage], run: int, queue: int) -> Iterator[MkDocsPage]:
    while len(item := os.read(queue, _ITEM.size)) == _ITEM.size:
        (start,) = _ITEM.unpack(item)
        yield from pages[start : start + run]


def _convert(
    pages: Sequence[MkDocsPage],
    run: int,
    queue: int,
    config: MkDocsConfig,
    files: Files,
    marks: Mapping[str, Marks],
    gate: tuple[int, int],
    wait: bool = False,
) -> dict[str, KeptPage]:
    """In a forked process: each page it takes from the queue as `Page.render` converts it, with its entries'
    HTML for the entry memo; ``wait``: not before the first build is over."""
    os.close(gate[1])
    if wait:
        os.read(gate[0], 1)
    os.close(gate[0])
    memo = EntryMemo()
    memo.use_settings(markdown_settings(config))
    converted = {}
    with Recording(files, alone=True) as recording:
        for page in _queued(pages, run, queue):
            uri = page.file.src_uri
            config._current_page = page
            page.read_source(config)
            markdown = page.markdown or ""
            html, entries = None, None
            if uri in marks:
                recording.restart()
                page.markdown = memo.before(uri, markdown, *marks[uri])
                page.render(config, files)
                try:
                    whole = memo.after(uri, page.content or "")
                except MarksLost:  # converted whole below, with no entries kept
                    whole = None
                if whole is not None:
                    html, entries = whole.html, memo.html.get(uri)
                    page.present_anchor_ids = (page.present_anchor_ids or set()) | whole.anchors
            if html is None:
                recording.restart()
                page.markdown = markdown
                page.render(config, files)
                html = page.content or ""
            converted[uri] = KeptPage(recording.page(page, html), entries)
    config._current_page = None
    return converted
