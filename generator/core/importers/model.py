"""What an importer reads out of a file, before it becomes records: codes, excerpts, groupings.

Each reader (REFI-QDA, CSV) fills an :class:`ImportedProject`; the planner turns it into
records with ids. Nothing here knows about YAML or the target project.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Diagnostic


@dataclass
class ImportedExcerpt:
    """A coded passage: the words, who said them (when the export tells), where they are."""

    text: str
    speaker: str = ""
    participant: str = ""
    dyad: str = ""
    locator: str = ""
    source_order: int = 0  # position of its source in the export, to keep excerpts in reading order
    start: int = 0


@dataclass
class ImportedCode:
    """A code (REFI-QDA) or a row label (CSV): becomes one theme record."""

    key: str  # unique within the import: a GUID (lower case) or a synthetic key
    title: str
    description: str = ""
    colour: str = ""  # "#rrggbb" or ""
    label: str = ""  # a short code such as "NRM_MEN_C", when the file has one
    parent: str = ""  # key of the parent code, "" for a top-level code
    order: int = 0  # 1-based position among its siblings
    sets: list[str] = field(default_factory=list)  # names of the REFI-QDA sets it belongs to
    excerpts: list[ImportedExcerpt] = field(default_factory=list)
    guid: str = ""  # for export: the GUID to write when it differs from the key (a theme's `imported.guid`)


@dataclass
class Grouping:
    """A REFI-QDA <Set>: a named group of codes and/or sources. Reported, not made into records."""

    name: str
    description: str = ""
    codes: list[str] = field(default_factory=list)  # code keys
    sources: int = 0  # how many sources it groups


@dataclass
class ImportedProject:
    """Everything one file gave, plus the problems found while reading it."""

    kind: str  # "REFI-QDA codebook", "REFI-QDA project", "codebook CSV"
    origin: str = ""  # the exporting software, when the file says
    name: str = ""  # the project's own name, when the file has one
    codes: list[ImportedCode] = field(default_factory=list)  # parents before children
    groupings: list[Grouping] = field(default_factory=list)
    sources: int = 0
    selections: int = 0  # coded text selections found (before any were skipped)
    notes: list[str] = field(default_factory=list)  # facts worth telling that are not problems
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def excerpt_count(self) -> int:
        return sum(len(code.excerpts) for code in self.codes)
