"""Work spread over forked processes (generator/speed/parallel.py), and one-off builds that use it."""

from __future__ import annotations

import gc
import os
import threading
import time
import weakref
from pathlib import Path

import pytest

from generator.core import project
from generator.speed import parallel, stream
from generator.speed.executor import IN_PROCESS, Forked
from generator.speed.parallel import Background, SideJob, WorkerError, collection_paused, map_forked

from .sites import synthetic_site

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (not on Windows)")


def _slow_square(n: int) -> tuple[int, int]:
    time.sleep(0.001)  # slow enough that every process gets batches before they run out
    return n * n, os.getpid()


@needs_fork
@pytest.mark.parametrize("workers", [2, 3, 4])
def test_results_come_back_in_order_from_every_process(workers: int) -> None:
    items = list(range(1000))
    results = map_forked(_slow_square, items, workers)
    assert [square for square, _ in results] == [n * n for n in items]
    assert len({pid for _, pid in results}) == workers  # really computed in that many processes
    assert os.getpid() in {pid for _, pid in results}  # this one works too


@needs_fork
def test_a_side_job_runs_in_a_worker_that_then_joins_the_map() -> None:
    side = SideJob(lambda: (os.getpid(), list(range(100_000))))
    results = map_forked(_slow_square, list(range(600)), 2, side)
    pid, numbers = side.result()
    assert pid != os.getpid() and numbers == list(range(100_000))
    assert [square for square, _ in results] == [n * n for n in range(600)]
    assert {pid_ for _, pid_ in results} == {pid, os.getpid()}  # done with its job, the worker took batches


@pytest.mark.parametrize("workers", [1, 2] if hasattr(os, "fork") else [1])
def test_a_side_job_runs_even_when_there_is_nothing_to_map(workers: int) -> None:
    side = SideJob(lambda: os.getpid())
    assert map_forked(lambda n: n, [], workers, side) == []
    assert (side.result() == os.getpid()) == (workers == 1)


@pytest.mark.parametrize("workers", [1, 2] if hasattr(os, "fork") else [1])
def test_a_failing_side_job_fails_the_map(workers: int) -> None:
    def broken() -> int:
        raise ValueError("the library is broken")

    expected = WorkerError if workers > 1 else ValueError
    with pytest.raises(expected, match="the library is broken"):
        map_forked(lambda n: n, list(range(1000)), workers, SideJob(broken))


def test_a_side_job_passed_to_no_map_has_no_result() -> None:
    with pytest.raises(RuntimeError, match="the side job has not run: it was passed to no map"):
        SideJob(lambda: 1).result()


@needs_fork
def test_a_failing_worker_is_reported_with_its_traceback() -> None:
    parent = os.getpid()

    def fail_in_a_child(n: int) -> int:
        time.sleep(0.001)
        if os.getpid() != parent:
            raise ValueError(f"record {n} is broken")
        return n

    with pytest.raises(WorkerError, match=r"(?s)a worker process failed:.*ValueError: record \d+ is broken"):
        map_forked(fail_in_a_child, list(range(1000)), 2)


def test_small_jobs_and_single_cores_stay_in_this_process() -> None:
    assert {pid for pid in map_forked(lambda _: os.getpid(), list(range(parallel.MIN_ITEMS - 1)), 4)} == {os.getpid()}
    assert {pid for pid in map_forked(lambda _: os.getpid(), list(range(1000)), 1)} == {os.getpid()}
    assert map_forked(lambda n: n, [], 2) == []


def _site_digest(site: project.Site, result: project.CheckResult) -> tuple[object, ...]:
    pages = tuple((path, page.title, page.source, page.markdown) for path, page in sorted(site.pages.items()))
    return pages, tuple(sorted(site.files.items())), tuple(str(d) for d in result.diagnostics)


