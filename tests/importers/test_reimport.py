"""Importing an export again: found by GUID, all-or-nothing updates, broken records, ambiguous studies."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from generator.core.importers import import_command, read_export, writer
from generator.core.importers.plan import PlannedFile
from generator.core.importers.sync import code_guids, file_digest, stamp

from .conftest import DATA, make_qdpx, run_import, synthetic_qdpx
from .test_command import files

QDE = DATA / "synthetic-project.qde"
CSV = DATA / "synthetic-semicolon.csv"


def changed(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The synthetic project with some of its text replaced (a team's later export)."""
    qde = QDE.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in qde
        qde = qde.replace(old, new)
    sources = {"Sources/" + p.name: p.read_bytes() for p in sorted((DATA / "synthetic-sources").iterdir())}
    tmp_path.mkdir(parents=True, exist_ok=True)
    return make_qdpx(tmp_path / "synthetic.qdpx", qde.encode("utf-8"), sources)


NEW_CODE = (
    '<Code guid="A0000000-0000-4000-8000-000000000004" name="Warmth" isCodable="true" color="not-a-colour" />',
    '<Code guid="A0000000-0000-4000-8000-000000000004" name="Warmth" isCodable="true" color="not-a-colour" />'
    '<Code guid="A0000000-0000-4000-8000-0000000000AA" name="Humour" isCodable="true" />',
)
RENAMED = ('name="Doubts"', 'name="Doubts about therapy"')


def test_file_digest_ignores_its_own_line_and_line_ends() -> None:
    text = "type: theme\nimported:\n  guid: x\n"
    stamped = stamp(text)
    assert stamped.startswith(text) and stamped.endswith("\n")
    assert file_digest(stamped) == file_digest(text) == file_digest(stamped.replace("\n", "\r\n"))
    assert file_digest(stamped.replace("type", "kind")) != file_digest(text)


def test_csv_codes_get_stable_guids() -> None:
    first, again = code_guids(read_export(CSV)), code_guids(read_export(CSV))
    assert first == again and len(set(first.values())) == len(first)


def test_a_failed_write_puts_replaced_files_back(fresh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_import(synthetic_qdpx(tmp_path / "synthetic.qdpx"), fresh).code == 0
    before = files(fresh)

    def full(temporary: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "place", full)  # new files fail; the update before them went through
    run = run_import(changed(tmp_path / "later", NEW_CODE, RENAMED), fresh)
    assert run.code == 1
    assert "No space left on device" in run.err
    assert files(fresh) == before


def test_a_file_changed_after_planning_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "t.yml"
    target.write_text("planned against this\n")
    update = PlannedFile(target, "new text\n", "theme", replaces="planned against this\n")
    target.write_text("someone saved meanwhile\n")
    with pytest.raises(writer.WriteError, match=r"t\.yml changed while importing; nothing was written"):
        writer.write_files([], None, [update])
    assert target.read_text() == "someone saved meanwhile\n"


def test_new_codes_are_added_and_deleted_ones_listed(fresh: Path, tmp_path: Path) -> None:
    assert run_import(synthetic_qdpx(tmp_path / "synthetic.qdpx"), fresh).code == 0
    drop = (
        '<Code guid="A0000000-0000-4000-8000-000000000004" name="Warmth" isCodable="true" color="not-a-colour" />',
        "",
    )
    run = run_import(changed(tmp_path / "later", NEW_CODE), fresh)
    assert run.code == 0, run.err
    assert "  findings/synthetic/synthetic-humour.yml (subtheme)\n" in run.out
    run = run_import(changed(tmp_path / "later2", drop), fresh)
    assert "2 themes imported earlier are no longer in the export, left as they are: " in run.out
    assert (fresh / "findings" / "synthetic" / "synthetic-warmth.yml").is_file()


def test_a_record_that_cannot_be_read_keeps_its_code_from_coming_twice(fresh: Path, tmp_path: Path) -> None:
    export = synthetic_qdpx(tmp_path / "synthetic.qdpx")
    assert run_import(export, fresh).code == 0
    broken = fresh / "findings" / "synthetic" / "synthetic-doubts.yml"
    broken.write_text(broken.read_text().replace("kind: theme", "kind: theme\n\tbroken: [", 1))
    before = files(fresh)
    run = run_import(export, fresh)
    assert run.code == 0, run.err
    assert files(fresh) == before
    assert (
        "findings/synthetic/synthetic-doubts.yml: warning: code 'Doubts' was imported before into this file, "
        "which cannot be read; it was not imported again (fix the file (`findings check` shows where), "
        "then import again)"
    ) in run.err


def test_an_export_in_two_studies_needs_study(fresh: Path, tmp_path: Path) -> None:
    export = synthetic_qdpx(tmp_path / "synthetic.qdpx")
    assert run_import(export, fresh, study="first").code == 0
    assert run_import(export, fresh, study="second").code == 0
    before = files(fresh)
    run = run_import(export, fresh)
    assert run.code == 2
    assert run.err.endswith(
        "findings import: codes of synthetic.qdpx were imported before into studies first, second; "
        "choose one with --study\n"
    )
    assert files(fresh) == before
    again = run_import(export, fresh, study="second")
    assert again.code == 0 and files(fresh) == before


def test_a_csv_codebook_goes_back_into_its_study(fresh: Path) -> None:
    assert run_import(CSV, fresh).code == 0
    before = files(fresh)
    run = run_import(CSV, fresh)
    assert run.code == 0, run.err
    assert files(fresh) == before
    assert "would import" not in run.out and "into existing study 'synthetic-semicolon'" in run.out


def test_without_mkdocs_yml_the_folder_named_findings_is_the_records_folder(fresh: Path, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = import_command(CSV, fresh / "findings" / "imported", False, out, err)
    assert code == 0, err.getvalue()
    assert (fresh / "bib" / "synthetic-semicolon.bib").is_file()
    assert (fresh / "findings" / "imported" / "synthetic-semicolon" / "study.yml").is_file()
    assert (fresh / "schema" / "findings.schema.json").is_file()


def test_an_update_that_drops_an_excerpt_an_implication_needs_is_held_back(fresh: Path, tmp_path: Path) -> None:
    assert run_import(synthetic_qdpx(tmp_path / "synthetic.qdpx"), fresh).code == 0
    doubts = fresh / "findings" / "synthetic" / "synthetic-doubts.yml"
    ids = [e["id"] for e in yaml.safe_load(doubts.read_text())["excerpts"]]
    implication = fresh / "findings" / "implications" / "ask.yml"
    implication.parent.mkdir()
    implication.write_text(
        "type: implication\nid: ask\nstatement: Ask.\naudience: [therapists]\nderived_by: authors\n"
        f"grounded_in: [{', '.join(ids)}]\n"
    )
    before = files(fresh)
    moved = ('<CodeRef targetGUID="a0000000-0000-4000-8000-000000000005" />',
             '<CodeRef targetGUID="a0000000-0000-4000-8000-000000000004" />')  # fmt: skip
    run = run_import(changed(tmp_path / "later", moved), fresh)
    assert run.code == 0, run.err
    after = files(fresh)
    assert after["findings/synthetic/synthetic-doubts.yml"] == before["findings/synthetic/synthetic-doubts.yml"]
    assert "warning: theme 'synthetic-doubts' was not updated: the export no longer has its excerpt(s) " in run.err
    assert "findings/implications/ask.yml ground(s) on (ground those implications on other excerpts" in run.err
