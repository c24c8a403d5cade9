"""How the generated pages become HTML in a MkDocs build, beyond MkDocs converting each in turn.

Two ways save time, and the plugin's page events hand each page to :class:`Conversion`, which picks:

- a whole build (and the first build of `mkdocs serve`) converts about half the generated pages in a second
  process while MkDocs converts the others (markdown_ahead.py);
- while previewing, only the entries of a page whose Markdown changed are converted again (entry_memo.py).

Other pages, and every page when neither applies, are converted by MkDocs as usual.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage

from ...core.render.kinds import Page
from ...speed.parallel import available_workers
from .entry_memo import EntryMemo, MarksLost, markdown_settings
from .markdown_ahead import MarkdownAhead, convert_ahead, convert_here


class Conversion:
    """What converting the generated pages keeps: the pages converted ahead in this build, and (serve) each
    page entry's HTML between rebuilds."""

    def __init__(self, log: Any) -> None:
        self.log = log
        self.ahead: MarkdownAhead | None = None  # pages converted by another process in this build
        self.entry_memo: EntryMemo | None = None  # serve: each page entry's HTML, kept between rebuilds

    def start(self, serving: bool) -> None:
        """The command starts: only a preview keeps entries' HTML between builds."""
        self.entry_memo = EntryMemo() if serving else None

    def configure(self, config: MkDocsConfig, keep_entries: bool) -> None:
        """A build's Markdown settings (kept entries are forgotten when they change), or no entry memo at all."""
        if self.entry_memo is not None:
            if keep_entries:
                self.entry_memo.use_settings(markdown_settings(config))
            else:
                self.entry_memo = None

    def plan(self, config: MkDocsConfig, files: Files, plugin: object, pages: Mapping[str, Page], ahead: bool) -> None:
        """Files and navigation are final: start converting pages in another process when ``ahead`` allows it.

        The plugin allows it for whole builds and the first build of `mkdocs serve` (not `mkdocs build --dirty`,
        which converts only changed pages). Later builds of `serve` run with the server's threads, and a lock one
        of them holds would stay locked in the fork: so only while this process runs one thread. The fork comes
        before the search feed starts its threads. ``plugin`` is ours: other plugins' page handlers rule it out.
        """
        self.cancel()  # a job a last build left unused (a --dirty build renders only changed pages)
        if ahead and available_workers() > 1 and threading.active_count() == 1:
            self.ahead = convert_ahead(config, files, plugin, pages, bool(self.entry_memo), self.log)

    def markdown(self, markdown: str, page: MkDocsPage, generated: Page) -> str:
        """What MkDocs should convert of a generated page: nothing when converted ahead, only changed entries
        while previewing, else all of it."""
        if self.ahead is not None and self.ahead.owns(page):
            return ""  # converted by the other process; nothing left for MkDocs to convert here
        marked = generated.entries or generated.rows
        if self.entry_memo is not None and marked and markdown == generated.markdown:
            return self.entry_memo.before(page.file.src_uri, markdown, generated.entries, generated.rows)
        return markdown

    def html(self, html: str, page: MkDocsPage, pages: Mapping[str, Page], config: MkDocsConfig, files: Files) -> str:
        """A page's whole HTML: as converted ahead, or with its kept entries put back, or as MkDocs made it."""
        if self.ahead is not None and self.ahead.owns(page):
            return self.ahead.html_of(page, pages[page.file.src_uri].markdown, config, files, self.log)
        if self.entry_memo is None:
            return html
        try:
            converted = self.entry_memo.after(page.file.src_uri, html)
        except MarksLost as error:  # some Markdown extension drops HTML comments: convert whole pages from now
            self.log.info(f"preview: {error}; pages are converted whole from now on")
            self.entry_memo = None
            return convert_here(page, pages[page.file.src_uri].markdown, config, files)
        if converted is None:
            return html
        page.present_anchor_ids = (page.present_anchor_ids or set()) | converted.anchors
        return converted.html

    def finish(self) -> None:
        """The build is over: what was converted ahead is used up, or no longer wanted (pages a --dirty build
        did not render); a process still converting would wait on its pipe for ever."""
        self.cancel()

    def cancel(self) -> None:
        """The build stopped: so does the other process."""
        if self.ahead is not None:
            self.ahead.cancel()
            self.ahead = None
