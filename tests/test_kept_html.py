"""A preview starts from the pages the last preview converted (kept_html.py), and shows what a fresh
build shows: unchanged pages are taken from the store with their log records, changed ones and pages
whose links now find other files are converted again, and a damaged store is started afresh."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path

import pytest

from generator.adapters.mkdocs.kept_html import STORE_FILE
from generator.speed.disk_store import DiskStore

from .previews import FIRST, FIRST_PAGE, Preview, differences, fresh_build, html_path, retitle
from .sites import synthetic_site

pytestmark = pytest.mark.slow

STORE = Path(".cache/findings-html") / STORE_FILE


def start(root: Path, site: Path) -> tuple[int, int]:
    """One preview's first build, then stopped: (pages kept from the last preview, generated pages)."""
    preview = Preview(root, site)
    counts = preview.plugin.conversion.kept_counts
    preview.close()
    return counts


def html_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


def test_a_second_preview_converts_only_what_changed_and_shows_what_a_fresh_build_shows(tmp_path: Path) -> None:
    root = synthetic_site("S", tmp_path / "site", seed=0)  # S: a copy of the example's records, not synthetic
    found, total = start(root, tmp_path / "first")
    assert found == 0 and total > 30
    assert (root / STORE).is_file()

    assert start(root, tmp_path / "again") == (total, total)  # nothing changed: every page kept
    assert html_files(tmp_path / "again") == html_files(tmp_path / "first")

    retitle(root)  # the theme's page, its study's and the pages listing the theme change
    preview = Preview(root, tmp_path / "edited")
    try:
        found, _ = preview.plugin.conversion.kept_counts
        assert total - 15 < found < total
        fresh = fresh_build(root, tmp_path / "fresh")  # copies without .cache: converts every page
        assert differences(preview, fresh, tmp_path / "fresh/site", set(html_files(tmp_path / "edited"))) == []
    finally:
        preview.close()
    assert start(root, tmp_path / "after-edit") == (total, total)  # the edited pages were kept in their turn


def test_a_kept_page_logs_its_broken_links_again_and_is_converted_again_when_they_find_a_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = synthetic_site("S", tmp_path / "site", seed=0)
    record = root / FIRST
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("summary: >-\n", "summary: >-\n  See [the notes](../../notes.md).\n", 1), "utf-8")
    warning = f"Doc file '{FIRST_PAGE}' contains a link '../../notes.md', but the target 'notes.md' is not found"

    def warnings() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.getMessage().startswith(warning)]

    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        found, total = start(root, tmp_path / "first")
        assert found == 0 and len(warnings()) == 1
        caplog.clear()
        assert start(root, tmp_path / "kept") == (total, total)
        assert len(warnings()) == 1  # logged again from the store
        caplog.clear()
        (root / "docs/notes.md").write_text("# Notes\n", encoding="utf-8")
        assert start(root, tmp_path / "linked") == (total - 1, total)
        assert warnings() == []
    page = (tmp_path / "linked" / html_path(FIRST_PAGE)).read_text(encoding="utf-8")
    assert 'href="../../../notes/"' in page


def test_a_damaged_store_is_started_afresh_and_an_unwritable_one_keeps_nothing(tmp_path: Path) -> None:
    root = synthetic_site("S", tmp_path / "site", seed=0)
    (root / STORE).parent.mkdir(parents=True)
    (root / STORE).write_bytes(b"not a database\n" * 100)
    found, total = start(root, tmp_path / "first")
    assert found == 0
    assert start(root, tmp_path / "again") == (total, total)

    notes: list[str] = []
    store = DiskStore(tmp_path / "plain-file" / STORE_FILE, notes.append)
    assert store.usable
    store.replace_all({"a": b"1", "b": b"2"}, keep=())
    store.replace_all({"c": b"3"}, keep=["a"])  # b is no longer wanted
    assert store.get_many(["a", "b", "c", "d"]) == {"a": b"1", "c": b"3"}
    store.close()
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the store's folder would be\n", encoding="utf-8")
    unusable = DiskStore(blocked / STORE_FILE, notes.append)
    assert not unusable.usable and unusable.get_many(["a"]) == {}
    unusable.replace_all({"a": b"1"}, keep=())  # does nothing, raises nothing
    assert len(notes) == 1 and notes[0].startswith(f"{blocked / STORE_FILE}: ") and "nothing is kept" in notes[0]
    assert blocked.read_text(encoding="utf-8") == "a file where the store's folder would be\n"


def test_the_store_keeps_only_the_pages_of_the_last_preview(tmp_path: Path) -> None:
    root = synthetic_site("S", tmp_path / "site", seed=0)
    _, total = start(root, tmp_path / "first")
    retitle(root)
    start(root, tmp_path / "edited")
    with sqlite3.connect(root / STORE) as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == total
    shutil.rmtree(root / ".cache/findings-pages")  # the page cache gone: the store alone still helps
    assert start(root, tmp_path / "no-page-cache") == (total, total)