@needs_fork
@pytest.mark.slow
def test_a_build_on_two_cores_equals_a_build_on_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = synthetic_site("XS", tmp_path / "site", seed=3)
    layout = project.Layout.at(root)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)  # XS is small: fork even for it
    monkeypatch.setattr(parallel, "available_workers", lambda: 1)
    one = project.build_site(layout)
    monkeypatch.setattr(parallel, "available_workers", lambda: 2)
    forked = []
    real_fork = os.fork

    def counting_fork() -> int:
        forked.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counting_fork)
    two = project.build_site(layout)
    # One more process reads records (after it formats the library) and renders pages (after it
    # makes the data files); never more processes than workers.
    assert forked == [1, 1]
    serial = project.build_site(layout, mode=IN_PROCESS)  # what `mkdocs serve` uses: nothing forks
    assert forked == [1, 1]
    assert one[0] is not None and two[0] is not None and serial[0] is not None
    assert _site_digest(two[0], two[1]) == _site_digest(one[0], one[1]) == _site_digest(serial[0], serial[1])


@needs_fork
def test_pages_written_by_two_processes(tmp_path: Path) -> None:
    from generator.core.write import write_pages

    pages: dict[str, str | bytes] = {f"studies/s{n % 7}/page-{n}.md": f"# Page {n}\n" for n in range(300)}
    first = write_pages(pages, tmp_path, Forked(2))
    assert sorted(first.written) == sorted(pages) and not first.unchanged
    assert all((tmp_path / path).read_text(encoding="utf-8") == text for path, text in pages.items())

    pages["studies/s0/page-0.md"] = "# Page 0, edited\n"
    second = write_pages(pages, tmp_path, Forked(2))
    assert second.written == ("studies/s0/page-0.md",) and len(second.unchanged) == 299

    (tmp_path / "hand-written.md").write_text("mine\n", encoding="utf-8")
    pages["hand-written.md"] = "generated\n"
    pages["studies/s1/new.md"] = "# New\n"
    with pytest.raises(FileExistsError, match=r"hand-written\.md exists and was not written by findings"):
        write_pages(pages, tmp_path, Forked(2))
    assert (tmp_path / "hand-written.md").read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "studies/s1/new.md").exists()  # refused before anything was written

    del pages["hand-written.md"]
    pages["hand-written.md/inside.md"] = "# A page where a file of mine is\n"
    with pytest.raises(FileExistsError):
        write_pages(pages, tmp_path, Forked(2))
    assert (tmp_path / "hand-written.md").read_text(encoding="utf-8") == "mine\n"
    assert not (tmp_path / "studies/s1/new.md").exists()  # folders are made before any file is written


def test_findings_workers_sets_the_number_of_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINDINGS_WORKERS", "1")
    assert parallel.available_workers() == 1
    monkeypatch.setenv("FINDINGS_WORKERS", "3")
    assert parallel.available_workers() == (3 if hasattr(os, "fork") else 1)
    monkeypatch.setenv("FINDINGS_WORKERS", "many")  # not a number: the default
    monkeypatch.setattr(parallel.sys, "platform", "darwin")
    assert parallel.available_workers() == 1  # fork is not safe enough on macOS to be the default


@needs_fork
def test_a_background_job_runs_in_another_process_while_this_one_goes_on() -> None:
    job = Background(lambda: (os.getpid(), list(range(100_000))), workers=2)
    here = sum(range(1000))  # this process is free meanwhile
    pid, numbers = job.result()
    assert pid != os.getpid() and numbers == list(range(100_000)) and here == 499_500
    assert job.result() == (pid, numbers)  # asked again: the same value, no second wait


@pytest.mark.parametrize("workers", [1, 2] if hasattr(os, "fork") else [1])
def test_a_failing_background_job_raises_when_its_result_is_asked_for(workers: int) -> None:
    def broken() -> int:
        raise ValueError("the library is broken")

    job = Background(broken, workers=workers)  # no error yet
    expected = WorkerError if workers > 1 else ValueError
    with pytest.raises(expected, match="the library is broken"):
        job.result()


