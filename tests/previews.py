"""A `mkdocs serve --dirty` preview run in this process, a fresh build to compare it with, and the saves the
preview tests make to a copy of the example (tests/test_preview_rebuilds.py, tests/test_kept_html.py).

The preview runs as MkDocs' server runs it: one plugin instance across rebuilds (its render memo, entry
memo and page cache kept), later rebuilds with other threads alive.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from generator.adapters.mkdocs.plugin import FindingsPlugin
from generator.adapters.mkdocs.theme import CompiledTemplates

SERVE_URL = "http://127.0.0.1:8000/"  # `mkdocs serve` sets site_url to its own address
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">.*?</article>', re.S)
MARK = "EDITED-BY-TEST"  # every edit's text says so: these are test edits of a temporary copy


@contextlib.contextmanager
def plugin_instances(cache: dict[str, Any]) -> Iterator[None]:
    """Load plugins from ``cache``: MkDocs keeps plugin instances (those with on_startup) in one dict
    shared by every config of the process, which is how `mkdocs serve` keeps one instance across rebuilds;
    the preview and each fresh build here need their own."""
    option: Any = MkDocsConfig.plugins
    saved = option.plugin_cache
    option.plugin_cache = cache
    try:
        yield
    finally:
        option.plugin_cache = saved


def _config(root: Path, site_dir: Path) -> MkDocsConfig:
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir))
    config.site_url = SERVE_URL
    return config


class Preview:
    """`mkdocs serve --dirty` (or, ``dirty=False``, plain `mkdocs serve`) without the HTTP: the first build, then a
    rebuild per save."""

    def __init__(self, root: Path, site_dir: Path, dirty: bool = True) -> None:
        self.root, self.site_dir, self.dirty = root, site_dir, dirty
        self.instances: dict[str, Any] = {}
        with plugin_instances(self.instances):
            config = _config(root, site_dir)
            config.plugins.on_startup(command="serve", dirty=dirty)
            build(config, serve_url=SERVE_URL, dirty=dirty)
        self.plugin: Any = config.plugins["findings"]
        self.config = config
        # The server's threads: MkDocs' rebuilds run beside them (the plugin converts pages in a second
        # process only on the first build, while it runs alone).
        self.stopped = threading.Event()
        self.server = threading.Thread(target=self.stopped.wait, daemon=True)
        self.server.start()

    def rebuild(self) -> None:
        with plugin_instances(self.instances):
            self.config = _config(self.root, self.site_dir)
            build(self.config, serve_url=SERVE_URL, dirty=self.dirty)

    def close(self) -> None:
        self.config.plugins.on_shutdown()
        self.stopped.set()
        self.server.join()


#: Material's templates compiled once for every fresh build (they do not depend on the records).
THEME_BYTECODE = CompiledTemplates()


def fresh_build(root: Path, folder: Path) -> Any:
    """A new plugin instance building a copy of ``root`` (no page cache) as the preview's first build does."""
    shutil.copytree(root, folder / "src", ignore=shutil.ignore_patterns(".cache"))
    plugin = FindingsPlugin()
    plugin.theme_bytecode = THEME_BYTECODE
    with plugin_instances({"findings": plugin}):
        config = _config(folder / "src", folder / "site")
        config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url=SERVE_URL, dirty=False)
        config.plugins.on_shutdown()
    return config.plugins["findings"]


def html_path(src_uri: str) -> str:
    return File(src_uri, "", "", use_directory_urls=True).dest_uri


def html_stamps(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}: the example records changed"
    path.write_text(text.replace(old, new), encoding="utf-8")


FIRST = "findings/sly-2014/sly-2014-first-impressions.yml"
FIRST_PAGE = "studies/sly-2014/sly-2014-first-impressions.md"


def retitle(root: Path) -> None:
    replace(root / FIRST, 'title: "First impressions count"', f'title: "First impressions ({MARK})"')


def differences(preview: Preview, fresh: Any, fresh_site: Path, rewritten: set[str]) -> list[str]:
    """Every way the preview differs from the fresh build, by page."""
    found = []
    mine, theirs = preview.plugin.pages, fresh.pages
    if set(mine) != set(theirs):
        found.append(f"pages only in the preview: {sorted(set(mine) - set(theirs))}")
        found.append(f"pages only in the fresh build: {sorted(set(theirs) - set(mine))}")
    for src in sorted(set(mine) & set(theirs)):
        if mine[src].markdown != theirs[src].markdown:
            found.append(f"{src}: Markdown differs")
            continue
        dest = html_path(src)
        html = (preview.site_dir / dest).read_text(encoding="utf-8")
        expected = (fresh_site / dest).read_text(encoding="utf-8")
        if dest in rewritten:
            if html != expected:
                found.append(f"{dest}: HTML differs (rewritten in this step)")
        elif ARTICLE.findall(html) != ARTICLE.findall(expected):
            found.append(f"{dest}: the content of the page MkDocs kept differs")
    served = {p.relative_to(preview.site_dir).as_posix() for p in preview.site_dir.rglob("*.html")}
    built = {p.relative_to(fresh_site).as_posix() for p in fresh_site.rglob("*.html")}
    if served - built:  # --dirty never removes a page; a removed or renamed record's must go all the same
        found.append(f"pages served that a fresh build does not have: {sorted(served - built)}")
    if preview.plugin.data != fresh.data:
        changed = sorted(
            k for k in set(preview.plugin.data) | set(fresh.data) if preview.plugin.data.get(k) != fresh.data.get(k)
        )
        found.append(f"data files differ: {changed}")
    return found
