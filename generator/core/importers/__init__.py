"""`findings import FILE --into DIR`: records from qualitative analysis software.

Reads REFI-QDA codebooks (.qdc), projects (.qde) and project archives (.qdpx) as
written by NVivo, MAXQDA, ATLAS.ti, Taguette and others, and two-level codebooks kept
as CSV. Codes become themes and subthemes of one study; coded text selections become
excerpts. See :func:`import_command` (the command) and :func:`read_export` (the reading).
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from ..diagnostics import Diagnostic, Location, display_path, sorted_diagnostics
from ..project_config import ProjectConfig, find_config, project_config
from ..schema_file import schema_state
from .csvbook import read_csv
from .model import Grouping, ImportedCode, ImportedExcerpt, ImportedProject
from .plan import Plan, UsageError, plan_import
from .refi import read_qdpx, read_xml_file
from .report import describe_plan, summarize
from .writer import WriteError, write_files

__all__ = [
    "Grouping",
    "ImportedCode",
    "ImportedExcerpt",
    "ImportedProject",
    "Plan",
    "export_command",
    "import_command",
    "read_export",
]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
MAX_INPUT_BYTES = 256 * 1024 * 1024
PROGRESS_FROM = 200  # files; fewer are written before anyone could read a progress line
FORMATS = ".qdpx (REFI-QDA project archive), .qde (REFI-QDA project), .qdc (REFI-QDA codebook) or .csv (codebook)"


def detect_format(path: Path, head: bytes) -> str:
    """'qdpx', 'xml', 'csv' or '' (unknown), from the content first and the extension second."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "qdpx"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        return "xml"
    suffix = path.suffix.lower()
    if suffix in (".qdpx", ".zip"):
        return "qdpx"
    if suffix in (".qdc", ".qde", ".xml"):
        return "xml"
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    return ""


def read_export(path: Path, shown: str | None = None) -> ImportedProject:
    """Everything an export holds, with its problems as diagnostics; never raises on bad input."""
    shown = shown or path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        return _failed(shown, f"cannot read the file: {exc.strerror or exc}")
    kind = detect_format(path, head)
    if kind == "qdpx":
        try:
            with zipfile.ZipFile(path) as archive:
                return read_qdpx(archive, shown)
        except (zipfile.BadZipFile, OSError) as exc:
            return _failed(shown, f"not a readable .qdpx (zip) archive: {exc}")
    if not kind:
        return _failed(shown, f"unknown kind of file; expected {FORMATS}", "unknown")
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            return _failed(shown, f"the file is {size} bytes; files over 256 MiB are not read")
        data = path.read_bytes()
    except OSError as exc:
        return _failed(shown, f"cannot read the file: {exc.strerror or exc}")
    return read_xml_file(data, shown) if kind == "xml" else read_csv(data, shown)


def _failed(shown: str, message: str, kind: str = "unreadable file") -> ImportedProject:
    project = ImportedProject(kind=kind)
    project.diagnostics.append(Diagnostic(Location(shown), message, code="import"))
    return project


class _Progress:
    """A one-line counter on a terminal; silent when ``err`` is a file or a pipe."""

    def __init__(self, err: TextIO, total: int):
        isatty = getattr(err, "isatty", None)
        self.err = err
        self.active = bool(isatty and isatty()) and total >= PROGRESS_FROM
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if self.active and (done == total or done % 25 == 0):
            self.err.write(f"\rwriting {done}/{total} files")
            self.err.flush()
            self.shown = True

    def close(self) -> None:
        if self.shown:
            self.err.write("\r\x1b[K")
            self.err.flush()


def locate_project(
    into: Path | None, root: Path | None = None, findings: str | None = None, bib: str | None = None
) -> ProjectConfig:
    """The project an import writes into: the mkdocs.yml above ``into`` (or in ``root``) says where things go.

    Without an mkdocs.yml, the records folder is the folder above ``into`` named like
    ``findings`` (default `findings`), else ``into`` itself; the project is the folder above it.
    """
    start = (into or Path.cwd()).resolve()
    if root is not None or into is None or find_config(start) is not None:
        return project_config(start, findings=findings, bib=bib, root=root)
    name = findings or "findings"
    records = next((folder for folder in (start, *start.parents) if folder.name == name), start)
    return project_config(records, findings=records.name, bib=bib, root=records.parent)


