"""Every kind of page the generator writes, declared once: its template, its place in the navigation and
how search ranks it. `Renderer.jobs` makes each page from its kind; nav and search read a page's kind
instead of guessing it from its path or title.

Adding a kind: an entry here, a template in generator/templates/, a job in `Renderer.jobs` (see
CONTRIBUTING.md, "Add a page kind").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: How search ranks a kind (a key of search.synonyms.BOOSTS), or '' for as the engine ranks it.
SearchRank = Literal["implication", "theme", "study", "glossary", "index", "reference", ""]
#: Where a page sits in site_nav: a top-level entry of its own, or inside one of the sections.
NavPlace = Literal["top", "implications", "studies", "references", "statements"]


@dataclass(frozen=True)
class PageKind:
    name: str
    template: str
    nav: NavPlace
    """Where site_nav puts the page (see nav.py)."""
    search: SearchRank = ""
    """Its weight in Material's index (search/synonyms.py)."""
    topic: Literal["implication", "study", ""] = ""
    """The record whose population search indexes as the page's topic words: the page's key names one."""


KINDS: dict[str, PageKind] = {
    kind.name: kind
    for kind in (
        PageKind("home", "home.md.j2", "top", "index"),
        PageKind("implications", "implications.md.j2", "implications", "index"),
        PageKind("implication", "implication.md.j2", "implications", "implication", topic="implication"),
        PageKind("studies", "studies.md.j2", "studies", "index"),
        PageKind("evidence", "evidence.md.j2", "top", "index"),
        PageKind("glossary", "glossary.md.j2", "top", "glossary"),
        PageKind("references", "references.md.j2", "references", "reference"),
        PageKind("references-part", "references.md.j2", "references", "reference"),
        PageKind("about", "about.md.j2", "top"),
        PageKind("whats-new", "whats_new.md.j2", "top"),
        PageKind("statements", "statements.md.j2", "statements", "reference"),
        PageKind("study", "study.md.j2", "studies", "study", topic="study"),
        PageKind("theme", "theme.md.j2", "studies", "theme"),
    )
}


def kind(name: str) -> PageKind:
    """The kind called ``name``; a name not declared above is a programming error (KeyError)."""
    return KINDS[name]
