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

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .previews import (
    ARTICLE,
    FIRST,
    FIRST_PAGE,
    MARK,
    Preview,
    differences,
    fresh_build,
    html_path,
    html_stamps,
    replace,
    retitle,
)
from .sites import synthetic_site

pytestmark = pytest.mark.slow

# -- the saves ----------------------------------------------------------------------------------------


def rename(root: Path, old: str, new: str) -> None:
    (root / old).rename(root / new)


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
