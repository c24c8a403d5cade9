"""Where each record lives in the generated site, and relative links between pages."""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from ..model import Corpus
from ..references import Reference, anchor_for

#: Most references on one page; a longer list is split into pages in list order ("Aalto – Berg").
#: One page of thousands of references is megabytes of HTML, slow to open and to rebuild on each edit.
REFERENCES_PER_PAGE = 100  # a long page is slow to open on a phone, and to convert again after an edit

T = TypeVar("T")


def balanced_chunks(items: Sequence[T], most: int) -> list[Sequence[T]]:
    """``items`` in order, in as few pieces of at most ``most`` as possible, all about the same size."""
    most = max(most, 1)
    size = math.ceil(len(items) / math.ceil(len(items) / most)) if items else most
    return [items[start : start + size] for start in range(0, len(items), size)]


def range_label(first: str, last: str) -> str:
    """Label of an alphabetical part: 'Aalto – Berg', or 'Castell' when both ends share the name."""
    return first if first == last else f"{first} – {last}"


@dataclass(frozen=True)
class ReferencePart:
    """One page of a reference list split over several pages."""

    path: str
    label: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class SitePaths:
    """Page paths (relative to the docs folder) for one corpus; ``prefix`` nests them in a folder.

    The paths that take a look through the corpus (reference parts, each theme's page) are worked out once,
    when it is made: it holds no cache filled later, so it reads the same from every thread and every
    process it is handed to, and the preview's memo can replay a read of it on the next build's.
    """

    corpus: Corpus
    prefix: str = ""
    references_per_page: int = REFERENCES_PER_PAGE
    reference_parts: tuple[ReferencePart, ...] = field(init=False, compare=False)
    """The reference list in pages of at most ``references_per_page`` entries, or () when it fits on one."""
    _reference_pages: Mapping[str, str] = field(init=False, compare=False, repr=False)
    """Reference key -> the part listing it (only when the list is split)."""
    _theme_pages: Mapping[str, str] = field(init=False, compare=False, repr=False)
    """Theme id -> the page it is shown on."""

    def __post_init__(self) -> None:
        # Derived fields of a frozen dataclass are set the one way it allows, here and nowhere else.
        parts = self._split_references()
        pages = {key: part.path for part in parts for key in part.keys}
        themes = {}
        for theme_id in self.corpus.themes:
            top = self.corpus.top_theme(theme_id)
            themes[theme_id] = self._page(f"studies/{top.study}/{top.id}.md")
        object.__setattr__(self, "reference_parts", parts)
        object.__setattr__(self, "_reference_pages", MappingProxyType(pages))
        object.__setattr__(self, "_theme_pages", MappingProxyType(themes))

    def _page(self, path: str) -> str:
        return posixpath.join(self.prefix, path) if self.prefix else path

    @property
    def home(self) -> str:
        return self._page("index.md")

    @property
    def implications(self) -> str:
        """The overview: every implication's statement and strength, grouped by clinical moment."""
        return self._page("implications/index.md")

    def implication(self, implication_id: str) -> str:
        """One implication's own page: the statement, why, and the evidence trail behind it."""
        return self._page(f"implications/{implication_id}.md")

    @property
    def studies(self) -> str:
        return self._page("studies/index.md")

    @property
    def references(self) -> str:
        return self._page("references.md")

    @property
    def evidence(self) -> str:
        return self._page("evidence.md")

    @property
    def glossary(self) -> str:
        """The defined terms (a page only when the site has a glossary)."""
        return self._page("glossary.md")

    @property
    def whats_new(self) -> str:
        """Recent changes to findings and implications (with a history from git)."""
        return self._page("whats-new.md")

    @property
    def about(self) -> str:
        """Who stands behind the site and how to cite it (only with a site record)."""
        return self._page("about-this-site.md")

    def _split_references(self) -> tuple[ReferencePart, ...]:
        chunks = balanced_chunks(self.corpus.library.ordered, self.references_per_page)
        if len(chunks) <= 1:
            return ()
        parts = []
        for number, chunk in enumerate(chunks, 1):
            label = range_label(_first_author(chunk[0]), _first_author(chunk[-1]))
            slug = re.sub(r"[^a-z0-9]+", "-", label.casefold()).strip("-") or "part"
            path = self._page(f"references/{number:02d}-{slug}.md")
            parts.append(ReferencePart(path, label, tuple(ref.key for ref in chunk)))
        return tuple(parts)

    def reference_page(self, key: str) -> str:
        """The page that lists one reference: the references page, or the part of it holding the key."""
        return self._reference_pages.get(key, self.references)

    def statements(self, key: str) -> str:
        return self._page(f"statements/{anchor_for(key).removeprefix('ref-')}.md")

    def study(self, study_id: str) -> str:
        return self._page(f"studies/{study_id}/index.md")

    def theme_page(self, theme_id: str) -> str:
        """The page a theme is shown on: its own, or its top-level ancestor's (KeyError for no theme)."""
        return self._theme_pages[theme_id]

    def target(self, record_id: str) -> tuple[str, str]:
        """(page, anchor) for any record id; the anchor is empty for a whole page."""
        corpus = self.corpus
        if record_id in corpus.studies:
            return self.study(record_id), ""
        if record_id in corpus.themes:
            page = self.theme_page(record_id)
            return page, "" if corpus.top_theme(record_id).id == record_id else record_id
        if record_id in corpus.excerpts:
            return self.theme_page(corpus.excerpts[record_id].theme), record_id
        if record_id in corpus.implications:
            return self.implication(record_id), ""
        raise KeyError(record_id)


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """Markdown link target from one page to another (MkDocs resolves and checks .md links).

    Both paths are relative to the docs folder, so this is plain path arithmetic
    (posixpath.relpath would ask the operating system for the working folder each call).
    """
    if to_page == from_page:
        return f"#{anchor}" if anchor else posixpath.basename(to_page)
    source = from_page.split("/")[:-1]
    target = to_page.split("/")
    common = 0
    while common < len(source) and common < len(target) - 1 and source[common] == target[common]:
        common += 1
    link = "/".join([".."] * (len(source) - common) + target[common:])
    return f"{link}#{anchor}" if anchor else link


def _first_author(reference: Reference) -> str:
    """The first author's name as the list shows it: 'Lavik, Frøysa, et al.' -> 'Lavik'."""
    name = re.split(r",| and | & | et al\.", reference.author_label or reference.key)[0].strip()
    return name or reference.key
