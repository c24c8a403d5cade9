"""Read every record file under a findings folder: parse, validate, build, with a cache.

The cache is keyed by each file's content, so `mkdocs serve` re-reads only the
records that changed between rebuilds.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..speed.executor import Executor
from .broken import Remains, from_document, from_text
from .diagnostics import Diagnostic, Location, display_path
from .records import Record, build_record
from .references import cited_keys
from .validate import RecordValidator, validate_record
from .yaml_errors import runaway_quotes
from .yaml_source import YamlDocument, parse_yaml

RECORD_SUFFIXES = (".yml", ".yaml")

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Fields holding Markdown, per record type, as paths inside the record.
MARKDOWN_FIELDS = {
    "study": (("summary",),),
    "theme": (("summary",),),
    "implication": (("statement",), ("rationale",)),
    "glossary": (),
    "site": (("scope",), ("audience",), ("disclaimer",), ("licence", "note")),
}


@dataclass(frozen=True)
class MarkdownField:
    """A Markdown text and where it starts, so a bad citation inside it can be located."""

    text: str
    location: Location
    block: bool  # a `|` or `>` block scalar: the text starts on the next line
    cites: tuple[tuple[str, int], ...] = ()
    """Every (key, offset) cited in ``text``: found where the file is read, on every core."""


@dataclass(frozen=True)
class FileResult:
    path: str
    kind: str | None
    record: Record | None
    diagnostics: tuple[Diagnostic, ...]
    markdown: tuple[MarkdownField, ...] = ()
    remains: Remains | None = None
    """For a record with errors: the ids it still holds, so references to it do not cascade."""


#: What a file's metadata says about its content: size, modification time (ns), inode, change time (ns).
FileStamp = tuple[int, int, int, int]


def stamp(path: Path) -> FileStamp | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)


class RecordCache:
    """Per-file results by path, content digest and stamp; owned by whoever rebuilds repeatedly.

    A file whose stamp (size, times, inode) is unchanged is not even read again: with thousands of
    records, reading and hashing each one took a noticeable part of every `mkdocs serve` rebuild.
    Any write changes the change time (ctime), which no tool can set back. A file read with a new
    stamp but the same bytes keeps its result.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[FileStamp | None, bytes, FileResult]] = {}

    def unchanged(self, path: str, file_stamp: FileStamp | None) -> FileResult | None:
        hit = self._entries.get(path)
        return hit[2] if hit is not None and file_stamp is not None and hit[0] == file_stamp else None

    def get(self, path: str, digest: bytes) -> FileResult | None:
        hit = self._entries.get(path)
        return hit[2] if hit is not None and hit[1] == digest else None

    def put(self, path: str, file_stamp: FileStamp | None, digest: bytes, result: FileResult) -> None:
        """``file_stamp`` None: the next rebuild reads the file again (it changed while being read)."""
        self._entries[path] = (file_stamp, digest, result)

    def prune(self, live: set[str]) -> None:
        for path in set(self._entries) - live:
            del self._entries[path]


def discover(findings_dir: Path) -> list[Path]:
    """Record files, sorted, skipping hidden files and folders (editor backups, .git).

    Links to folders are not followed; unreadable folders are skipped (as ``Path.rglob`` does).
    Folder entries tell files from folders without a file system call each: listing the
    findings of a large site this way takes a third of the time.
    """
    if not findings_dir.is_dir():
        return []
    found: list[Path] = []
    _scan(str(findings_dir), found)
    return sorted(found)


def _scan(folder: str, found: list[Path]) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            _scan(entry.path, found)
        elif entry.name.lower().endswith(RECORD_SUFFIXES) and entry.is_file():
            found.append(Path(entry.path))


def read_file(path: Path, shown: str, validator: RecordValidator, raw: bytes) -> FileResult:
    doc, problems = parse_yaml(raw, shown)
    if doc is None:
        return FileResult(shown, None, None, tuple(problems), remains=from_text(_text(raw), shown))
    kind, schema_problems = validate_record(doc, validator)
    problems += schema_problems
    if kind is None or any(p.is_error for p in problems):
        text = _text(raw)
        # A quote left open that YAML closed later still parses; the fields it swallowed go missing.
        problems = runaway_quotes(text, shown) + problems
        return FileResult(shown, kind, None, tuple(problems), remains=from_document(kind, doc, text))
    record = build_record(kind, doc)
    return FileResult(shown, kind, record, tuple(problems), _markdown_fields(kind, doc, raw))


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


