"""The folders' rule (.importlinter): the core never imports an adapter or MkDocs, and the check catches it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH first, so the package analysed is the one under ``root``, not the installed one
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [str(LINT_IMPORTS), "--no-cache", "--config", str(REPO / ".importlinter")]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)


def test_the_package_keeps_the_contracts() -> None:
    result = _lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_a_core_module_importing_mkdocs_or_an_adapter_breaks_them(tmp_path: Path) -> None:
    shutil.copytree(REPO / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    model = tmp_path / "generator" / "core" / "model.py"
    model.write_text(model.read_text() + "\nimport mkdocs\n\nfrom ..adapters.mkdocs import csp\n")
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Contracts: 0 kept, 2 broken." in result.stdout
    assert "generator.core.model -> mkdocs" in result.stdout
    assert "generator.core.model -> generator.adapters.mkdocs.csp" in result.stdout


def test_the_mkdocs_plugin_stays_a_thin_list_of_events() -> None:
    # Issue 21: logic that is not MkDocs glue goes to the core or to a named neighbour of the plugin.
    plugin = REPO / "generator" / "adapters" / "mkdocs" / "plugin.py"
    lines = len(plugin.read_text(encoding="utf-8").splitlines())
    assert lines <= 200, f"plugin.py has {lines} lines; move what is not MkDocs glue to a neighbour or the core"
