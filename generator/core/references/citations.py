"""Pandoc-style citations in Markdown -> APA in-text citations as links."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.core.references.library import Library, Reference
from generator.core.references.richtext import escape_md, escape_title, escape_url

# Pandoc keys: start with a letter, digit or _, internal punctuation allowed.
_KEY = r"(?:\{(?P<bkey>[^{}\s]+)\}|(?P<key>\w+(?:[:.#$%&+?<>~/-]+\w+)*))"
_ITEM = re.compile(rf"^\s*(?P<prefix>[^@]*?)\s*(?P<minus>-?)@{_KEY}(?P<suffix>.*?)\s*$", re.S)
_NARRATIVE = re.compile(rf"(?<![\w@/:.\\`])@{_KEY}(?:\s?\[(?P<loc>[^\[\]@]*)\])?")
_BRACKET = re.compile(r"(?<![\\!\]])\[(?P<body>[^\[\]]*@[^\[\]]*)\](?![(\[:])")
# Regions where '@' is not a citation: code, autolinks, link targets, bare URLs, HTML.
_SKIP = re.compile(
    r"(?P<fence>^(?P<f>`{3,}|~{3,})[^\n]*\n.*?(?:^(?P=f)[ \t]*$|\Z))"
    r"|(?P<code>(?P<t>`+).+?(?P=t))"
    r"|<(?:https?:|mailto:)[^>\s]*>"
    r"|\]\([^)\s]*\)"
    r"|(?:https?|ftp)://[^\s)\]>]+"
    r"|<!--.*?-->|</?[A-Za-z][^<>]*>",
    re.M | re.S,
)
#: What every match of _SKIP contains at least one of (a fence's ``` or ~~~, code's `, <, ](, ://).
_MAY_SKIP = re.compile(r"[`~<]|\]\(|://")


@dataclass(frozen=True)
class CitationItem:
    key: str
    locator: str = ""
    suppress_author: bool = False
    prefix: str = ""


@dataclass(frozen=True)
class CitedText:
    markdown: str
    keys: tuple[str, ...]
    unknown: tuple[tuple[str, int], ...]


class _Renderer:
    escape = staticmethod(escape_md)  # field text -> inert Markdown

    def __init__(self, library: Library, href: Callable[[str], str]) -> None:
        self.library = library
        self.href = href
        self.keys: list[str] = []
        self.unknown: list[tuple[str, int]] = []

    def lookup(self, key: str, offset: int) -> Reference | None:
        ref = self.library.get(key)
        if ref is None:
            self.unknown.append((key, offset))
        elif key not in self.keys:
            self.keys.append(key)
        return ref

    def missing(self, key: str) -> str:
        return f"**{self.escape(key)}?**"

    def link(self, ref: Reference, label_md: str) -> str:
        return f'[{label_md}]({escape_url(self.href(ref.key))} "{escape_title(ref.text)}")'

    def author_md(self, ref: Reference, narrative: bool) -> str:
        label = self.escape(ref.author_label if narrative else ref.parenthetical_author)
        return f"*{label}*" if ref.italic_label and label else label

    def group(self, items: Sequence[tuple[CitationItem, int]]) -> str:
        refs = [(item, self.lookup(item.key, offset)) for item, offset in items]
        if not any(item.prefix for item, _ in refs):
            # APA 8.12: works in one parenthesis follow reference-list order.
            order = self.library.position
            refs.sort(key=lambda pair: order.get(pair[0].key, len(order)))
        parts: list[str] = []
        previous: Reference | None = None
        for item, ref in refs:
            prefix = f"{self.escape(item.prefix)} " if item.prefix else ""
            locator = f", {self.escape(item.locator)}" if item.locator else ""
            if ref is None:
                parts.append(f"{prefix}{self.missing(item.key)}{locator}")
                previous = None
                continue
            author = "" if item.suppress_author else self.author_md(ref, narrative=False)
            same = (
                previous is not None and not prefix and author and author == self.author_md(previous, narrative=False)
            )
            if same and parts:
                parts[-1] += ", " + self.link(ref, self.escape(ref.year_label) + locator)
            else:
                label = f"{author}, " if author else ""
                parts.append(prefix + self.link(ref, f"{label}{self.escape(ref.year_label)}{locator}"))
            previous = ref if author else None
        return "(" + "; ".join(parts) + ")"

    def narrative(self, key: str, locator: str, offset: int) -> str:
        ref = self.lookup(key, offset)
        if ref is None:
            return self.missing(key)
        loc = f", {self.escape(locator.strip())}" if locator.strip() else ""
        author = self.author_md(ref, narrative=True)
        year = f"({self.escape(ref.year_label)}{loc})"
        return self.link(ref, f"{author} {year}" if author else year)


def parse_group(body: str, start: int) -> list[tuple[CitationItem, int]] | None:
    """Items of ``[see @a, p. 3; @b]``, or None if this bracket is not a citation."""
    items = []
    offset = start
    for part in body.split(";"):
        m = _ITEM.match(part)
        if m is None or "@" in m.group("suffix"):
            return None
        key = m.group("bkey") or m.group("key")
        suffix = m.group("suffix").strip()
        locator = suffix[1:].strip() if suffix.startswith(",") else suffix
        at = offset + part.index("@")
        items.append((CitationItem(key, locator, bool(m.group("minus")), m.group("prefix").strip()), at))
        offset += len(part) + 1
    return items


def render_citations(markdown: str, library: Library, href: Callable[[str], str]) -> CitedText:
    """Replace ``[@key]``, ``[see @a; @b, p. 3]``, ``[-@key]`` and narrative ``@key``."""
    if "@" not in markdown:
        return CitedText(markdown, (), ())
    renderer = _Renderer(library, href)
    text = _render(markdown, renderer)
    return CitedText(text, tuple(renderer.keys), tuple(sorted(renderer.unknown, key=lambda u: u[1])))


def _render(markdown: str, renderer: _Renderer) -> str:
    """``markdown`` with each citation outside code, links and HTML replaced by what ``renderer`` makes of it."""
    if not _MAY_SKIP.search(markdown):  # nothing _SKIP could match: one span (scanning for it was most of the time)
        return _render_span(markdown, 0, len(markdown), renderer)
    out: list[str] = []
    pos = 0
    for m in _SKIP.finditer(markdown):
        out.append(_render_span(markdown, pos, m.start(), renderer))
        out.append(m.group())
        pos = m.end()
    out.append(_render_span(markdown, pos, len(markdown), renderer))
    return "".join(out)


_PLAIN_KEY = re.compile(r"\w+(?:-+\w+)*")


def narrative_citation(key: str, library: Library, href: Callable[[str], str]) -> str | None:
    """What :func:`render_citations` makes of ``@key`` alone, without scanning any text.

    For a key the library has and that Markdown escaping leaves alone (word characters and
    hyphens); None otherwise, and the caller renders ``@key`` the long way. Pages cite studies
    by key thousands of times, and the scan was most of that cost.
    """
    if library.get(key) is None or not _PLAIN_KEY.fullmatch(key):
        return None
    return _Renderer(library, href).narrative(key, "", 0)


def parenthetical_citation(key: str, library: Library, href: Callable[[str], str]) -> str | None:
    """What :func:`render_citations` makes of ``[@key]`` alone, without scanning any text.

    As :func:`narrative_citation`: for a key the library has and that escaping leaves alone, else
    None. Pages cite a study after its name (each theme page, each related finding) thousands of times.
    """
    if library.get(key) is None or not _PLAIN_KEY.fullmatch(key):
        return None
    return _Renderer(library, href).group([(CitationItem(key), 1)])


class _Plain(_Renderer):
    """Citations as words with no links or emphasis, for text read outside the site."""

    @staticmethod
    def escape(text: str) -> str:
        # Only what unescape_markdown takes away: the caller reads the result back as plain text.
        return text.replace("\\", "\\\\")

    def missing(self, key: str) -> str:
        return self.escape(key)

    def link(self, ref: Reference, label_md: str) -> str:
        return label_md

    def author_md(self, ref: Reference, narrative: bool) -> str:
        return self.escape(ref.author_label if narrative else ref.parenthetical_author)


def plain_citations(markdown: str, library: Library) -> CitedText:
    """``markdown`` with each citation as APA text alone: ``[@key]`` -> ``(Lavik et al., 2018)``.

    For text read as plain text after ``importers.text.unescape_markdown``: labels are not
    Markdown-escaped, only their backslashes doubled. A key the library lacks is written as the
    key itself and listed in ``unknown``.
    """
    if "@" not in markdown:
        return CitedText(markdown, (), ())
    renderer = _Plain(library, str)
    text = _render(markdown, renderer)
    return CitedText(text, tuple(renderer.keys), tuple(sorted(renderer.unknown, key=lambda u: u[1])))


class _Scan(_Renderer):
    """Finds cited keys without a library: every key is "unknown", so nothing is formatted."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.unknown: list[tuple[str, int]] = []

    def lookup(self, key: str, offset: int) -> Reference | None:
        self.unknown.append((key, offset))
        return None

    def group(self, items: Sequence[tuple[CitationItem, int]]) -> str:
        for item, offset in items:
            self.lookup(item.key, offset)
        return ""

    def narrative(self, key: str, locator: str, offset: int) -> str:
        self.lookup(key, offset)
        return ""


