"""A key -> bytes store in one SQLite file, for what a long-lived adapter keeps from one session to the next.

It only ever saves work: a store that cannot be opened, read or written (a read-only folder, a disk full)
logs why through ``warn`` once and then behaves as an empty store that keeps nothing, and the caller does
the work again. A file that is not a store (damaged, cut short) is started afresh: it only held copies.
Nothing outside the store's own file is touched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

#: Changed when the table's layout changes: a file of another layout is started afresh.
LAYOUT = 2

_BATCH = 500  # keys per SELECT (SQLite limits the parameters of one statement)


class DiskStore:
    def __init__(self, path: Path, warn: Callable[[str], None]) -> None:
        self.path = path
        self._warn = warn
        self._db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._open(path)
            except sqlite3.DatabaseError as error:  # not a store (damaged, cut short): it only held copies
                if isinstance(error, sqlite3.OperationalError):  # locked, unreadable: not the file's fault
                    raise
                path.unlink()
                self._db = self._open(path)
                warn(f"{path}: {error}; started afresh")
        except (sqlite3.Error, OSError) as error:
            self._fail(error)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
        try:
            # It only holds copies: a write cut short by a crash costs them, so no waiting for the disk at
            # every step. A table with row ids: values of kilobytes read and write about twice as fast.
            db.execute("PRAGMA synchronous = NORMAL")
            if db.execute("PRAGMA user_version").fetchone()[0] != LAYOUT:
                db.execute("DROP TABLE IF EXISTS entries")
                db.execute("CREATE TABLE entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
                db.execute(f"PRAGMA user_version = {LAYOUT}")
            db.execute("SELECT count(*) FROM entries").fetchone()  # a damaged file fails here, not later
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    @property
    def usable(self) -> bool:
        return self._db is not None

    def _fail(self, error: Exception) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._warn(f"{self.path}: {error}; nothing is kept there this time")

    def get_many(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The values stored under those of ``keys`` that are present."""
        wanted = list(keys)
        found: dict[str, bytes] = {}
        if self._db is None:
            return found
        try:
            for start in range(0, len(wanted), _BATCH):
                batch = wanted[start : start + _BATCH]
                marks = ",".join("?" * len(batch))
                found.update(self._db.execute(f"SELECT key, value FROM entries WHERE key IN ({marks})", batch))
        except sqlite3.Error as error:
            self._fail(error)
            return {}
        return found

    def replace_all(self, items: Mapping[str, bytes], keep: Iterable[str]) -> None:
        """Store ``items`` and forget every key neither in them nor in ``keep``, in one transaction."""
        if self._db is None:
            return
        kept = set(keep) | items.keys()
        try:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                stale = [key for (key,) in db.execute("SELECT key FROM entries") if key not in kept]
                db.executemany("DELETE FROM entries WHERE key = ?", ((key,) for key in stale))
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", items.items())
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            self._fail(error)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
