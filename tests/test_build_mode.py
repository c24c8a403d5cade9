"""How a build runs, chosen by the adapter (generator/speed/executor.py): serial or forked, collector paused or not."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from generator.core import project
from generator.core.load import discover as discover_files
from generator.core.project import Caches, Layout
from generator.speed import parallel
from generator.speed.executor import IN_PROCESS, ONE_OFF, BuildMode, Forked, Serial

REPO = Path(__file__).resolve().parents[1]
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (not on Windows)")


def test_serial_does_a_job_beside_first_then_the_items_in_this_process() -> None:
    executor = Serial()
    order: list[str] = []
    later = executor.beside(lambda: order.append("beside") or os.getpid())
    assert order == []  # waits for the map
    assert executor.map(lambda n: order.append(f"item {n}") or n * 2, [1, 2]) == [2, 4]
    assert order == ["beside", "item 1", "item 2"]
    assert later.result() == os.getpid()
    assert executor.map(lambda n: n, [3]) == [3] and order.count("beside") == 1  # done once


@needs_fork
def test_forked_carries_every_job_beside_in_one_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    executor = Forked(2)
    first = executor.beside(lambda: ("first", os.getpid()))
    second = executor.beside(lambda: ("second", os.getpid()))
    assert executor.map(lambda n: n + 1, list(range(50))) == list(range(1, 51))
    (name1, pid1), (name2, pid2) = first.result(), second.result()
    assert (name1, name2) == ("first", "second")
    assert pid1 == pid2 != os.getpid()


def test_a_job_no_map_carried_is_done_when_its_result_is_asked() -> None:
    runs: list[int] = []
    executor = Forked(2)
    later = executor.beside(lambda: runs.append(1) or 7)
    assert later.result() == 7 and later.result() == 7
    assert executor.map(lambda n: n, []) == [] and runs == [1]  # not done again by the next map


def test_modes_make_a_fresh_executor_for_each_build() -> None:
    assert isinstance(ONE_OFF.executor(), Forked) and ONE_OFF.pause_collector
    assert isinstance(IN_PROCESS.executor(), Serial) and not IN_PROCESS.pause_collector
    assert ONE_OFF.executor() is not ONE_OFF.executor()
    assert BuildMode(forked=True, pause_collector=False, workers=3).executor().workers == 3  # type: ignore[attr-defined]


def test_caches_with_a_forking_mode_are_refused() -> None:
    # A forked worker's updates to the caches never reach this process: refused, not silently lost.
    with pytest.raises(ValueError) as refused:
        project.build_site(Layout.at(REPO), caches=Caches(), mode=ONE_OFF)
    assert str(refused.value) == "caches are updated as the work runs: a build that keeps them must not fork"
    with pytest.raises(ValueError, match="must not fork"):
        project.check(Layout.at(REPO), Caches())  # the default mode forks


@pytest.mark.parametrize(("mode", "enabled"), [(ONE_OFF, False), (IN_PROCESS, True)])
def test_the_mode_says_whether_the_collector_is_paused(
    monkeypatch: pytest.MonkeyPatch, mode: BuildMode, enabled: bool
) -> None:
    seen: list[bool] = []
    real = discover_files

    def discover(folder: Path) -> list[Path]:
        seen.append(gc.isenabled())
        return real(folder)

    monkeypatch.setattr(project, "discover", discover)
    assert gc.isenabled()
    assert project.check(Layout.at(REPO), mode=mode).ok
    assert seen == [enabled] and gc.isenabled()
