"""How the generated pages become HTML in a MkDocs build, beyond MkDocs converting each in turn.

Two ways save time, and the plugin's page events hand each page to :class:`Conversion`, which picks:

- a whole build (and the first build of `mkdocs serve`) converts about half the generated pages in a second
  process while MkDocs converts the others (markdown_ahead.py);
- while previewing, only the entries of a page whose Markdown changed are converted again (entry_memo.py);
- the first build of a preview takes the pages an earlier preview converted from disk (kept_html.py).

Other pages, and every page when neither applies, are converted by MkDocs as usual.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage

from ...core.render.kinds import Page
from ...speed.parallel import available_workers
from .converted_pages import Recording, apply_converted
from .entry_memo import EntryMemo, MarksLost, markdown_settings
from .kept_html import KeptHtml, KeptPage
from .markdown_ahead import MarkdownAhead, convert_ahead, convert_here


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

    def start(self, serving: bool) -> None:
        """The command starts: only a preview keeps entries' HTML between builds, and pages between previews."""
        self.entry_memo = EntryMemo() if serving else None
        self.kept_wanted = serving

    def configure(self, config: MkDocsConfig, keep_entries: bool, kept_html: Path | None) -> None:
        """A build's Markdown settings (kept entries are forgotten when they change), or no entry memo at all;
        ``kept_html``: the folder of pages kept between previews, if this build may use it."""
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
        if self.kept_html is not None:
            generated = [f.src_uri for f in files.documentation_pages() if f.src_uri in pages]
            self.from_kept = self.kept_html.look_up(pages, generated, files)
            self.kept_counts = (len(self.from_kept), len(generated))
            self.log.info(self.kept_html.summary(len(self.from_kept), len(generated)))
            pages = {uri: page for uri, page in pages.items() if uri not in self.from_kept}
        if ahead and available_workers() > 1 and threading.active_count() == 1:
            self.ahead = convert_ahead(config, files, plugin, pages, bool(self.entry_memo), self.log)

    def markdown(self, markdown: str, page: MkDocsPage, generated: Page, files: Files) -> str:
        """What MkDocs should convert of a generated page: nothing when converted ahead or kept from an earlier
        preview, only changed entries while previewing, else all of it."""
        uri = page.file.src_uri
        if uri in self.from_kept or (self.ahead is not None and self.ahead.owns(page)):
            return ""  # converted by the other process or an earlier preview; nothing left to convert here
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
        if self.kept_html is not None:
            self.kept_html.save()
            self.kept_html = None

    def cancel(self) -> None:
        """The build stopped: so does the other process; nothing is kept of a build that failed."""
        self._stop_recording()
        if self.ahead is not None:
            self.ahead.cancel()
            self.ahead = None
        self.from_kept = {}

    def abandon(self) -> None:
        """The build failed: keep nothing of it for the next preview."""
        self.cancel()
        if self.kept_html is not None:
            self.kept_html.close()
            self.kept_html = None
