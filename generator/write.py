"""Write generated pages as files, touching only those whose bytes changed.

Used by `findings build --out DIR` so MkDocs forks without our plugin (ProperDocs,
Zensical) can build the same site, and by the plugin's `serve --dirty` support.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .render.pages import Page

MANIFEST = ".findings-pages"


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def write_pages(pages: Mapping[str, str | bytes | Page], out: Path) -> WriteReport:
    """Write files (path -> text or bytes) under ``out``; remove files we wrote before that are gone now.

    Only files listed in our manifest are ever removed, so hand-written files that
    share the folder are never touched.
    """
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").split("\n")) - {""} if manifest.exists() else set()
    existing = _files_under(out)
    folders = {out}
    written, unchanged = [], []
    for path, content in sorted(pages.items()):
        target = out / path
        if isinstance(content, Page):
            content = content.markdown
        data = content.encode("utf-8") if isinstance(content, str) else content
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if path not in existing:
            # A new file: nothing to protect, so no temporary copy; "x" still refuses to replace a
            # file that appeared since the listing.
            with open(target, "xb") as new:
                new.write(data)
            written.append(path)
            continue
        if target.is_file() and target.read_bytes() == data:
            unchanged.append(path)
            continue
        if path not in previous:
            raise FileExistsError(f"{target} exists and was not written by findings; refusing to replace it")
        # Replace through a temporary file so a reader (or a crash) never sees half a page.
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        written.append(path)
    removed = []
    for path in sorted(previous - set(pages)):
        stale = out / path
        if stale.is_file():
            stale.unlink()
            removed.append(path)
    manifest.write_text("\n".join(sorted(pages)) + "\n", encoding="utf-8")
    return WriteReport(tuple(written), tuple(unchanged), tuple(removed))


def _files_under(out: Path) -> set[str]:
    """Every path under ``out`` (files, folders, links), relative and with '/' separators."""
    found: set[str] = set()
    for folder, dirs, names in os.walk(out):
        relative = os.path.relpath(folder, out)
        base = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found.update(base + name for name in (*dirs, *names))
    return found