@functools.lru_cache(maxsize=1 << 16)
def cited_keys(markdown: str) -> tuple[tuple[str, int], ...]:
    """Every ``(key, offset)`` cited in ``markdown``, in order, whether the library has it or not.

    Reads the text exactly as :func:`render_citations` does, without formatting anything: for
    checks and back-links, which need only the keys. A pure function of the text, remembered:
    checks and back-links scan the same texts, and `mkdocs serve` scans them on every rebuild.
    """
    if "@" not in markdown:
        return ()
    scan = _Scan()
    _render(markdown, scan)
    return tuple(sorted(scan.unknown, key=lambda u: u[1]))


def _render_span(text: str, start: int, end: int, renderer: _Renderer) -> str:
    if "@" not in text[start:end]:
        return text[start:end]
    out: list[str] = []
    pos = start
    for m in _BRACKET.finditer(text, start, end):
        items = parse_group(m.group("body"), m.start("body"))
        if items is None:
            continue
        out.append(_narratives(text, pos, m.start(), renderer))
        out.append(renderer.group(items))
        pos = m.end()
    out.append(_narratives(text, pos, end, renderer))
    return "".join(out)


def _narratives(text: str, start: int, end: int, renderer: _Renderer) -> str:
    out: list[str] = []
    pos = start
    for m in _NARRATIVE.finditer(text, start, end):
        out.append(text[pos : m.start()])
        key = m.group("bkey") or m.group("key")
        out.append(renderer.narrative(key, m.group("loc") or "", m.start()))
        pos = m.end()
    out.append(text[pos:end])
    return "".join(out)
