"""Search engine choice (Material or Pagefind), page filters, and real `mkdocs build` runs with Pagefind."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.adapters.mkdocs.search import (
    PAGEFIND_ABOVE,
    PageFilters,
    PagefindError,
    choose_engine,
    filters_by_page,
    index_site,
    page_filters,
    pagefind_body,
    plan_search,
)
from generator.adapters.mkdocs.search.pagefind import drop_search_plugins
from generator.core.model import Corpus
from generator.core.project import Layout, check
from generator.core.render.kinds import Page
from generator.core.render.pages import Renderer, RenderOptions

from .conftest import REPO
from .sites import STUDY, mkdocs_build, pagefind_project, synthetic_site

STUDY_WITH_COMMA = STUDY.replace("title: Synthetic study", 'title: "Synthetic study, with <odd> & \\"quoted\\" title"')
TITLE = 'Synthetic study, with <odd> & "quoted" title'


# --- choose_engine -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "pages", "engine"),
    [
        ("auto", 0, "material"),
        ("auto", PAGEFIND_ABOVE, "material"),
        ("auto", PAGEFIND_ABOVE + 1, "pagefind"),
        ("auto", 50_000, "pagefind"),
        ("material", 50_000, "material"),
        ("pagefind", 1, "pagefind"),
    ],
)
def test_choose_engine(setting: str, pages: int, engine: str) -> None:
    assert choose_engine(setting, pages) == engine


def test_choose_engine_threshold_is_more_than_1000_pages() -> None:
    assert PAGEFIND_ABOVE == 1_000


def test_choose_engine_rejects_unknown_settings() -> None:
    with pytest.raises(ValueError, match="unknown search engine 'lunr'"):
        choose_engine("lunr", 10)


def test_plan_says_why() -> None:
    def pages(count: int) -> dict[str, Page]:
        return {f"p{n}.md": Page(f"p{n}.md", "P", "") for n in range(count)}

    assert plan_search("auto", pages(1_001), None).reason == "auto: 1001 generated pages, more than 1000"
    assert plan_search("auto", pages(3), None).reason == "auto: 3 generated pages, not more than 1000"
    assert plan_search("material", pages(3), None).reason == "set in mkdocs.yml"
    assert plan_search("material", pages(3), None).page_html("index.md", "<p>x</p>") == "<p>x</p>"


# --- filters -------------------------------------------------------------------------------------------------------


def unrendered(corpus: Corpus, prefix: str = "") -> dict[str, Page]:
    """The site's pages with their kinds and keys, without Markdown: all search reads of them."""
    return {job.path: job.page("", (), ()) for job in Renderer(corpus, RenderOptions(prefix=prefix)).jobs()}


def test_filters_of_study_theme_and_implications_pages(project) -> None:  # type: ignore[no-untyped-def]
    root = project(pagefind_project(**{"findings/s1/study.yml": STUDY_WITH_COMMA}))
    corpus = check(Layout.at(root)).corpus
    assert corpus is not None
    pages = unrendered(corpus)
    filters = filters_by_page(corpus, pages)
    assert filters["studies/s1/index.md"] == {"study": (TITLE,)}
    # The subtheme is shown on its parent's page, so its therapist excerpt counts there.
    assert filters["studies/s1/t1.md"] == {"study": (TITLE,), "role": ("Patient", "Therapist")}
    assert filters["implications/listen.md"] == {"audience": ("Therapists",), "confidence": ("Not assessed",)}
    assert set(filters) == {"studies/s1/index.md", "studies/s1/t1.md", "implications/listen.md"}
    assert page_filters(corpus, pages, "studies/s1/t1.md") == filters["studies/s1/t1.md"]
    assert page_filters(corpus, pages, "about.md") == {}
    nested = filters_by_page(corpus, unrendered(corpus, "findings"))
    assert nested == {f"findings/{path}": value for path, value in filters.items()}


