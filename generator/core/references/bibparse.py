"""Drive pybtex's low-level BibTeX scanner and locate every problem.

pybtex's high-level ``Parser`` reports through a process-wide strict flag and
stops (or silently drops data) at the first syntax error. We run its
``LowLevelParser`` ourselves so that each broken entry becomes a located
:class:`Diagnostic` and parsing resumes at the next ``@type{`` line: an
unclosed brace would otherwise swallow every entry up to the end of file.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person
from pybtex.database.input.bibtex import LowLevelParser, UndefinedMacro, month_names
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError
from pybtex.textutils import normalize_whitespace
from pybtex.utils import CaseInsensitiveDict

from generator.core.diagnostics import Diagnostic, Location, Severity
from generator.core.references.latex import plain
from generator.core.references.names import Name, make_name

PERSON_FIELDS = ("author", "editor", "translator", "bookauthor")
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t]*[{(][ \t]*([^\s,{}()]*)", re.M)
_FIELD_START = re.compile(r"^[ \t]*([A-Za-z][\w:.-]*)[ \t]*=", re.M)
_LEFTOVER = re.compile(r"^[ \t]*[A-Za-z][\w-]*[ \t]*=[^\n]*", re.M)


@dataclass(frozen=True)
class RawEntry:
    """One parsed entry: LaTeX field values plus decoded names."""

    key: str
    entry_type: str
    path: str
    line: int
    fields: Mapping[str, str]
    persons: Mapping[str, tuple[Name, ...]]


@dataclass(frozen=True)
class ParsedFile:
    entries: tuple[RawEntry, ...]
    diagnostics: tuple[Diagnostic, ...]
    macros: tuple[tuple[str, str], ...]  # @string definitions in force afterwards


class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def column(self, offset: int) -> int:
        return offset - self.starts[self.line(offset) - 1] + 1


class _Scanner(LowLevelParser):  # type: ignore[misc]
    """pybtex's scanner, reporting undefined macros instead of raising them."""

    def __init__(self, text: str, macros: Any, on_macro: Any) -> None:
        super().__init__(text, macros=macros)
        self._on_macro = on_macro

    def parse_string_body(self, body_end: Any) -> None:
        """Every ``name = value`` of ``@string{a = "x", b = "y"}``; pybtex reads only the first.

        biber and JabRef accept a comma-separated list; BibTeX's own examples use one block.
        """
        while True:
            super().parse_string_body(body_end)
            if not self.optional([self.COMMA]):
                return
            self.eat_whitespace()
            if not self.NAME.match(self.text, self.pos):
                return  # a trailing comma

    def handle_error(self, error: Exception) -> None:
        if isinstance(error, UndefinedMacro):
            self._on_macro(error)
            return
        raise error


def default_macros() -> dict[str, str]:
    return dict(month_names)


