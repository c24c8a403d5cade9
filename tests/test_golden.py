"""Golden tests: each tests/cases/*.yaml holds input files and the exact expected output.

A case has `files` (path -> content), and `expect` with `diagnostics` (the exact lines
`findings check` prints) and optionally `pages` (page path -> exact Markdown).
Regenerate after an intended change with:  UPDATE_GOLDEN=1 pytest tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from generator.core.project import Layout, build_pages

from .sites import write_tree

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))


class _Literal(str):
    pass


def _literal(dumper: yaml.SafeDumper, data: _Literal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")


yaml.SafeDumper.add_representer(_Literal, _literal)


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_case(case_file: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    write_tree(tmp_path, case["files"])
    pages, result = build_pages(Layout.at(tmp_path))
    got_diagnostics = "".join(f"{d}\n" for d in result.diagnostics)
    wanted_pages = case.get("expect", {}).get("pages") or {}
    got_pages = {path: pages[path].markdown if pages and path in pages else "<missing>" for path in wanted_pages}
    if os.environ.get("UPDATE_GOLDEN"):
        case["expect"] = {"diagnostics": _Literal(got_diagnostics) if got_diagnostics else ""}
        if wanted_pages:
            case["expect"]["pages"] = {p: _Literal(t) for p, t in got_pages.items()}
        case["files"] = {k: _Literal(v) if "\n" in v else v for k, v in case["files"].items()}
        case_file.write_text(yaml.safe_dump(case, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
        return
    assert got_diagnostics == (case["expect"].get("diagnostics") or "")
    for path, text in wanted_pages.items():
        assert got_pages[path] == text, path
