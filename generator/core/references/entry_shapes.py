"""Entry shapes that reference managers use for kinds BibTeX has no type for."""

from __future__ import annotations

from collections.abc import Mapping

from generator.core.references.bibparse import RawEntry
from generator.core.references.fields import doi_of, parse_date
from generator.core.references.latex import plain

# What a published volume of proceedings has and a talk does not.
_PUBLISHED = ("pages", "publisher", "doi", "isbn", "volume", "series")


def is_arxiv(fields: Mapping[str, str]) -> bool:
    """biblatex says ``eprinttype``, Better BibTeX ``archiveprefix``; Zotero leaves arXiv's DOI."""
    archive = plain(fields.get("eprinttype", "") or fields.get("archiveprefix", "")).strip().lower()
    return archive == "arxiv" or doi_of(fields).lower().startswith("10.48550/arxiv.")


def is_presentation(entry: RawEntry) -> bool:
    """A conference paper with a month and a place but nothing of a published volume (APA 10.5).

    Zotero and Better BibTeX export a talk as ``@inproceedings`` whose book title is the
    meeting's name; proceedings carry pages, a publisher, editors, an ISBN or a DOI.
    """
    f = entry.fields
    if entry.entry_type not in ("inproceedings", "conference") or "editor" in entry.persons:
        return False
    if any(f.get(name, "").strip() for name in _PUBLISHED):
        return False
    place = any(f.get(name, "").strip() for name in ("address", "location", "venue"))
    return place and parse_date(f).month > 0
