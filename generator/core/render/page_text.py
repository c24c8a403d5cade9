"""A template's output made a page's Markdown: entry marks taken out (where they were noted), blank lines tidied."""

from __future__ import annotations

import re

_BLANK_RUNS = re.compile(r"\n\n\n+")  # not \n{3,}: a literal start is searched 4x faster


#: Put by a template at the start of a line: ``ctx.entry`` starts an entry (after a blank line),
#: ``ctx.row`` makes a table row one; `split_entries` removes them from the page. Control characters,
#: because no record can bring one in unnoticed (YAML refuses them); a stray one is dropped too.
ENTRY_MARK, ROW_MARK = "\x00", "\x01"


def split_entries(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """A rendered page without its marks, where each entry starts, and where each row entry starts."""
    if ENTRY_MARK not in text and ROW_MARK not in text:
        return text, (), ()
    lines, entries, rows, length = [], [], [], 0
    previous = ""
    for line in text.split("\n"):
        if line.startswith(ENTRY_MARK) and not previous.strip():
            entries.append(length)
        elif line.startswith(ROW_MARK + "|"):
            rows.append(length)
        line = line.replace(ENTRY_MARK, "").replace(ROW_MARK, "")
        lines.append(line)
        length += len(line) + 1
        previous = line
    return "\n".join(lines), tuple(entries), tuple(rows)


def tidy(markdown: str) -> str:
    """One blank line between blocks, no trailing spaces, one final newline (stable diffs)."""
    lines = "\n".join(line.rstrip() for line in markdown.splitlines())
    return _BLANK_RUNS.sub("\n\n", lines).strip("\n") + "\n"