def _markdown_fields(kind: str, doc: YamlDocument, raw: bytes) -> tuple[MarkdownField, ...]:
    paths: list[tuple[str | int, ...]] = list(MARKDOWN_FIELDS[kind])
    data = doc.data
    if kind == "theme":
        paths += [("relations", i, "note") for i, r in enumerate(data.get("relations") or ()) if "note" in r]
    lines = raw.decode("utf-8", errors="replace").splitlines()
    fields = []
    for path in paths:
        value = data
        for part in path:
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                value = None
        if not isinstance(value, str) or path not in doc.positions:
            continue
        line, column = doc.positions[path]
        source_line = lines[line - 1] if 0 < line <= len(lines) else ""
        block = source_line[column - 1 : column] in ("|", ">")
        fields.append(MarkdownField(value, Location(doc.path, line, column), block, cited_keys(value)))
    return tuple(fields)


def load_records(
    files: Iterable[Path],
    root: Path,
    validator: RecordValidator,
    executor: Executor,
    cache: RecordCache | None = None,
    on_file: Callable[[], None] | None = None,
) -> list[FileResult]:
    """Read, parse and validate every record file, in order; ``on_file`` is called as files are done.

    The files are shared out by ``executor`` (generator/speed/executor.py); where that spreads them
    over other processes, the progress callback follows this process's share and catches up when
    the others arrive. A ``cache`` is updated as files are read, so it needs an executor that keeps
    the work in this process.
    """
    paths = list(files)
    shown = namer(root)
    results = map_files(executor, lambda path: _read(path, shown(path), validator, cache), paths, on_file)
    if cache is not None:
        cache.prune({result.path for result in results})
    return results


def namer(root: Path) -> Callable[[Path], str]:
    """How a file under ``root`` is named in diagnostics (:func:`display_path`, made quick for thousands)."""
    resolved_root = root.resolve()  # resolved once: display_path resolves both sides
    inside = str(resolved_root / "_")[:-1]  # the root and its separator: what a file under it starts with

    def shown(path: Path) -> str:
        text = str(path)
        if text.startswith(inside) and ".." not in text:  # what display_path gives, without pathlib's work
            return text[len(inside) :].replace(os.sep, "/")
        return display_path(path, resolved_root)

    return shown


def map_files(
    executor: Executor, func: Callable[[Item], Result], items: Sequence[Item], on_file: Callable[[], None] | None
) -> list[Result]:
    """``executor.map(func, items)``, calling ``on_file`` as each item is done (see :func:`load_records`)."""
    parent = os.getpid()
    done = 0

    def one(item: Item) -> Result:
        nonlocal done
        result = func(item)
        if on_file is not None and os.getpid() == parent:
            on_file()
            done += 1
        return result

    results = executor.map(one, items)
    if on_file is not None:
        for _ in range(len(items) - done):  # other processes' share
            on_file()
    return results


def unreadable(shown: str, error: OSError) -> FileResult:
    return FileResult(shown, None, None, (Diagnostic(Location(shown), f"cannot read file: {error.strerror}"),))


def _read(path: Path, shown: str, validator: RecordValidator, cache: RecordCache | None = None) -> FileResult:
    before = stamp(path) if cache is not None else None
    if cache is not None and (same := cache.unchanged(shown, before)) is not None:
        return same
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return unreadable(shown, exc)
    if cache is None:
        return read_file(path, shown, validator, raw)
    digest = hashlib.blake2b(raw, digest_size=16).digest()
    cached = cache.get(shown, digest)
    if cached is None:
        cached = read_file(path, shown, validator, raw)
    # Stamped only if the file did not change while it was read.
    cache.put(shown, before if stamp(path) == before else None, digest, cached)
    return cached


def locate_offset(field: MarkdownField, offset: int) -> Location:
    """Location of character ``offset`` inside a Markdown field (exact for block scalars)."""
    if not field.block:
        return field.location
    before = field.text[:offset]
    line = field.location.line + 1 + before.count("\n")
    return Location(field.location.path, line, 0)
