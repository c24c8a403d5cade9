"""`findings new` writes valid records with unique ids and never replaces a file."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.core.project import Layout, check

from .sites import findings, project_files


def new(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return findings("new", *args, cwd=root, expect=None)


def test_new_records_are_valid_and_pass_check(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files())
    assert new(root, "study", "Second synthetic study", "--reference", "smith2020alliance").returncode == 0
    assert new(root, "theme", "Feeling heard", "--study", "s1").returncode == 0  # id t1 is taken
    made = new(root, "implication", "Ask early", "--grounded-in", "t1")
    assert made.returncode == 0, made.stderr
    assert (root / "findings/second-synthetic-study/study.yml").is_file()
    assert (root / "findings/s1/feeling-heard.yml").is_file()
    assert (root / "findings/implications/ask-early.yml").is_file()
    result = check(Layout.at(root))
    assert result.errors == [], [str(d) for d in result.errors]
    text = (root / "findings/s1/feeling-heard.yml").read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert "status: draft" in text


def test_ids_stay_unique(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files())
    assert new(root, "theme", "T1", "--study", "s1").returncode == 0  # slug t1 is taken: becomes t1-2
    assert (root / "findings/s1/t1-2.yml").is_file()
    refused = new(root, "theme", "Anything", "--study", "s1", "--id", "t1")
    assert refused.returncode == 1 and "id 't1' is already used" in refused.stderr


def test_never_overwrites(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files(**{"findings/implications/ask-early.yml": "# mine\n"}))
    refused = new(root, "implication", "Ask early", "--grounded-in", "t1", "--id", "ask-early")
    assert refused.returncode == 1 and "exists; nothing was written" in refused.stderr
    assert (root / "findings/implications/ask-early.yml").read_text() == "# mine\n"


def test_dangling_links_are_refused(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files())
    result = new(root, "study", "X", "--reference", "smith2020aliance")
    assert result.returncode == 1
    assert "bib key 'smith2020aliance' is not in bib/ (did you mean 'smith2020alliance'?)" in result.stderr
    assert "'t99' does not exist" in new(root, "implication", "Y", "--grounded-in", "t99").stderr
