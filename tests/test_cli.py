"""The `findings` command: exit codes, output formats, and that it never writes into findings/."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from .sites import copy_example, findings, findings_build, project_files


def test_check_passes_on_a_valid_project(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files())
    result = findings("check", cwd=root, expect=None)
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
    result = findings("check", cwd=root, expect=None)
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
    result = findings("check", "--format", "github", cwd=root, expect=None)
    assert result.returncode == 1
    assert "::error file=findings/s1/t1.yml,line=5,col=7::'kind' should be one of" in result.stderr


def test_check_json_format(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files(**{"findings/s1/t1.yml": "type: theme\nid: t1\n"}))
    result = findings("check", "--format", "json", cwd=root, expect=None)
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
    assert findings("check", cwd=root, expect=None).returncode == 0
    assert findings("check", "--strict", cwd=root, expect=None).returncode == 1


def test_build_writes_pages_and_never_touches_records(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files())
    before = {p: p.read_bytes() for p in (root / "findings").rglob("*") if p.is_file()}
    result = findings_build(root, "out", expect=None)
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
    result = findings_build(root, "out", expect=None)
    assert result.returncode == 1
    assert "was not written by findings; refusing to replace it" in result.stderr
    assert (root / "out/implications/index.md").read_text() == "# Mine\n"


def test_build_fails_on_errors_without_writing(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files(**{"findings/s1/t1.yml": "type: theme\n"}))
    result = findings_build(root, "out", expect=None)
    assert result.returncode == 1
    assert not (root / "out").exists()


def test_schema_command_prints_the_shipped_schema() -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "schema"], capture_output=True, text=True)
    assert json.loads(result.stdout)["title"] == "Qualitative findings record"


def test_usage_error_exits_2(project) -> None:  # type: ignore[no-untyped-def]
    assert findings("nonsense", cwd=project({}), expect=None).returncode == 2


def test_check_on_the_example_site_names_each_mistake_once(tmp_path: Path) -> None:
    """Seven typical mistakes in the example site: seven errors, each on the line of its mistake.

    Records with errors are referenced from many others here (a study by its themes, a parent theme by
    its subthemes, excerpts by implications): none of those references may add a line."""
    copy_example(tmp_path)
    mistakes = {  # file: (line pattern, replacement, what the error must say)
        "levari-2023/study.yml": (r"^design:", "desing:", "unknown field 'desing' (did you mean 'design'?)"),
        "lavik-2018/lavik-2018-therapist-perspective.yml": (r'^title: "(.*)"$', r'title: "\1', "unclosed double quote"),
        "lavik-2018/lavik-2018-initial-fears.yml": (r'^title: "(.*)"$', r"title: '\1", "unclosed single quote"),
        "lavik-2018/lavik-2018-body-language.yml": (
            r"^perspective:",
            "\tperspective:",
            "a tab is used for indentation",
        ),
        "sly-2014/sly-2014-being-active.yml": (r"^kind: ", "kind ", "missing ':' after 'kind'"),
        "sly-2014/sly-2014-first-impressions.yml": (r"^study: ", "  study: ", "'study' is indented more than 'id'"),
        "sly-2014/sly-2014-key-experience.yml": (r'^title: "(.*)"$', r"title: \1: in brief", "a ': ' inside the value"),
    }
    expected = {}
    for name, (pattern, replacement, says) in mistakes.items():
        path = tmp_path / "findings" / name
        text = path.read_text(encoding="utf-8")
        found = re.search(pattern, text, flags=re.M)
        assert found is not None, name
        path.write_text(text[: found.start()] + found.expand(replacement) + text[found.end() :], encoding="utf-8")
        expected[f"findings/{name}"] = (text.count("\n", 0, found.start()) + 1, says)
    result = findings("check", cwd=tmp_path, expect=None)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == len(mistakes), "\n".join(errors)
    for error in errors:
        path, line = error.split(":")[:2]
        assert int(line) == expected[path][0] and expected[path][1] in error, error
    assert result.stderr.splitlines()[-1].startswith(f"{len(mistakes)} error(s), ")
