"""A generated page as MkDocs' conversion left it, apart from the page: made in another process
(markdown_ahead.py) or in an earlier preview (kept_html.py), and put back on the page here.

`Page.render` leaves on a page its HTML, table of contents, title and anchors, the links it makes to
other pages' anchors, and a log record for each link it could not resolve. What it made also depends
on which files the page's links found (`Files.get_file_from_path`), so a :class:`Recording` notes
those lookups: the same Markdown converts the same way while they give the same answers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

Lookups = dict[str, "str | None"]  # a path a link looked up -> the URL of the file found, or None


@dataclass(frozen=True)
class ConvertedPage:
    """What `Page.render` leaves on a page, in a form that pickles and goes to JSON."""

    content: str
    toc: TableOfContents
    title: str | None
    anchors: set[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # src_uri of the linked page -> {anchor: link}
    log: list[tuple[str, int, str]]  # (logger, level, message) of each record logged while converting
    lookups: Lookups  # what the page's links found among the site's files

    def to_json(self) -> dict[str, Any]:
        return {
            "content": self.content,
            "toc": [_token(item) for item in self.toc],
            "title": self.title,
            "anchors": sorted(self.anchors),
            "links_to_anchors": self.links_to_anchors,
            "log": self.log,
            "lookups": self.lookups,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ConvertedPage:
        return cls(
            data["content"],
            get_toc(data["toc"]),
            data["title"],
            set(data["anchors"]),
            data["links_to_anchors"],
            [(name, level, message) for name, level, message in data["log"]],
            data["lookups"],
        )

    def same_lookups(self, files: Files) -> bool:
        """Whether each link of the page finds what it found when the page was converted."""
        for path, url in self.lookups.items():
            file = files.get_file_from_path(path)
            if (None if file is None else file.url) != url:
                return False
        return True


def _token(item: AnchorLink) -> dict[str, Any]:
    return {"level": item.level, "id": item.id, "name": item.title, "children": [_token(c) for c in item.children]}


class _LogRecorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class Recording:
    """While open, what MkDocs logs and which files the site's links look up. ``alone``: MkDocs' own
    handlers are set aside meanwhile (the log is shown where the page is used, not where it is made)."""

    def __init__(self, files: Files, alone: bool = False) -> None:
        self.files = files
        self.alone = alone
        self.lookups: Lookups = {}
        self._log = _LogRecorder()
        self._saved: tuple[list[logging.Handler], bool] | None = None
        self._find = files.get_file_from_path
        self._own = "get_file_from_path" in vars(files)  # already wrapped by someone: put their wrapper back

    def __enter__(self) -> Recording:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> Recording:
        find, lookups = self._find, self.lookups

        def get_file_from_path(path: str) -> File | None:
            file = find(path)
            lookups[path] = None if file is None else file.url
            return file

        self.files.get_file_from_path = get_file_from_path  # type: ignore[method-assign]
        logger = logging.getLogger("mkdocs")
        if self.alone:
            self._saved = (logger.handlers, logger.propagate)
            logger.handlers, logger.propagate = [], False
        logger.addHandler(self._log)
        return self

    def stop(self) -> None:
        if self._own:
            self.files.get_file_from_path = self._find  # type: ignore[method-assign]
        else:
            del self.files.get_file_from_path
        logger = logging.getLogger("mkdocs")
        logger.removeHandler(self._log)
        if self._saved is not None:
            logger.handlers, logger.propagate = self._saved

    def page(self, page: Page, content: str) -> ConvertedPage:
        """``page`` as its conversion, recorded since this opened, left it (``content``: its final HTML)."""
        links = page.links_to_anchors
        return ConvertedPage(
            content,
            page.toc,
            page._title_from_render,
            set(page.present_anchor_ids or ()),
            None if links is None else {file.src_uri: dict(anchors) for file, anchors in links.items()},
            list(self._log.records),
            dict(self.lookups),
        )

    def restart(self) -> None:
        """Record the next page from a clean slate."""
        self._log.records.clear()
        self.lookups.clear()


def converted_elsewhere(page: Page) -> None:
    """MkDocs is to convert nothing of ``page``: its HTML comes from :func:`apply_converted` or a placeholder.
    Converting the empty Markdown MkDocs is then handed still set up Markdown with every extension (2 s for the
    5,000 pages a preview takes from its store)."""

    def render(config: Any, files: Files) -> None:
        page.content, page.toc, page._title_from_render = "", get_toc([]), None
        page.present_anchor_ids, page.links_to_anchors = set(), {}

    page.render = render  # type: ignore[method-assign]


def apply_converted(page: Page, converted: ConvertedPage, files: Files) -> str:
    """Leave on ``page`` what rendering it here would have, log what it logged; returns its HTML."""
    page.toc = converted.toc
    page._title_from_render = converted.title
    page.present_anchor_ids = set(converted.anchors)
    if converted.links_to_anchors is not None:
        links: dict[Any, dict[str, str]] = {}
        for uri, anchors in converted.links_to_anchors.items():
            file = files.get_file_from_path(uri)
            if file is not None:
                links[file] = anchors
        page.links_to_anchors = links
    for name, level, message in converted.log:
        logging.getLogger(name).log(level, message)
    return converted.content
