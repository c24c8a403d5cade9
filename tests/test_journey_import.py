"""Journeys of README.md and docs/guide run as a user runs them: `findings import`, `new`, `schema --write`.

Each test works on a copy of the repository's project (its own mkdocs.yml, records,
library and schema) or on a project set up as README.md tells someone who installed the
tool, and runs the `findings` command in a subprocess, from the project folder.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.schema import load_schema

from .importers.conftest import DATA, synthetic_qdpx
from .sites import REPO, copy_example

OLTAS = REPO.parent / "shared" / "corpora" / "qdpx-oltas" / "oltas0517.qdpx"


COMMAND = Path(sys.executable).with_name("findings")  # the installed command, as README.md shows it


def findings(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(COMMAND)] if COMMAND.is_file() else [sys.executable, "-m", "generator"]
    return subprocess.run([*command, *args], cwd=root, capture_output=True, text=True, check=False)


def snapshot(root: Path) -> dict[str, bytes]:
    """The project's files, without what `findings check` keeps in .cache for its next run."""
    files = (p for p in sorted(root.rglob("*")) if p.is_file() and ".cache" not in p.relative_to(root).parts)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """The repository's project as a clone holds it: mkdocs.yml, findings/, bib/, docs/ and the schema."""
    root = copy_example(tmp_path / "project")
    (root / "generator" / "schema").mkdir(parents=True)
    shutil.copy(REPO / "generator" / "schema" / "findings.schema.json", root / "generator" / "schema")
    return root


@pytest.fixture
def user_project(tmp_path: Path) -> Path:
    """A project made by someone who installed the tool: the README's mkdocs.yml, no schema setting."""
    root = tmp_path / "mine"
    (root / "findings").mkdir(parents=True)
    shutil.copytree(REPO / "bib", root / "bib")
    (root / "mkdocs.yml").write_text(
        "site_name: Mine\nplugins:\n  - search\n  - findings:\n      findings: findings\n      bib: bib\n",
        encoding="utf-8",
    )
    return root


def schema_target(record: Path) -> Path:
    first = record.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema="), first
    return (record.parent / first.split("=", 1)[1]).resolve()


def assert_points_at_project_schema(record: Path, root: Path) -> None:
    """The `$schema` comment names a file inside the project that holds this version's schema."""
    target = schema_target(record)
    assert target.is_relative_to(root.resolve()), f"{record} points outside the project, at {target}"
    assert json.loads(target.read_text(encoding="utf-8")) == load_schema()


def check_passes(root: Path) -> None:
    result = findings(root, "check")
    assert result.returncode == 0, result.stderr
    assert ": error:" not in result.stderr


