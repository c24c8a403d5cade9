"""How a build runs, chosen by the adapter and handed to the core: where its work runs, and the collector.

The core asks an :class:`Executor` to ``map`` a function over items and to do a job ``beside`` the
work; it never learns whether anything forks. :class:`Serial` does everything in this process (what a
long-lived adapter needs: its caches are updated in place); :class:`Forked` spreads each map over the
machine's cores (see generator/speed/parallel.py). A :class:`BuildMode` pairs an executor with
whether cyclic garbage collection is paused for the build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .parallel import SideJob, map_forked

Item = TypeVar("Item")
Result = TypeVar("Result")


class Later(Generic[Result]):
    """A job handed to :meth:`Executor.beside`; :meth:`result` gives its value, doing it here if no map did."""

    def __init__(self, job: SideJob[Result], executor: Executor):
        self._job = job
        self._executor = executor

    def result(self) -> Result:
        if self._executor._take(self._job):  # no map carried it: do it now
            self._job.run()
        return self._job.result()


class Executor:
    """Runs a build's independent work; a fresh one per build (it holds the jobs waiting for a map)."""

    def __init__(self) -> None:
        self._waiting: list[SideJob[Any]] = []

    def beside(self, func: Callable[[], Result]) -> Later[Result]:
        """``func()`` done alongside the next :meth:`map` (or when its result is asked, if no map comes)."""
        job = SideJob(func)
        self._waiting.append(job)
        return Later(job, self)

    def map(self, func: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
        """``[func(item) for item in items]``, in order; any jobs waiting beside are done too."""
        raise NotImplementedError

    def _take(self, job: SideJob[Any]) -> bool:
        if job in self._waiting:
            self._waiting.remove(job)
            return True
        return False

    def _take_all(self) -> SideJob[Any] | None:
        """The waiting jobs as one (in the order given), or None."""
        jobs, self._waiting = self._waiting, []
        if not jobs:
            return None
        if len(jobs) == 1:
            return jobs[0]
        return _Together(jobs)


class Serial(Executor):
    """Everything in this process, in order: waiting jobs first, then the items."""

    def map(self, func: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
        job = self._take_all()
        if job is not None:
            job.run()
        return [func(item) for item in items]


class Forked(Executor):
    """Each map shared by ``workers`` processes (default: :func:`~.parallel.available_workers`).

    A job waiting beside is done by the map's first worker before it joins in, so there is still one
    process per core. Results must pickle; nothing a child changes in memory reaches this process,
    so a forked build keeps no caches.
    """

    def __init__(self, workers: int | None = None):
        super().__init__()
        self.workers = workers

    def map(self, func: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
        return map_forked(func, items, self.workers, self._take_all())


class _Together(SideJob[Any]):
    """Several waiting jobs done one after another by the same worker."""

    def __init__(self, jobs: list[SideJob[Any]]):
        super().__init__(lambda: tuple(job.run() for job in jobs))
        self._jobs = jobs

    def done(self, value: Any) -> None:
        super().done(value)
        for job, part in zip(self._jobs, value, strict=True):
            job.done(part)


@dataclass(frozen=True)
class BuildMode:
    """Where a build's work runs and whether the garbage collector is paused while it runs.

    Adapters choose: :data:`ONE_OFF` for a build that keeps nothing for a next one (the `findings`
    command, `mkdocs build`), :data:`IN_PROCESS` for `mkdocs serve`, whose caches must be updated in
    this process (it pauses the collector around each whole rebuild itself).
    """

    forked: bool
    """Maps spread over processes (:class:`Forked`), or all in this one (:class:`Serial`)."""
    pause_collector: bool
    workers: int | None = None
    """Processes for a forked build; None: FINDINGS_WORKERS or the cores available."""

    def executor(self) -> Executor:
        """A fresh executor for one build."""
        return Forked(self.workers) if self.forked else Serial()


#: A build that keeps nothing for a next one: every core, the collector paused.
ONE_OFF = BuildMode(forked=True, pause_collector=True)
#: Rebuilds with caches kept between them: all in this process, the collector left as it is.
IN_PROCESS = BuildMode(forked=False, pause_collector=False)
