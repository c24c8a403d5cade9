"""The preview's page cache (`mkdocs serve`): each rebuild rewrites only the files whose content changed."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from generator.adapters.mkdocs.preview import Preview
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
    preview.write(dict(outputs), cache)
    first = _snapshot(cache)
    assert {path: data for path, (data, _) in first.items()} == {
        ".findings-pages": b"findings.json\nindex.md\nstudies/a.md\n",
        "findings.json": b"{}\n",
        "index.md": b"# Home\n",
        "studies/a.md": b"# A\n",
    }
    changed = {**outputs, "studies/a.md": "# A, edited\n", "findings.json": b"{}\n"[:]}  # equal
    preview.write(changed, cache)
    second = _snapshot(cache)
    assert second["studies/a.md"][0] == b"# A, edited\n"
    assert [p for p in first if first[p][1] != second[p][1]] == ["studies/a.md"]  # the others keep their mtime
    assert not list(cache.rglob("*.tmp"))


def test_added_removed_or_deleted_files_are_checked_against_the_folder(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    preview = Preview(logging.getLogger("test"), CompiledTemplates())
    preview.write({"index.md": "# Home\n", "studies/a.md": "# A\n"}, cache)
    preview.write({"index.md": "# Home\n", "studies/b.md": "# B\n"}, cache)  # a record renamed
    assert sorted(p.name for p in cache.rglob("*.md")) == ["b.md", "index.md"]
    shutil.rmtree(cache / "studies")  # someone cleaned part of the cache while serving
    preview.write({"index.md": "# Home, edited\n", "studies/b.md": "# B, edited\n"}, cache)
    assert (cache / "studies" / "b.md").read_text() == "# B, edited\n"
    assert (cache / "index.md").read_text() == "# Home, edited\n"
    shutil.rmtree(cache)  # or all of it
    preview.write({"index.md": "# Home, edited\n", "studies/b.md": "# B, edited\n"}, cache)
    assert sorted(_snapshot(cache)) == [".findings-pages", "index.md", "studies/b.md"]
