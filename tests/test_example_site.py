"""Build the example site with real MkDocs and read the generated HTML."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.project import Layout, check
from generator.references import anchor_for

from .conftest import REPO
from .sitecheck import broken_links, read_site

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    return out


def test_example_records_have_no_errors() -> None:
    result = check(Layout.at(REPO))
    assert result.errors == []


def test_every_record_has_its_page_or_anchor(built_site: Path) -> None:
    corpus = check(Layout.at(REPO)).corpus
    assert corpus is not None
    pages = read_site(built_site)
    for study_id in corpus.studies:
        assert f"studies/{study_id}/index.html" in pages
    for theme in corpus.themes.values():
        top = corpus.top_theme(theme.id)
        page = pages[f"studies/{top.study}/{top.id}/index.html"]
        assert top.id == theme.id or theme.id in page.ids
        for excerpt in theme.excerpts:
            assert excerpt.id in page.ids
    implications = pages["implications/index.html"]
    assert set(corpus.implications) <= implications.ids
    references = pages["references/index.html"]
    assert {anchor_for(key) for key in corpus.library.entries} <= references.ids


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    pages = read_site(built_site)
    assert len(pages) > 20
    assert broken_links(built_site, pages) == []


def test_excerpts_are_headings_so_search_lands_on_them(built_site: Path) -> None:
    pages = read_site(built_site)
    page = pages["studies/levari-2023/levari-2023-close-relationship/index.html"]
    excerpt_headings = [h for h in page.headings if h[1].startswith("levari-2023-") and h[0] in ("h3", "h4")]
    assert excerpt_headings


def test_cli_build_writes_the_same_pages_mkdocs_builds(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    run = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(REPO), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert (out / "implications.md").is_file()
    assert (out / "studies" / "levari-2023" / "index.md").is_file()
    # A second run rewrites nothing.
    again = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(REPO), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert "0 page(s) written" in again.stderr
    shutil.rmtree(out)
