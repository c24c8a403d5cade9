"""While previewing, each page entry's HTML is kept and only changed entries go through Markdown again.

A theme's new title changes one line in each of a few reference-list pages of 100 references and
one row of the evidence table, and Python-Markdown converts about 0.5 MB a second: at bench size M
those pages took 0.85 s of a 2 s rebuild. Generated pages mark their entries (`Page.entries`, e.g.
one reference each, or `Page.rows`, table rows). Before MkDocs converts a page, `before` replaces
every entry whose Markdown was converted last time by an HTML comment (a kept row by a row holding
only the comment); after, `after` puts the kept HTML back and keeps the HTML of the new entries.
Entries are separated by blank lines and hold no headings, and a row is one line of a table, so
they convert the same alone as in the page (tests/test_entry_memo.py compares the two for every
marked page of a site).

Kept HTML went through MkDocs' link checks when it was made; that is the one thing a reused entry
skips (the anchors it holds are still reported, so links to them check). Everything is forgotten when
the Markdown settings change.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

_MARK = "<!--fd-entry {}-->"
_MARK_LINE = re.compile(r"<!--fd-entry (\d+)-->\n?")
_ROW_MARK = "<!--fd-row {}-->"
_MARKED_ROW = re.compile(r"<tr>(\s*<td[^>]*>)<!--fd-row (\d+)-->(.*?</tr>)", re.DOTALL)
# Anchors as MkDocs collects them: any element's id, an <a>'s name. Text has its "<" escaped, so every
# "<" followed by a letter opens a tag.
_ANCHOR = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]*)"|<a\s[^>]*?\bname="([^"]*)"')


class MarksLost(Exception):
    """The converted page lacks some of the comments `before` put in (an extension removed them)."""


@dataclass(frozen=True)
class EntryHtml:
    html: str
    anchors: frozenset[str]


@dataclass(frozen=True)
class Converted:
    """A page's HTML, with the anchors of the entries put back (MkDocs did not see them)."""

    html: str
    anchors: frozenset[str]


class EntryMemo:
    """Entry HTML per page (keyed by the entry's Markdown), as converted by the last build of that page."""

    def __init__(self) -> None:
        self.settings: object = None
        self.html: dict[str, dict[str, EntryHtml]] = {}  # page -> {entry Markdown: its HTML}
        # page -> (whether its entries are table rows, their Markdown), between before() and after()
        self.pending: dict[str, tuple[bool, list[str]]] = {}
        self.reused = 0
        self.converted = 0

    def use_settings(self, settings: object) -> None:
        """Forget every entry when the Markdown settings (extensions, their options, URL style) change."""
        if settings != self.settings:
            self.settings = settings
            self.html.clear()

    def restore(self, page: str, entries: dict[str, EntryHtml]) -> None:
        """The HTML of ``page``'s entries as an earlier preview converted them (kept_html.py)."""
        self.html[page] = dict(entries)

    def before(self, page: str, markdown: str, entries: Sequence[int], rows: Sequence[int] = ()) -> str:
        """The Markdown to convert: each entry (or row entry) marked by a comment, its text left out if kept."""
        if entries:
            return self._before_blocks(page, markdown, entries)
        if rows:
            return self._before_rows(page, markdown, rows)
        return markdown

    def _before_blocks(self, page: str, markdown: str, entries: Sequence[int]) -> str:
        kept = self.html.get(page, {})
        ends = [*entries[1:], len(markdown)]
        texts = [markdown[start:end] for start, end in zip(entries, ends, strict=True)]
        parts = [markdown[: entries[0]]]
        for number, text in enumerate(texts):
            parts.append(_MARK.format(number) + "\n\n")
            if text not in kept:
                parts.append(text)
        self.pending[page] = (False, texts)
        return "".join(parts)

    def _before_rows(self, page: str, markdown: str, rows: Sequence[int]) -> str:
        # A kept row becomes a one-cell row holding its mark (Markdown pads the missing cells); a new
        # one gets the mark at the start of its first cell, where Markdown's trimming of cells hides it.
        kept = self.html.get(page, {})
        texts, parts, done = [], [], 0
        for number, start in enumerate(rows):
            end = markdown.find("\n", start) + 1 or len(markdown)
            text = markdown[start:end]
            if not text.startswith("|"):  # not a row: convert the page as it is
                return markdown
            texts.append(text)
            mark = _ROW_MARK.format(number)
            parts += [markdown[done:start], f"|{mark}|\n" if text in kept else f"|{mark}{text[1:].lstrip(' ')}"]
            done = end
        parts.append(markdown[done:])
        self.pending[page] = (True, texts)
        return "".join(parts)

    def after(self, page: str, html: str) -> Converted | None:
        """The page's HTML with kept entries put back; None if `before` did not mark it."""
        pending = self.pending.pop(page, None)
        if pending is None:
            return None
        rows, texts = pending
        kept, current, anchors = self.html.pop(page, {}), {}, set[str]()

        def entry_html(text: str, converted: str) -> str:
            """Kept from last time, or as converted now; remembered for next time."""
            entry = kept.get(text)
            if entry is None:
                self.converted += 1
                entry = EntryHtml(converted, anchors_in(converted))
            else:
                self.reused += 1
                anchors.update(entry.anchors)
            current[text] = entry
            return entry.html

        if rows:
            numbers: list[str] = []

            def put_back(match: re.Match[str]) -> str:
                numbers.append(match.group(2))
                number = int(match.group(2))
                text = texts[number] if number < len(texts) else ""
                return entry_html(text, "<tr>" + match.group(1) + match.group(3))

            result = _MARKED_ROW.sub(put_back, html)
        else:
            pieces = _MARK_LINE.split(html)  # [before the first entry, number, HTML, number, HTML, ...]
            numbers = pieces[1::2]
        if numbers != [str(number) for number in range(len(texts))]:
            kind = "row" if rows else "entry"
            raise MarksLost(f"{page}: {len(numbers)} of {len(texts)} {kind} marks came through Markdown")
        if not rows:
            parts = [pieces[0].strip("\n")]
            parts += [entry_html(text, piece.strip("\n")) for text, piece in zip(texts, pieces[2::2], strict=True)]
            result = "\n".join(part for part in parts if part)
        self.html[page] = current
        return Converted(result, frozenset(anchors))


def anchors_in(html: str) -> frozenset[str]:
    return frozenset(html_lib.unescape(a or b) for a, b in _ANCHOR.findall(html))


def markdown_settings(config: MkDocsConfig) -> tuple[object, ...]:
    """What a page's HTML depends on besides its Markdown and its place: extensions, their options, URL style."""
    extensions = tuple(e if isinstance(e, str) else type(e).__qualname__ for e in config.markdown_extensions)
    return (extensions, repr(config.mdx_configs), config.use_directory_urls)
