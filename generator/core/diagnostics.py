"""Located problems found while reading records and references.

Every check in the core reports through :class:`Diagnostic` instead of raising,
so one run can show the researcher every problem at once.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; ``line`` and ``column`` count from 1."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        if not self.column:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where, what, and (when we can guess) how to fix it."""

    location: Location
    message: str
    severity: Severity = Severity.ERROR
    suggestion: str = ""
    code: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity.value}: {self.message}"
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.message)


def display_path(path: Path, root: Path | None = None) -> str:
    """Path as shown in messages: relative to ``root`` when inside it, with ``/``."""
    if root is not None:
        if path.is_absolute() == root.is_absolute() and ".." not in path.parts:
            try:  # by name first: no file system calls (this runs for every record on every rebuild)
                return path.relative_to(root).as_posix()
            except ValueError:
                pass
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def sorted_diagnostics(items: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(items, key=Diagnostic.sort_key)


class FindingsError(Exception):
    """Raised by adapters (CLI, MkDocs plugin) when a build must stop."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.is_error]
        lines = [str(d) for d in diagnostics]
        super().__init__(f"{len(errors)} error(s) in findings:\n" + "\n".join(lines))
