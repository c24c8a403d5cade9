"""Every kind of page the generator writes, declared once: its template, its place in the navigation and
how search ranks it. `Renderer.jobs` makes each page from its kind; nav and search read a page's kind
instead of guessing it from its path or title.

Adding a kind: an entry here, a template in generator/templates/, a job in `Renderer.jobs` (see
CONTRIBUTING.md, "Add a page kind").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

#: How search ranks a kind (a key of search.synonyms.BOOSTS), or '' for as the engine ranks it.
SearchRank = Literal["implication", "theme", "study", "glossary", "index", "reference", ""]


@dataclass(frozen=True)
class PageKind:
    name: str
    template: str
    nav: str = ""
    """The label of its own top-level entry in the navigation, or '' when a section lists it (see ``under``)."""
    under: str = ""
    """The kind whose navigation section lists it (nav.py knows how each section orders its pages)."""
    search: SearchRank = ""
    """Its weight in Material's index (search/synonyms.py)."""
    topic: Literal["implication", "study", ""] = ""
    """The record whose population search indexes as the page's topic words: the page's key names one."""


#: In navigation order: a kind with a ``nav`` label is a top-level entry, where it is declared.
KINDS: dict[str, PageKind] = {
    kind.name: kind
    for kind in (
        PageKind("home", "home.md.j2", "Home", search="index"),
        PageKind("implications", "implications.md.j2", "Implications", search="index"),
        PageKind("implication", "implication.md.j2", under="implications", search="implication", topic="implication"),
        PageKind("evidence", "evidence.md.j2", "Strength of evidence", search="index"),
        PageKind("studies", "studies.md.j2", "Studies", search="index"),
        PageKind("study", "study.md.j2", under="studies", search="study", topic="study"),
        PageKind("theme", "theme.md.j2", under="studies", search="theme"),
        PageKind("references", "references.md.j2", "References", search="reference"),
        PageKind("references-part", "references.md.j2", under="references", search="reference"),
        PageKind("statements", "statements.md.j2", under="references", search="reference"),
        PageKind("glossary", "glossary.md.j2", "Glossary", search="glossary"),
        PageKind("whats-new", "whats_new.md.j2", "What's new"),
        PageKind("about", "about.md.j2", "About this site"),
    )
}


@dataclass(frozen=True)
class Page:
    """One generated page: where it goes, its Markdown, and the record file it comes from."""

    path: str
    title: str
    markdown: str
    source: str = ""  # display path of the record behind the page (for edit links)
    section: str = ""  # the navigation section it belongs in (an implication's moment, a study page's study)
    kind: str = ""  # its name in kinds.KINDS, which says where nav puts it and how search ranks it
    key: str = ""  # the record it shows (an id, a citation key): nav sorts by it, search finds the record
    nav_title: str = ""  # its title in the navigation, when not its title
    entries: tuple[int, ...] = ()
    """Where each entry starts in ``markdown``: a run of blocks (one reference, say) that Markdown converts
    the same alone as in the page, up to the next entry or the end. A preview converts only changed ones."""
    rows: tuple[int, ...] = ()
    """Where each table row that is an entry of its own starts (one finding of the evidence table)."""


@dataclass(frozen=True)
class PageJob:
    """One page to render: where it goes, its title, its kind (which names its template) and the values passed to it."""

    path: str
    title: str
    kind: str
    values: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # the record it shows, for "edit this page"
    section: str = ""  # see Page.section
    key: str = ""  # see Page.key
    nav_title: str = ""  # see Page.nav_title

    @property
    def template(self) -> str:
        return KINDS[self.kind].template

    def page(self, markdown: str, entries: tuple[int, ...], rows: tuple[int, ...]) -> Page:
        """The rendered page, with what nav and search read."""
        about = (self.source, self.section, self.kind, self.key, self.nav_title)
        return Page(self.path, self.title, markdown, *about, entries, rows)


def kind(name: str) -> PageKind:
    """The kind called ``name``; a name not declared above is a programming error (KeyError)."""
    return KINDS[name]
