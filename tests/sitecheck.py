"""Read a built site's HTML: ids and links of each page, and link checking."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class HtmlPage:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    event_attributes: list[str] = field(default_factory=list)
    headings: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, id, text)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = HtmlPage()
        self._heading: list[str] | None = None
        self._heading_tag = ("", "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.page.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.page.links.append(values["href"] or "")
        if tag == "script":
            self.page.scripts.append(values.get("src") or "<inline>")
        self.page.event_attributes += [f"{tag}[{name}]" for name, _ in attrs if name.startswith("on")]
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = []
            self._heading_tag = (tag, values.get("id") or "")

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == self._heading_tag[0]:
            self.page.headings.append((*self._heading_tag, "".join(self._heading).strip()))
            self._heading = None


def parse_html(path: Path) -> HtmlPage:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.page


def read_site(site: Path) -> dict[str, HtmlPage]:
    """Site-relative path of each HTML file -> its parsed contents."""
    return {p.relative_to(site).as_posix(): parse_html(p) for p in sorted(site.rglob("*.html"))}


def broken_links(site: Path, pages: dict[str, HtmlPage]) -> list[str]:
    """Every internal link or anchor that does not resolve, as 'page -> href'."""
    problems = []
    for page_path, page in pages.items():
        if page_path == "404.html":  # served from any depth, so MkDocs writes root-absolute links there
            continue
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            target = (
                page_path
                if not parts.path
                else posixpath.normpath(posixpath.join(posixpath.dirname(page_path), unquote(parts.path)))
            )
            if parts.path.endswith("/") or (parts.path and (site / target).is_dir()):
                target = posixpath.join(target, "index.html")
            if target not in pages:
                if not (site / target).exists():
                    problems.append(f"{page_path} -> {href} (no such file)")
                continue
            if parts.fragment and unquote(parts.fragment) not in pages[target].ids:
                problems.append(f"{page_path} -> {href} (no such anchor)")
    return problems
