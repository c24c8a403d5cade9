"""Shared fixtures: a project folder in tmp_path, and the example site built once. Helpers are in sites.py."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from .sites import EXAMPLE_EPOCH, REPO, mkdocs_build, write_tree

__all__ = ["REPO"]  # tests import the repository's path from here


@pytest.fixture
def project(tmp_path: Path) -> Callable[[Mapping[str, str | bytes]], Path]:
    """Write files into a fresh project folder; returns the folder."""

    def make(files: Mapping[str, str | bytes]) -> Path:
        return write_tree(tmp_path, files)

    return make


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example, built once per worker with its own mkdocs.yml (strict), dated EXAMPLE_EPOCH.

    Tests only read it: one that changes the site must build its own."""
    out = tmp_path_factory.mktemp("example") / "site"
    mkdocs_build(REPO, "--site-dir", str(out), env={"SOURCE_DATE_EPOCH": EXAMPLE_EPOCH})
    return out
