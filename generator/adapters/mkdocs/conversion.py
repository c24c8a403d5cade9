"""How the generated pages become HTML in a MkDocs build, beyond MkDocs converting each in turn.

Two ways save time, and the plugin's page events hand each page to :class:`Conversion`, which picks:

- a whole build (and the first build of `mkdocs serve`) converts about half the generated pages in a second
  process while MkDocs converts the others (markdown_ahead.py);
- while previewing, only the entries of a page whose Markdown changed are converted again (entry_memo.py);
- the first build of a preview takes the pages an earlier preview converted from disk (kept_html.py);
- the first build of a large preview leaves most pages to two other processes and shows placeholders until a
  later build puts their HTML in place (deferred_pages.py).

Other pages, and every page when neither applies, are converted by MkDocs as usual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage

from ...core.render.kinds import Page
from ...core.render.text import escape_html
from ...speed.parallel import available_workers
from .converted_pages import Recording, apply_converted, converted_elsewhere
from .deferred_pages import DeferredPages, placeholder_html, shown_first
from .entry_memo import EntryMemo, MarksLost, markdown_settings
from .kept_html import KeptHtml, KeptPage
from .markdown_ahead import MarkdownAhead, convert_ahead, convert_here, foreign_page_handlers


class Conversion:
    """What converting the generated pages keeps: the pages converted ahead in this build, (serve) each page
    entry's HTML between rebuilds, and (a preview's first build) the pages as the last preview converted them."""

    def __init__(self, log: Any) -> None:
        self.log = log
        self.ahead: MarkdownAhead | None = None  # pages converted by another process in this build
        self.entry_memo: EntryMemo | None = None  # serve: each page entry's HTML, kept between rebuilds
        self.kept_wanted = False  # serve: no build has used the pages kept by an earlier preview yet
        self.kept_html: KeptHtml | None = None  # this build takes pages from an earlier preview, keeps its own
        self.from_kept: dict[str, KeptPage] = {}  # pages of this build as an earlier preview converted them
        self.recording: Recording | None = None  # the page MkDocs converts now: its log and link lookups
        self.kept_counts = (0, 0)  # the last build that looked: (pages kept from an earlier preview, pages)
        self.may_defer = False  # serve: the first build has not planned yet
        self.defer_over = -1  # characters of Markdown to convert above which the first build defers pages
        self.deferred: DeferredPages | None = None  # pages converted in the background, placeholders until then

    def start(self, serving: bool) -> None:
        """The command starts: only a preview keeps entries' HTML between builds, and pages between previews."""
        self.entry_memo = EntryMemo() if serving else None
        self.kept_wanted = serving
        self.may_defer = serving

    def configure(self, config: MkDocsConfig, keep_entries: bool, kept_html: Path | None, defer_over: int) -> None:
        """A build's Markdown settings (kept entries are forgotten when they change), or no entry memo at all;
        ``kept_html``: the folder of pages kept between previews, if this build may use it; ``defer_over``: the
        characters of Markdown above which a preview's first build defers pages (negative: never)."""
        self.defer_over = defer_over
        if self.entry_memo is not None:
            if keep_entries:
                self.entry_memo.use_settings(markdown_settings(config))
            else:
                self.entry_memo = None
        if self.kept_wanted and kept_html is not None:
            self.kept_wanted = False
            self.kept_html = KeptHtml(kept_html, config, self.log.warning)

    def plan(self, config: MkDocsConfig, files: Files, plugin: object, pages: Mapping[str, Page], ahead: bool) -> None:
        """Files and navigation are final: take the pages the last preview kept (a preview's first build), and
        start converting others in another process when ``ahead`` allows it.

        The plugin allows it for whole builds and the first build of `mkdocs serve` (not `mkdocs build --dirty`,
        which converts only changed pages). Later builds of `serve` run with the server's threads, and a lock one
        of them holds would stay locked in the fork: so only while this process runs one thread. The fork comes
        before the search feed starts its threads. ``plugin`` is ours: other plugins' page handlers rule it out.
        """
        self.cancel()  # a job a last build left unused (a --dirty build renders only changed pages)
        if self.deferred is not None:  # a record removed or renamed meanwhile: its page is no longer awaited
            self.deferred.pending.intersection_update(pages)
        if self.kept_html is not None:
            generated = [f.src_uri for f in files.documentation_pages() if f.src_uri in pages]
            self.from_kept = self.kept_html.look_up(pages, generated, files)
            self.kept_counts = (len(self.from_kept), len(generated))
            self.log.info(self.kept_html.summary(len(self.from_kept), len(generated)))
            pages = {uri: page for uri, page in pages.items() if uri not in self.from_kept}
        if self.may_defer:
            self.may_defer = False
            pages = self._defer(config, files, plugin, pages)
        elif self.deferred is not None and self.deferred.ready.is_set():
            if self.deferred.failure:
                self.log.warning(
                    f"preview: converting pages in the background failed, so they are converted now: "
                    f"{self.deferred.failure}"
                )
            else:
                self.log.info(f"preview: showing the {len(self.deferred.pending):,} pages converted in the background")
            self.deferred.to_build(files)
        if ahead and available_workers() > 1 and threading.active_count() == 1 and self.deferred is None:
            self.ahead = convert_ahead(config, files, plugin, pages, bool(self.entry_memo), self.log)

    def _defer(
        self, config: MkDocsConfig, files: Files, plugin: object, pages: Mapping[str, Page]
    ) -> Mapping[str, Page]:
        """A preview's first build: when there is much to convert, start converting the pages below the top of the
        navigation in the background; returns the pages this build converts."""
        if self.defer_over < 0 or sum(len(page.markdown) for page in pages.values()) <= self.defer_over:
            return pages
        if available_workers() < 2 or threading.active_count() > 1 or foreign_page_handlers(config, plugin):
            return pages
        later = [f.page for f in files.documentation_pages() if f.page is not None and f.src_uri in pages]
        later = [page for page in later if not shown_first(pages[page.file.src_uri])]
        if not later:
            return pages
        self.deferred = DeferredPages(later, pages, config, files)
        self.log.info(
            f"preview: {len(later):,} generated pages are converted in the background and show a placeholder until"
            " then; the site is served meanwhile"
        )
        return {uri: page for uri, page in pages.items() if uri not in self.deferred.pending}

    def when_deferred_ready(self, rebuild: Callable[[], None]) -> None:
        """The preview serves: once the deferred pages are converted, ``rebuild`` puts them in place."""
        if self.deferred is not None:
            self.deferred.when_ready(rebuild)

    def pending(self) -> set[str]:
        """Pages the served site shows as placeholders."""
        return set() if self.deferred is None else set(self.deferred.pending)

    def markdown(self, markdown: str, page: MkDocsPage, generated: Page, files: Files) -> str:
        """What MkDocs should convert of a generated page: nothing when converted ahead, in the background or
        kept from an earlier preview, or still a placeholder; only changed entries while previewing, else all."""
        uri = page.file.src_uri
        deferred = self.deferred
        if deferred is not None and uri in deferred.pending and deferred.ready.is_set():
            kept = deferred.take(uri, generated.markdown)
            if kept is not None:
                self.from_kept[uri] = kept
        if (
            uri in self.from_kept
            or (self.ahead is not None and self.ahead.owns(page))
            or (deferred is not None and uri in deferred.pending)  # a placeholder until the others are done
        ):
            converted_elsewhere(page)
            return ""
        self._stop_recording()
        if self.kept_html is not None:  # the page is kept for the next preview with what converting it logs
            self.recording = Recording(files).start()
        marked = generated.entries or generated.rows
        if self.entry_memo is not None and marked and markdown == generated.markdown:
            return self.entry_memo.before(uri, markdown, generated.entries, generated.rows)
        return markdown

    def html(self, html: str, page: MkDocsPage, pages: Mapping[str, Page], config: MkDocsConfig, files: Files) -> str:
        """A page's whole HTML: as converted ahead or by an earlier preview, or with its kept entries put back,
        or as MkDocs made it."""
        uri = page.file.src_uri
        kept = self.from_kept.pop(uri, None)
        if kept is not None:
            page.markdown = pages[uri].markdown
            if kept.entries is not None and self.entry_memo is not None:
                self.entry_memo.restore(uri, kept.entries)
            return apply_converted(page, kept.converted, files)
        if self.deferred is not None and uri in self.deferred.pending:
            page._title_from_render = escape_html(pages[uri].title)  # as Markdown makes a heading's text
            page.present_anchor_ids = None  # unknown yet: links to its anchors are not checked
            return placeholder_html(pages[uri].title)
        if self.ahead is not None and self.ahead.owns(page):
            html, ahead = self.ahead.html_of(page, pages[uri].markdown, config, files, self.log)
            if ahead is not None and self.kept_html is not None:
                self.kept_html.keep(uri, ahead, None)
            return html
        recording = self._stop_recording()
        if self.entry_memo is not None:
            try:
                converted = self.entry_memo.after(uri, html)
            except MarksLost as error:  # some Markdown extension drops HTML comments: convert whole pages from now
                self.log.info(f"preview: {error}; pages are converted whole from now on")
                self.entry_memo = None
                return convert_here(page, pages[uri].markdown, config, files)
            if converted is not None:
                page.present_anchor_ids = (page.present_anchor_ids or set()) | converted.anchors
                html = converted.html
        if recording is not None and self.kept_html is not None:
            entries = None if self.entry_memo is None else self.entry_memo.html.get(uri)
            self.kept_html.keep(uri, recording.page(page, html), entries)
        return html

    def _stop_recording(self) -> Recording | None:
        recording, self.recording = self.recording, None
        if recording is not None:
            recording.stop()
        return recording

    def finish(self) -> None:
        """The build is over: what was converted ahead is used up, or no longer wanted (pages a --dirty build
        did not render); a process still converting would wait on its pipe for ever. Pages converted in a
        preview's first build are kept for the next preview."""
        self.cancel()
        deferred = self.deferred
        if self.kept_html is not None:
            if deferred is not None and deferred.pending:  # saved once the deferred pages are in place
                deferred.kept_html = self.kept_html
            else:
                self.kept_html.save()
            self.kept_html = None
        if deferred is not None:
            deferred.release()
            if deferred.done():
                self.deferred = None

    def cancel(self) -> None:
        """The build stopped: so does the other process; nothing is kept of a build that failed."""
        self._stop_recording()
        if self.ahead is not None:
            self.ahead.cancel()
            self.ahead = None
        self.from_kept = {}

    def stop(self) -> None:
        """The preview stops: so does any conversion in the background."""
        self.cancel()
        if self.deferred is not None:
            self.deferred.cancel()
            self.deferred = None

    def abandon(self) -> None:
        """The build failed: keep nothing of it for the next preview."""
        self.cancel()
        if self.kept_html is not None:
            self.kept_html.close()
            self.kept_html = None
