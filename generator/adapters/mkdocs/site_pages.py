"""The core's pages and data files in MkDocs' build: added as files, checked against hand-written pages,
with each defined term linked to the glossary."""

from __future__ import annotations

import contextlib
import os
import posixpath
from collections.abc import Collection, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import get_relative_url

from ...core.diagnostics import Diagnostic
from ...core.model import Corpus
from ...core.outputs import asset_files
from ...core.render.kinds import Page
from ...core.render.terms import TermMatcher, annotate, matcher


def log_diagnostics(log: Any, diagnostics: Iterable[Diagnostic], warnings_fail: bool) -> None:
    """Errors as errors; warnings as MkDocs warnings (so `--strict` fails on them) or as info."""
    for diagnostic in diagnostics:
        if diagnostic.is_error:
            log.error(str(diagnostic))
        else:
            (log.warning if warnings_fail else log.info)(str(diagnostic))


def refuse_clashes(files: Files, pages: Mapping[str, Page], config: MkDocsConfig) -> None:
    """A hand-written page clashes by its name or by its address (docs/implications.md and a generated
    implications/index.md are both implications/)."""
    # MkDocs says where each page goes; asked only of generated pages that could go where a hand-written one
    # does (same path less its extension and a last /index or /README): thousands of File objects were slow.
    by_stem: dict[str, list[str]] = {}
    for path in pages:
        by_stem.setdefault(_stem(path), []).append(path)

    def clash(hand_written: File) -> bool:
        if hand_written.src_uri in pages:
            return True
        candidates = by_stem.get(_stem(hand_written.src_uri), ())
        return any(
            File(path, None, config.site_dir, config.use_directory_urls).dest_uri == hand_written.dest_uri
            for path in candidates
        )

    clashes = [f.src_uri for f in files.documentation_pages() if clash(f)]
    if clashes:
        raise PluginError(
            "hand-written page(s) would be replaced by generated ones: "
            + ", ".join(clashes)
            + " (move them, or set the plugin's `prefix`)"
        )


def _stem(path: str) -> str:
    stem = posixpath.splitext(path)[0]
    parent, name = posixpath.split(stem)
    return parent if name.lower() in ("index", "readme") else stem


def add_files(
    files: Files, config: MkDocsConfig, outputs: Mapping[str, str | bytes], made: Mapping[str, File] | None = None
) -> None:
    """The pages and data files (``made``: as files of the preview's page cache), then the assets."""
    if made is not None:
        for file in made.values():
            files.append(file)
    else:
        for path, content in outputs.items():
            files.append(File.generated(config, path, content=content))
    for path, content in asset_files().items():
        files.append(File.generated(config, path, content=content))


class CacheFile(File):
    """A file of the preview's page cache, which knows when the built site holds its current content.

    With `--dirty`, MkDocs asks every file whether its source is newer than its copy in the site, two
    file-system calls each, 30,000 per rebuild at bench size L (page, then again when writing the page;
    data files and reference exports when copying). The preview wrote the cache itself, so it knows:
    a file whose content is unchanged since a build that ended well is not asked again.
    """

    current = False  # the site holds this content, as written by a build that ended well
    placeholder = False  # the site holds a placeholder or nothing for this page (deferred_pages.py): build it
    in_background = False  # converted in the background meanwhile: `--dirty` leaves it alone until then

    def is_modified(self) -> bool:
        if self.in_background:
            return False
        return self.placeholder or (not self.current and super().is_modified())

    def copy_file(self, dirty: bool = False) -> None:
        """Into the site as a second name of the cache's file (a hard link), where the file system allows it.

        Copying the 20,000 data files of bench size L (reference exports, findings.json) was 2 s of a preview's
        start. The preview replaces a changed cache file by a new one (write.py), never writing into it, so the
        site's name keeps the content it was built with until MkDocs links the new file.
        """
        if dirty and not self.is_modified():
            return
        source, target = self.abs_src_path, self.abs_dest_path
        if source is None:
            super().copy_file()
            return
        try:
            _link(source, target)
        except OSError:  # another file system, or no links there
            super().copy_file()


