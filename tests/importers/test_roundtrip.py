"""Export to a REFI-QDA codebook (.qdc) and import again: the same theme files come back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from generator.core.importers import export_command, read_export
from generator.core.importers.qdc_export import ExportError, export_qdc, themes_in
from generator.core.project import Layout, check

from .conftest import DATA, Run, corpus, new_project, run_import


def theme_files(run: Run, study: str) -> dict[str, str]:
    """Theme files without the line that names the imported file, nor the digests (which cover excerpts)."""
    skipped = ("# Imported from", "  export_digest:", "  file_digest:")
    return {
        path.name: "".join(line for line in path.open(encoding="utf-8") if not line.startswith(skipped))
        for path in sorted((run.findings / study).glob("*.yml"))
        if path.name != "study.yml"
    }


def round_trip(source: Path, tmp_path: Path) -> tuple[Run, Run, Path]:
    first = run_import(source, new_project(tmp_path / "a"), study="rt")
    assert first.code == 0, first.err
    exported = tmp_path / "exported.qdc"
    count = export_qdc(themes_in(first.findings, "rt"), exported, root=first.root)
    assert count == len(first.themes())
    second = run_import(exported, new_project(tmp_path / "b"), study="rt")
    assert second.code == 0, second.err
    return first, second, exported


@pytest.mark.parametrize(
    "parts",
    [
        ("qdc-taguette-utotag", "codebook.qdc"),
        ("qde-maxqda-icls", "project.qde"),  # colours, long descriptions with entities and quotes
        ("qdpx-oltas", "oltas0517.project.qde"),  # four levels, multi-line descriptions
    ],
)
def test_real_codebooks_survive_export(tmp_path: Path, parts: tuple[str, ...]) -> None:
    first, second, _ = round_trip(corpus(*parts), tmp_path)
    assert theme_files(second, "rt") == theme_files(first, "rt")
    assert second.errors() == []


def test_synthetic_codebook_with_sets_and_colours(tmp_path: Path) -> None:
    first, second, exported = round_trip(DATA / "synthetic-project.qde", tmp_path)

    def head(text: str) -> str:
        return text.split("excerpts:")[0].split("imported:")[0]

    strip = {name: head(text) for name, text in theme_files(first, "rt").items()}
    assert {name: head(text) for name, text in theme_files(second, "rt").items()} == strip
    guids = {name: text.split("imported:")[1] for name, text in theme_files(first, "rt").items()}
    assert {name: text.split("imported:")[1] for name, text in theme_files(second, "rt").items()} == guids
    xml = exported.read_text(encoding="utf-8")
    assert 'xmlns="urn:QDA-XML:codebook:1.0"' in xml
    assert 'color="#1f77b4"' in xml and '<Set guid="' in xml and "MemberCode" in xml
    assert "team@example.org [internal]" in xml  # plain text again, not Markdown


def test_export_from_a_corpus_and_from_an_import(tmp_path: Path) -> None:
    run = run_import(DATA / "synthetic-codebook.csv", new_project(tmp_path / "p"), study="demo")
    for path in run.findings.rglob("*.yml"):  # publish them, so the corpus holds them
        path.write_text(path.read_text(encoding="utf-8").replace("status: draft\n", ""), encoding="utf-8")
    result = check(Layout.at(run.root))
    assert result.corpus is not None
    assert export_qdc(result.corpus, tmp_path / "c.qdc", study="demo") == 6
    assert export_qdc(read_export(DATA / "synthetic-codebook.csv"), tmp_path / "i.qdc") == 6
    again = read_export(tmp_path / "c.qdc")
    assert [(c.title, bool(c.parent)) for c in again.codes] == [
        (c.title, bool(c.parent)) for c in read_export(tmp_path / "i.qdc").codes
    ]
    with pytest.raises(ExportError, match="exists already"):
        export_qdc(again, tmp_path / "c.qdc")
    assert export_qdc(again, tmp_path / "c.qdc", overwrite=True) == 6


def test_export_command(tmp_path: Path) -> None:
    run = run_import(DATA / "synthetic-semicolon.csv", new_project(tmp_path / "p"), study="demo")
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "demo.qdc"
    assert export_command(run.findings, "demo", target, out, err) == 0
    assert "wrote 4 codes of study 'demo'" in out.getvalue()
    assert export_command(run.findings, "demo", target, out, err) == 2
    assert export_command(run.findings, "nope", tmp_path / "x.qdc", out, err) == 2
    assert [c.title for c in read_export(target).codes] == ["Safety", "Predictable frame", "Being asked first", "Hope"]
