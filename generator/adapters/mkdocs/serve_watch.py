"""Quick `mkdocs serve` rebuilds: started as soon as a record or BibTeX file is saved, without garbage collection.

MkDocs watches with a polling observer that looks every 0.5 s, so a save waits 0.25 s on average (0.5 s at
worst) before the rebuild even starts. The record folders are watched with the system's change
notifications instead (inotify, FSEvents or ReadDirectoryChangesW, through watchdog, which MkDocs depends
on). That needs two private attributes of MkDocs' LiveReloadServer (`_rebuild_cond`, `_want_rebuild`, the
ones its own watch callback sets; MkDocs 1.x is no longer developed, so they will not move); without them,
or when the system refuses more watches, MkDocs' own polling watch is used.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Sequence
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

#: Events that mean a file changed. Not "opened" or "closed_no_write": the build itself reads every record.
CHANGES = frozenset({"created", "modified", "moved", "deleted", "closed"})


class _RequestRebuild(FileSystemEventHandler):
    def __init__(self, server: Any) -> None:
        self.server = server

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in CHANGES:
            return
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()


def watch_promptly(server: Any, folders: Sequence[str]) -> BaseObserver | None:
    """Watch ``folders`` for the live-reload ``server``; returns the observer to stop at shutdown, if any."""
    if not folders:
        return None
    if hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild"):
        observer = Observer()
        try:
            handler = _RequestRebuild(server)
            for folder in folders:
                observer.schedule(handler, folder, recursive=True)
            observer.start()
        except OSError:  # e.g. inotify's limit on watches reached: fall back to polling
            observer.unschedule_all()
        else:
            return observer
    for folder in folders:
        server.watch(folder)
    return None


class IdleCollector:
    """Pauses Python's cyclic garbage collector during each `mkdocs serve` rebuild; collects once idle.

    A full collection walks every object in memory, and with a corpus and MkDocs' pages loaded one took
    0.15 s at bench size M, in the middle of nearly every rebuild. Reference counting still frees most
    garbage at once; the cycles a rebuild leaves are collected ``delay`` seconds after it ends, unless
    the next rebuild has started by then (then after that one).
    """

    def __init__(self, delay: float = 1.0) -> None:
        self.delay = delay
        self.timer: threading.Timer | None = None
        self.was_enabled = gc.isenabled()

    def pause(self) -> None:
        """A rebuild starts."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if gc.isenabled():
            self.was_enabled = True
            gc.disable()

    def collect_soon(self) -> None:
        """A rebuild ended (well or not): collect after ``delay`` unless another one starts first."""
        if not self.was_enabled:
            return
        self.timer = threading.Timer(self.delay, self._collect)
        self.timer.daemon = True
        self.timer.start()

    def _collect(self) -> None:
        gc.enable()
        gc.collect()

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.was_enabled:
            gc.enable()
