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

#: Seconds without another change before a rebuild starts, once the record folders are watched.
QUIET_AFTER_SAVE = 0.03

#: Events that mean a file changed. Not "opened" or "closed_no_write": the build itself reads every record.
CHANGES = frozenset({"created", "modified", "moved", "deleted", "closed"})


def request_rebuild(server: Any) -> None:
    """Ask the live-reload ``server`` for a rebuild, as its own watch does (nothing if it has no such parts)."""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        return
    with condition:
        server._want_rebuild = True
        condition.notify_all()


class _RequestRebuild(FileSystemEventHandler):
    def __init__(self, server: Any) -> None:
        self.server = server

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in CHANGES:
            return
        request_rebuild(self.server)


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
            # MkDocs waits for 0.1 quiet seconds after a change before it rebuilds, made for its polling;
            # a notification arrives as the file is closed after writing, so a shorter wait suffices.
            if isinstance(getattr(server, "build_delay", None), float):
                server.build_delay = min(server.build_delay, QUIET_AFTER_SAVE)
            return observer
    for folder in folders:
        server.watch(folder)
    return None


class IdleCollector:
    """Pauses Python's cyclic garbage collector during each `mkdocs serve` rebuild; collects once idle.

    A full collection walks every object in memory: with a corpus and MkDocs' pages loaded it took
    0.15 s at bench size M and about a second at L, in the middle of nearly every rebuild. Reference
    counting still frees most garbage at once. ``delay`` seconds after a rebuild, the young generations
    are collected (the objects that rebuild made, not the whole heap); the cycles left among older
    objects (the last build's pages and navigation) wait for a full collection after ``full_delay``
    quiet seconds, so that an author saving again soon never waits behind one. After the first build
    everything in memory is young: collecting the young generations would walk the whole heap (2.7 s at
    bench size L) when the author's first save is likely, so that time only the full collection runs.
    """

    def __init__(self, delay: float = 1.0, full_delay: float = 20.0) -> None:
        self.delay = delay
        self.full_delay = full_delay
        self.timers: list[threading.Timer] = []
        self.was_enabled = gc.isenabled()
        self.first = True  # no build has ended yet

    def pause(self) -> None:
        """A rebuild starts."""
        self._cancel()
        if gc.isenabled():
            self.was_enabled = True
            gc.disable()

    def collect_soon(self) -> None:
        """A rebuild ended (well or not): collect unless another one starts first."""
        if not self.was_enabled:
            return
        self._cancel()
        self.timers = [threading.Timer(self.delay + self.full_delay, self._collect, (2,))]
        if not self.first:
            self.timers.append(threading.Timer(self.delay, self._collect, (1,)))
        self.first = False
        for timer in self.timers:
            timer.daemon = True
            timer.start()

    def _collect(self, generation: int) -> None:
        gc.enable()
        gc.collect(generation)

    def _cancel(self) -> None:
        for timer in self.timers:
            timer.cancel()
        self.timers = []

    def stop(self) -> None:
        self._cancel()
        if self.was_enabled:
            gc.enable()
