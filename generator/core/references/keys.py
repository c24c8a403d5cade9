"""The library's keys and where each entry is, with nothing formatted: all that checking the records needs.

`findings check` reports every problem a build would, but renders no page, so it needs to know which keys
exist (and where each entry is written) and not how each reference reads in APA style: formatting a large
library was about a fifth of the command's time. What the entries themselves say is still checked as
:func:`~generator.core.references.library.load_library` checks it: parse errors, duplicate keys,
cross-references, fields marked unverified or inferred. Not looked for: a formatter that fails on an entry
(a bug, reported by a build as `bib-format`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.core.diagnostics import Diagnostic, Location
from generator.core.references.library import Library, Reference, anchor_for, read_entries, read_files
from generator.core.references.verification import read_marks, warning

#: biblatex containers: not works of their own, so not in the library (as when it is formatted).
CONTAINERS = ("set", "xdata")


def library_keys(paths: Sequence[Path], root: Path | None = None) -> tuple[Library, list[Diagnostic]]:
    """A :class:`Library` of the same keys, in the order written, whose references hold no formatted text."""
    diags: list[Diagnostic] = []
    raw, _ = read_files(paths, root, None, diags)
    references = []
    for entry in read_entries(raw, diags):
        if entry.entry_type in CONTAINERS:
            continue
        where = Location(entry.path, entry.line)
        marks, problems = read_marks(entry.key, entry.fields, entry.persons, where)
        diags += problems
        if marks:
            diags.append(warning(entry.key, marks, where))
        references.append(
            Reference(
                key=entry.key,
                path=entry.path,
                line=entry.line,
                entry_type=entry.entry_type,
                markdown="",
                text="",
                author_label="",
                year_label="",
                doi_url="",
                url="",
                bibtex="",
                ris="",
                csl={},
                anchor=anchor_for(entry.key),
                unverified=marks.unverified,
                inferred=marks.inferred,
            )
        )
    return Library({r.key: r for r in references}, tuple(references)), diags
