"""Codebook CSVs, on hand-made (synthetic) files: headers, quotes, spacing, line ends, fill-down."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.importers.csvbook import header_key, read_csv

from .conftest import DATA, run_import


def test_synthetic_codebook(fresh: Path) -> None:
    # BOM, CRLF, "THEME" / "Subtheme " headers, curly vs straight quotes and a trailing space
    # for the same theme, a theme left empty and filled down, a description on a theme row.
    run = run_import(DATA / "synthetic-codebook.csv", fresh, study="demo")
    assert run.code == 0, run.err
    assert run.errors() == []
    themes = run.themes()
    tree = {i: (t["title"], t.get("parent"), t.get("order")) for i, t in themes.items()}
    assert tree == {
        "demo-feeling-seen-by-the-therapist": ("Feeling ‘seen’ by the therapist", None, 1),
        "demo-being-believed": ("Being believed", "demo-feeling-seen-by-the-therapist", 1),
        "demo-being-remembered": ("Being remembered", "demo-feeling-seen-by-the-therapist", 2),
        "demo-warmth": ("Warmth", "demo-feeling-seen-by-the-therapist", 3),
        "demo-doubts-about-therapy": ("Doubts about therapy", None, 2),
        "demo-fear-of-dependence": ("Fear of dependence", "demo-doubts-about-therapy", 1),
    }
    assert themes["demo-being-believed"]["summary"] == (
        'The therapist takes the account at face value, without "checking" it.'
    )
    assert themes["demo-doubts-about-therapy"]["summary"] == "Early doubts whether talking can help."
    assert themes["demo-fear-of-dependence"]["summary"] == "“Needing” the sessions too much."
    assert "summary" not in themes["demo-warmth"]  # empty description cell


def test_semicolons_and_other_header_names(fresh: Path) -> None:
    run = run_import(DATA / "synthetic-semicolon.csv", fresh)
    assert run.code == 0, run.err
    themes = run.themes()
    assert sorted(themes) == [
        "synthetic-semicolon-being-asked-first",
        "synthetic-semicolon-hope",
        "synthetic-semicolon-predictable-frame",
        "synthetic-semicolon-safety",
    ]
    assert themes["synthetic-semicolon-safety"]["summary"] == "A sense that the room is safe."
    assert themes["synthetic-semicolon-predictable-frame"]["summary"] == "Same time, same room"
    assert "columns not read: Coder notes" in run.out


@pytest.mark.parametrize(
    ("cell", "key"),
    [("Sub-Categories", "sub categories"), ("  THEME ", "theme"), ("indicator_label", "indicator label")],
)
def test_header_names(cell: str, key: str) -> None:
    assert header_key(cell) == key


def test_no_theme_column_is_an_error(fresh: Path, tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("name,age\nA,3\n", encoding="utf-8")
    run = run_import(path, fresh)
    assert run.code == 1
    assert "no theme column" in run.err
    assert list(run.findings.iterdir()) == []


def test_cp1252_and_subtheme_before_theme(tmp_path: Path) -> None:
    data = "Subtheme,Theme\nOrphan,\nCaf\u00e9 talk,Small talk\n".encode("cp1252")
    project = read_csv(data, "x.csv")
    messages = [d.message for d in project.diagnostics]
    assert any("Windows-1252" in m for m in messages)
    assert any("before any theme" in m for m in messages)
    assert [(c.title, bool(c.parent)) for c in project.codes] == [("Small talk", False), ("Café talk", True)]


def test_empty_and_binary_files(tmp_path: Path) -> None:
    assert read_csv(b"", "e.csv").diagnostics[0].message == "the file is empty"
    assert "NUL" in read_csv(b"a\x00b", "n.csv").diagnostics[0].message


def test_flat_code_list(fresh: Path, tmp_path: Path) -> None:
    path = tmp_path / "tags.csv"
    path.write_text("Tag,Description,Number of highlights\nHope,Looking forward,3\nFear,,1\n", encoding="utf-8")
    run = run_import(path, fresh)
    assert run.code == 0, run.err
    themes = run.themes()
    assert {t["title"]: (t["kind"], t.get("summary")) for t in themes.values()} == {
        "Hope": ("theme", "Looking forward"),
        "Fear": ("theme", None),
    }
