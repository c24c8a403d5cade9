"""The preview's page cache (`mkdocs serve`): each rebuild rewrites only the files whose content changed."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page

from generator.adapters.mkdocs.preview import Preview
from generator.adapters.mkdocs.site_pages import KeptFiles
from generator.adapters.mkdocs.theme import CompiledTemplates


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_only_changed_files_are_replaced(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    preview = Preview(logging.getLogger("test"), CompiledTemplates())
    outputs: dict[str, str | bytes] = {"index.md": "# Home\n", "studies/a.md": "# A\n", "findings.json": b"{}\n"}
    assert preview.write(dict(outputs), cache) is None  # the first: no telling what changed
    first = _snapshot(cache)
    assert {path: data for path, (data, _) in first.items()} == {
        ".findings-pages": b"findings.json\nindex.md\nstudies/a.md\n",
        "findings.json": b"{}\n",
        "index.md": b"# Home\n",
        "studies/a.md": b"# A\n",
    }
    changed = {**outputs, "studies/a.md": "# A, edited\n", "findings.json": b"{}\n"[:]}  # equal
    assert preview.write(changed, cache) == {"studies/a.md"}
    second = _snapshot(cache)
    assert second["studies/a.md"][0] == b"# A, edited\n"
    assert [p for p in first if first[p][1] != second[p][1]] == ["studies/a.md"]  # the others keep their mtime
    assert not list(cache.rglob("*.tmp"))


def test_added_removed_or_deleted_files_are_checked_against_the_folder(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    preview = Preview(logging.getLogger("test"), CompiledTemplates())
    preview.write({"index.md": "# Home\n", "studies/a.md": "# A\n"}, cache)
    renamed = preview.write({"index.md": "# Home\n", "studies/b.md": "# B\n"}, cache)  # a record renamed
    assert renamed == {"studies/b.md"}
    assert sorted(p.name for p in cache.rglob("*.md")) == ["b.md", "index.md"]
    shutil.rmtree(cache / "studies")  # someone cleaned part of the cache while serving
    edited = preview.write({"index.md": "# Home, edited\n", "studies/b.md": "# B, edited\n"}, cache)
    assert edited == {"index.md", "studies/b.md"}
    assert (cache / "studies" / "b.md").read_text() == "# B, edited\n"
    assert (cache / "index.md").read_text() == "# Home, edited\n"
    shutil.rmtree(cache)  # or all of it
    preview.write({"index.md": "# Home, edited\n", "studies/b.md": "# B, edited\n"}, cache)
    assert sorted(_snapshot(cache)) == [".findings-pages", "index.md", "studies/b.md"]


def _mkdocs_config(root: Path, extra: str = "") -> MkDocsConfig:
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(f"site_name: Test\n{extra}", encoding="utf-8")
    config = load_config(config_file=str(root / "mkdocs.yml"))
    config.plugins._current_plugin = "findings"  # as while MkDocs runs the plugin's on_files
    return config


def test_mkdocs_files_of_the_cache_are_kept_between_rebuilds(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    kept = KeptFiles()
    config = _mkdocs_config(tmp_path)
    first = kept.files(config, ["index.md", "studies/a.md", "findings.json"], cache)
    fresh = File.generated(config, "studies/a.md", abs_src_path=str(cache / "studies/a.md"))
    made = first["studies/a.md"]
    assert (made.src_uri, made.dest_uri, made.url, made.abs_src_path, made.abs_dest_path) == (
        fresh.src_uri,
        fresh.dest_uri,
        fresh.url,
        fresh.abs_src_path,
        fresh.abs_dest_path,
    )
    made.page = Page(None, made, config)  # as MkDocs' build sets it
    made.inclusion = InclusionLevel.INCLUDED
    again = kept.files(_mkdocs_config(tmp_path), ["index.md", "studies/a.md", "studies/b.md"], cache)
    assert again["studies/a.md"] is made and made.page is None  # the page is made again from the new Markdown
    assert made.inclusion == InclusionLevel.INCLUDED
    assert again["studies/b.md"].src_uri == "studies/b.md" and "findings.json" not in again

    # New exclusion settings or another address style: every file is made again.
    excluded = kept.files(_mkdocs_config(tmp_path, "exclude_docs: studies/\n"), ["studies/a.md"], cache)
    assert excluded["studies/a.md"] is not made and excluded["studies/a.md"].inclusion == InclusionLevel.UNDEFINED
    flat = kept.files(_mkdocs_config(tmp_path, "use_directory_urls: false\n"), ["studies/a.md"], cache)
    assert flat["studies/a.md"].url == "studies/a.html"


def test_a_preview_makes_no_sitemap_but_keeps_the_404_page(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\ntheme:\n  name: material\n", encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    assert {"sitemap.xml", "404.html"} <= config.theme.static_templates
    preview = Preview(logging.getLogger("test"), CompiledTemplates())
    preview.rebuild_starts(config)
    preview.stop()  # the collector back on
    assert "sitemap.xml" not in config.theme.static_templates and "404.html" in config.theme.static_templates
    assert load_config(config_file=str(tmp_path / "mkdocs.yml")).theme.static_templates >= {"sitemap.xml"}


def _stamp(path: Path, content: str, mtime: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    os.utime(path, (mtime, mtime))


def test_a_cache_file_is_current_once_a_build_ended_well_until_its_content_changes(tmp_path: Path) -> None:
    """MkDocs' `--dirty` check (source newer than its copy in the site) is answered from memory for the files
    of the page cache, and from the disk for those changed since the last build that ended well."""
    cache, config = tmp_path / "cache", _mkdocs_config(tmp_path)
    config.site_dir = str(tmp_path / "site")
    paths = ["studies/a.md", "studies/b.md", "refs/b.ris"]
    kept = KeptFiles()
    made = kept.files(config, paths, cache)
    for path in paths:
        _stamp(cache / path, "old", 1000)
    assert all(file.is_modified() for file in made.values())  # not in the site yet
    for file in made.values():  # MkDocs copies or builds each
        _stamp(Path(file.abs_dest_path), "built", 2000)
    kept.built()
    _stamp(cache / "studies/a.md", "new", 3000)  # the preview rewrites a page of the cache
    again = kept.files(config, paths, cache, changed={"studies/a.md"})
    assert [p for p in paths if again[p].is_modified()] == ["studies/a.md"]
    Path(again["refs/b.ris"].abs_dest_path).unlink()  # not asked: the site holds it as built
    assert not again["refs/b.ris"].is_modified()

    # The build fails before writing the page: the next one still asks the disk about it.
    after_failure = kept.files(config, paths, cache, changed=set())
    assert [p for p in paths if after_failure[p].is_modified()] == ["studies/a.md"]
    kept.built()
    assert not after_failure["studies/a.md"].is_modified()
    # No telling what changed (the cache was checked and written whole): every file asks the disk.
    unknown = kept.files(config, paths, cache, changed=None)
    assert [p for p in paths if unknown[p].is_modified()] == ["studies/a.md", "refs/b.ris"]  # a: 3000 > 2000


def test_a_cache_file_goes_into_the_site_as_a_link_and_a_replaced_one_as_its_new_content(tmp_path: Path) -> None:
    cache, config = tmp_path / "cache", _mkdocs_config(tmp_path)
    config.site_dir = str(tmp_path / "site")
    preview = Preview(logging.getLogger("test"), CompiledTemplates())
    outputs: dict[str, str | bytes] = {"refs/a.ris": b"TY  - JOUR\n", "findings.json": b"{}\n"}
    made = preview.publish(config, dict(outputs), cache)
    for file in made.values():
        file.copy_file(dirty=True)
    site = Path(config.site_dir)
    assert (site / "refs/a.ris").read_bytes() == b"TY  - JOUR\n"
    assert os.path.samefile(site / "refs/a.ris", cache / "refs/a.ris")  # one file, two names
    preview.built()

    made = preview.publish(config, {**outputs, "refs/a.ris": b"TY  - BOOK\n"}, cache)
    for file in made.values():
        file.copy_file(dirty=True)
    assert (site / "refs/a.ris").read_bytes() == b"TY  - BOOK\n"
    assert (site / "findings.json").read_bytes() == b"{}\n"
    assert (cache / "refs/a.ris").read_bytes() == b"TY  - BOOK\n"  # the cache's file was replaced, not written into