@needs_fork
def test_a_killed_background_job_ends_the_wait_of_another_thread() -> None:
    job = Background(lambda: time.sleep(600), workers=2)
    outcome: list[str] = []

    def wait() -> None:
        try:
            job.result()
            outcome.append("finished")
        except WorkerError as error:
            outcome.append(str(error))

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(0.2)  # the waiter reads the pipe by now (or not yet: then its wait ends at once)
    job.kill()
    waiter.join(30)
    assert not waiter.is_alive()
    assert len(outcome) == 1 and ("ended without a result" in outcome[0] or "cancelled" in outcome[0])
    job.kill()  # again, or after the wait: nothing happens


def test_with_one_worker_a_background_job_runs_here_at_once() -> None:
    ran: list[int] = []

    def job_here() -> int:
        ran.append(os.getpid())
        return 7

    job = Background(job_here, workers=1)
    assert ran == [os.getpid()] and job.result() == 7


def test_collection_paused_restores_the_collector_as_it_was() -> None:
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():  # nested (check() inside build_site()): the outer pause decides
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with collection_paused(False):
        assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()


class _Node:
    def __init__(self) -> None:
        self.peer: _Node | None = None


def test_what_a_pause_made_goes_to_the_oldest_generation_and_its_cycles_are_still_freed() -> None:
    with collection_paused():
        made = [[n] for n in range(5000)]
        loop = _Node()
        loop.peer = loop  # a cycle: only the collector can free it
        watch = weakref.ref(loop)
    assert gc.get_count()[0] < 1000  # not 5,000 objects waiting for a young collection to walk them
    oldest = {id(thing) for thing in gc.get_objects(generation=2)}
    assert all(id(item) in oldest for item in made)
    del loop
    gc.collect()
    assert watch() is None


def test_a_worker_that_cannot_send_its_result_leaves_without_running_on(tmp_path: Path) -> None:
    parent = os.getpid()
    ran_on = tmp_path / "ran-on"
    try:
        pid, read_end = parallel._fork(lambda: b"x" * 10_000_000)
    except BaseException:
        if os.getpid() != parent:  # only a child that carried on out of _fork gets here
            ran_on.write_text("a copy of the parent ran on\n")
            os._exit(0)
        raise
    os.close(read_end)  # the parent stops listening: the child's write fails
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 1
    assert not ran_on.exists()


@needs_fork
def test_a_worker_sends_each_batch_as_soon_as_it_has_it() -> None:
    """The parent unpickles a worker's results while the worker goes on, not after it is done."""
    go_read, go_write = os.pipe()
    read_end, write_end = stream.open_pipe()
    pid = os.fork()
    if pid == 0:  # the worker: batch 0, then wait for the parent's word before batch 1
        try:
            os.close(read_end)
            os.close(go_write)

            def compute(batch: int) -> list[int]:
                if batch == 1:
                    os.read(go_read, 1)
                return [batch * 10, batch * 10 + 1]

            stream.send_work(write_end, lambda: "side", iter([0, 1]), compute)
        finally:
            os._exit(0)
    os.close(write_end)
    os.close(go_read)
    inbox = stream.Inbox(pid, read_end)
    got: dict[int, list[int]] = {}
    sides: list[str] = []
    deadline = time.monotonic() + 30
    while 0 not in got and time.monotonic() < deadline:
        inbox.take(sides.append, got.__setitem__)
        time.sleep(0.005)
    assert sides == ["side"] and got == {0: [0, 1]}  # arrived while the worker still waits
    os.write(go_write, b"x")
    os.close(go_write)
    inbox.finish(sides.append, got.__setitem__)
    assert inbox.failure is None and got == {0: [0, 1], 1: [10, 11]} and sides == ["side"]


@needs_fork
def test_a_worker_that_dies_in_the_middle_of_a_map_is_reported() -> None:
    parent = os.getpid()

    def die_in_a_child(n: int) -> int:
        time.sleep(0.001)
        if os.getpid() != parent and n > 100:
            os._exit(3)  # no traceback: as if killed
        return n

    with pytest.raises(WorkerError, match=r"a worker process failed:\nthe worker \(pid \d+\) ended without a result"):
        map_forked(die_in_a_child, list(range(1000)), 2)
