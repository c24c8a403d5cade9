"""Spread independent work (reading records, rendering pages) over the machine's cores.

The work is CPU-bound Python, so threads would not help. Forked processes start with the parent's
memory (the corpus, the compiled templates) shared copy-on-write, so nothing but the results is sent
between processes: each child pickles its results into a pipe and exits. Items go out in small
batches to whichever process is free (the parent works too), and one independent :class:`SideJob`
can ride along, so there is one process per core and they finish together. :class:`Background`
runs one job in a child while the parent does something else.

Builds reach this through the forked executor (generator/speed/executor.py), which the adapters
choose for one-off builds: `mkdocs serve` keeps caches between rebuilds, which a child could not
update. Where fork is unavailable (Windows) or unsafe (macOS, where a forked child can crash if the parent
has touched system frameworks) or there is one core, everything runs in this process. The environment
variable FINDINGS_WORKERS sets the number of processes (1 turns this off; on macOS it opts in).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar, cast

from .stream import Inbox, open_pipe, send_work

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Most processes used; beyond a few, pickling results and copying memory eat the gain.
MAX_WORKERS = 4
#: Fewer items than this per process are not worth a fork (a few milliseconds for a large process).
MIN_ITEMS = 200


class WorkerError(RuntimeError):
    """A forked worker failed; the message holds its traceback."""


def available_workers() -> int:
    """FINDINGS_WORKERS if set, else the cores this process may use, at most :data:`MAX_WORKERS`.

    1 where fork is unavailable, and on macOS unless FINDINGS_WORKERS says otherwise.
    """
    if not hasattr(os, "fork"):
        return 1
    setting = os.environ.get("FINDINGS_WORKERS", "").strip()
    if setting.isdigit() and int(setting) >= 1:
        return int(setting)
    if sys.platform == "darwin":
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS has no affinity call
        cores = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cores))


def map_forked(
    func: Callable[[Item], Result],
    items: Sequence[Item],
    workers: int | None = None,
    side_job: SideJob[Any] | None = None,
) -> list[Result]:
    """``[func(item) for item in items]``, the items shared by ``workers`` processes; same order.

    ``func`` may use anything in memory (it is not pickled); its results must pickle. An exception
    in a worker is raised here as :class:`WorkerError` with the worker's traceback. A ``side_job``
    is done first by one worker, which then joins in (see :class:`SideJob`).
    """
    workers = available_workers() if workers is None else workers
    wanted = len(items) // MIN_ITEMS  # fewer items per process are not worth a fork
    helpers = min(workers - 1, max(wanted, 1) if side_job is not None else wanted)
    if helpers <= 0:
        if side_job is not None:
            side_job.run()
        return [func(item) for item in items]
    # Items are handed out in small batches to whichever process is free, so a process that
    # also had the side job, or drew the costly items, does not keep the others waiting; and no
    # more processes run than there are cores (a third one on two cores cost about 12% more CPU).
    size = max(1, -(-len(items) // (workers * BATCHES_PER_WORKER)))
    batches = _BatchQueue(-(-len(items) // size))
    results: list[Result] = [None] * len(items)  # type: ignore[list-item]  # every slot is filled below

    def compute(batch: int) -> list[Result]:
        return [func(item) for item in items[batch * size : (batch + 1) * size]]

    def place(batch: int, part: list[Result]) -> None:
        results[batch * size : batch * size + len(part)] = part

    def side_done(value: Any) -> None:
        if side_job is not None:
            side_job.done(value)

    try:
        first_job = side_job.run if side_job is not None else None
        inboxes = [_start_worker(compute, batches, first_job if n == 0 else None) for n in range(helpers)]
    finally:
        batches.close_writer()
    try:
        for batch in batches:
            place(batch, compute(batch))
            # What the workers sent meanwhile (unpickling makes many objects and no garbage: no collection).
            with collection_paused():
                for inbox in inboxes:
                    inbox.take(side_done, place)
    finally:
        with collection_paused():
            for inbox in inboxes:
                inbox.finish(side_done, place)
        batches.close()
    for inbox in inboxes:
        if inbox.failure is not None:
            raise WorkerError(f"a worker process failed:\n{inbox.failure}")
    return results


def _start_worker(
    compute: Callable[[int], list[Any]], batches: _BatchQueue, side_job: Callable[[], Any] | None
) -> Inbox:
    """Fork a worker that does the side job (if any), then batches until none is left, sending each at once."""
    read_end, write_end = open_pipe()
    pid = os.fork()
    if pid == 0:  # the child: never run on as a copy of the parent, whatever happens
        status = 1
        try:
            os.close(read_end)
            batches.close_writer()  # the child's copy: while any process holds it, reading never reaches the end
            send_work(write_end, side_job, iter(batches), compute)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return Inbox(pid, read_end)


class SideJob(Generic[Result]):
    """One job a map's first worker does before it joins in: ``func()``, its value in :meth:`result`.

    For work that does not need the map's results and whose own results the map does not need
    (the bibliography while records are read, the data files while pages render). Running it in
    the map instead of beside it keeps one process per core. Without a map it never runs: pass
    it to exactly one :func:`map_forked`.
    """

    def __init__(self, func: Callable[[], Result]):
        self._func = func
        self._finished = False
        self._value: Result | None = None

    def run(self) -> Result:
        self.done(self._func())
        return cast(Result, self._value)

    def done(self, value: Result) -> None:
        self._value, self._finished = value, True

    def result(self) -> Result:
        if not self._finished:
            raise RuntimeError("the side job has not run: it was passed to no map")
        return cast(Result, self._value)


#: Batches per process: enough that the last ones even out the processes' finishing times.
BATCHES_PER_WORKER = 24


class _BatchQueue:
    """Batch numbers in a pipe, read 4 bytes at a time by every process (pipe reads do not interleave)."""

    def __init__(self, count: int):
        self.read_end, self.write_end = os.pipe()
        # Written whole before any reader starts; at most a few hundred numbers, well inside a pipe's buffer.
        os.write(self.write_end, b"".join(n.to_bytes(4, "little") for n in range(count)))

    def close_writer(self) -> None:
        if self.write_end >= 0:
            os.close(self.write_end)
            self.write_end = -1

    def close(self) -> None:
        self.close_writer()
        os.close(self.read_end)

    def __iter__(self) -> Iterator[int]:
        while len(token := os.read(self.read_end, 4)) == 4:
            yield int.from_bytes(token, "little")


class Background(Generic[Result]):
    """``func()`` computed in a forked process while this one goes on; :meth:`result` waits for it.

    For a one-off job that needs nothing from the work done meanwhile (converting pages ahead of
    MkDocs, generator/adapters/mkdocs/markdown_ahead.py); beside a map, use a :class:`SideJob`. With one worker
    (see :func:`available_workers`) ``func`` runs here, at once, so results and errors are the
    same either way.
    """

    def __init__(self, func: Callable[[], Result], workers: int | None = None):
        workers = available_workers() if workers is None else workers
        self._child: tuple[int, int] | None = None
        self._pid: int | None = None  # the forked process, until it has been waited for
        self._value: Result | None = None
        self._error: BaseException | None = None
        if workers > 1:
            self._child = _fork(func)
            self._pid = self._child[0]
            return
        try:
            self._value = func()
        except Exception as error:  # raised from result(), where a forked run would raise too
            self._error = error

    def cancel(self) -> None:
        """Stop the forked job, if it still runs (its result is no longer wanted)."""
        if self._child is not None:
            pid, read_end = self._child
            self._child = None
            os.close(read_end)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            self._pid = None
            self._error = WorkerError("the job was cancelled")

    def kill(self) -> None:
        """Stop the forked job, even while another thread waits in :meth:`result` (which then raises)."""
        pid = self._pid
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.cancel()

    def result(self) -> Result:
        if self._child is not None:
            pid, read_end = self._child
            self._child = None
            try:
                self._value = cast(Result, _unwrap(_collect(pid, read_end)))
            finally:
                self._pid = None
        if self._error is not None:
            raise self._error
        return cast(Result, self._value)


def _fork(compute: Callable[[], object]) -> tuple[int, int]:
    """Start a child that computes, pickles (ok, value or traceback) into a pipe and exits."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's exit handlers
        status = 1
        try:
            os.close(read_end)
            try:
                payload = pickle.dumps((True, compute()), pickle.HIGHEST_PROTOCOL)
            except BaseException:  # anything, even SystemExit, goes back to the parent
                payload = pickle.dumps((False, traceback.format_exc()))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:  # whatever happens (the parent gone, a broken pipe), never run on as a copy of the parent
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _unwrap(outcome: tuple[bool, object]) -> object:
    ok, value = outcome
    if not ok:
        raise WorkerError(f"a worker process failed:\n{value}")
    return value


def _collect(pid: int, read_end: int) -> tuple[bool, object]:
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        return False, f"the worker (pid {pid}) ended without a result (wait status {status})"
    # Unpickling makes many objects and no garbage; a collection triggered by them would walk
    # the whole heap for nothing (it was most of the time spent here).
    with collection_paused():
        ok, value = pickle.loads(data)
    return bool(ok), value


@contextlib.contextmanager
def collection_paused(pause: bool = True) -> Iterator[None]:
    """No cyclic garbage collection inside (reference counting still frees nearly everything).

    Loading and rendering a corpus makes millions of objects that live to the end of the build and
    almost no cycles, yet each full collection walks all of them: at bench size L that was 1-2 s
    of a 15 s one-off build. Forked workers inherit the pause, so they also do not touch (and copy)
    every shared page of memory. ``pause=False`` leaves collection as it is.
    """
    paused = pause and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            # What was made inside mostly lives on (the corpus, the pages). Moving it to the oldest
            # generation in one step (freeze, then unfreeze) spares the young collections that would
            # follow from walking it all again (0.4 s after a build at size L); cycles among it are
            # still freed by the next full collection.
            gc.freeze()
            gc.unfreeze()
            gc.enable()
