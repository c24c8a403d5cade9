"""The core's site for each MkDocs build, and what lasts between the rebuilds of `mkdocs serve`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from ...core.diagnostics import Diagnostic
from ...core.kept_records import KeptRecords
from ...core.model import Corpus, SiteInfo
from ...core.outputs import error_pages
from ...core.project import Caches, Layout, Site, build_site
from ...core.render.pages import RenderOptions
from ...speed.executor import IN_PROCESS, ONE_OFF
from .site_pages import log_diagnostics


class SiteBuilds:
    """Builds the core's site for the plugin; while serving, keeps the caches and the last good site."""

    def __init__(self, log: Any) -> None:
        self.log = log
        self.caches = Caches()  # the plugin lives through the rebuilds of `mkdocs serve` (it defines on_startup)
        self.last_site: Site | None = None  # serve: shown again while the records have errors
        self.errors: list[Diagnostic] = []  # the errors of the last build, which a preview lists on every page
        self.corpus: Corpus | None = None  # the records of the last build, even with errors (None if unreadable)
        self.kept: KeptRecords | None = None  # serve: records kept on disk, used by the first build

    def kept_records(self, folder: Path | None, serving: bool) -> KeptRecords:
        """What the last run read (`record_cache`): a build's own, or the one a preview's first build used.

        Why a store cannot be used is a warning in a preview, and only information in a build: a cache never
        fails a `--strict` build."""
        if self.kept is None or not serving:
            self.kept = KeptRecords(folder, self.log.warning if serving else self.log.info)
        return self.kept

    def build(
        self,
        layout: Layout,
        options: RenderOptions,
        serving: bool,
        include_drafts: bool,
        warnings_fail: bool,
        record_cache: Path | None = None,
    ) -> Site:
        """The site, with every diagnostic logged. With errors a build stops (PluginError), but a preview keeps
        serving its last good site (or a page that says so) and lists the errors on every page."""
        # Serving: rebuilds update the caches in this process (the plugin pauses the collector around
        # them). A one-off build keeps nothing for a next one and uses every core.
        caches, mode = (self.caches, IN_PROCESS) if serving else (None, ONE_OFF)
        kept = self.kept_records(record_cache, serving)
        site, result = build_site(layout, options, caches, mode=mode, include_drafts=include_drafts, kept=kept)
        log_diagnostics(self.log, result.diagnostics, warnings_fail)
        self.errors = result.errors if site is None else []
        self.corpus = result.corpus
        if site is None:
            if not serving:
                raise PluginError(f"{len(result.errors)} error(s) in findings records; see the messages above")
            return self.last_site or Site(error_pages(options.prefix), {})
        if serving:
            self.last_site = site
        return site

    @property
    def site_record(self) -> SiteInfo | None:
        """Who stands behind the site, for the footer (read even when other records have errors)."""
        return self.corpus.site if self.corpus is not None else None

    @property
    def good_corpus(self) -> Corpus | None:
        """The records of the last build when it had no errors: no search filters or glossary links from
        broken records."""
        return None if self.errors else self.corpus
