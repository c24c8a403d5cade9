"""Progress shows on a terminal for large runs and never in CI logs or pipes."""

from __future__ import annotations

import io

import pytest

from generator.speed.progress import Progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    stream = FakeTerminal()
    bar = Progress(stream, "reading records", 1000)
    for _ in range(1000):
        bar.advance()
    bar.close()
    assert "reading records [##############################] 1000/1000" in stream.getvalue()


def test_quiet_in_ci_in_pipes_and_for_small_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    stream = FakeTerminal()
    Progress(stream, "x", 1000).advance(1000)
    assert stream.getvalue() == ""
    monkeypatch.delenv("CI")
    pipe = io.StringIO()
    Progress(pipe, "x", 1000).advance(1000)
    assert pipe.getvalue() == ""
    small = FakeTerminal()
    Progress(small, "x", 10).advance(10)
    assert small.getvalue() == ""
