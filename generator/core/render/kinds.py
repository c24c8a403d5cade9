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


def kind(name: str) -> PageKind:
    """The kind called ``name``; a name not declared above is a programming error (KeyError)."""
    return KINDS[name]
