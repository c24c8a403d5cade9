"""Results of work on file contents, kept on disk from one run to the next and found again by content.

A run asks for the results it needs by key (a digest of a fingerprint of the code and settings, the file's
name and its bytes: see :meth:`KeptResults.key`), computes only those it does not find, and hands them in
pickled. :meth:`KeptResults.save` then writes the new ones and forgets every entry this run did not ask
for, so the store holds one run's worth and never grows beyond it. Storage is a :class:`DiskStore`: a
store that cannot be used warns once and keeps nothing, and the run goes on computing everything. An entry
that no longer unpickles (written by other code) is computed again.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from .disk_store import DiskStore


def packed(value: object) -> bytes:
    """``value`` as the store keeps it (made where it is computed: a forked worker sends these bytes as they are)."""
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


@cache
def source_digest(folder: Path, suffixes: tuple[str, ...] = (".py", ".json")) -> str:
    """A digest of every file with one of ``suffixes`` under ``folder`` (names and bytes).

    An editable install keeps its version number while its code changes; this changes with the code.
    """
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in folder.rglob("*") if p.suffix in suffixes and p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


class KeptResults:
    """One run's access to a store of pickled results; ``path`` None keeps nothing (every lookup misses).

    ``warn`` is called at most once, with why the store cannot be used.
    """

    def __init__(self, path: Path | None, fingerprint: str, warn: Callable[[str], None]) -> None:
        self._warned = False

        def warn_once(message: str) -> None:
            if not self._warned:
                self._warned = True
                warn(message)

        self._store = DiskStore(path, warn_once) if path is not None else None
        self._start = hashlib.blake2b(fingerprint.encode() + b"\0", digest_size=20)
        self._asked: set[str] = set()
        self._new: dict[str, bytes] = {}
        self.found = 0
        """Results found in the store by this run (tests and the preview's log read it)."""

    @property
    def usable(self) -> bool:
        """False once saved, or when the store is off or cannot be used: then nothing need be packed."""
        return self._store is not None and self._store.usable

    def key(self, *parts: str | bytes) -> str:
        digest = self._start.copy()
        for part in parts:
            data = part.encode() if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "little") + data)  # lengths first: parts cannot run together
        return digest.hexdigest()

    def find(self, keys: Iterable[str]) -> dict[str, Any]:
        """The results stored under those of ``keys`` present; every key is kept by :meth:`save`."""
        wanted = list(keys)
        self._asked.update(wanted)
        if not self.usable:
            return {}
        assert self._store is not None
        found = {}
        for key, data in self._store.get_many(wanted).items():
            try:
                found[key] = pickle.loads(data)
            except Exception:  # written by other code (any error unpickling can raise): computed again
                continue
        self.found += len(found)
        return found

    def retain(self, keys: Iterable[str]) -> None:
        """Keep the entries of ``keys`` through :meth:`save` without looking them up."""
        self._asked.update(keys)

    def keep(self, key: str, data: bytes) -> None:
        """``data`` (from :func:`packed`) to be stored under ``key`` by :meth:`save`."""
        if self.usable:
            self._asked.add(key)
            self._new[key] = data

    def save(self) -> None:
        """Store what this run computed, forget what it did not ask for, and close the store."""
        if self._store is not None:
            self._store.replace_all(self._new, self._asked)
            self._store.close()
        self._new = {}


class Packed:
    """A result with its pickled bytes: in this process both, sent to another process only the bytes.

    A forked worker's results are pickled to reach the parent anyway; sending the stored form means the
    worker pickles once and the parent unpickles once, as without a store.
    """

    __slots__ = ("data", "value")

    def __init__(self, value: Any, data: bytes) -> None:
        self.value = value
        self.data = data

    @classmethod
    def of(cls, value: Any) -> Packed:
        return cls(value, packed(value))

    def __reduce__(self) -> tuple[Callable[[bytes], Packed], tuple[bytes]]:
        return _unpacked, (self.data,)


def _unpacked(data: bytes) -> Packed:
    return Packed(pickle.loads(data), data)