def import_command(
    file: Path,
    into: Path | None,
    dry_run: bool,
    out: TextIO,
    err: TextIO,
    study: str | None = None,
    project: ProjectConfig | None = None,
) -> int:
    """Import ``file`` into the folder ``into`` of the project; 0 ok, 1 problems (nothing written), 2 usage."""
    if not file.is_file():
        err.write(f"findings import: {file.as_posix()}: no such file\n")
        return EXIT_USAGE
    if into is not None and into.exists() and not into.is_dir():
        err.write(f"findings import: --into {into.as_posix()} is not a folder\n")
        return EXIT_USAGE
    project = project or locate_project(into)
    layout = project.layout
    into = (into or layout.findings_dir).resolve()
    if into != layout.findings_dir and layout.findings_dir not in into.parents:
        err.write(
            f"findings import: --into {display_path(into, Path.cwd())} is outside the project's records folder "
            f"{display_path(layout.findings_dir, Path.cwd())}, the only one `findings check` and the site read "
            "(set by the findings plugin's `findings` setting in mkdocs.yml, or --findings)\n"
        )
        return EXIT_USAGE
    read = read_export(file)
    problems = list(read.diagnostics)
    if read.kind == "unknown" and problems:
        _report(problems, err)
        return EXIT_USAGE
    if not any(d.is_error for d in problems) and not read.codes:
        problems.append(Diagnostic(Location(file.name), "the file holds no codes; nothing to import", code="import"))
    if any(d.is_error for d in problems):
        _report(problems, err)
        err.write("findings import: nothing was written\n")
        return EXIT_PROBLEMS
    try:
        plan = plan_import(read, file, into, study, layout, project.schema_file)
    except UsageError as exc:
        _report(problems, err)
        err.write(f"findings import: {exc}\n")
        return EXIT_USAGE
    problems += plan.diagnostics
    _report(problems, err)
    origin = f" from {read.origin}" if read.origin else ""
    out.write(f"{file.name}: {read.kind}{origin}\n")
    for note in read.notes:
        out.write(f"  note: {note}\n")
    describe_plan(plan, layout.root, dry_run, out)
    if not dry_run and (plan.files or plan.updates):
        progress = _Progress(err, len(plan.files) + len(plan.updates))
        try:
            write_files(plan.files, progress, plan.updates)
        except WriteError as exc:
            progress.close()
            err.write(f"findings import: {exc}\n")
            return EXIT_PROBLEMS
        progress.close()
    summarize(plan, dry_run, out)
    if schema_state(project.schema_file).outdated:
        shown = display_path(project.schema_file, Path.cwd())
        out.write(f"{shown} is not this version's schema; `findings schema --write` updates it\n")
    return EXIT_OK


def _report(diagnostics: list[Diagnostic], err: TextIO) -> None:
    here = Path.cwd()
    for d in sorted_diagnostics(diagnostics):
        shown = display_path(Path(d.location.path), here) if Path(d.location.path).is_absolute() else d.location.path
        err.write(f"{replace(d, location=replace(d.location, path=shown))}\n")
    errors = sum(d.is_error for d in diagnostics)
    if diagnostics:
        err.write(f"{errors} error(s), {len(diagnostics) - errors} warning(s)\n")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def export_command(findings: Path, study: str, file: Path, out: TextIO, err: TextIO, bib: Path | None = None) -> int:
    """Write one study's themes as a REFI-QDA codebook ``file`` (.qdc); never replaces a file.

    ``bib``: the BibTeX folder (default: ``bib`` beside ``findings``), so citations in
    summaries are written as APA text. 0 written, 1 the file could not be written, 2 no such
    study (or no themes) or the file exists.
    """
    from ..references import load_library
    from .qdc_export import ExportError, export_qdc, themes_in

    themes = themes_in(findings, study)
    if not themes:
        err.write(f"findings export: study '{study}' has no themes under {findings.as_posix()}\n")
        return EXIT_USAGE
    if file.exists():
        err.write(f"findings export: {file.as_posix()} exists already; choose another name\n")
        return EXIT_USAGE
    bib = findings.parent / "bib" if bib is None else bib
    files = sorted(p for p in bib.rglob("*.bib") if p.is_file()) if bib.is_dir() else []
    library, _ = load_library(files)  # `findings check` reports problems of the library itself
    unknown: list[str] = []
    try:
        count = export_qdc(themes, file, root=findings.parent, library=library, unknown=unknown)
    except ExportError as exc:
        err.write(f"findings export: {exc}\n")
        return EXIT_PROBLEMS
    for key in unknown:
        err.write(
            f"findings export: warning: reference '{key}' is not in the bibliography; its key is written in its place\n"
        )
    out.write(f"wrote {_n(count, 'code')} of study '{study}' to {file.as_posix()}\n")
    return EXIT_OK
