"""The pipeline, records in and pages out: load -> validate -> model -> render.

Adapters (the `findings` command, the MkDocs plugin) call :func:`check` or :func:`build_site`
with a :class:`~generator.speed.executor.BuildMode` (where the work runs, whether the collector is
paused) and, for rebuilds, :class:`Caches`; nothing here knows about MkDocs or whether work forks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TextIO

import jinja2

from ..speed.executor import ONE_OFF, BuildMode, Executor
from ..speed.memo import RenderMemo
from ..speed.parallel import collection_paused
from ..speed.progress import Progress
from .corpus import assemble
from .diagnostics import Diagnostic, Location, sorted_diagnostics
from .history import History, head, read_history
from .kept_records import KeptRecords
from .load import RecordCache, discover, load_records
from .model import Corpus
from .outputs import site_contents
from .redact import load_redaction_list, scan_outputs
from .references import ParseCache, load_library
from .references.keys import library_keys
from .render.aliases import page_url
from .render.data import FindingsJsonParts, LibraryFiles, data_files
from .render.environment import make_environment
from .render.feed import atom_feed, feed_path
from .render.kinds import Page
from .render.pages import RenderOptions, render_pages
from .render.paths import SitePaths
from .validate import RecordValidator


@dataclass(frozen=True)
class Layout:
    """Where a project keeps its records and references."""

    root: Path
    findings_dir: Path
    bib_dir: Path

    @classmethod
    def at(cls, root: Path, findings: str = "findings", bib: str = "bib") -> Layout:
        root = root.resolve()
        return cls(root, root / findings, root / bib)

    def bib_files(self) -> list[Path]:
        if not self.bib_dir.is_dir():
            return []
        return sorted(p for p in self.bib_dir.rglob("*.bib") if p.is_file() and not p.name.startswith("."))


@dataclass
class Caches:
    """Parse results kept between rebuilds (`mkdocs serve`); one per long-lived adapter."""

    records: RecordCache = field(default_factory=RecordCache)
    references: ParseCache = field(default_factory=ParseCache)
    validator: RecordValidator = field(default_factory=RecordValidator)
    templates: jinja2.Environment = field(default_factory=make_environment)
    pages: RenderMemo = field(default_factory=RenderMemo)
    """Each page's Markdown and what it read, so a rebuild renders only pages whose inputs changed."""
    findings_json: FindingsJsonParts = field(default_factory=FindingsJsonParts)
    """Each excerpt's cleaned form and each theme's JSON text in findings.json."""
    library_files: LibraryFiles = field(default_factory=LibraryFiles)
    """The library's CSL-JSON and export files, while the bibliography is unchanged."""
    history: tuple[str, History] | None = None
    """The records' history from git and the commit it was read at (unchanged until the next commit)."""


@dataclass(frozen=True)
class CheckResult:
    corpus: Corpus | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def ok(self) -> bool:
        return self.corpus is not None and not self.errors


def check(
    layout: Layout,
    caches: Caches | None = None,
    *,
    mode: BuildMode = ONE_OFF,
    include_drafts: bool = False,
    progress: TextIO | None = None,
    kept: KeptRecords | None = None,
) -> CheckResult:
    """Read and check everything; report every problem found, errors and warnings alike.

    The corpus holds what the public site shows; ``include_drafts`` keeps drafts and
    embargoed records too (for previews), marked as such. ``mode`` says how the work runs;
    ``caches`` (kept between rebuilds) need a mode that keeps the work in this process.
    ``kept``: results kept on disk from the last run (generator/core/kept_records.py), any mode.
    """
    _check_mode(mode, caches)
    with collection_paused(mode.pause_collector):
        return _check(layout, caches, mode.executor(), include_drafts, progress, kept=kept)


def diagnose(
    layout: Layout, *, mode: BuildMode = ONE_OFF, progress: TextIO | None = None, kept: KeptRecords | None = None
) -> tuple[Diagnostic, ...]:
    """Every problem :func:`check` reports, for a caller that wants only those (`findings check`).

    No corpus comes back, so the references are read and checked but not formatted
    (see generator/core/references/keys.py).
    """
    with collection_paused(mode.pause_collector):
        return _check(layout, None, mode.executor(), False, progress, formatted=False, kept=kept).diagnostics


def _check_mode(mode: BuildMode, caches: Caches | None) -> None:
    if caches is not None and mode.forked:
        raise ValueError("caches are updated as the work runs: a build that keeps them must not fork")