def _link(source: str, target: str) -> None:
    """``target`` as another name of ``source``, replacing what is there; its folder made if it is the first."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)
    try:
        os.link(source, target)
    except FileNotFoundError:  # asked only then: making sure of the folder for every file cost a call each
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(source, target)


class KeptFiles:
    """`mkdocs serve`: MkDocs' objects for the files of the page cache, made once and handed out again.

    A rebuild at bench size L adds 20,000 files, and making each again (its paths and address worked out
    through pathlib, its inclusion matched against the exclusion settings) was a tenth of the rebuild. A
    kept file still reads its content from the cache on disk; its page is cleared, so MkDocs makes the page
    again from the new Markdown. Files are made anew when the site folder, the address style or the
    exclusion settings change.
    """

    def __init__(self) -> None:
        self.made_for: tuple[Any, ...] | None = None
        self.kept: dict[str, CacheFile] = {}
        self.gone: list[File] = []  # files the last build published and this one does not
        self.placeholders: AbstractSet[str] = frozenset()  # pages the site shows as placeholders

    def files(
        self, config: MkDocsConfig, paths: Iterable[str], cache_dir: Path, changed: Collection[str] | None = None
    ) -> dict[str, CacheFile]:
        """The files at ``paths``; ``changed``: those whose content changed since the last build (None: any)."""
        made_for = (config.site_dir, config.use_directory_urls, str(cache_dir), *map(_patterns, _exclusions(config)))
        before = self.kept if made_for == self.made_for else {}
        now = {}
        for path in paths:
            file = before.get(path)
            if file is None:
                file = cast(CacheFile, CacheFile.generated(config, path, abs_src_path=str(cache_dir / path)))
                file.placeholder = path in self.placeholders
            else:
                file.page = None
                if changed is None or path in changed:
                    file.current = False
            now[path] = file
        self.gone = [file for path, file in before.items() if path not in now]
        self.made_for, self.kept = made_for, now
        return now

    def built(self, placeholders: AbstractSet[str] = frozenset()) -> dict[str, str]:
        """A build ended well: MkDocs wrote every file that was not current into the site, a placeholder or
        nothing for ``placeholders``, the pages still converted in the background; returns their addresses."""
        self.placeholders = placeholders
        for path, file in self.kept.items():
            file.current = True
            file.placeholder = path in placeholders
        return {self.kept[path].url: path for path in placeholders if path in self.kept}

    def remove_gone(self) -> None:
        """Take what the last build wrote for files no longer published (a record removed or renamed) out of
        the served site: `--dirty` builds never remove anything, so its page stayed reachable."""
        for file in self.gone:
            target = Path(file.abs_dest_path)
            if target.is_file():
                target.unlink()
                if file.is_documentation_page() and target.name == "index.html":
                    with contextlib.suppress(OSError):  # not empty: other pages live below it
                        target.parent.rmdir()
        self.gone = []


def _exclusions(config: MkDocsConfig) -> tuple[Any, ...]:
    return (config.get("exclude_docs"), config.get("draft_docs"), config.get("not_in_nav"))


def _patterns(spec: Any) -> tuple[tuple[str | None, bool | None], ...]:
    """A path spec's patterns as comparable values (None: no spec)."""
    if spec is None:
        return ()
    return tuple(
        (getattr(getattr(p, "regex", None), "pattern", None), getattr(p, "include", None)) for p in spec.patterns
    )


@dataclass(frozen=True)
class TermLinks:
    """glossary: each defined term on a generated page becomes a link to its definition (tooltip)."""

    terms: TermMatcher | None = None
    glossary: str = ""  # the generated glossary page, found by its kind
    pages: Mapping[str, Page] = field(default_factory=dict)

    @classmethod
    def for_site(cls, corpus: Corpus | None, pages: Mapping[str, Page]) -> TermLinks:
        """The links for a site made from ``corpus`` (none without one: no links from broken records)."""
        if corpus is None:
            return cls()
        glossary = next((path for path, page in pages.items() if page.kind == "glossary"), "")
        return cls(matcher(corpus.glossary), glossary, pages)

    def explain(self, html: str, page: MkDocsPage, files: Files) -> str:
        """A generated page's HTML with its defined terms linked (other pages, and the glossary's own, unchanged)."""
        if self.terms is None or page.file.src_uri not in self.pages or page.file.src_uri == self.glossary:
            return html
        target = files.get_file_from_path(self.glossary)
        if target is None:
            return html
        base = get_relative_url(target.url, page.url)
        return annotate(html, self.terms, lambda term: f"{base}#{term.anchor}")