@pytest.mark.parametrize("corpus_name", ["example", "synthetic XS"])
def test_filters_worked_out_page_by_page_equal_those_of_every_page(tmp_path: Path, corpus_name: str) -> None:
    """A preview works the filters out for the pages it converts only: the same, asked in any order."""
    root = REPO if corpus_name == "example" else synthetic_site("XS", tmp_path / "site", seed=3)
    corpus = check(Layout.at(root), include_drafts=True).corpus
    assert corpus is not None
    pages = unrendered(corpus)
    every = filters_by_page(corpus, pages)
    assert any(len(corpus.children.get(theme_id, ())) for theme_id in corpus.themes)  # pages with subthemes
    paths = sorted(pages)
    random.Random(5).shuffle(paths)
    lazy = PageFilters(corpus, pages)
    assert {path: lazy[path] for path in paths if path in lazy} == every
    assert lazy.get("no-such-page.md") is None and dict(PageFilters(corpus, pages)) == every


def test_search_reads_a_page_s_kind_and_key_never_its_path(project) -> None:  # type: ignore[no-untyped-def]
    root = project(pagefind_project(**{"findings/s1/study.yml": STUDY_WITH_COMMA}))
    corpus = check(Layout.at(root)).corpus
    assert corpus is not None
    pages = unrendered(corpus)
    # The same pages at paths nothing could parse a kind or record from: filters and topics follow them.
    moved = {f"elsewhere/{n}.md": page for n, page in enumerate(pages.values())}
    by_key = {(page.kind, page.key): path for path, page in moved.items()}
    filters = filters_by_page(corpus, moved)
    assert filters[by_key["theme", "t1"]] == {"study": (TITLE,), "role": ("Patient", "Therapist")}
    assert filters[by_key["implication", "listen"]]["audience"] == ("Therapists",)
    assert len(filters) == 3
    plan = plan_search("pagefind", moved, corpus)
    assert set(plan.topics) == {by_key["implication", "listen"]}  # Pagefind: implications' topics only
    # A page whose path looks like an implication's but whose kind is not gets neither filters nor a topic.
    decoy = {"implications/listen.md": Page("implications/listen.md", "Listen", "", kind="about")}
    assert filters_by_page(corpus, decoy) == {} and plan_search("pagefind", decoy, corpus).topics == {}


def test_pagefind_body_escapes_values_three_times_into_attributes() -> None:
    html = pagefind_body("<h1>T</h1>", {"study": (TITLE,), "role": ("Patient", "Therapist")})
    assert html.startswith("<div data-pagefind-body>\n<h1>T</h1>\n")
    assert html.endswith("</div>")
    assert (
        '<span hidden data-pagefind-filter="study[data-value]" '
        'data-value="Synthetic study, with &amp;amp;lt;odd&amp;amp;gt; &amp;amp;amp; '
        '&amp;amp;quot;quoted&amp;amp;quot; title"></span>'
    ) in html
    assert html.count('data-pagefind-filter="role[data-value]"') == 2
    assert pagefind_body("<p>x</p>") == "<div data-pagefind-body>\n<p>x</p>\n</div>"


# --- MkDocs plugin collection --------------------------------------------------------------------------------------


class _Plugin:
    def on_config(self, config: Any) -> None:
        return None

    def on_post_build(self, *, config: Any) -> None:
        return None


def test_drop_search_plugins_unregisters_their_events_in_place() -> None:
    from mkdocs.plugins import PluginCollection

    plugins = PluginCollection()
    search, other = _Plugin(), _Plugin()
    plugins["material/search"] = search  # type: ignore[assignment]
    plugins["findings"] = other  # type: ignore[assignment]
    config_handlers = plugins.events["config"]
    assert drop_search_plugins(plugins) == ["material/search"]
    assert list(plugins) == ["findings"]
    assert plugins.events["config"] is config_handlers  # a running `config` event keeps iterating the same list
    for handlers in plugins.events.values():
        assert all(getattr(h, "__self__", None) is not search for h in handlers)
    assert any(getattr(h, "__self__", None) is other for h in plugins.events["post_build"])
    assert drop_search_plugins(plugins) == []


