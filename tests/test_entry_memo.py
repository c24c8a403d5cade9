"""Preview rebuilds convert only changed page entries: the page's HTML is the same as converting it whole."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from generator.adapters.mkdocs.entry_memo import EntryMemo, MarksLost, anchors_in
from generator.adapters.mkdocs.settings import REQUIRED_EXTENSIONS
from generator.core.project import Layout, build_pages
from generator.core.render.kinds import Page
from generator.core.render.page_text import split_entries
from generator.core.render.pages import RenderOptions

from .conftest import REPO
from .sites import copy_example, mkdocs_build
from .test_serve import fetch, serving, wait_for

EXTENSIONS = [*REQUIRED_EXTENSIONS, "fenced_code"]


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def memo_convert(memo: EntryMemo, page: Page, text: str | None = None) -> str:
    text = page.markdown if text is None else text
    converted = memo.after(page.path, convert(memo.before(page.path, text, page.entries, page.rows)))
    assert converted is not None
    return converted.html


def test_split_entries_removes_the_marks_and_says_where_entries_start() -> None:
    text = "# Title\n\n\x00One.\n{: #one }\n\n\x00Two.\n\nMore of two.\n"
    clean, starts, rows = split_entries(text)
    assert clean == "# Title\n\nOne.\n{: #one }\n\nTwo.\n\nMore of two.\n"
    assert [clean[start:].split("\n")[0] for start in starts] == ["One.", "Two."]
    assert rows == ()
    assert split_entries("No entries.\n") == ("No entries.\n", (), ())
    # A mark not at the start of a block is no entry; it is dropped all the same.
    assert split_entries("A\x00B\n\n\x00C\n") == ("AB\n\nC\n", (4,), ())
    assert split_entries("A\n\x00B\n") == ("A\nB\n", (), ())


def test_split_entries_finds_row_entries() -> None:
    text = "| a | b |\n|---|---|\n\x01| 1 | 2 |\n\x01| 3 | 4 |\nAfter \x01 | not a row\n"
    clean, entries, rows = split_entries(text)
    assert clean == "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\nAfter  | not a row\n"
    assert entries == ()
    assert [clean[start:].split("\n")[0] for start in rows] == ["| 1 | 2 |", "| 3 | 4 |"]


@pytest.fixture(scope="module")
def example_pages() -> dict[str, Page]:
    # Reference lists split every 4 references, so the example has several pages of entries.
    pages, result = build_pages(Layout.at(REPO), RenderOptions(references_per_page=4))
    assert pages is not None, result.diagnostics
    return pages


def test_reference_pages_are_made_of_entries_and_the_evidence_table_of_rows(example_pages: dict[str, Page]) -> None:
    with_entries = {path: page for path, page in example_pages.items() if page.entries}
    assert len(with_entries) > 3
    assert all(path.startswith("references") for path in with_entries)
    for page in with_entries.values():
        for start in page.entries:
            assert page.markdown[start - 2 : start] == "\n\n"
            assert re.match(r"\S", page.markdown[start])
    with_rows = {path: page for path, page in example_pages.items() if page.rows}
    assert list(with_rows) == ["evidence.md"]
    evidence = with_rows["evidence.md"]
    assert len(evidence.rows) == sum(line.startswith("| [") for line in evidence.markdown.split("\n"))
    assert all(evidence.markdown[start - 1 : start + 3] == "\n| [" for start in evidence.rows)


def test_converting_with_the_memo_gives_the_html_of_the_whole_page(example_pages: dict[str, Page]) -> None:
    memo = EntryMemo()
    pages = [page for page in example_pages.values() if page.entries or page.rows]
    entries = sum(len(page.entries) + len(page.rows) for page in pages)
    for page in pages:  # nothing kept yet: every entry converted, in the page
        assert memo_convert(memo, page) == convert(page.markdown)
    assert (memo.converted, memo.reused) == (entries, 0)
    for page in pages:  # everything kept
        assert memo_convert(memo, page) == convert(page.markdown)
    assert (memo.converted, memo.reused) == (entries, entries)


def test_a_changed_entry_is_converted_again_and_the_rest_reused(example_pages: dict[str, Page]) -> None:
    page = next(page for page in example_pages.values() if len(page.entries) >= 3)
    memo = EntryMemo()
    memo_convert(memo, page)
    # The second entry gets a new first line, as when the title of a theme citing it changes.
    start = page.entries[1]
    added = "Changed *entry*.\n\n"
    changed = page.markdown[:start] + added + page.markdown[start:]
    entries = (page.entries[0], start, *(later + len(added) for later in page.entries[2:]))
    shifted = Page(page.path, page.title, changed, entries=entries)
    assert memo_convert(memo, shifted) == convert(changed)
    assert memo.converted == len(page.entries) + 1
    assert "Changed <em>entry</em>." in memo_convert(memo, shifted)


def test_a_changed_row_is_converted_again_and_the_rest_reused(example_pages: dict[str, Page]) -> None:
    page = example_pages["evidence.md"]
    memo = EntryMemo()
    memo_convert(memo, page)
    start, added = page.rows[1], "| *Renamed* finding "
    changed = page.markdown[:start] + added + page.markdown[start + 1 :]
    rows = (*page.rows[:2], *(later + len(added) - 1 for later in page.rows[2:]))
    assert memo_convert(memo, Page(page.path, page.title, changed, rows=rows), changed) == convert(changed)
    assert (memo.converted, memo.reused) == (len(page.rows) + 1, len(page.rows) - 1)
    assert "<em>Renamed</em> finding" in convert(changed)


def test_lost_row_marks_are_reported() -> None:
    memo = EntryMemo()
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    html = re.sub(r"<!--.*?-->", "", convert(memo.before("p.md", table, (), (20,))))
    with pytest.raises(MarksLost, match=r"p\.md: 0 of 1 row marks"):
        memo.after("p.md", html)


def test_anchors_of_reused_entries_are_reported(example_pages: dict[str, Page]) -> None:
    page = next(page for page in example_pages.values() if page.entries)
    memo = EntryMemo()
    memo_convert(memo, page)
    converted = memo.after(page.path, convert(memo.before(page.path, page.markdown, page.entries)))
    assert converted is not None
    whole = anchors_in(convert(page.markdown))
    assert converted.anchors == whole - anchors_in(convert(page.markdown[: page.entries[0]]))
    assert any(anchor.startswith("ref-") for anchor in converted.anchors)


def test_anchors_are_read_from_tags_only() -> None:
    html = (
        '<p id="a&amp;b">x id="not-this" &lt;p id="nor-this"&gt;</p>'
        '<a name="n" href="#">y</a><h2 class="c" id="h">z</h2>'
    )
    assert anchors_in(html) == {"a&b", "n", "h"}


def test_lost_marks_are_reported_not_hidden() -> None:
    memo = EntryMemo()
    marked = memo.before("p.md", "Intro.\n\nOne.\n\nTwo.\n", (8, 14))
    html = re.sub(r"<!--.*?-->", "", convert(marked))
    with pytest.raises(MarksLost, match=r"p\.md: 0 of 2 entry marks"):
        memo.after("p.md", html)


def test_new_markdown_settings_forget_kept_entries() -> None:
    memo = EntryMemo()
    memo.use_settings(("toc",))
    memo.after("p.md", convert(memo.before("p.md", "Intro.\n\nOne.\n", (8,))))
    assert memo.html
    memo.use_settings(("toc",))
    assert memo.html
    memo.use_settings(("toc", "abbr"))
    assert not memo.html


def article(html: str) -> str:
    match = re.search(r"<article.*?</article>", html, re.DOTALL)
    assert match, html[:500]
    return match.group(0)


@pytest.mark.slow
def test_served_pages_after_an_edit_equal_a_fresh_build(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "site-src", "references_per_page: 4", "drafts_in_preview: false")
    record = root / "findings/kleiven-2020/kleiven-2020-holding-back.yml"
    title = re.search(r"^title: (.*)$", record.read_text(encoding="utf-8"), re.MULTILINE)
    assert title
    pages, _ = build_pages(Layout.at(root), RenderOptions(references_per_page=4))
    assert pages
    shown = title.group(1).strip("'\"")
    citing = sorted(p for p, page in pages.items() if (page.entries or page.rows) and shown in page.markdown)
    assert "evidence.md" in citing and any(p.startswith("references/") for p in citing), citing
    # The first build of `serve` converts part of the pages in a second process; every page is compared.
    with serving(root, "--dirty", "--no-strict") as base:  # a dirty build warns
        assert wait_for(base + address(citing[0]), shown, 60), "server did not serve the page"
        record.write_text(record.read_text(encoding="utf-8").replace(title.group(0), "title: A renamed theme"), "utf-8")
        assert all(wait_for(base + address(path), "A renamed theme", 30) for path in citing), "not on every page"
        served = {path: article(fetch(base + address(path))) for path in pages}
    mkdocs_build(root, "--site-dir", str(tmp_path / "fresh"))
    for path, html in served.items():
        fresh = (tmp_path / "fresh" / address(path) / "index.html").read_text(encoding="utf-8")
        assert html == article(fresh), path


def address(page: str) -> str:
    """The URL path of a page (directory URLs), relative to the site root."""
    path = page.removesuffix(".md")
    path = "" if path == "index" else path.removesuffix("/index")
    return path + "/" if path else ""
