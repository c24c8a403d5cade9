"""A running `mkdocs serve --dirty` preview shows, after every save, what a fresh build of the same files shows.

The preview runs in this process as MkDocs' server runs it: one plugin instance across rebuilds (its
render memo, entry memo and page cache kept), later rebuilds with other threads alive. A copy of the
example records goes through a series of saves (a theme title, an excerpt's text, a relation between
themes, an implication's grounding, a BibTeX field, a record added, renamed twice, removed); after each
one, every generated page is compared with a fresh preview build (a new plugin instance) of a copy
of the same files: its Markdown, the data files, and the HTML MkDocs wrote.

With `--dirty` MkDocs rewrites only the pages whose Markdown changed, so a page it kept still shows
the navigation of the build that wrote it (a MkDocs limitation, bench/README.md): a page rewritten
in the step must equal the fresh page whole; a kept one, in its content (Material's <article>).
tests/test_render_memo.py covers the pipeline alone after random edits; this covers the adapter.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from generator.adapters.mkdocs.plugin import FindingsPlugin
from generator.adapters.mkdocs.theme import CompiledTemplates

from .sites import synthetic_site

pytestmark = pytest.mark.slow

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
    """`mkdocs serve --dirty` without the HTTP: the first build, then a rebuild per save."""

    def __init__(self, root: Path, site_dir: Path) -> None:
        self.root, self.site_dir = root, site_dir
        self.instances: dict[str, Any] = {}
        with plugin_instances(self.instances):
            config = _config(root, site_dir)
            config.plugins.on_startup(command="serve", dirty=True)
            build(config, serve_url=SERVE_URL, dirty=True)
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
            build(self.config, serve_url=SERVE_URL, dirty=True)

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


# -- the saves ----------------------------------------------------------------------------------------


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}: the example records changed"
    path.write_text(text.replace(old, new), encoding="utf-8")


def rename(root: Path, old: str, new: str) -> None:
    (root / old).rename(root / new)


FIRST = "findings/sly-2014/sly-2014-first-impressions.yml"
FIRST_PAGE = "studies/sly-2014/sly-2014-first-impressions.md"
ADDED = f"""type: theme
id: sly-2014-test-added
study: sly-2014
title: "A theme added by a test ({MARK})"
kind: theme
order: 5
summary: >-
  A record a test adds to a temporary copy of the example [@sly2014rules].
excerpts:
  - id: sly-2014-test-added-label
    text: "an excerpt added by a test ({MARK})"
    source: publication
    cites:
      key: sly2014rules
      page: "Abstract"
"""


def retitle(root: Path) -> None:
    replace(root / FIRST, 'title: "First impressions count"', f'title: "First impressions ({MARK})"')


def reword_excerpt(root: Path) -> None:
    replace(root / FIRST, 'text: "first impressions count"', f'text: "first impressions ({MARK})"')


def relate_elsewhere(root: Path) -> None:  # the old related theme's page and the new one's change
    old = "  - kind: supports\n    theme: lavik-2018-first-session-experiences\n"
    replace(root / FIRST, old, "  - kind: contrasts\n    theme: lavik-2018-initial-fears\n")


def ground_implication(root: Path) -> None:  # the theme's page now lists the implication
    old = "  - lavik-2018-cs-agency-hope\n"
    replace(root / "findings/implications/build-hope-early.yml", old, old + "  - sly-2014-first-impressions\n")


def edit_bibtex(root: Path) -> None:
    replace(root / "bib/library.bib", "title    = {Rules of Engagement:", f"title    = {{Rules ({MARK}):")


def add_record(root: Path) -> None:
    (root / "findings/sly-2014/sly-2014-test-added.yml").write_text(ADDED, encoding="utf-8")


def move_record(root: Path) -> None:  # the same id in another file: its pages' edit links change
    rename(root, "findings/kleiven-2020/kleiven-2020-holding-back.yml", "findings/kleiven-2020/holding-back.yml")


def rename_record(root: Path) -> None:
    rename(root, "findings/sly-2014/sly-2014-test-added.yml", "findings/sly-2014/sly-2014-test-renamed.yml")
    replace(root / "findings/sly-2014/sly-2014-test-renamed.yml", "id: sly-2014-test-added\n", "id: sly-2014-t2\n")


def remove_record(root: Path) -> None:
    (root / "findings/sly-2014/sly-2014-test-renamed.yml").unlink()


SAVES: list[tuple[str, Callable[[Path], None]]] = [
    ("a theme's title", retitle),
    ("an excerpt's text", reword_excerpt),
    ("a relation to another theme, of another kind", relate_elsewhere),
    ("an implication grounded in one more theme", ground_implication),
    ("a BibTeX entry's title", edit_bibtex),
    ("a record added", add_record),
    ("a record's file renamed", move_record),
    ("a record's file and id renamed", rename_record),
    ("a record removed", remove_record),
]


# -- the comparison -----------------------------------------------------------------------------------


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


def test_the_preview_equals_a_fresh_build_after_every_save(tmp_path: Path) -> None:
    root = synthetic_site("S", tmp_path / "site", seed=0)  # S: a copy of the example's records, not synthetic
    preview = Preview(root, tmp_path / "preview-site")
    try:
        previous = fresh_build(root, tmp_path / "fresh-0")
        assert ARTICLE.search((tmp_path / "fresh-0/site" / html_path(FIRST_PAGE)).read_text(encoding="utf-8"))
        assert differences(preview, previous, tmp_path / "fresh-0/site", set()) == []
        reused = kept = 0
        for step, (what, save) in enumerate(SAVES, start=1):
            before = html_stamps(preview.site_dir)
            save(root)
            preview.rebuild()
            after = html_stamps(preview.site_dir)
            rewritten = {name for name, stamp in after.items() if before.get(name) != stamp}
            fresh = fresh_build(root, tmp_path / f"fresh-{step}")
            changed = [
                src for src in fresh.pages if src not in previous.pages or fresh.pages[src] != previous.pages[src]
            ]
            assert changed or fresh.data != previous.data, f"step {step} ({what}) changed nothing: it could not fail"
            problems = differences(preview, fresh, tmp_path / f"fresh-{step}/site", rewritten)
            assert problems == [], f"after step {step} ({what}): " + "; ".join(problems)
            reused += preview.plugin.builds.caches.pages.reused
            kept += sum(html_path(src) not in rewritten for src in fresh.pages)
            shutil.rmtree(tmp_path / f"fresh-{step - 1}")
            previous = fresh
        assert reused > 0, "no page was ever reused: the render memo was not in play"
        assert kept > 0, "MkDocs rewrote every page each time: --dirty was not in play"
    finally:
        preview.close()
