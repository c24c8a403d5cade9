"""MkDocs plugin: a thin adapter that adds the core's pages to a MkDocs build.

Everything about records and pages lives in the core; this module holds the hooks and what lasts between
them, and hands the work to its neighbours: settings.py, site_pages.py (the pages as MkDocs files),
theme.py, search/hooks.py, markdown_ahead.py and entry_memo.py (conversion), preview.py (`mkdocs serve`).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Literal

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from ...core.diagnostics import Diagnostic
from ...core.outputs import error_pages, site_contents
from ...core.project import Caches, Layout, Site, build_site
from ...core.redact import EMPTY, load_redaction_list
from ...core.render.nav import hand_written_nav, site_nav
from ...core.render.pages import Page, RenderOptions
from ...core.render.terms import TermMatcher, matcher
from ...speed.executor import IN_PROCESS, ONE_OFF
from ...speed.parallel import available_workers
from .csp import ContentPolicy
from .entry_memo import EntryMemo, MarksLost, markdown_settings
from .markdown_ahead import MarkdownAhead, convert_ahead, convert_here
from .preview import Preview
from .search.hooks import SiteSearch
from .settings import FindingsConfig, edit_base, render_options, require
from .site_footer import footer_for
from .site_pages import add_files, explain_terms, log_diagnostics, refuse_clashes
from .theme import CompiledTemplates, prepare_theme

log = get_plugin_logger(__name__)


class FindingsPlugin(BasePlugin[FindingsConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.caches = Caches()  # survives rebuilds because on_startup is defined
        self.serving = False
        self.pages: dict[str, Page] = {}
        self.layout: Layout | None = None
        self.options = RenderOptions()
        self.data: dict[str, bytes] = {}
        self.redactions = EMPTY
        self.errors: list[Diagnostic] = []
        self.last_site: Site | None = None
        self.theme_bytecode = CompiledTemplates()
        self.whole_builds = False  # every page goes through on_post_page (not serve, not --dirty)
        self.ahead: MarkdownAhead | None = None  # a one-off build: pages converted by another process
        self.footer = ""  # who stands behind the site, for every page's footer (with a site record)
        self.entry_memo: EntryMemo | None = None  # serve: each page entry's HTML, kept between rebuilds
        self.search = SiteSearch(log)  # search: the engine, Pagefind fed or run, Material's index tuned
        self.preview = Preview(log)  # while serving: page cache, watched folders, error notice, idle collector
        self.terms: TermMatcher | None = None  # glossary: the defined terms, explained where they appear
        self.csp: ContentPolicy | None = None  # the pages' Content-Security-Policy, made from the theme

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"
        self.whole_builds = command != "serve" and not dirty
        self.entry_memo = EntryMemo() if self.serving else None

    @event_priority(100)  # first: nothing logged during the build may count as a strict-mode warning
    def _preview_not_strict(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.serving:
            self.preview.not_strict(config)
        return config

    def _config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.search.background_index.stop()  # search: a rebuild starts; the site is about to change under it
        if self.serving:
            self.preview.collector.pause()
        # Build the pages here, before MkDocs empties site_dir: a failed build leaves the last site intact.
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.layout = Layout.at(root, self.config.findings, self.config.bib)
        self.options = render_options(self.config, config, self.serving)
        include_drafts = self.serving and self.config.drafts_in_preview
        # Serving: rebuilds update the caches in this process (the collector is paused around them
        # above). A one-off build keeps nothing for a next one and uses every core.
        caches, mode = (self.caches, IN_PROCESS) if self.serving else (None, ONE_OFF)
        site, result = build_site(self.layout, self.options, caches, mode=mode, include_drafts=include_drafts)
        log_diagnostics(log, result.diagnostics, self.config.warnings_fail)
        self.errors = result.errors if site is None else []
        if site is None:
            if not self.serving:
                raise PluginError(f"{len(result.errors)} error(s) in findings records; see the messages above")
            # While previewing, keep serving the last good pages and show the errors on every page.
            site = self.last_site or Site(error_pages(self.options.prefix), {})
        elif self.serving:
            self.last_site = site
        self.pages = site.pages
        self.data = site.files
        site_record = result.corpus.site if result.corpus is not None else None
        self.footer = footer_for(site_record, self.options.prefix, config)
        corpus = None if self.errors else result.corpus  # no search filters or glossary links from broken records
        self.terms = matcher(corpus.glossary) if corpus is not None else None  # glossary: explained in place
        search_files = self.search.configure(self.config.search, self.pages, corpus, config)
        if search_files:  # Pagefind's UI assets and the abbreviations its box expands
            self.data = {**self.data, **search_files}
        self.redactions, _ = load_redaction_list()  # load problems were reported by build_site
        require(config)  # the pages' assets and Markdown extensions
        if self.entry_memo is not None:
            if self.config.preview_entry_memo:
                self.entry_memo.use_settings(markdown_settings(config))
            else:
                self.entry_memo = None
        return config

    on_config = CombinedEvent(_preview_not_strict, _config)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.layout is not None
        pages = self.pages
        refuse_clashes(files, pages, config)
        outputs = site_contents(pages, self.data)
        cache_dir = None
        if self.serving:  # on disk, where unchanged files keep their mtime, so `--dirty` skips them
            cache_dir = self.layout.root / self.config.page_cache
            self.preview.write(outputs, cache_dir)
        add_files(files, config, outputs, cache_dir)
        if config.nav is None:
            config.nav = site_nav(pages, self.options, self.config.nav_group_size) + hand_written_nav(
                (f.src_uri for f in files.documentation_pages()), pages
            )
        self.search.files(files, self.whole_builds)
        return files

    @event_priority(-100)  # last: files and navigation are final
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.ahead = None
        # Whole builds, and the first build of `mkdocs serve` (its later ones run with the server's threads:
        # a lock one of them holds would stay locked in the fork). Not `mkdocs build --dirty`, which converts
        # only changed pages.
        alone = threading.active_count() == 1
        if (self.whole_builds or self.serving) and self.config.convert_ahead and available_workers() > 1 and alone:
            # forked before the search feed's threads start
            self.ahead = convert_ahead(config, files, self, self.pages, bool(self.entry_memo), log)
        self.search.start_feed(self.whole_builds)  # after the fork: the feed starts threads
        return nav

    @event_priority(-100)  # last, so other plugins still see every entry's text
    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return markdown
        base_url = edit_base(self.config, config)
        page.edit_url = base_url + generated.source if base_url and generated.source else None
        if self.ahead is not None and self.ahead.owns(page):
            return ""  # converted by the other process; nothing left for MkDocs to convert here
        marked = generated.entries or generated.rows
        if self.entry_memo is not None and marked and markdown == generated.markdown:
            return self.entry_memo.before(page.file.src_uri, markdown, generated.entries, generated.rows)
        return markdown

    @event_priority(100)  # first: other plugins get the whole page
    def _whole_html(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        if self.ahead is not None and self.ahead.owns(page):
            return self.ahead.html_of(page, self.pages[page.file.src_uri].markdown, config, files, log)
        if self.entry_memo is None:
            return html
        try:
            converted = self.entry_memo.after(page.file.src_uri, html)
        except MarksLost as error:  # some Markdown extension drops HTML comments: convert whole pages from now
            log.info(f"preview: {error}; pages are converted whole from now on")
            self.entry_memo = None
            return convert_here(page, self.pages[page.file.src_uri].markdown, config, files)
        if converted is None:
            return html
        page.present_anchor_ids = (page.present_anchor_ids or set()) | converted.anchors
        return converted.html

    def _page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        html = explain_terms(html, page, files, self.terms, self.pages, self.options.prefix)
        return self.search.page(html, page, config)

    on_page_content = CombinedEvent(_whole_html, _page_content)

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.search.pages_converted(config)
        env, self.csp = prepare_theme(env, config, self.config, self.footer, self.serving, self.theme_bytecode)
        return env

    @event_priority(-100)  # search: after Material's search plugin has written its index
    def _tune_search_index(self, *, config: MkDocsConfig) -> None:
        self.search.tune_material_index(config)

    def _post_build(self, *, config: MkDocsConfig) -> None:
        self.ahead = None
        if self.serving:
            self.preview.collector.collect_soon()
        self.search.finish(config, self.serving)

    on_post_build = CombinedEvent(_post_build, _tune_search_index)

    def on_build_error(self, *, error: Exception) -> None:
        if self.ahead is not None:
            self.ahead.cancel()
            self.ahead = None
        if self.serving:
            self.preview.collector.collect_soon()
        self.search.build_failed()

    def _redactions(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        # The core checked its own pages; this also covers hand-written pages and theme output.
        problems = self.redactions.scan(page.file.dest_uri, output)
        if problems:
            for problem in problems:
                log.error(str(problem))
            raise PluginError(f"{len(problems)} redacted term(s) in {page.file.dest_uri}; the site was not written")
        return output

    @event_priority(-100)  # last: the hashes are of inline scripts as they are written
    def _policy(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if self.csp is None:
            return output
        return self.csp.apply(output, page.content or "", own_content=page.file.src_uri not in self.pages)

    on_post_page = CombinedEvent(_redactions, _policy)

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The theme's own pages (404.html) get the policy too."""
        return (
            self.csp.apply(output_content)
            if self.csp is not None and template_name.endswith(".html")
            else output_content
        )

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        folders = None if self.layout is None else (self.layout.findings_dir, self.layout.bib_dir)
        self.preview.serve(server, folders, self._rebuilt)
        return server

    def _rebuilt(self, failure: Exception | None) -> None:
        self.preview.rebuilt(failure, self.errors, last_good=self.last_site is not None)

    def on_shutdown(self) -> None:
        self.search.background_index.stop()
        self.preview.stop()


__all__ = ["FindingsConfig", "FindingsPlugin"]