def parse_bib(text: str, path: str, macros: Mapping[str, str]) -> ParsedFile:
    """Parse BibTeX source; never raises on bad input."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = _Lines(text)
    starts = [m.start() + m.group().index("@") for m in _ENTRY_START.finditer(text)]
    diags: list[Diagnostic] = []
    entries: list[RawEntry] = []
    table = CaseInsensitiveDict(macros)

    def at(offset: int) -> Location:
        return Location(path, lines.line(offset), lines.column(offset))

    def on_macro(error: UndefinedMacro) -> None:
        offset = error.error_context_info[2] - len(str(error.args[0]))
        diags.append(
            Diagnostic(
                at(max(offset, 0)),
                f"undefined @string macro {error.args[0]!s}; treated as empty",
                Severity.WARNING,
                code="bib-macro",
            )
        )

    pos = 0
    while pos < len(text):
        scanner = _Scanner(text, table, on_macro)
        scanner.pos = pos
        try:
            for command, body, start, end in _commands(scanner):
                if command.lower() in ("string", "preamble"):
                    continue
                key, fields = body
                entry = _make_entry(command, key, fields, path, lines.line(start), diags)
                entries.append(entry)
                _check_leftover(text, end, starts, at, diags, key)
            break
        except PybtexSyntaxError as error:
            start = scanner.command_start or 0
            nxt = bisect.bisect_right(starts, start)
            end = starts[nxt] if nxt < len(starts) else len(text)
            diags.append(_syntax_diagnostic(text, start, end, error, at))
            pos = end
    return ParsedFile(tuple(entries), tuple(diags), tuple(sorted(table.items())))


def _commands(scanner: _Scanner) -> Iterator[tuple[str, Any, int, int]]:
    for command, body in scanner:
        yield command, body, scanner.command_start, scanner.pos


def _make_entry(
    command: str, key: str, fields: list[tuple[str, list[str]]], path: str, line: int, diags: list[Diagnostic]
) -> RawEntry:
    values: dict[str, str] = {}
    persons: dict[str, tuple[Name, ...]] = {}
    for name, parts in fields:
        lname = name.lower()
        if lname in values:
            diags.append(
                Diagnostic(
                    Location(path, line),
                    f"entry '{key}' has a second '{lname}' field; the first one is used",
                    Severity.WARNING,
                    code="bib-duplicate-field",
                )
            )
            continue
        value = normalize_whitespace("".join(parts))
        values[lname] = value
        if lname in PERSON_FIELDS:
            persons[lname] = _names(value, key, lname, path, line, diags)
    return RawEntry(key, command.lower(), path, line, values, persons)


@functools.lru_cache(maxsize=1 << 14)
def _split_name(raw: str) -> Name | None:
    """One name as written, in parts; None when pybtex cannot split it.

    Remembered: a library names the same people again and again (a fifth to a half of the names
    in the libraries under ../shared/corpora are repeats), and splitting names was a quarter of
    the time spent parsing. ``Name`` is immutable, so entries may share one.
    """
    try:
        person = Person(raw)
    except PybtexError:
        return None
    parts = person.first_names, person.middle_names, person.prelast_names, person.last_names, person.lineage_names
    return make_name(*parts)


def _names(value: str, key: str, role: str, path: str, line: int, diags: list[Diagnostic]) -> tuple[Name, ...]:
    out: list[Name] = []
    for raw in split_name_list(value):
        name = _split_name(raw)
        if name is None:
            diags.append(
                Diagnostic(
                    Location(path, line),
                    f"entry '{key}': cannot split {role} name {raw!r} (too many commas); used as written",
                    Severity.WARNING,
                    code="bib-name",
                )
            )
            out.append(Name(literal=plain(raw)))
            continue
        out.append(name)
    return tuple(out)


def _check_leftover(text: str, end: int, starts: list[int], at: Any, diags: list[Diagnostic], key: str) -> None:
    """Fields after an entry's closing brace are silently ignored by BibTeX: say so."""
    nxt = bisect.bisect_right(starts, end - 1)
    stop = starts[nxt] if nxt < len(starts) else len(text)
    m = _LEFTOVER.search(text, end, stop)
    if m:
        diags.append(
            Diagnostic(
                at(m.start() + len(m.group()) - len(m.group().lstrip())),
                f"text after the end of entry '{key}' is ignored: "
                f"{m.group().strip()[:40]!r} (an extra '}}' closes the entry early?)",
                Severity.WARNING,
                code="bib-leftover",
            )
        )


def _syntax_diagnostic(text: str, start: int, end: int, error: PybtexSyntaxError, at: Any) -> Diagnostic:
    head = _ENTRY_START.match(text, text.rfind("\n", 0, start) + 1)
    key = head.group(2).rstrip(",") if head else ""
    label = (f"@{head.group(1)}{{{key}}}" if key else f"@{head.group(1)}") if head else "entry"
    offset = error.error_context_info[2] if len(error.error_context_info) > 2 else start
    field = _unclosed_field(text, start, end)
    if field is not None and (offset >= end or "premature end" in str(error) or "unbalanced" in str(error)):
        name, field_at = field
        return Diagnostic(
            at(field_at),
            f"unbalanced braces in {label}: the value of '{name}' is not closed; entry skipped",
            code="bib-syntax",
        )
    if offset >= end and end < len(text):
        return Diagnostic(at(start), f"{label} is not closed before the next entry; entry skipped", code="bib-syntax")
    message = str(error.args[0]) if error.args else "syntax error"
    return Diagnostic(
        at(min(offset, len(text))), f"syntax error in {label}: {message}; entry skipped", code="bib-syntax"
    )


def _unclosed_field(text: str, start: int, end: int) -> tuple[str, int] | None:
    """The field whose braces never close within [start, end), if any."""
    opener = re.compile(r"[{(]").search(text, start, end)
    if opener is None:
        return None
    base = 1 if opener.group() == "{" else 0  # depth of field values' surroundings
    depth = 0
    last_ok: tuple[str, int] | None = None
    prev = start
    for m in _FIELD_START.finditer(text, opener.start(), end):
        depth += _balance(text, prev, m.start())
        prev = m.start()
        if depth > base:
            return last_ok  # still inside the previous field's value
        last_ok = (m.group(1), m.start(1))
    depth += _balance(text, prev, end)
    return last_ok if depth > base else None


def _balance(text: str, start: int, end: int) -> int:
    chunk = text[start:end]
    return chunk.count("{") - chunk.count("}")