def test_index_site_fails_clearly_when_there_is_nothing_to_index(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><body></body></html>", encoding="utf-8")
    with pytest.raises(PagefindError, match=r"(?s)Pagefind failed to index .*not able to build an index"):
        index_site(tmp_path)


def test_index_site_says_how_to_install_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bare = Path("/usr/bin/python3")
    if not bare.exists() or subprocess.run([bare, "-c", "import pagefind"], capture_output=True).returncode == 0:
        pytest.skip("needs a Python without Pagefind at /usr/bin/python3")
    monkeypatch.setattr(sys, "executable", str(bare))
    with pytest.raises(PagefindError, match=r"pip install 'pagefind\[bin\]'"):
        index_site(tmp_path)


# --- real builds -------------------------------------------------------------------------------------------------


def filter_values(html: str, name: str) -> list[str]:
    return re.findall(rf'data-pagefind-filter="{name}\[data-value\]" data-value="([^"]*)"', html)


@pytest.mark.slow
def test_pagefind_build_indexes_the_articles_with_filters(project) -> None:  # type: ignore[no-untyped-def]
    root = project(pagefind_project(**{"findings/s1/study.yml": STUDY_WITH_COMMA}))
    result = mkdocs_build(root, quiet=False)
    assert "search: pagefind (set in mkdocs.yml)" in result.stderr
    site = root / "site"
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert not (site / "search" / "search_index.json").exists()
    assert (site / "assets" / "pagefind-search.js").is_file()
    assert (site / "assets" / "pagefind-search.css").is_file()

    theme = (site / "studies/s1/t1/index.html").read_text(encoding="utf-8")
    assert theme.count("<div data-pagefind-body>") == 1
    assert 'id="t1-e1"' in theme.split("<div data-pagefind-body>", 1)[1]  # excerpts are inside the indexed part
    assert filter_values(theme, "study") == [
        "Synthetic study, with &amp;amp;lt;odd&amp;amp;gt; &amp;amp;amp; &amp;amp;quot;quoted&amp;amp;quot; title"
    ]
    assert filter_values(theme, "role") == ["Patient", "Therapist"]
    assert 'src="../../../assets/pagefind-search.js"' in theme
    assert 'for="__search"' not in theme  # Material's header search box is gone
    assert "md-search__input" not in theme

    implication = (site / "implications/listen/index.html").read_text(encoding="utf-8")
    assert filter_values(implication, "audience") == ["Therapists"]
    assert filter_values(implication, "confidence") == ["Not assessed"]
    overview = (site / "implications/index.html").read_text(encoding="utf-8")
    assert filter_values(overview, "audience") == []  # it repeats the implications' pages; they carry the filters
    study = (site / "studies/s1/index.html").read_text(encoding="utf-8")
    assert len(filter_values(study, "study")) == 1 and filter_values(study, "role") == []
    about = (site / "about/index.html").read_text(encoding="utf-8")
    assert "<div data-pagefind-body>" in about  # hand-written pages are searchable too
    assert "data-pagefind-body" not in (site / "404.html").read_text(encoding="utf-8")

    # Pagefind read the filters: its filter index names them.
    assert len(list((site / "pagefind" / "filter").glob("*.pf_filter"))) >= 1


@pytest.mark.slow
def test_auto_keeps_material_search_on_a_small_site(project) -> None:  # type: ignore[no-untyped-def]
    root = project(pagefind_project(search="auto"))
    result = mkdocs_build(root, quiet=False)
    assert "search: material (auto: " in result.stderr
    site = root / "site"
    assert (site / "search" / "search_index.json").is_file()
    assert not (site / "pagefind").exists()
    assert not (site / "assets" / "pagefind-search.js").exists()
    theme = (site / "studies/s1/t1/index.html").read_text(encoding="utf-8")
    assert "data-pagefind" not in theme
    assert 'for="__search"' in theme