def written(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {path for path, data in after.items() if before.get(path) != data}


# --- import into a subfolder ---------------------------------------------------------------------


def test_import_into_a_subfolder_then_check_passes(repo_copy: Path, tmp_path: Path) -> None:
    export = synthetic_qdpx(tmp_path / "team-project.qdpx")
    result = findings(repo_copy, "import", str(export), "--into", "findings/imported")
    assert result.returncode == 0, result.stderr
    assert (repo_copy / "bib" / "team-project.bib").is_file()  # the project's bib folder
    assert not (repo_copy / "findings" / "bib").exists()
    assert (repo_copy / "findings" / "imported" / "team-project" / "study.yml").is_file()
    check_passes(repo_copy)
    for record in (repo_copy / "findings" / "imported").rglob("*.yml"):
        assert_points_at_project_schema(record, repo_copy)


def test_into_outside_the_records_folder_is_refused(repo_copy: Path, tmp_path: Path) -> None:
    export = synthetic_qdpx(tmp_path / "team-project.qdpx")
    before = snapshot(repo_copy)
    result = findings(repo_copy, "import", str(export), "--into", "docs/imported")
    assert result.returncode == 2
    assert result.stderr == (
        "findings import: --into docs/imported is outside the project's records folder findings, the only one "
        "`findings check` and the site read (set by the findings plugin's `findings` setting in mkdocs.yml, "
        "or --findings)\n"
    )
    assert snapshot(repo_copy) == before


def test_import_into_an_existing_study_adds_themes(repo_copy: Path) -> None:
    themes_before = set((repo_copy / "findings" / "levari-2023").glob("*.yml"))
    result = findings(
        repo_copy,
        "import",
        str(DATA / "synthetic-codebook.csv"),
        "--into",
        "findings/imported",
        "--study",
        "levari-2023",
    )
    assert result.returncode == 0, result.stderr
    assert "imported into existing study 'levari-2023': 2 themes, 4 subthemes, 0 excerpts" in result.stdout
    assert "new study" not in result.stdout
    studies = [p for p in (repo_copy / "findings").rglob("study.yml") if "levari-2023" in p.read_text("utf-8")]
    assert [p.relative_to(repo_copy).as_posix() for p in studies] == ["findings/levari-2023/study.yml"]
    assert not list((repo_copy / "bib").glob("levari-2023*.bib"))
    added = sorted((repo_copy / "findings" / "imported" / "levari-2023").glob("*.yml"))
    assert len(added) == 6
    assert all(yaml.safe_load(p.read_text("utf-8"))["study"] == "levari-2023" for p in added)
    assert set((repo_copy / "findings" / "levari-2023").glob("*.yml")) == themes_before
    check_passes(repo_copy)


# --- importing again -----------------------------------------------------------------------------


def test_importing_the_same_export_twice_writes_nothing(repo_copy: Path, tmp_path: Path) -> None:
    export = synthetic_qdpx(tmp_path / "team-project.qdpx")
    first = findings(repo_copy, "import", str(export), "--into", "findings/imported")
    assert first.returncode == 0, first.stderr
    before = snapshot(repo_copy)
    second = findings(repo_copy, "import", str(export), "--into", "findings/imported")
    assert second.returncode == 0, second.stderr
    assert snapshot(repo_copy) == before
    assert second.stdout.endswith(
        "imported into existing study 'team-project': 0 themes, 0 subthemes, 0 excerpts\n"
        "5 codes unchanged since the last import: left as they are\n"
        "nothing to write\n"
    )
    # The records keep the GUIDs of their codes.
    guids = {
        yaml.safe_load(p.read_text("utf-8"))["imported"]["guid"]
        for p in (repo_copy / "findings" / "imported" / "team-project").glob("*.yml")
        if p.name != "study.yml"
    }
    assert "a0000000-0000-4000-8000-000000000002" in guids and len(guids) == 5


def test_importing_the_nvivo_project_twice_writes_nothing(repo_copy: Path) -> None:
    if not OLTAS.is_file():
        pytest.skip(f"{OLTAS} is not here: ../shared is not in a user's clone (development and CI machines have it)")
    first = findings(repo_copy, "import", str(OLTAS), "--into", "findings/imported")
    assert first.returncode == 0, first.stderr
    assert "imported into new study 'oltas0517': 12 themes, 140 subthemes, 303 excerpts" in first.stdout
    before = snapshot(repo_copy)
    second = findings(repo_copy, "import", str(OLTAS), "--into", "findings/imported")
    assert second.returncode == 0, second.stderr
    assert snapshot(repo_copy) == before
    assert "152 codes unchanged since the last import: left as they are\nnothing to write\n" in second.stdout
    check_passes(repo_copy)


def changed_export(tmp_path: Path) -> Path:
    """The synthetic project after the team renamed one code and reworded another's description."""
    qde = (DATA / "synthetic-project.qde").read_text(encoding="utf-8")
    assert 'name="Warmth"' in qde and "First line\nSecond line" in qde
    qde = qde.replace('name="Warmth"', 'name="Warmth and humour"').replace(
        "First line\nSecond line", "First line, reworded"
    )
    changed = tmp_path / "changed" / "project.qde"
    changed.parent.mkdir(parents=True)
    changed.write_text(qde, encoding="utf-8")
    sources = {"Sources/" + p.name: p.read_bytes() for p in sorted((DATA / "synthetic-sources").iterdir())}
    from .importers.conftest import make_qdpx

    return make_qdpx(tmp_path / "changed" / "team-project.qdpx", changed.read_bytes(), sources)


def test_a_changed_code_updates_unedited_themes_and_reports_edited_ones(repo_copy: Path, tmp_path: Path) -> None:
    export = synthetic_qdpx(tmp_path / "team-project.qdpx")
    assert findings(repo_copy, "import", str(export), "--into", "findings/imported").returncode == 0
    folder = repo_copy / "findings" / "imported" / "team-project"
    warmth, believed = folder / "team-project-warmth.yml", folder / "team-project-being-believed.yml"
    excerpt_ids = [e["id"] for e in yaml.safe_load(warmth.read_text("utf-8"))["excerpts"]]
    # The researcher works on one of the two themes whose code will change.
    edited = believed.read_text("utf-8").replace("status: draft\n", "") + "# checked against the transcript\n"
    believed.write_text(edited, encoding="utf-8")
    before = snapshot(repo_copy)

    result = findings(repo_copy, "import", str(changed_export(tmp_path)), "--into", "findings/imported")
    assert result.returncode == 0, result.stderr
    after = snapshot(repo_copy)
    assert written(before, after) == {"findings/imported/team-project/team-project-warmth.yml"}
    record = yaml.safe_load(warmth.read_text("utf-8"))
    assert record["title"] == "Warmth and humour"
    assert record["id"] == "team-project-warmth"  # the id others refer to stays
    assert [e["id"] for e in record["excerpts"]] == excerpt_ids
    assert believed.read_text("utf-8") == edited  # never overwritten
    assert (
        "findings/imported/team-project/team-project-being-believed.yml:1:1: warning: theme "
        "'team-project-being-believed' was edited since it was imported, so the export's changes to it were not "
        "applied (fields that differ: status, summary) (apply what you want by hand, then set 'export_digest: sha256:"
    ) in result.stderr
    assert "replacing 1 file an earlier import wrote, unedited since:\n" in result.stdout
    assert "  findings/imported/team-project/team-project-warmth.yml (subtheme, 1 excerpt; changes title)\n" in (
        result.stdout
    )
    assert "updated 1 theme whose code changed\n3 codes unchanged since the last import: left as they are\n" in (
        result.stdout
    )
    assert "1 changed code not applied to its theme (see the warnings above)\n" in result.stdout
    check_passes(repo_copy)
    # Once more: nothing left to do but the same report.
    again = findings(repo_copy, "import", str(changed_export(tmp_path / "2")), "--into", "findings/imported")
    assert snapshot(repo_copy) == after
    assert "team-project-being-believed' was edited since it was imported" in again.stderr


def test_dry_run_writes_nothing_and_lists_exactly_what_a_run_writes(repo_copy: Path, tmp_path: Path) -> None:
    export = synthetic_qdpx(tmp_path / "team-project.qdpx")
    before = snapshot(repo_copy)
    dry = findings(repo_copy, "import", str(export), "--into", "findings/imported", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert snapshot(repo_copy) == before
    listed = {
        line.split(" (")[0].strip()
        for line in dry.stdout.splitlines()
        if line.startswith("  ") and not line.startswith("  note:")
    }
    assert findings(repo_copy, "import", str(export), "--into", "findings/imported").returncode == 0
    assert listed == written(before, snapshot(repo_copy))

    # A dry run of a changed export shows the diff of each file it would replace.
    before = snapshot(repo_copy)
    dry = findings(repo_copy, "import", str(changed_export(tmp_path)), "--into", "findings/imported", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert snapshot(repo_copy) == before
    shown = "findings/imported/team-project/team-project-warmth.yml"
    assert "would replace 2 files an earlier import wrote, unedited since:\n" in dry.stdout
    assert f"\n  {shown} (subtheme, 1 excerpt; changes title)\n" in dry.stdout
    assert f"    --- {shown}\n    +++ {shown} (after the import)\n" in dry.stdout
    assert "    -title: Warmth\n    +title: Warmth and humour\n" in dry.stdout
    assert "would update 2 themes whose code changed\n" in dry.stdout


# --- scaffolding ---------------------------------------------------------------------------------


def test_new_then_check_in_a_project_that_installed_the_tool(user_project: Path) -> None:
    made = findings(user_project, "new", "study", "A synthetic study", "--reference", "levitt2016qualitative")
    assert made.returncode == 0, made.stderr
    assert "wrote schema/findings.schema.json (the JSON Schema that editors read; commit it with the records)\n" in (
        made.stderr
    )
    made = findings(user_project, "new", "theme", "Feeling heard", "--study", "a-synthetic-study")
    assert made.returncode == 0, made.stderr
    check_passes(user_project)
    for record in (user_project / "findings").rglob("*.yml"):
        assert_points_at_project_schema(record, user_project)
    assert (
        schema_target(user_project / "findings" / "a-synthetic-study" / "feeling-heard.yml")
        == (user_project / "schema" / "findings.schema.json").resolve()
    )


def test_new_in_the_repository_copy_points_where_its_records_point(repo_copy: Path) -> None:
    made = findings(repo_copy, "new", "theme", "Feeling heard", "--study", "levari-2023")
    assert made.returncode == 0, made.stderr
    new = repo_copy / "findings" / "levari-2023" / "feeling-heard.yml"
    assert schema_target(new) == schema_target(repo_copy / "findings" / "levari-2023" / "study.yml")
    assert_points_at_project_schema(new, repo_copy)
    check_passes(repo_copy)


def test_a_project_with_its_own_folder_names(tmp_path: Path) -> None:
    """mkdocs.yml names the folders; `new`, `import` and `check` all follow it."""
    root = tmp_path / "custom"
    (root / "records").mkdir(parents=True)
    shutil.copytree(REPO / "bib", root / "refs")
    (root / "mkdocs.yml").write_text(
        "site_name: Custom\nplugins:\n  - findings:\n      findings: records\n      bib: refs\n"
        "      schema: .editor/records.schema.json\n",
        encoding="utf-8",
    )
    made = findings(root, "new", "study", "A synthetic study", "--reference", "levitt2016qualitative")
    assert made.returncode == 0, made.stderr
    result = findings(root, "import", str(DATA / "synthetic-codebook.csv"))
    assert result.returncode == 0, result.stderr
    assert (root / "refs" / "synthetic-codebook.bib").is_file()
    assert (root / "records" / "synthetic-codebook" / "study.yml").is_file()
    assert (
        schema_target(root / "records" / "a-synthetic-study" / "study.yml")
        == (root / ".editor" / "records.schema.json").resolve()
    )
    check_passes(root)


def test_schema_write(user_project: Path, tmp_path: Path) -> None:
    first = findings(user_project, "schema", "--write")
    assert (first.returncode, first.stderr) == (0, "wrote schema/findings.schema.json\n")
    assert json.loads((user_project / "schema" / "findings.schema.json").read_text("utf-8")) == load_schema()
    again = findings(user_project, "schema", "--write")
    assert (again.returncode, again.stderr) == (0, "schema/findings.schema.json is up to date\n")
    elsewhere = findings(user_project, "schema", "--write", "editor/records.json")
    assert (elsewhere.returncode, elsewhere.stderr) == (0, "wrote editor/records.json\n")
