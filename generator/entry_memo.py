"""While previewing, each page entry's HTML is kept and only changed entries go through Markdown again.

A theme's new title changes one line in each of a few reference-list pages of 100 references, and
Python-Markdown converts about 0.5 MB a second: at bench size M those pages took 0.7 s of a 2 s
rebuild. Generated pages mark their entries (`Page.entries`, e.g. one reference each). Before MkDocs
converts a page, `before` replaces every entry whose Markdown was converted last time by an HTML
comment; after, `after` puts the kept HTML back and keeps the HTML of the new entries. Entries are
separated by blank lines and hold no headings, so they convert the same alone as in the page
(tests/test_entry_memo.py compares the two for every reference page of a site).

Kept HTML went through MkDocs' link checks when it was made; that is the one thing a reused entry
skips (the anchors it holds are still reported, so links to them check). Everything is forgotten when
the Markdown settings change.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Sequence
from dataclasses import dataclass

_MARK = "<!--fd-entry {}-->"
_MARK_LINE = re.compile(r"<!--fd-entry (\d+)-->\n?")
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
        self.pending: dict[str, list[str]] = {}  # page -> its entries' Markdown, between before() and after()
        self.reused = 0
        self.converted = 0

    def use_settings(self, settings: object) -> None:
        """Forget every entry when the Markdown settings (extensions, their options, URL style) change."""
        if settings != self.settings:
            self.settings = settings
            self.html.clear()

    def before(self, page: str, markdown: str, entries: Sequence[int]) -> str:
        """The Markdown to convert: each entry marked by a comment, and its text left out if kept."""
        if not entries:
            return markdown
        kept = self.html.get(page, {})
        ends = [*entries[1:], len(markdown)]
        texts = [markdown[start:end] for start, end in zip(entries, ends, strict=True)]
        parts = [markdown[: entries[0]]]
        for number, text in enumerate(texts):
            parts.append(_MARK.format(number) + "\n\n")
            if text not in kept:
                parts.append(text)
        self.pending[page] = texts
        return "".join(parts)

    def after(self, page: str, html: str) -> Converted | None:
        """The page's HTML with kept entries put back; None if `before` did not mark it."""
        texts = self.pending.pop(page, None)
        if texts is None:
            return None
        pieces = _MARK_LINE.split(html)  # [before the first entry, number, HTML, number, HTML, ...]
        if pieces[1::2] != [str(number) for number in range(len(texts))]:
            self.html.pop(page, None)
            raise MarksLost(f"{page}: {len(pieces) // 2} of {len(texts)} entry marks came through Markdown")
        kept = self.html.get(page, {})
        current: dict[str, EntryHtml] = {}
        parts = [pieces[0].strip("\n")]
        anchors: set[str] = set()
        for text, piece in zip(texts, pieces[2::2], strict=True):
            entry = kept.get(text)
            if entry is None:
                self.converted += 1
                entry = EntryHtml(piece.strip("\n"), anchors_in(piece))
            else:
                self.reused += 1
                anchors |= entry.anchors
            current[text] = entry
            parts.append(entry.html)
        self.html[page] = current
        return Converted("\n".join(part for part in parts if part), frozenset(anchors))


def anchors_in(html: str) -> frozenset[str]:
    return frozenset(html_lib.unescape(a or b) for a, b in _ANCHOR.findall(html))
