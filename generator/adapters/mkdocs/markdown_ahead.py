"""During `mkdocs build`, part of the generated pages is converted to HTML in a forked process.

MkDocs converts every page's Markdown in turn on one core; at bench size L that was 60% of the
build. Once the navigation exists, `MarkdownAhead` forks a process that converts the last pages
(about half the Markdown) exactly as MkDocs would (`Page.render`: the same Markdown extensions and
MkDocs' own link rewriting and checks), while MkDocs converts the others here. When MkDocs reaches
a page converted ahead, the plugin hands it the HTML, table of contents, title and anchors, and
logs what the conversion logged (so `--strict` still fails on a broken link).

Used only for whole one-off builds, and only when no other plugin changes pages before conversion
(`on_pre_page`, `on_page_markdown`): what the other process converts is the page as generated. If
the process fails, the pages are converted here as usual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ...speed.parallel import Background, WorkerError
from .converted_pages import ConvertedPage, Recording, apply_converted

#: Share of the generated Markdown (in characters) converted ahead: this process also feeds the
#: search indexer and runs the other plugins' page events meanwhile.
SHARE = 0.5


def _convert(pages: Sequence[Page], config: MkDocsConfig, files: Files) -> dict[str, ConvertedPage]:
    """In the forked process: render each page; MkDocs' log records are kept, not printed."""
    converted = {}
    with Recording(files, alone=True) as recording:
        for page in pages:
            recording.restart()
            config._current_page = page
            page.read_source(config)
            page.render(config, files)
            converted[page.file.src_uri] = recording.page(page, page.content or "")
    config._current_page = None
    return converted


def foreign_page_handlers(config: MkDocsConfig, plugin: object) -> list[str]:
    """Other plugins' handlers that change a page before conversion (any rules converting ahead out)."""
    found = []
    for event in ("pre_page", "page_markdown"):
        for handler in config.plugins.events[event]:
            if getattr(handler, "__self__", None) is not plugin:
                found.append(f"{event}: {getattr(handler, '__qualname__', handler)}")
    return found


class MarkdownAhead:
    """Pages converted in another process; `take` gives one page's result once MkDocs reaches it."""

    def __init__(
        self, pages: Sequence[Page], config: MkDocsConfig, files: Files, share: float = SHARE, converted_here: int = 0
    ):
        """``converted_here``: characters of Markdown this process converts anyway (pages whose entries a
        preview keeps); the share is of all of it, so that both processes finish about together."""
        sizes = [len(page.file.content_string) for page in pages]
        budget, chosen = share * (sum(sizes) + converted_here), 0
        start = len(pages)
        while start > 0 and chosen + sizes[start - 1] <= budget:
            start -= 1
            chosen += sizes[start]
        self.ahead = {page.file.src_uri for page in pages[start:]}
        self.files = files
        self._job = Background(partial(_convert, pages[start:], config, files), workers=2) if self.ahead else None
        self._results: dict[str, ConvertedPage] | None = None
        self.failure = ""

    def owns(self, page: Page) -> bool:
        return page.file.src_uri in self.ahead

    def take(self, page: Page) -> ConvertedPage | None:
        """The page as converted ahead, waiting for the other process; None if it failed."""
        if self._job is not None:
            job, self._job = self._job, None
            try:
                self._results = job.result()
            except WorkerError as error:
                self.failure = str(error)
        return None if self._results is None else self._results.pop(page.file.src_uri, None)

    def cancel(self) -> None:
        """The build stopped: stop the other process too."""
        if self._job is not None:
            self._job.cancel()
            self._job = None

    def html_of(
        self, page: Page, markdown: str, config: MkDocsConfig, files: Files, log: Any
    ) -> tuple[str, ConvertedPage | None]:
        """The HTML of a page this owns, and the page as converted ahead (None: converted here, as the other
        process failed)."""
        converted = self.take(page)
        if converted is not None:
            page.markdown = markdown
            return self.apply(page, converted), converted
        log.info(f"{page.file.src_uri}: converted here, the other process failed: {self.failure}")
        return convert_here(page, markdown, config, files), None

    def apply(self, page: Page, converted: ConvertedPage) -> str:
        """Leave on ``page`` what rendering it here would have, log what it logged; returns its HTML."""
        return apply_converted(page, converted, self.files)


def convert_ahead(
    config: MkDocsConfig, files: Files, plugin: object, generated: Mapping[str, Any], keep_entries: bool, log: Any
) -> MarkdownAhead | None:
    """Start converting the generated pages (those whose entries the preview keeps aside) in another process,
    unless another plugin changes pages first."""
    foreign = foreign_page_handlers(config, plugin)
    if foreign:
        log.info(f"pages converted on one core: other plugins change pages first ({'; '.join(foreign)})")
        return None
    pages, here = [], 0
    for f in files.documentation_pages():
        page = generated.get(f.src_uri)
        if page is None or f.page is None:
            continue
        if keep_entries and (page.entries or page.rows):  # converted here, keeping each entry's HTML
            here += len(page.markdown)
        else:
            pages.append(f.page)
    if not pages:
        return None
    ahead = MarkdownAhead(pages, config, files, converted_here=here)
    log.info(f"{len(ahead.ahead)} of {len(pages)} generated pages converted in a second process")
    return ahead


def convert_here(page: Page, markdown: str, config: MkDocsConfig, files: Files) -> str:
    """A generated page converted whole, as MkDocs would have (a fallback)."""
    page.markdown = markdown
    Page.render(page, config, files)  # the class's: the page's own was set aside (converted_elsewhere)
    return page.content or ""
