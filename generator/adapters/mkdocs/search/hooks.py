"""search: what the plugin does for site search at each MkDocs event, in one place.

The engine is chosen once the pages are known; Pagefind replaces Material's `search` plugin and is fed page
by page during a whole build (run over the written site when serving or with --dirty); otherwise Material's
index learns the glossary's synonyms and who each page is about.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from ....core.model import Corpus
from ....core.render.kinds import Page
from . import BackgroundIndex, PagefindError, SearchPlan, index_site, plan_search, use_pagefind
from .pagefind_feed import PagefindFeed, indexed_document
from .synonyms import tune_material_index


class SiteSearch:
    """One plugin's search across builds: the plan of the last build, its Pagefind feed, the preview's indexer."""

    def __init__(self, log: logging.Logger | logging.LoggerAdapter[logging.Logger]) -> None:
        self.log = log
        self.plan = SearchPlan("material", "")  # until the first build chooses
        self.corpus: Corpus | None = None  # the records of the last good build, for Material's index
        self.pages: Mapping[str, Page] = {}  # the generated pages, whose kinds rank them in Material's index
        self.feed: PagefindFeed | None = None  # Pagefind indexing pages as MkDocs writes them
        self.static_html: list[File] = []
        self.background_index = BackgroundIndex(log.info, log.warning)  # Pagefind while serving

    def configure(
        self, setting: str, pages: Mapping[str, Page], corpus: Corpus | None, config: MkDocsConfig
    ) -> dict[str, bytes]:
        """Choose the engine; for Pagefind, drop Material's search and return the files to publish."""
        self.plan = plan_search(setting, pages, corpus)
        self.corpus = corpus
        self.pages = pages
        self.log.info(f"search: {self.plan.engine} ({self.plan.reason})")
        if not self.plan.pagefind:
            return {}
        assets = use_pagefind(config.plugins, config.extra_css, config.extra_javascript)
        return {**assets, **self.plan.data_files()}

    def files(self, files: Files, whole_builds: bool) -> None:
        if self.plan.pagefind and whole_builds:  # the feed starts in on_nav
            self.static_html = [f for f in files if f.is_static_page() and f.dest_uri.endswith(".html")]

    def start_feed(self, whole_builds: bool) -> None:
        """Index pages while MkDocs renders the next ones (whole builds only)."""
        if self.plan.pagefind and whole_builds:
            try:
                self.feed = PagefindFeed()
            except PagefindError as error:
                raise PluginError(f"search index not built: {error}") from error

    def page(self, html: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        html = self.plan.page_html(page.file.src_uri, html)  # Pagefind indexes the article, with filters
        if self.feed is not None:  # while MkDocs converts the other pages; the theme adds nothing indexed
            language = config.theme.get("language") or "en"
            title = page.title or config.site_name
            self.feed.add(page.file.dest_uri, indexed_document(html, language, title))
        return html

    def pages_converted(self, config: MkDocsConfig) -> None:
        """Every page's content has been fed (MkDocs converts them all before on_env); Pagefind writes its
        bundle on the other core while MkDocs renders and writes the pages."""
        if self.feed is None:
            return
        for file in self.static_html:  # HTML copied from docs_dir, which may opt in to indexing
            if file.abs_src_path and Path(file.abs_src_path).is_file():
                html = Path(file.abs_src_path).read_text(encoding="utf-8", errors="replace")
                self.feed.add(file.dest_uri, html)
        self.feed.write_soon(Path(config.site_dir))

    def tune_material_index(self, config: MkDocsConfig) -> None:
        """Material's index learns the glossary's abbreviations and synonyms, who pages are about, and
        which pages come first (see generator/adapters/mkdocs/search/synonyms.py)."""
        index = Path(config.site_dir) / "search" / "search_index.json"
        if self.plan.pagefind or self.corpus is None or not index.is_file():
            return
        data = json.loads(index.read_text(encoding="utf-8"))
        tuned = tune_material_index(data, self.corpus, self.pages)
        index.write_text(json.dumps(tuned, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    def finish(self, config: MkDocsConfig, serving: bool) -> None:
        """With Pagefind, finish the index (or, when serving or --dirty, index the written site)."""
        if not self.plan.pagefind:
            return
        site_dir = Path(config.site_dir)
        feed, self.feed = self.feed, None
        try:
            if feed is None and serving:  # the preview reloads at once; search follows in a few seconds
                self.background_index.start(site_dir)
                return
            if feed is None:
                self.log.info(index_site(site_dir))
                return
            self.log.info(feed.finish(site_dir))
        except PagefindError as error:
            raise PluginError(f"search index not built: {error}") from error

    def build_failed(self) -> None:
        if self.feed is not None:  # the build stopped; so does the indexer
            self.feed.close()
            self.feed = None