def _check(
    layout: Layout,
    caches: Caches | None,
    executor: Executor,
    include_drafts: bool,
    progress: TextIO | None,
    formatted: bool = True,
    kept: KeptRecords | None = None,
) -> CheckResult:
    records = caches.records if caches is not None else None  # none kept: every file is read again
    caches = caches or Caches()
    problems: list[Diagnostic] = []
    if not layout.findings_dir.is_dir():
        problems.append(
            Diagnostic(
                Location(layout.findings_dir.name),
                "findings folder does not exist",
                suggestion="create it, or point the `findings` setting at your records",
            )
        )
    # The bibliography is read (and formatted, unless only problems are wanted) while the records are
    # read, by one of the processes if they fork.
    bib_files = layout.bib_files()
    read_library = (
        partial(load_library, bib_files, layout.root, caches.references)
        if formatted
        else partial(library_keys, bib_files, layout.root)
    )
    if kept is not None:  # looked up here; read beside the records' map if not found
        library_result = kept.library(bib_files, layout.root, formatted, read_library, executor)
    else:
        library_result = executor.beside(read_library).result
    files = discover(layout.findings_dir)
    bar = Progress(progress, "reading records", len(files)) if progress is not None else None
    load = kept.records if kept is not None and kept.usable else load_records
    results = load(files, layout.root, caches.validator, executor, records, bar.advance if bar else None)
    if bar is not None:
        bar.close()
    for result in results:
        problems += result.diagnostics
    library, bib_problems = library_result()
    problems += bib_problems
    if kept is not None:
        kept.save()
    corpus, link_problems = assemble(results, library, include_drafts=include_drafts)
    problems += link_problems
    return CheckResult(corpus, tuple(sorted_diagnostics(problems)))


@dataclass(frozen=True)
class Site:
    """Everything the core publishes: Markdown pages and data files (findings.json, CSL-JSON)."""

    pages: dict[str, Page]
    files: dict[str, bytes]


def build_site(
    layout: Layout,
    options: RenderOptions | None = None,
    caches: Caches | None = None,
    *,
    mode: BuildMode = ONE_OFF,
    include_drafts: bool = False,
    progress: TextIO | None = None,
    kept: KeptRecords | None = None,
) -> tuple[Site | None, CheckResult]:
    """The whole site, or None when any error stops the build (including a redacted term in any output).

    ``mode`` says how the work runs: :data:`~generator.speed.executor.ONE_OFF` for a single build,
    :data:`~generator.speed.executor.IN_PROCESS` with ``caches`` for rebuilds (`mkdocs serve`, which
    pauses the collector around rebuilds itself). ``kept``: see :func:`check`.
    """
    _check_mode(mode, caches)
    with collection_paused(mode.pause_collector):
        executor = mode.executor()
        return _build_site(layout, options or RenderOptions(), caches, executor, include_drafts, progress, kept)


def _build_site(
    layout: Layout,
    options: RenderOptions,
    caches: Caches | None,
    executor: Executor,
    include_drafts: bool,
    progress: TextIO | None,
    kept: KeptRecords | None = None,
) -> tuple[Site | None, CheckResult]:
    result = _check(layout, caches, executor, include_drafts, progress, kept=kept)
    if not result.ok or result.corpus is None:
        return None, result
    corpus = result.corpus
    if options.history:
        corpus = replace(corpus, history=_history(layout, caches))
        result = CheckResult(corpus, result.diagnostics)
    # Data files are made while the pages render (by one of the processes, if they fork). Kept caches
    # carry compiled templates, unchanged pages and data file parts over to the next rebuild.
    reused = (caches.findings_json, caches.library_files) if caches is not None else ()
    files_job = executor.beside(partial(data_files, corpus, options.prefix, options.reference_exports, *reused))
    if caches is not None:
        pages = render_pages(corpus, executor, options, caches.templates, caches.pages)
    else:
        pages = render_pages(corpus, executor, options)
    files = files_job.result()
    if corpus.history is not None:  # What's new as a feed, beside the page
        paths = SitePaths(corpus, options.prefix, options.references_per_page)
        page_of = {record: page_url(*paths.target(record)) for record in (*corpus.themes, *corpus.implications)}
        title = corpus.site.title if corpus.site else options.title
        feed = atom_feed(corpus, options.prefix, options.site_url, page_of, title)
        files = {**files, feed_path(options.prefix): feed}
    redactions, problems = load_redaction_list()
    problems += scan_outputs(redactions, site_contents(pages, files))
    if problems:
        return None, CheckResult(result.corpus, tuple(sorted_diagnostics([*result.diagnostics, *problems])))
    return Site(pages, files), result


def _history(layout: Layout, caches: Caches | None) -> History:
    if caches is None:
        return read_history(layout.findings_dir)
    commit = head(layout.findings_dir)
    if caches.history is None or caches.history[0] != commit or not commit:
        caches.history = (commit, read_history(layout.findings_dir))
    return caches.history[1]


def build_pages(
    layout: Layout,
    options: RenderOptions | None = None,
    caches: Caches | None = None,
    *,
    mode: BuildMode = ONE_OFF,
    include_drafts: bool = False,
) -> tuple[dict[str, Page] | None, CheckResult]:
    """Pages for the whole site, or None when any error stops the build."""
    site, result = build_site(layout, options, caches, mode=mode, include_drafts=include_drafts)
    return (site.pages if site else None), result
