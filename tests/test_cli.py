"""The `findings` command: exit codes, output formats, and that it never writes into findings/."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .fixtures import project_files


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


def test_check_passes_on_a_valid_project(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files())
    result = run("check", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_check_lists_every_error_and_exits_1(project) -> None:  # type: ignore[no-untyped-def]
    root = project(
        project_files(
            **{
                "findings/s1/t1.yml": "type: theme\nid: t1\nstudy: s1\ntitle: x\nkind: themes\nsummry: y\n",
            }
        )
    )
    result = run("check", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "findings/implications/listen.yml:5:15: error: grounded_in theme or excerpt 't1-e1' does not exist",
        "findings/s1/t1.yml:5:7: error: 'kind' should be one of: overarching, theme, subtheme, metatheme;"
        " got text 'themes' (did you mean 'theme'?)",
        "findings/s1/t1.yml:6:1: error: unknown field 'summry' (did you mean 'summary'?)",
        "3 error(s), 0 warning(s)",
    ]


def test_check_github_format_makes_annotations(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files(**{"findings/s1/t1.yml": "type: theme\nid: t1\nstudy: s1\ntitle: x\nkind: th\n"}))
    result = run("check", "--format", "github", cwd=root)
    assert result.returncode == 1
    assert "::error file=findings/s1/t1.yml,line=5,col=7::'kind' should be one of" in result.stderr


def test_check_json_format(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files(**{"findings/s1/t1.yml": "type: theme\nid: t1\n"}))
    result = run("check", "--format", "json", cwd=root)
    assert result.returncode == 1
    items = json.loads(result.stdout)["diagnostics"]
    assert {
        "path": "findings/s1/t1.yml",
        "line": 1,
        "column": 1,
        "severity": "error",
        "message": "missing required field 'study'",
        "suggestion": "add 'study:' with lower-case letters, digits and single hyphens, e.g. 'levari-2023'",
        "code": "schema",
    } in items


def test_strict_fails_on_warnings(project) -> None:  # type: ignore[no-untyped-def]
    bare_theme = "type: theme\nid: t2\nstudy: s1\ntitle: No excerpts yet\nkind: theme\n"
    root = project(project_files(**{"findings/s1/t2.yml": bare_theme}))
    assert run("check", cwd=root).returncode == 0
    assert run("check", "--strict", cwd=root).returncode == 1


def test_build_writes_pages_and_never_touches_records(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files())
    before = {p: p.read_bytes() for p in (root / "findings").rglob("*") if p.is_file()}
    result = run("build", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(root / "out").as_posix() for p in (root / "out").rglob("*.md")) == [
        "evidence.md",
        "implications/index.md",
        "implications/listen.md",
        "index.md",
        "references.md",
        "studies/index.md",
        "studies/s1/index.md",
        "studies/s1/t1.md",
        "whats-new.md",  # outside git it says that history is unavailable
    ]
    assert {p: p.read_bytes() for p in (root / "findings").rglob("*") if p.is_file()} == before


def test_build_refuses_to_replace_a_hand_written_file(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files(**{"out/implications/index.md": "# Mine\n"}))
    result = run("build", "--out", "out", cwd=root)
    assert result.returncode == 1
    assert "was not written by findings; refusing to replace it" in result.stderr
    assert (root / "out/implications/index.md").read_text() == "# Mine\n"


def test_build_fails_on_errors_without_writing(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files(**{"findings/s1/t1.yml": "type: theme\n"}))
    result = run("build", "--out", "out", cwd=root)
    assert result.returncode == 1
    assert not (root / "out").exists()


def test_schema_command_prints_the_shipped_schema() -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "schema"], capture_output=True, text=True)
    assert json.loads(result.stdout)["title"] == "Qualitative findings record"


def test_usage_error_exits_2(project) -> None:  # type: ignore[no-untyped-def]
    assert run("nonsense", cwd=project({})).returncode == 2
