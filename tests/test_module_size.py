"""Modules stay small enough to read (issue 21): none under generator/ over 400 lines, a thin MkDocs adapter."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAX_LINES = 400
MAX_PLUGIN_LINES = 200


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def oversized(package: Path, limit: int = MAX_LINES) -> list[str]:
    """'path: N lines' for every Python module under ``package`` longer than ``limit`` lines."""
    found = []
    for module in sorted(package.rglob("*.py")):
        lines = line_count(module)
        if lines > limit:
            found.append(f"{module.relative_to(package.parent).as_posix()}: {lines} lines")
    return found


def test_no_module_under_generator_is_over_400_lines() -> None:
    too_long = oversized(REPO / "generator")
    assert not too_long, f"split by responsibility (at most {MAX_LINES} lines each): " + "; ".join(too_long)


def test_the_mkdocs_plugin_is_at_most_200_lines() -> None:
    lines = line_count(REPO / "generator" / "adapters" / "mkdocs" / "plugin.py")
    assert lines <= MAX_PLUGIN_LINES, f"generator/adapters/mkdocs/plugin.py: {lines} lines (at most {MAX_PLUGIN_LINES})"


def test_the_check_names_every_long_module(tmp_path: Path) -> None:
    package = tmp_path / "generator"
    (package / "core").mkdir(parents=True)
    (package / "core" / "long.py").write_text("x = 1\n" * 401)
    (package / "core" / "short.py").write_text("x = 1\n" * 400)
    (package / "longer.py").write_text("x = 1\n" * 500)
    assert oversized(package) == ["generator/core/long.py: 401 lines", "generator/longer.py: 500 lines"]
