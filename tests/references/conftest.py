"""Helpers for the bibliography tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.diagnostics import Diagnostic
from generator.core.references import Library, load_library

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO / ".." / "shared" / "corpora"


def load_text(tmp_path: Path, text: str | bytes, name: str = "refs.bib") -> tuple[Library, list[str]]:
    """Write one .bib file and load it; diagnostics come back as strings."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    library, diags = load_library([path], root=tmp_path)
    return library, [str(d) for d in diags]


@pytest.fixture(scope="session")
def fixture_library() -> tuple[Library, list[Diagnostic]]:
    return load_library([DATA / "apa-cases.bib"], root=DATA)
