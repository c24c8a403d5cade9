"""Shared test helpers: paths, and small projects written into a temporary folder."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write files into a fresh project folder; returns the folder."""

    def make(files: dict[str, str | bytes]) -> Path:
        return write_tree(tmp_path, files)

    return make


def mkdocs_build(cwd: Path, *options: str, strict: bool = True, env: dict[str, str] | None = None) -> None:
    """Run `mkdocs build --quiet [--strict] OPTIONS` in ``cwd``; a failed build fails the test with MkDocs' output."""
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", *(["--strict"] if strict else []), *options]
    run = subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        pytest.fail(f"{' '.join(command[2:])} failed in {cwd}:\n{run.stdout}\n{run.stderr}", pytrace=False)


def example_config(*settings: str) -> str:
    """The example site's mkdocs.yml with extra settings (``"name: value"``) for the findings plugin."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    extra = "".join(f"      {setting}\n" for setting in settings)
    changed = config.replace("      bib: bib\n", "      bib: bib\n" + extra, 1)
    assert changed != config or not settings, "the plugin's settings are not where they were"
    return changed


def copy_example(root: Path, *settings: str) -> Path:
    """The example site (records, library, docs) copied to ``root``, its plugin given ``settings``."""
    for name in ("findings", "bib", "docs"):
        shutil.copytree(REPO / name, root / name)
    (root / "mkdocs.yml").write_text(example_config(*settings), encoding="utf-8")
    return root


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here: ../shared comes with the development and CI machines, not with a clone")
    return path


def synthetic_site(size: str, out: Path, seed: int) -> Path:
    """A complete SYNTHETIC site folder from bench/corpus.py (invented data), as the benchmarks use."""
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))  # dataclasses look it up
    spec.loader.exec_module(module)
    module.make_site(size, out, seed=seed)
    return out
