"""Pagefind fed page by page during `mkdocs build` (generator/adapters/mkdocs/search/pagefind_feed.py): the same
index as the command-line indexer run over the finished site, failures reported, and `--dirty` builds falling back."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from generator.adapters.mkdocs.search import BackgroundIndex, PagefindError, index_site
from generator.adapters.mkdocs.search.pagefind_feed import PagefindFeed

from .sites import mkdocs_build, pagefind_project, write_tree

ABOUT_HTML = "<!doctype html><html lang='en'><head><title>Static</title></head><body>" + (
    "<main data-pagefind-body><h1>A static page</h1><p>Hand-written HTML about synthetic rapport.</p></main>"
    "</body></html>"
)

NO_HEADING = "Hand-written notes without a heading: the theme adds the page title as one, outside the content.\n"


def fragments(bundle: Path) -> dict[str, bytes]:
    """Each indexed page's record (url, words, filters, anchors), decompressed, by file name."""
    return {p.name: gzip.decompress(p.read_bytes()) for p in sorted((bundle / "fragment").iterdir())}


@pytest.mark.slow
def test_fed_index_holds_the_same_pages_as_indexing_the_finished_site(tmp_path: Path) -> None:
    extra = {"docs/static/about.html": ABOUT_HTML, "docs/notes.md": NO_HEADING}
    root = write_tree(tmp_path / "project", pagefind_project(**extra))
    log = mkdocs_build(root, quiet=False).stderr
    assert "while the site was written" in log  # the build fed Pagefind instead of indexing afterwards
    site = root / "site"
    fed = site / "pagefind"

    again = tmp_path / "again"
    shutil.copytree(site, again, ignore=shutil.ignore_patterns("pagefind"))
    assert index_site(again).startswith("Pagefind indexed")
    whole = again / "pagefind"

    # Fragments are named after their contents: the same names are the same page records.
    assert fragments(fed) == fragments(whole)
    assert any(b'"url":"/static/about.html"' in record for record in fragments(fed).values())  # static HTML too
    assert any(b"/studies/s1/t1/" in record for record in fragments(fed).values())
    # The implications page's evidence trails repeat what is indexed on the theme pages: not indexed there.
    (implications,) = [r for r in fragments(fed).values() if b'"url":"/implications/"' in r]
    assert b"Evidence trail" not in implications and b"Synthetic words" not in implications
    assert b"Implications" in implications
    for part in ("index", "filter"):
        assert len(list((fed / part).iterdir())) == len(list((whole / part).iterdir()))
    assert {p.name for p in fed.iterdir() if p.is_file() and p.suffix != ".pf_meta"} == {
        p.name for p in whole.iterdir() if p.is_file() and p.suffix != ".pf_meta"
    }


@pytest.mark.slow
def test_dirty_builds_index_the_written_site(tmp_path: Path) -> None:
    root = write_tree(tmp_path, pagefind_project())
    mkdocs_build(root)
    # Only changed pages go through MkDocs: feeding them would lose the rest. (No --strict: MkDocs warns.)
    log = mkdocs_build(root, "--dirty", strict=False, quiet=False).stderr
    assert "while the site was written" not in log
    assert "Pagefind indexed" in log
    assert len(list((root / "site" / "pagefind" / "fragment").iterdir())) >= 4


def test_feed_with_few_slots_indexes_every_page(tmp_path: Path) -> None:
    feed = PagefindFeed(in_flight=1)
    for n in range(12):
        body = f"<main data-pagefind-body><h1>Page {n}</h1><p>Synthetic words number {n}.</p></main>"
        feed.add(f"p{n}/index.html", f"<html lang='en'><body>{body}</body></html>")
    assert feed.finish(tmp_path) == "Pagefind indexed 12 pages into pagefind/ while the site was written"
    assert len(list((tmp_path / "pagefind" / "fragment").iterdir())) == 12


def test_feed_reports_a_process_that_stops(tmp_path: Path) -> None:
    with pytest.raises(PagefindError, match=r"^Pagefind stopped before the site was indexed"):
        PagefindFeed(executable=Path("/bin/true"))


def test_feed_reports_a_missing_binary(tmp_path: Path) -> None:
    with pytest.raises(PagefindError, match=r"^could not start Pagefind: .*no-such-pagefind"):
        PagefindFeed(executable=tmp_path / "no-such-pagefind")


def test_feed_with_nothing_indexed_fails_clearly(tmp_path: Path) -> None:
    feed = PagefindFeed()
    with pytest.raises(PagefindError, match=r"^Pagefind indexed no page of "):
        feed.finish(tmp_path)


def test_feed_says_how_to_install_pagefind(monkeypatch: pytest.MonkeyPatch) -> None:
    import pagefind.service

    monkeypatch.setattr(pagefind.service, "get_executable", lambda: None)
    with pytest.raises(PagefindError, match=r"pip install 'pagefind\[bin\]'"):
        PagefindFeed()


def test_pages_sent_after_the_bundle_was_asked_for_are_reported(tmp_path: Path) -> None:
    feed = PagefindFeed()
    feed.add(
        "a/index.html", "<html lang='en'><body><main data-pagefind-body><h1>A</h1><p>Words.</p></main></body></html>"
    )
    feed.write_soon(tmp_path)
    feed.add("b/index.html", "<html lang='en'><body><main data-pagefind-body><h1>B</h1></main></body></html>")
    with pytest.raises(PagefindError, match=r"b/index\.html: sent after the bundle was asked for"):
        feed.finish(tmp_path)


def small_site(root: Path, words: str) -> Path:
    for name in ("a", "b"):
        page = f"<!doctype html><html lang='en'><body><main data-pagefind-body><h1>{name}</h1><p>{words}</p></main>"
        write_tree(root, {f"{name}/index.html": page + "</body></html>"})
    return root


def test_background_index_swaps_in_a_complete_bundle(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site", "synthetic rapport")
    write_tree(site, {"pagefind/stale.txt": "from the last build"})
    said: list[str] = []
    index = BackgroundIndex(said.append, said.append)
    index.start(site)
    index.wait()
    assert said == ["search index updated: Pagefind indexed 2 pages"]
    assert (site / "pagefind" / "pagefind.js").is_file() and not (site / "pagefind" / "stale.txt").exists()
    assert sorted(p.name for p in site.iterdir()) == ["a", "b", "pagefind"]  # no staging folder left


def test_a_stopped_background_index_leaves_the_live_bundle(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site", "synthetic rapport")
    said: list[str] = []
    index = BackgroundIndex(said.append, said.append)
    index.start(site)
    index.wait()
    before = fragments(site / "pagefind")
    small_site(site, "changed words")
    index.start(site)
    index.stop()  # the next rebuild began before the index was written
    assert said == ["search index updated: Pagefind indexed 2 pages"]
    assert fragments(site / "pagefind") == before
    assert sorted(p.name for p in site.iterdir()) == ["a", "b", "pagefind"]


def test_a_failing_background_index_warns(tmp_path: Path) -> None:
    said: list[str] = []
    index = BackgroundIndex(said.append, said.append)
    index.start(tmp_path / "no-such-site")
    index.wait()
    assert len(said) == 1 and said[0].startswith("search index not updated: Pagefind exit code")
