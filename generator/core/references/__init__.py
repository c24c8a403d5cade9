"""Bibliography: BibTeX loading with located errors, APA 7 formatting, citations."""

from generator.core.references.citations import (
    CitationItem,
    CitedText,
    cited_keys,
    narrative_citation,
    parenthetical_citation,
    plain_citations,
    render_citations,
)
from generator.core.references.library import (
    Library,
    ParseCache,
    Reference,
    anchor_for,
    load_library,
)

__all__ = [
    "CitationItem",
    "CitedText",
    "Library",
    "ParseCache",
    "Reference",
    "anchor_for",
    "cited_keys",
    "load_library",
    "narrative_citation",
    "parenthetical_citation",
    "plain_citations",
    "render_citations",
]
