"""The example builds the same with ProperDocs, the maintained drop-in fork of MkDocs 1.x.

MkDocs 1.x is no longer developed; if it stops installing, a site owner switches the command and nothing
else. So ProperDocs builds the repository's own mkdocs.yml (strict) and every file must equal MkDocs' output,
except the `<meta name="generator">` tag that names the builder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO
from .sites import copy_example, mkdocs_build

pytestmark = pytest.mark.slow

GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def build(builder: str, project: Path, out: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1700000000", "FINDINGS_WORKERS": "1"}
    mkdocs_build(project, "--site-dir", str(out), builder=builder, env=env)


def files(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    if shutil.which("properdocs", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("properdocs is not installed (it is pinned in requirements.lock)")
    project = copy_example(tmp_path / "project")
    build("mkdocs", project, tmp_path / "mkdocs-site")
    build("properdocs", project, tmp_path / "properdocs-site")
    by_mkdocs = files(tmp_path / "mkdocs-site")
    by_properdocs = files(tmp_path / "properdocs-site")
    assert sorted(by_mkdocs) == sorted(by_properdocs)
    assert len(by_mkdocs) > 40
    differing = [
        name
        for name, content in by_mkdocs.items()
        if GENERATOR_META.sub(b"", content) != GENERATOR_META.sub(b"", by_properdocs[name])
    ]
    assert differing == []
    home = by_properdocs["index.html"].decode()
    assert "ProperDocs" in home  # it really was the other builder


ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
ANCHOR = re.compile(r'\bid="([^"]+)"')
ZENSICAL_ONLY_IDS = {"__skip"}  # Zensical's skip-link target, inside the article


def anchors(page: Path) -> set[str]:
    article = ARTICLE.search(page.read_text(encoding="utf-8"))
    assert article is not None, f"{page} has no article"
    return set(ANCHOR.findall(article.group(0))) - ZENSICAL_ONLY_IDS


def test_zensical_builds_the_same_pages_and_anchors(tmp_path: Path) -> None:
    """`make site-zensical` (no plugins: pages written by `findings build --out`) against the plugin's build."""
    bin_dir = Path(sys.executable).parent
    if shutil.which("zensical", path=str(bin_dir)) is None:
        pytest.skip("zensical is not installed (it is pinned in requirements.lock)")
    project = copy_example(tmp_path / "project")
    for name in ("Makefile", "zensical.yml"):
        shutil.copy(REPO / name, project / name)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FINDINGS_WORKERS": "1"}
    # The venv exists already: an empty STAMP skips the install step, BIN points at this venv.
    run = subprocess.run(
        ["make", "site-zensical", "STAMP=", f"BIN={bin_dir}"], cwd=project, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, f"make site-zensical failed:\n{run.stdout}\n{run.stderr}"
    build("mkdocs", project, tmp_path / "mkdocs-site")
    by_zensical = project / ".zensical" / "site"
    by_mkdocs = tmp_path / "mkdocs-site"
    pages = sorted(str(page.relative_to(by_mkdocs)) for page in by_mkdocs.rglob("*.html"))
    assert pages == sorted(str(page.relative_to(by_zensical)) for page in by_zensical.rglob("*.html"))
    assert len(pages) > 30
    different = {page: anchors(by_mkdocs / page) ^ anchors(by_zensical / page) for page in pages}
    assert {page: ids for page, ids in different.items() if ids} == {}
    assert "keep-setting-flexible" in anchors(by_zensical / "implications" / "index.html")
