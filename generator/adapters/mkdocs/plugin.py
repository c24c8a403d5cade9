"""MkDocs plugin: a thin adapter that adds the core's pages to a MkDocs build.

Everything about records and pages lives in the core; this module holds the hooks and what lasts between
them, and hands the work to its neighbours: settings.py, site_build.py (the core's site for each build),
site_pages.py (the pages as MkDocs files, glossary links), conversion.py (Markdown to HTML), theme.py,
search/hooks.py, written_pages.py (redaction scan, Content-Security-Policy), preview.py (`mkdocs serve`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from ...core.outputs import site_contents
from ...core.project import Layout
from ...core.render.kinds import Page
from ...core.render.nav import hand_written_nav, site_nav
from ...core.render.pages import RenderOptions
from .conversion import Conversion
from .preview import Preview
from .search.hooks import SiteSearch
from .serve_watch import request_rebuild
from .settings import FindingsConfig, edit_url, render_options, require
from .site_build import SiteBuilds
from .site_footer import footer_for
from .site_pages import TermLinks, add_files, refuse_clashes
from .theme import CompiledTemplates, prepare_theme
from .written_pages import WrittenPages

log = get_plugin_logger(__name__)


class FindingsPlugin(BasePlugin[FindingsConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.builds = SiteBuilds(log)  # the core's site; serve: the caches and last good site between rebuilds
        self.serving = False
        self.pages: dict[str, Page] = {}
        self.layout: Layout | None = None
        self.options = RenderOptions()
        self.data: dict[str, bytes] = {}
        self.theme_bytecode = CompiledTemplates()
        self.whole_builds = False  # every page goes through on_post_page (not serve, not --dirty)
        self.conversion = Conversion(log)  # converted ahead in another process; serve: entries' HTML kept
        self.footer = ""  # who stands behind the site, for every page's footer (with a site record)
        self.search = SiteSearch(log)  # search: the engine, Pagefind fed or run, Material's index tuned
        self.preview = Preview(log, self.theme_bytecode)  # serving: page cache, watching, error notice, collector
        self.term_links = TermLinks()  # glossary: the defined terms, explained where they appear
        self.written = WrittenPages(log)  # every written page: the redaction scan, the Content-Security-Policy

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"
        self.whole_builds = command != "serve" and not dirty
        self.conversion.start(self.serving)

    @event_priority(100)  # first: no warning counts in strict mode, other plugins get the kept theme files
    def _preview_starts(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.serving:
            self.preview.rebuild_starts(config)
        return config

    def _config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.search.background_index.stop()  # search: a rebuild starts; the site is about to change under it
        # Build the pages here, before MkDocs empties site_dir: a failed build leaves the last site intact.
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.layout = Layout.at(root, self.config.findings, self.config.bib)
        self.options = render_options(self.config, config, self.serving)
        drafts = self.serving and self.config.drafts_in_preview
        kept = root / self.config.record_cache if self.config.record_cache else None
        site = self.builds.build(self.layout, self.options, self.serving, drafts, self.config.warnings_fail, kept)
        self.pages, self.data = site.pages, site.files
        self.footer = footer_for(self.builds.site_record, self.options.prefix, config)
        corpus = self.builds.good_corpus  # no search filters or glossary links from broken records
        self.term_links = TermLinks.for_site(corpus, self.pages)
        search_files = self.search.configure(self.config.search, self.pages, corpus, config)
        if search_files:  # Pagefind's UI assets and the abbreviations its box expands
            self.data = {**self.data, **search_files}
        self.written.read_redactions()
        require(config)  # the pages' assets and Markdown extensions
        kept_html = self.layout.root / self.config.html_cache if self.config.html_cache else None
        if self.builds.errors:  # the preview shows its last good site: keep the pages it had
            kept_html = None
        self.conversion.configure(config, self.config.preview_entry_memo, kept_html, self.config.preview_defer_over)
        return config

    on_config = CombinedEvent(_preview_starts, _config)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.layout is not None
        pages = self.pages
        refuse_clashes(files, pages, config)
        hand_written = [f.src_uri for f in files.documentation_pages()]  # listed before ours join them
        outputs = site_contents(pages, self.data)
        made = None
        if self.serving:  # on disk, where unchanged files keep their mtime, so `--dirty` skips them
            made = self.preview.publish(config, outputs, self.layout.root / self.config.page_cache)
        add_files(files, config, outputs, made)
        if config.nav is None:
            config.nav = site_nav(pages, self.options, self.config.nav_group_size) + hand_written_nav(
                hand_written, pages
            )
        self.search.files(files, self.whole_builds)
        return files

    @event_priority(-100)  # last: files and navigation are final
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        ahead = (self.whole_builds or self.serving) and self.config.convert_ahead  # see Conversion.plan
        self.conversion.plan(config, files, self, self.pages, ahead)
        self.search.start_feed(self.whole_builds)  # after the fork: the feed starts threads
        return nav

    @event_priority(-100)  # last, so other plugins still see every entry's text
    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return markdown
        page.edit_url = edit_url(self.config, config, generated.source)
        return self.conversion.markdown(markdown, page, generated, files)

    @event_priority(100)  # first: other plugins get the whole page
    def _whole_html(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        return self.conversion.html(html, page, self.pages, config, files)

    def _page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        html = self.term_links.explain(html, page, files)
        return self.search.page(html, page, config)

    on_page_content = CombinedEvent(_whole_html, _page_content)

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.search.pages_converted(config)
        if self.serving:
            self.preview.keep_titles(files)
        env, self.written.csp = prepare_theme(env, config, self.config, self.footer, self.serving, self.theme_bytecode)
        return env

    @event_priority(-100)  # search: after Material's search plugin has written its index
    def _tune_search_index(self, *, config: MkDocsConfig) -> None:
        self.search.tune_material_index(config)

    def _post_build(self, *, config: MkDocsConfig) -> None:
        self.conversion.finish()
        if self.serving:
            self.preview.built({uri: self.pages[uri].title for uri in self.conversion.pending() if uri in self.pages})
        self.search.finish(config, self.serving)

    on_post_build = CombinedEvent(_post_build, _tune_search_index)

    def on_build_error(self, *, error: Exception) -> None:
        self.conversion.abandon()
        if self.serving:
            self.preview.collector.collect_soon()
        self.search.build_failed()

    def _redactions(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        return self.written.scan(output, page)  # hand-written pages and theme output too

    @event_priority(-100)  # last: the hashes are of inline scripts as they are written
    def _policy(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        return self.written.with_policy(output, page, own_content=page.file.src_uri not in self.pages)

    on_post_page = CombinedEvent(_redactions, _policy)

    @event_priority(-100)  # the theme's own pages (404.html) get the policy too
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return self.written.theme_page(output_content, template_name)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        folders = None if self.layout is None else (self.layout.findings_dir, self.layout.bib_dir)
        self.preview.serve(server, folders, self._rebuilt)
        self.conversion.when_deferred_ready(lambda: request_rebuild(server))
        return server

    def _rebuilt(self, failure: Exception | None) -> None:
        self.preview.rebuilt(failure, self.builds.errors, last_good=self.builds.last_site is not None)

    def on_shutdown(self) -> None:
        self.conversion.stop()
        self.search.background_index.stop()
        self.preview.stop()


__all__ = ["FindingsConfig", "FindingsPlugin"]
