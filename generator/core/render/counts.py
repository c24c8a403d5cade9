"""What a count of citation statements counts: those recorded here, against a citation index's totals.

A site records a few statements about a study; an index such as scite lists many more. A tally of
the recorded ones alone ("Supporting 0") reads as if no paper supports the study, so every count
says which it is, and the index's own figures are given with their source and retrieval date.
"""

from __future__ import annotations

from ..model import CitationIndex
from ..references.fields import MONTHS
from ..statements import STANCES
from .text import plain


def retrieved_label(day: str) -> str:
    """'2025-03-05' -> 'retrieved 5 March 2025'; 'YYYY-MM' and 'YYYY' as far as they go; '' -> not recorded."""
    if not day:
        return "retrieval date not recorded"
    parts = day.split("-")
    if len(parts) == 1:
        return f"retrieved in {parts[0]}"
    month = MONTHS[int(parts[1]) - 1]
    return f"retrieved in {month} {parts[0]}" if len(parts) == 2 else f"retrieved {int(parts[2])} {month} {parts[0]}"


def index_stances(index: CitationIndex) -> dict[str, int]:
    """The index's counts by stance, for the stances it reports."""
    found = {"supporting": index.supporting, "mentioning": index.mentioning, "contrasting": index.contrasting}
    return {stance: n for stance, n in found.items() if n is not None}


def _source(index: CitationIndex) -> str:
    name = plain(index.source)
    return f"[{name}]({index.url})" if index.url else name


def count_sentence(recorded: int, index: CitationIndex | None) -> str:
    """'3 of 32 statements recorded here; the citation index (scite) reports 3 supporting, ... (retrieved ...).'"""
    noun = "statement" if recorded == 1 else "statements"
    if index is None:
        return f"{recorded} {noun} recorded here; this site records no citation index's total for this work."
    head = f"{recorded} of {index.statements} statements recorded here"
    stances = index_stances(index)
    if stances:
        reported = ", ".join(f"{n} {stance}" for stance, n in stances.items())
    else:
        reported = f"{index.statements} statements"
    cited_by = (
        f", from {index.citing_publications} citing publications" if index.citing_publications is not None else ""
    )
    when = retrieved_label(index.retrieved)
    return f"{head}; the citation index ({_source(index)}) reports {reported}{cited_by} ({when})."


def short_count(recorded: int, index: CitationIndex | None) -> str:
    """For a link to the statements page: '3 of 32 statements recorded here' or '3 statements recorded here'."""
    if index is None:
        return f"{recorded} {'statement' if recorded == 1 else 'statements'} recorded here"
    return f"{recorded} of {index.statements} statements recorded here"


__all__ = ["STANCES", "count_sentence", "index_stances", "retrieved_label", "short_count"]
