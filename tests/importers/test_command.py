"""The command around the readers: dry runs, ids, never overwriting, all-or-nothing writes, exit codes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from generator.core.importers import import_command, writer
from generator.schema import schema_text

from .conftest import DATA, new_project, run_import

CSV = DATA / "synthetic-semicolon.csv"
STUDY = """type: study
id: demo-2020
title: Demo
reference: demo2020
design: qualitative interview study
"""
THEME = """type: theme
id: synthetic-semicolon-safety
study: demo-2020
title: Safety first
kind: theme
excerpts:
  - id: synthetic-semicolon-hope
    text: "Invented words."
    source: publication
    cites:
      key: demo2020
"""
BIB = "@article{demo2020, author = {Doe, Jane}, title = {Demo}, journal = {J}, year = {2020}}\n"


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_dry_run_writes_nothing(fresh: Path) -> None:
    before = files(fresh)
    run = run_import(CSV, fresh, dry_run=True)
    assert run.code == 0
    assert files(fresh) == before
    assert "would write 7 new files" in run.out
    assert "  schema/findings.schema.json (schema)\n" in run.out
    assert "findings/synthetic-semicolon/synthetic-semicolon-safety.yml (theme)" in run.out
    assert "would import into new study 'synthetic-semicolon': 2 themes, 2 subthemes, 0 excerpts" in run.out


def test_new_study_gets_a_placeholder_reference(fresh: Path) -> None:
    run = run_import(CSV, fresh)
    assert run.code == 0, run.err
    bib = (fresh / "bib" / "synthetic-semicolon.bib").read_text()
    assert bib.startswith("@misc{synthetic-semicolon,")
    assert "note = {Imported from synthetic-semicolon.csv; replace with the study's publication}" in bib
    study = run.records()["synthetic-semicolon"]
    assert study["reference"] == "synthetic-semicolon"
    assert study["status"] == "draft"
    assert all(t["status"] == "draft" for t in run.themes().values())
    text = (run.findings / "synthetic-semicolon" / "synthetic-semicolon-hope.yml").read_text()
    assert text.startswith(
        "# yaml-language-server: $schema=../../schema/findings.schema.json\n"
        "# Imported from synthetic-semicolon.csv by findings import\n\ntype: theme\n"
    )
    assert run.errors() == []


def test_ids_and_files_are_never_reused(fresh: Path) -> None:
    (fresh / "findings" / "demo-2020").mkdir()
    (fresh / "findings" / "demo-2020" / "study.yml").write_text(STUDY)
    (fresh / "findings" / "demo-2020" / "safety.yml").write_text(THEME)
    (fresh / "bib" / "demo.bib").write_text(BIB)
    # A folder named like the default study id, and a bib file named like it too.
    (fresh / "findings" / "synthetic-semicolon").mkdir()
    (fresh / "findings" / "synthetic-semicolon" / "study.yml").write_text(STUDY.replace("demo-2020", "other-id"))
    (fresh / "bib" / "synthetic-semicolon-2.bib").write_text("% taken\n")
    before = files(fresh)
    run = run_import(CSV, fresh)
    assert run.code == 0, run.err
    after = files(fresh)
    assert {k: after[k] for k in before} == before  # nothing changed
    assert "bib/synthetic-semicolon-2-2.bib" in after
    themes = run.themes()
    # The existing theme and excerpt keep their ids; the import takes the next free ones.
    assert "synthetic-semicolon-2-safety" in themes
    assert themes["synthetic-semicolon-safety"]["study"] == "demo-2020"
    run2 = run_import(CSV, fresh, study="demo-2020")
    assert run2.code == 0, run2.err
    ids = set(run2.themes())
    assert {"demo-2020-safety", "demo-2020-hope"} <= ids
    assert "existing study 'demo-2020'" in run2.out
    assert not (fresh / "bib" / "demo-2020.bib").exists()
    assert run2.errors() == []


def test_theme_ids_avoid_excerpt_ids(fresh: Path) -> None:
    (fresh / "findings" / "demo-2020").mkdir()
    (fresh / "findings" / "demo-2020" / "study.yml").write_text(STUDY)
    (fresh / "findings" / "demo-2020" / "t.yml").write_text(
        THEME.replace("synthetic-semicolon-safety", "demo-2020-x").replace("synthetic-semicolon-hope", "demo-2020-hope")
    )
    (fresh / "bib" / "demo.bib").write_text(BIB)
    run = run_import(CSV, fresh, study="demo-2020")
    assert run.code == 0
    assert "demo-2020-hope-2" in run.themes()
    assert run.errors() == []


@pytest.mark.parametrize(
    ("study", "message"),
    [
        ("Not An Id", "is not an id"),
        ("demo-2020-x", "is the id of a theme"),
        ("demo-2020-hope", "is the id of a excerpt"),
    ],
)
def test_unusable_study_is_a_usage_error(fresh: Path, study: str, message: str) -> None:
    (fresh / "findings" / "demo-2020").mkdir()
    (fresh / "findings" / "demo-2020" / "t.yml").write_text(
        THEME.replace("synthetic-semicolon-safety", "demo-2020-x").replace("synthetic-semicolon-hope", "demo-2020-hope")
    )
    run = run_import(CSV, fresh, study=study)
    assert run.code == 2
    assert message in run.err


def test_usage_errors(fresh: Path, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert import_command(tmp_path / "missing.qdpx", fresh / "findings", False, out, err) == 2
    assert "no such file" in err.getvalue()
    odd = tmp_path / "notes.docx"
    odd.write_bytes(b"\x01\x02")
    run = run_import(odd, fresh)
    assert run.code == 2 and "unknown kind of file" in run.err
    assert import_command(CSV, CSV, False, out, err) == 2


def test_failed_write_leaves_nothing_behind(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = writer.place
    calls = []

    def flaky(temporary: Path, target: Path) -> None:
        calls.append(target)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        real(temporary, target)

    monkeypatch.setattr(writer, "place", flaky)
    before = files(fresh)
    run = run_import(CSV, fresh)
    assert run.code == 1
    assert "No space left on device" in run.err
    assert files(fresh) == before
    assert sorted(p.name for p in (fresh / "findings").iterdir()) == []


def test_schema_comment_points_at_the_projects_schema(tmp_path: Path) -> None:
    """mkdocs.yml's `schema` setting says where; the file is there (this repository keeps its own)."""
    project = new_project(tmp_path / "p")
    (project / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - findings:\n      schema: generator/schema/findings.schema.json\n"
    )
    (project / "generator" / "schema").mkdir(parents=True)
    (project / "generator" / "schema" / "findings.schema.json").write_text(schema_text())
    run = run_import(CSV, project)
    assert run.code == 0, run.err
    text = (project / "findings" / "synthetic-semicolon" / "synthetic-semicolon-hope.yml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../../generator/schema/findings.schema.json\n")
    assert not (project / "schema").exists()
    assert "(schema)" not in run.out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal(fresh: Path, tmp_path: Path) -> None:
    rows = "theme,subtheme\n" + "".join(f"Theme {i},Sub {i}\n" for i in range(150))
    path = tmp_path / "many.csv"
    path.write_text(rows)
    terminal = _Terminal()
    assert import_command(path, fresh / "findings", False, io.StringIO(), terminal, study="many") == 0
    assert "\rwriting 303/303 files" in terminal.getvalue()  # the schema too
    quiet = io.StringIO()
    assert import_command(path, fresh / "findings", False, io.StringIO(), quiet, study="many-2") == 0
    assert "writing" not in quiet.getvalue()


def test_long_existing_study_id_keeps_ids_short(fresh: Path) -> None:
    long_id = "a-very-long-study-identifier-that-someone-chose-2024-with-more-words"
    (fresh / "findings" / "s").mkdir()
    (fresh / "findings" / "s" / "study.yml").write_text(STUDY.replace("demo-2020", long_id))
    (fresh / "bib" / "demo.bib").write_text(BIB)
    run = run_import(CSV, fresh, study=long_id)
    assert run.code == 0, run.err
    assert all(len(i) <= 72 for i in run.themes())
    assert run.errors() == []
