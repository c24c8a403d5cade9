"""Write generated pages as files, touching only those whose bytes changed.

Used by `findings build --out DIR` so MkDocs forks without our plugin (ProperDocs,
Zensical) can build the same site, and by the plugin's `serve --dirty` support.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..speed.executor import Executor
from ..speed.parallel import collection_paused
from .render.kinds import Page

MANIFEST = ".findings-pages"
WRITTEN, UNCHANGED = "written", "unchanged"


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def write_pages(
    pages: Mapping[str, str | bytes | Page],
    out: Path,
    executor: Executor,
    known: Mapping[str, str | bytes | Page] | None = None,
) -> WriteReport:
    """Write files (path -> text or bytes) under ``out``; remove files we wrote before that are gone now.

    Only files listed in our manifest are ever removed, so hand-written files that
    share the folder are never touched. Files are shared out by ``executor``
    (generator/speed/executor.py). ``known`` is what the caller
    wrote to ``out`` last time (a long-lived caller): a file whose content equals it
    is taken as unchanged without reading it back.
    """
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").split("\n")) - {""} if manifest.exists() else set()
    existing = _files_under(out)
    items = sorted(pages.items())
    for path, content in items:  # before writing anything: never leave a half-written folder behind
        if path in existing and path not in previous:
            target = out / path
            if not (target.is_file() and target.read_bytes() == _bytes(content)):
                raise FileExistsError(f"{target} exists and was not written by findings; refusing to replace it")

    # Folders for new files are made here, once each: asking for every file's folder was 20,000
    # calls for 500 folders at bench size L.
    for folder in sorted({posixpath.dirname(path) for path, _ in items if path not in existing} - {""}):
        (out / folder).mkdir(parents=True, exist_ok=True)
    base = str(out)

    def write_one(item: tuple[str, str | bytes | Page]) -> str:
        path, content = item
        if known is not None and path in existing and path in previous and known.get(path) == content:
            return UNCHANGED  # first: a preview rebuild passes thousands of unchanged files
        if path not in existing:
            # A new file: nothing to protect, so no temporary copy; "x" still refuses to replace a
            # file that appeared since the listing.
            with open(os.path.join(base, path), "xb") as new:
                new.write(_bytes(content))
            return WRITTEN
        target = out / path
        data = _bytes(content)
        if target.is_file() and target.read_bytes() == data:
            return UNCHANGED
        replace_file(target, data)
        return WRITTEN

    # Writing makes no garbage cycles; a collection in a forked writer would walk the parent's whole
    # heap, copying every page of memory it touches.
    with collection_paused():
        outcomes = executor.map(write_one, items)
    written = [path for (path, _), outcome in zip(items, outcomes, strict=True) if outcome == WRITTEN]
    unchanged = [path for (path, _), outcome in zip(items, outcomes, strict=True) if outcome == UNCHANGED]
    removed = []
    for path in sorted(previous - set(pages)):
        stale = out / path
        if stale.is_file():
            stale.unlink()
            removed.append(path)
    manifest.write_text("\n".join(sorted(pages)) + "\n", encoding="utf-8")
    return WriteReport(tuple(written), tuple(unchanged), tuple(removed))


def replace_file(target: Path, content: str | bytes | Page) -> None:
    """Replace through a temporary file so a reader (or a crash) never sees half a page."""
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(_bytes(content))
    os.replace(tmp, target)


def _bytes(content: str | bytes | Page) -> bytes:
    if isinstance(content, Page):
        content = content.markdown
    return content.encode("utf-8") if isinstance(content, str) else content


def _files_under(out: Path) -> set[str]:
    """Every path under ``out`` (files, folders, links), relative and with '/' separators."""
    found: set[str] = set()
    for folder, dirs, names in os.walk(out):
        relative = os.path.relpath(folder, out)
        base = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found.update(base + name for name in (*dirs, *names))
    return found
