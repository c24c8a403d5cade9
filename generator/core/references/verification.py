"""Which bibliographic details were not confirmed in a source: the `unverified` and `inferred` fields.

An entry lists the names of its doubtful fields, e.g. ``unverified = {year, volume}`` or
``inferred = {journal}``. Two plain fields rather than a free-text `note`, because they survive a
round trip through Zotero with Better BibTeX: its import keeps a field it does not know as a line
``tex.unverified: year, volume`` in the item's Extra field, and its export writes such a line back
as ``unverified = {year, volume}``. Pages show the marks beside the reference and in citation
tooltips; the RIS and CSL-JSON exports carry them as a note; `findings check` warns about them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from generator.core.diagnostics import Diagnostic, Location, Severity

MARK_FIELDS = ("unverified", "inferred")
_SEPARATORS = re.compile(r"[\s,;]+")
#: How a page names a field, where its BibTeX name would puzzle a reader.
_NAMES = {"author": "author list", "editor": "editor list", "number": "issue", "journaltitle": "journal", "doi": "DOI"}


@dataclass(frozen=True)
class Marks:
    unverified: tuple[str, ...] = ()
    inferred: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.unverified or self.inferred)


def field_label(name: str) -> str:
    return _NAMES.get(name, name)


def read_marks(
    key: str, fields: Mapping[str, str], persons: Mapping[str, object], where: Location
) -> tuple[Marks, list[Diagnostic]]:
    """The marks of one entry, keeping only names of fields the entry has (a stray name is reported)."""
    present = {name.casefold() for name in (*fields, *persons)} - set(MARK_FIELDS)
    found: dict[str, tuple[str, ...]] = {}
    problems: list[Diagnostic] = []
    for mark in MARK_FIELDS:
        names = [n.casefold() for n in _SEPARATORS.split(fields.get(mark, "").strip("{} ")) if n]
        kept = []
        for name in dict.fromkeys(names):
            if name in present:
                kept.append(name)
                continue
            problems.append(
                Diagnostic(
                    where,
                    f"entry '{key}' marks '{name}' as {mark}, but has no '{name}' field",
                    Severity.WARNING,
                    f"remove '{name}' from '{mark}', or add the field",
                    code="unverified",
                )
            )
        found[mark] = tuple(kept)
    return Marks(found["unverified"], found["inferred"]), problems


def describe(marks: Marks) -> str:
    """'year unverified; journal inferred' (plain text), or ''."""
    parts = []
    if marks.unverified:
        parts.append(", ".join(field_label(n) for n in marks.unverified) + " unverified")
    if marks.inferred:
        parts.append(", ".join(field_label(n) for n in marks.inferred) + " inferred")
    return "; ".join(parts)


def sentence(marks: Marks) -> str:
    """For a page: 'Not confirmed in a source: the year (unverified); the journal (inferred).'"""
    if not marks:
        return ""
    parts = [f"{field_label(n)} (unverified)" for n in marks.unverified]
    parts += [f"{field_label(n)} (inferred)" for n in marks.inferred]
    return "Not confirmed in a source: " + ", ".join(parts) + "."


def warning(key: str, marks: Marks, where: Location) -> Diagnostic:
    return Diagnostic(
        where,
        f"entry '{key}' has details not confirmed in a source: {describe(marks)}",
        Severity.WARNING,
        "confirm them at the publisher or in Crossref, then take them out of 'unverified' or 'inferred'",
        code="unverified",
    )


def ris_note(marks: Marks) -> str:
    return f"N1  - Not confirmed in a source: {describe(marks)}\n" if marks else ""


def with_ris_note(ris: str, marks: Marks) -> str:
    """An RIS record with the marks as a note before its end tag."""
    if not marks or not ris.endswith("ER  - \n"):
        return ris
    return ris[: -len("ER  - \n")] + ris_note(marks) + "ER  - \n"


def csl_note(marks: Marks) -> str:
    """CSL-JSON `note`: the lines Zotero keeps in Extra and Better BibTeX exports as the fields again."""
    pairs = (("unverified", marks.unverified), ("inferred", marks.inferred))
    return "\n".join(f"tex.{mark}: {', '.join(names)}" for mark, names in pairs if names)
