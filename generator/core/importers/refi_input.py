"""One REFI-QDA file being read: where its problems go, and the files of a .qdpx archive."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..diagnostics import Diagnostic, Location, Severity
from .model import ImportedProject

MAX_MEMBER_BYTES = 256 * 1024 * 1024  # one file inside a .qdpx; refuses zip bombs


class Reader:
    """Collects problems against one input file while reading it."""

    def __init__(self, shown: str, project: ImportedProject):
        self.shown = shown
        self.project = project

    def problem(self, message: str, line: int = 0, suggestion: str = "", *, error: bool = False) -> None:
        severity = Severity.ERROR if error else Severity.WARNING
        self.project.diagnostics.append(
            Diagnostic(Location(self.shown, line), message, severity, suggestion, code="import")
        )


@dataclass
class Archive:
    """A .qdpx archive being read: its files, and where the source texts are among them."""

    zip: zipfile.ZipFile
    shown: str
    members: list[zipfile.ZipInfo]

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """A source file by name, in sources/ or Sources/ (or anywhere), ignoring case."""
        wanted = name.lower()
        by_path = {info.filename.lower(): info for info in self.members}
        for folder in ("sources/", ""):
            if folder + wanted in by_path:
                return by_path[folder + wanted]
        base = PurePosixPath(wanted).name
        matches = [info for info in self.members if PurePosixPath(info.filename.lower()).name == base]
        return matches[0] if len(matches) == 1 else None


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, reader: Reader) -> bytes | None:
    if info.file_size > MAX_MEMBER_BYTES:
        reader.problem(
            f"{info.filename} is {info.file_size} bytes unpacked; files over 256 MiB are not read", error=True
        )
        return None
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_MEMBER_BYTES + 1)
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
        reader.problem(f"cannot read {info.filename} from the archive: {exc}", error=True)
        return None
    if len(data) > MAX_MEMBER_BYTES:
        reader.problem(f"{info.filename} unpacks to over 256 MiB; not read", error=True)
        return None
    return data
