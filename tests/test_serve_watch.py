"""Quick rebuilds while serving (generator/adapters/mkdocs/serve_watch.py): record folders watched with change
notifications, and garbage collected between rebuilds."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

import pytest

from generator.adapters.mkdocs.serve_watch import IdleCollector, watch_promptly


class FakeServer:
    """The two attributes of MkDocs' LiveReloadServer that its own watch callback sets, and its watch()."""

    def __init__(self) -> None:
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False
        self.build_delay = 0.1  # MkDocs' quiet time before a rebuild, made for its polling
        self.polled: list[str] = []

    def watch(self, path: str) -> None:
        self.polled.append(path)

    def wants_rebuild_within(self, seconds: float) -> bool:
        with self._rebuild_cond:
            return self._rebuild_cond.wait_for(lambda: self._want_rebuild, timeout=seconds)


def test_a_saved_record_requests_a_rebuild_at_once(tmp_path: Path) -> None:
    record = tmp_path / "s1" / "t1.yml"
    record.parent.mkdir()
    record.write_text("title: before\n", encoding="utf-8")
    server = FakeServer()
    observer = watch_promptly(server, [str(tmp_path)])
    assert observer is not None and server.polled == []
    try:
        record.read_text(encoding="utf-8")  # the build reads every record: that is no change
        assert not server.wants_rebuild_within(0.3)
        record.write_text("title: after\n", encoding="utf-8")
        # The request comes from the notification: MkDocs' poller was never given the folder (polled == []).
        # How soon is measured by bench/run.py, not asserted here, where a loaded machine would flake.
        assert server.wants_rebuild_within(5)
        assert server.polled == []
        assert server.build_delay == 0.03  # the notification comes as the file is closed: less waiting
    finally:
        observer.stop()
        observer.join()


def test_without_the_servers_internals_mkdocs_polls(tmp_path: Path) -> None:
    class OtherServer:
        def __init__(self) -> None:
            self.polled: list[str] = []

        def watch(self, path: str) -> None:
            self.polled.append(path)

    server = OtherServer()
    assert watch_promptly(server, [str(tmp_path), str(tmp_path / "bib")]) is None
    assert server.polled == [str(tmp_path), str(tmp_path / "bib")]


def test_nothing_to_watch() -> None:
    assert watch_promptly(FakeServer(), []) is None


def test_garbage_is_collected_after_a_rebuild_not_during_it() -> None:
    assert gc.isenabled()
    collector = IdleCollector(delay=0.2)
    try:
        collector.pause()  # a rebuild starts
        assert not gc.isenabled()
        collector.collect_soon()  # it ended
        collector.pause()  # the next one started before the delay ran out
        time.sleep(0.4)
        assert not gc.isenabled(), "collected in the middle of a rebuild"
        collector.collect_soon()
        deadline = time.monotonic() + 5
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gc.isenabled()
        collector.pause()
    finally:
        collector.stop()
    assert gc.isenabled()


@pytest.fixture
def collected(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The generations collected, in order (nothing is really collected)."""
    generations: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: generations.append(generation) or 0)
    return generations


def wait_for_collections(collected: list[int], count: int) -> None:
    deadline = time.monotonic() + 5
    while len(collected) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_young_garbage_first_the_whole_heap_once_quiet(collected: list[int]) -> None:
    collector = IdleCollector(delay=0.05, full_delay=0.3)
    collector.first = False  # the first build is the next test's
    try:
        collector.pause()
        collector.collect_soon()
        time.sleep(0.15)
        assert collected == [1]  # what the rebuild made, not the whole heap
        collector.pause()  # a save before the full collection: it waits for the next quiet spell
        collector.collect_soon()
        wait_for_collections(collected, 3)
        assert collected == [1, 1, 2]
    finally:
        collector.stop()
    assert gc.isenabled()


def test_after_the_first_build_only_the_whole_heap_once_quiet(collected: list[int]) -> None:
    collector = IdleCollector(delay=0.05, full_delay=0.3)
    try:
        collector.pause()
        collector.collect_soon()  # the first build: all of memory is young
        time.sleep(0.2)
        assert collected == []  # no young collection walking the whole heap just after the start
        wait_for_collections(collected, 1)
        assert collected == [2]
        collector.pause()
        collector.collect_soon()  # later rebuilds: their young garbage soon, as before
        time.sleep(0.2)
        assert collected == [2, 1]
    finally:
        collector.stop()
    assert gc.isenabled()
