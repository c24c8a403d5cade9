"""The benchmark's targets table (bench/targets.py) and its floor process (bench/floor.py)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO

FLOOR = REPO / "bench" / "floor.py"


@pytest.fixture(scope="module")
def targets() -> Any:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        return importlib.import_module("targets")
    finally:
        sys.path.remove(str(REPO / "bench"))


def figures(size: str, reload: list[float], start: float, build: float, floor: float, check: float) -> dict[str, Any]:
    return {
        "kind": "targets",
        "size": size,
        "repeat": 1,
        "edits": len(reload),
        "reload": reload,
        "serve_start": [start],
        "build": [build],
        "build_cpu": [build * 1.5],
        "floor": [floor],
        "floor_cpu": [floor],
        "check": [check],
        "check_cpu": [check],
        "serve_start_next": [start / 2],
        "reload_next": [r * 1.1 for r in reload],
    }


def row(table: str, label: str, size: str) -> str:
    return next(line for line in table.splitlines() if line.startswith(label) and f"  {size}  " in line)


def test_each_figure_is_judged_on_its_median_against_the_target_of_its_size(targets: Any) -> None:
    table = targets.report(
        [
            figures("M", [0.4, 0.6, 0.45], start=12.0, build=3.0, floor=1.0, check=1.0),
            figures("L", [1.2, 1.9, 1.8], start=29.0, build=6.0, floor=4.0, check=2.5),
        ]
    )
    assert row(table, "edit-to-reload", "M").endswith("<= 0.5 s  pass")  # median 0.45 s; one edit took 0.6 s
    assert row(table, "edit-to-reload", "L").endswith("<= 1.5 s  FAIL")  # median 1.8 s
    assert row(table, "serve --dirty start", "L").endswith("<= 30 s   pass")
    assert row(table, "serve --dirty start", "M").endswith("12.00 s")  # no target at M: shown, not judged
    ratio = row(table, "findings build --out / floor", "L").split()[-6:]
    assert ratio == ["1.50x", "2.25x", "(CPU)", "<=", "1.5x", "pass"]  # wall 6 s / 4 s at the limit; CPU 9 s / 4 s
    assert row(table, "findings check", "L").endswith("<= 2 s    FAIL")
    assert row(table, "  next preview: start", "L").endswith("<= 30 s   pass")  # 14.5 s
    assert row(table, "  next preview: edit-to-reload", "M").endswith("<= 0.5 s  pass")  # 0.495 s
    assert row(table, "  next preview: edit-to-reload", "L").endswith("<= 1.5 s  FAIL")
    assert "5 of 8 targets met (each on a median)" in table


def test_figures_of_runs_without_the_next_preview_are_still_reported(targets: Any) -> None:
    result = figures("L", [1.2], start=29.0, build=6.0, floor=4.0, check=1.5)
    del result["serve_start_next"], result["reload_next"]
    table = targets.report([result])
    assert "next preview" not in table and "4 of 4 targets met" in table


def test_a_target_without_a_figure_fails(targets: Any) -> None:
    result = figures("L", [], start=1.0, build=1.0, floor=1.0, check=1.0)
    result["serve_start"] = result["serve_start_next"] = []
    table = targets.report([result])
    assert row(table, "edit-to-reload", "L").endswith("FAIL (not measured)")
    assert row(table, "serve --dirty start", "L").endswith("FAIL (not measured)")
    assert row(table, "  next preview: start", "L").endswith("FAIL (not measured)")
    assert "2 of 6 targets met" in table


def test_the_floor_parses_every_record_and_writes_the_packed_bytes(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "studies" / "a").mkdir(parents=True)
    (pages / "index.md").write_text("# Home\n", encoding="utf-8")
    (pages / "studies" / "a" / "t.md").write_text("# Theme\n\nÆ ø å\n", encoding="utf-8")
    (pages / "data.bin").write_bytes(bytes(range(256)))
    findings = tmp_path / "findings"
    (findings / "s").mkdir(parents=True)
    (findings / "s" / "study.yml").write_text("type: study\nid: s\n", encoding="utf-8")
    packed = tmp_path / "outputs.marshal"
    python = [sys.executable, str(FLOOR)]
    subprocess.run([*python, "--pack", str(pages), str(packed)], check=True, capture_output=True)
    out = tmp_path / "out"
    subprocess.run([*python, str(packed), str(findings), str(out)], check=True, capture_output=True)
    written = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert written == {str(p.relative_to(pages)): p.read_bytes() for p in pages.rglob("*") if p.is_file()}
    (findings / "s" / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    failed = subprocess.run([*python, str(packed), str(findings), str(tmp_path / "again")], capture_output=True)
    assert failed.returncode != 0 and b"yaml" in failed.stderr.lower()  # it really parses the records
