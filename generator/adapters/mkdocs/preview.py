"""What the plugin keeps while `mkdocs serve` runs: the page cache, the record folders watched, the error
notice on every served page, and the garbage collector held off during rebuilds."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from watchdog.observers.api import BaseObserver

from ...core.diagnostics import Diagnostic
from ...core.render.notice import notice_html
from ...core.write import MANIFEST, replace_file, write_pages
from ...speed.executor import Serial
from .serve_notice import PreviewNotice, failure_message, keep_serving, stop_counting_warnings
from .serve_pending import PendingPages
from .serve_theme import ServeTheme
from .serve_watch import IdleCollector, watch_promptly
from .site_pages import KeptFiles
from .theme import CompiledTemplates


class Preview:
    def __init__(self, log: Any, compiled: CompiledTemplates) -> None:
        self.log = log
        self.theme = ServeTheme(compiled)  # compiled templates and the theme's file list, kept
        self.files = KeptFiles()  # MkDocs' objects for the page cache's files, kept
        self.written: dict[str, str | bytes] = {}  # the page cache's files as last written
        self.observer: BaseObserver | None = None  # watching the record folders
        self.collector = IdleCollector()  # no garbage collection in the middle of a rebuild
        self.notice = PreviewNotice()  # the errors every served page lists
        self.pending = PendingPages()  # pages still converted in the background: a page saying so at their address
        self.told_not_strict = False
        self.titles: dict[str, str] = {}  # each page's title as its last conversion gave it

    def rebuild_starts(self, config: MkDocsConfig) -> None:
        """Before every other plugin: strict mode off, the collector paused, the theme's kept parts installed.

        No sitemap: nothing asks a preview for one, and MkDocs made it (and its gzipped copy) again on every
        rebuild, listing every page (at bench size L, 5,300).
        """
        self.not_strict(config)
        self.collector.pause()
        config.theme.static_templates.discard("sitemap.xml")
        self.theme.install(config)

    def not_strict(self, config: MkDocsConfig) -> None:
        if config.strict:
            config.strict = False
            if stop_counting_warnings() and not self.told_not_strict:
                self.told_not_strict = True
                self.log.info(
                    "strict mode is off while previewing: record errors are listed on every page, warnings only here"
                    " (`mkdocs build` stays strict)"
                )

    def publish(self, config: MkDocsConfig, outputs: dict[str, str | bytes], cache_dir: Path) -> Mapping[str, File]:
        """The pages and data files written to the page cache, as MkDocs files read from there; what the last
        build published and this one does not leaves the served site."""
        changed = self.write(outputs, cache_dir)
        made = self.files.files(config, outputs, cache_dir, changed)
        self.files.remove_gone()
        return made

    def write(self, outputs: dict[str, str | bytes], cache_dir: Path) -> set[str] | None:
        """On disk, where unchanged files keep their mtime, so `--dirty` skips them; returns the paths whose
        content changed since the last call (None: no telling, as on the first).

        Few files change between rebuilds, and this process wrote the folder last time: when the same
        paths are published again, only the files whose content changed are replaced, without listing
        the folder (20,000 files at bench size L) or rewriting its manifest. Otherwise (the first build,
        a record added or removed, the folder gone) `write_pages` checks and writes the whole folder.
        """
        before, self.written = self.written, outputs
        if not before:
            write_pages(outputs, cache_dir, Serial())
            return None
        changed = {path for path, content in outputs.items() if not _same(before.get(path), content)}
        if outputs.keys() == before.keys() and (cache_dir / MANIFEST).is_file():
            try:
                for path in changed:
                    replace_file(cache_dir / path, outputs[path])
                return changed
            except FileNotFoundError:  # part of the folder was removed meanwhile: check and write it all
                pass
        report = write_pages(outputs, cache_dir, Serial(), known=before)
        return changed | set(report.written)

    def keep_titles(self, files: Files) -> None:
        """Pages this `--dirty` build does not convert get the title their last conversion gave them: MkDocs leaves
        it empty, and the navigation of the pages it does convert said "None" for them."""
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            if page.markdown is None:
                title = self.titles.get(file.src_uri)
                if title is not None:
                    page.title = title
            elif page.title is not None:
                self.titles[file.src_uri] = page.title

    def built(self, placeholders: Mapping[str, str] | None = None) -> None:
        """A rebuild ended well; ``placeholders``: the pages still converted in the background, with their titles."""
        placeholders = placeholders or {}
        addresses = self.files.built(placeholders.keys())
        self.pending.show({address: placeholders[path] for address, path in addresses.items()})
        self.collector.collect_soon()

    def serve(
        self, server: LiveReloadServer, folders: Sequence[Path] | None, rebuilt: Callable[[Exception | None], None]
    ) -> None:
        """Watch the record folders (``None``: no project was read), list errors on every page, never stall."""
        if folders is not None and self.observer is None:
            self.observer = watch_promptly(server, [str(f) for f in folders if f.is_dir()])
        app = server.get_app()
        if app is not None:
            server.set_app(self.notice.wrap(self.pending.wrap(app, server.mount_path)))
        keep_serving(server, rebuilt)
        rebuilt(None)  # the first build's errors

    def rebuilt(self, failure: Exception | None, errors: Sequence[Diagnostic], last_good: bool) -> None:
        """A rebuild ended: list its record errors, and what stopped it if something did, on every page."""
        message = ""
        if failure is not None:
            message = failure_message(failure)
            expected = isinstance(failure, MkDocsException)  # MkDocs has explained it already, or its message does
            self.log.error(
                f"the rebuild failed: {message}; the preview lists this on every page until the next good save",
                exc_info=None if expected else failure,
            )
        self.notice.show(notice_html(errors, message, last_good=last_good))

    def stop(self) -> None:
        self.collector.stop()
        if self.observer is not None:
            self.observer.stop()
            self.observer = None


def _same(old: str | bytes | None, new: str | bytes) -> bool:
    return old is new or old == new
