"""Helpers for the importer tests: fresh projects, the shared corpora, running the command."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.core.diagnostics import Diagnostic
from generator.core.importers import import_command
from generator.core.project import Layout, check

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO.parent / "shared" / "corpora"


def corpus(*parts: str) -> Path:
    """A file of ../shared/corpora, or a skip: those real exports are not part of the project."""
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here: ../shared is not in a user's clone (development and CI machines have it)")
    return path


def new_project(root: Path) -> Path:
    """A minimal project: an empty findings folder and the repository's bibliography."""
    (root / "findings").mkdir(parents=True)
    (root / "bib").mkdir()
    shutil.copy(REPO / "bib" / "library.bib", root / "bib" / "library.bib")
    return root


@dataclass
class Run:
    code: int
    out: str
    err: str
    root: Path
    _records: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    @property
    def findings(self) -> Path:
        return self.root / "findings"

    def records(self) -> dict[str, dict[str, Any]]:
        """Every record file written, by id (read once: a run's files do not change afterwards)."""
        if not self._records:
            for path in sorted(self.findings.rglob("*.yml")):
                data = yaml.load(path.read_bytes(), Loader=Loader)
                self._records[data["id"]] = data
        return self._records

    def themes(self) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.records().items() if v["type"] == "theme"}

    def excerpts(self) -> list[dict[str, Any]]:
        return [e for theme in self.themes().values() for e in theme.get("excerpts", ())]

    def check(self) -> list[Diagnostic]:
        return list(check(Layout.at(self.root)).diagnostics)

    def errors(self) -> list[str]:
        return [str(d) for d in self.check() if d.is_error]


def run_import(file: Path, root: Path, *, dry_run: bool = False, study: str | None = None) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = import_command(file, root / "findings", dry_run, out, err, study=study)
    return Run(code, out.getvalue(), err.getvalue(), root)


def kinds(run: Run) -> Counter[str]:
    return Counter(theme["kind"] for theme in run.themes().values())


def make_qdpx(path: Path, qde: bytes, sources: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        for name, data in sources.items():
            archive.writestr(name, data)
    return path


def synthetic_qdpx(path: Path, folder: str = "Sources/") -> Path:
    """The hand-written synthetic project zipped with its sources (see data/README.md)."""
    sources = {folder + p.name: p.read_bytes() for p in sorted((DATA / "synthetic-sources").iterdir())}
    return make_qdpx(path, (DATA / "synthetic-project.qde").read_bytes(), sources)


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    return new_project(tmp_path / "project")
