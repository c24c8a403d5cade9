"""What reading the records and the bibliography gave, kept on disk so the next run reads only what changed.

Each record file's result (its record, or its diagnostics: a file with errors gives the same errors
again for the same bytes) is a function of its name, its bytes and the code, so it is kept under a
key made of those and of a fingerprint of everything else it depends on: this package's version and
the digest of its own source files (the schema included), Python's, PyYAML's and pybtex's versions.
The bibliography is kept whole, formatted for a build and unformatted for `findings check`, keyed by
every .bib file's name and bytes. This process reads each file and looks it up; only the files not
found are parsed, by the executor's workers, whose results are stored for next time. A file that
cannot be read is reported as always and never stored. The storage and its failures are
generator/speed/kept_results.py's: a cache that cannot be used warns once and the run goes on.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeGuard

import yaml

from .. import __version__
from ..speed.executor import Executor
from ..speed.kept_results import KeptResults, Packed, source_digest
from .diagnostics import Diagnostic, display_path
from .load import FileResult, FileStamp, RecordCache, map_files, namer, read_file, stamp, unreadable
from .references import Library
from .validate import RecordValidator

#: Changed when what is stored changes in a way the code digest would not show.
FORMAT = 1
STORE_FILE = "records.sqlite"
PACKAGE = Path(__file__).resolve().parent.parent

LibraryResult = tuple[Library, list[Diagnostic]]
_LIBRARY = {True: "library", False: "library keys"}  # formatted for a build, or only its keys for a check


@cache
def code_fingerprint() -> str:
    """Everything besides a file's name and bytes that what is read from it depends on."""
    versions = {name: _version(name) for name in ("pyyaml", "pybtex")}
    return repr((FORMAT, __version__, sys.version, versions, yaml.__with_libyaml__, source_digest(PACKAGE)))


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


@dataclass
class _ToRead:
    index: int
    path: Path
    shown: str
    raw: bytes
    key: str


class KeptRecords:
    """A project's kept results for one run, or (the preview) for its first build; ``folder`` None keeps none.

    After :meth:`save` nothing more is looked up or stored; the last bibliography is still remembered,
    so a preview's rebuild with the same .bib files gets the very same library.
    """

    def __init__(self, folder: Path | None, warn: Callable[[str], None], fingerprint: str | None = None) -> None:
        path = folder / STORE_FILE if folder is not None else None
        self.results = KeptResults(path, code_fingerprint() if fingerprint is None else fingerprint, warn)
        self._last: dict[bool, tuple[str, LibraryResult]] = {}

    @property
    def usable(self) -> bool:
        return self.results.usable

    def records(
        self,
        files: Iterable[Path],
        root: Path,
        validator: RecordValidator,
        executor: Executor,
        cache: RecordCache | None = None,
        on_file: Callable[[], None] | None = None,
    ) -> list[FileResult]:
        """What :func:`~generator.core.load.load_records` gives, parsing only the files not found in the store."""
        paths = list(files)
        shown = namer(root)
        results: list[FileResult | None] = [None] * len(paths)
        stamps: list[FileStamp | None] = [None] * len(paths)
        to_read: list[_ToRead] = []
        for index, path in enumerate(paths):
            name = shown(path)
            if cache is not None:
                stamps[index] = stamp(path)
            try:
                raw = path.read_bytes()
            except OSError as error:
                results[index] = unreadable(name, error)
                continue
            to_read.append(_ToRead(index, path, name, raw, self.results.key("record", name, raw)))
        found = self.results.find(item.key for item in to_read)
        missing = []
        for item in to_read:
            hit = found.get(item.key)
            if isinstance(hit, FileResult) and hit.path == item.shown:
                results[item.index] = hit
                if on_file is not None:
                    on_file()
            else:
                missing.append(item)

        def parse(item: _ToRead) -> Packed:
            return Packed.of(read_file(item.path, item.shown, validator, item.raw))

        for item, made in zip(missing, map_files(executor, parse, missing, on_file), strict=True):
            results[item.index] = made.value
            self.results.keep(item.key, made.data)
        done = [result for result in results if result is not None]
        assert len(done) == len(paths)
        if cache is not None:
            self._fill(cache, paths, to_read, done, stamps)
        return done

    @staticmethod
    def _fill(
        cache: RecordCache,
        paths: Sequence[Path],
        read: list[_ToRead],
        results: list[FileResult],
        stamps: list[FileStamp | None],
    ) -> None:
        """Hand the results to the preview's in-memory cache, so its rebuilds read only files that change."""
        for item in read:
            before = stamps[item.index]
            digest = hashlib.blake2b(item.raw, digest_size=16).digest()
            unchanged = before if before is not None and stamp(paths[item.index]) == before else None
            cache.put(item.shown, unchanged, digest, results[item.index])
        cache.prune({result.path for result in results})

    def library(
        self,
        bib_files: Sequence[Path],
        root: Path,
        formatted: bool,
        read: Callable[[], LibraryResult],
        executor: Executor,
    ) -> Callable[[], LibraryResult]:
        """The library ``read`` gives (formatted or not), from the store or read beside the records' map."""
        parts: list[str | bytes] = []
        for path in bib_files:
            try:
                parts += [display_path(path, root), path.read_bytes()]
            except OSError:  # reported by ``read`` as always; nothing is kept
                return executor.beside(read).result
        key, other = (self.results.key(_LIBRARY[kind], *parts) for kind in (formatted, not formatted))
        self.results.retain([other])  # `findings check` and a build one after the other keep both
        last = self._last.get(formatted)
        if last is not None and last[0] == key:
            self.results.retain([key])
            return _ready(last[1])
        hit = self.results.find([key]).get(key)
        if _is_library(hit):
            self._last[formatted] = (key, hit)
            return _ready(hit)
        if not self.results.usable:
            job = executor.beside(read)

            def remembered() -> LibraryResult:
                value = job.result()
                self._last[formatted] = (key, value)
                return value

            return remembered
        packed_job = executor.beside(lambda: Packed.of(read()))

        def stored() -> LibraryResult:
            made = packed_job.result()
            self.results.keep(key, made.data)
            self._last[formatted] = (key, made.value)
            return made.value  # type: ignore[no-any-return]

        return stored

    def save(self) -> None:
        """Store this run's new results, forget entries it did not use, and stop using the store."""
        self.results.save()


def _ready(value: LibraryResult) -> Callable[[], LibraryResult]:
    library, diagnostics = value
    return lambda: (library, list(diagnostics))


def _is_library(value: object) -> TypeGuard[LibraryResult]:
    return isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Library)
