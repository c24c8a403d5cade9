"""The MkDocs plugin in real `mkdocs build` runs of a small synthetic project."""

from __future__ import annotations

import pytest

from .sites import broken_links, mkdocs_build, parse_html, project_files, read_site

pytestmark = pytest.mark.slow


def test_builds_pages_nav_and_edit_links(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files())
    mkdocs_build(root)
    site = root / "site"
    pages = read_site(site)
    assert broken_links(site, pages) == []
    theme = (site / "studies/s1/t1/index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/team/repo/edit/main/findings/s1/t1.yml"' in theme
    assert "t1-e1" in pages["studies/s1/t1/index.html"].ids
    assert "about/index.html" in pages  # hand-written pages stay in the site and its nav
    home = parse_html(site / "index.html")
    assert "implications/" in home.links


def test_errors_fail_the_build_with_locations_and_no_traceback(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files())
    mkdocs_build(root)
    marker = (root / "site" / "index.html").read_bytes()
    (root / "findings/s1/t1.yml").write_text("type: theme\nid: t1\nstudy: s1\ntitle: x\nkind: theme\nsumary: y\n")
    (root / "findings/s1/t2.yml").write_text("type: theme\nid: t2\nstudy: s9\ntitle: x\nkind: theme\n")
    result = mkdocs_build(root, quiet=False, expect=1)
    assert "Traceback" not in result.stderr
    assert "findings/s1/t1.yml:6:1: error: unknown field 'sumary' (did you mean 'summary'?)" in result.stderr
    assert "findings/s1/t2.yml:3:8: error: study 's9' does not exist" in result.stderr
    assert "error(s) in findings records" in result.stderr
    # The plugin stops before MkDocs empties site_dir, so the last good site is still there.
    assert (root / "site" / "index.html").read_bytes() == marker


@pytest.mark.parametrize(
    "name",
    [
        "implications/index.md",
        "implications.md",
        "implications/listen.md",
        "implications/README.md",
        "studies/s1/t1/index.md",
    ],
)
def test_refuses_to_replace_a_hand_written_page(project, name: str) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files(**{f"docs/{name}": "# My own implications\n"}))
    result = mkdocs_build(root, quiet=False, expect=1)
    assert f"hand-written page(s) would be replaced by generated ones: {name}" in result.stderr


def test_prefix_puts_pages_in_a_folder(project) -> None:  # type: ignore[no-untyped-def]
    yml = project_files()["mkdocs.yml"].replace("  - findings\n", "  - findings:\n      prefix: evidence\n")  # type: ignore[union-attr]
    root = project(project_files(**{"mkdocs.yml": yml, "docs/index.md": "# Welcome\n"}))
    mkdocs_build(root)
    assert (root / "site/evidence/implications/index.html").is_file()
    assert "Welcome" in (root / "site/index.html").read_text(encoding="utf-8")
