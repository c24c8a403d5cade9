"""Page kinds are declared once (generator/core/render/kinds.py); nav and search read a page's kind, not its path."""

from __future__ import annotations

import dataclasses
from importlib import resources
from typing import Any

import jinja2
import pytest

from generator.adapters.mkdocs.search.synonyms import BOOSTS, tune_material_index
from generator.core.model import Corpus
from generator.core.project import Layout, check
from generator.core.render import kinds, nav
from generator.core.render.environment import make_environment
from generator.core.render.kinds import KINDS, Page, PageJob, PageKind
from generator.core.render.pages import Renderer, RenderOptions
from generator.speed.executor import Serial

from .conftest import REPO


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    found = check(Layout.at(REPO)).corpus
    assert found is not None
    return found


def unrendered(corpus: Corpus, options: RenderOptions) -> dict[str, Page]:
    return {job.path: job.page("", (), ()) for job in Renderer(corpus, options).jobs()}


def test_every_kind_names_a_template_a_search_rank_and_a_place_in_the_nav() -> None:
    templates = resources.files("generator").joinpath("templates")
    for kind in KINDS.values():
        assert templates.joinpath(kind.template).is_file(), kind.name
        assert kind.search in (*BOOSTS, ""), kind.name
        assert bool(kind.nav) != bool(kind.under), kind.name  # its own entry, or listed in another's
        if kind.under:
            assert KINDS[kind.under].nav and kind.under in nav._SECTIONS, kind.name


def test_every_page_carries_a_declared_kind(corpus: Corpus) -> None:
    pages = unrendered(corpus, RenderOptions(prefix="p"))
    assert {page.kind for page in pages.values()} <= KINDS.keys()
    assert {pages[path].kind for path in ("p/index.md", "p/references.md", "p/evidence.md")} == {
        "home",
        "references",
        "evidence",
    }


def _moved(tree: Any, where: dict[str, str]) -> Any:
    if isinstance(tree, str):
        return where.get(tree, tree)
    if isinstance(tree, list):
        return [_moved(item, where) for item in tree]
    return {key: _moved(value, where) for key, value in tree.items()}


def test_nav_places_pages_by_kind_not_by_path_or_title(corpus: Corpus) -> None:
    """Every page moved to a meaningless address keeps its place; a title that looks like a part's stays whole."""
    options = RenderOptions(references_per_page=5)  # the example's references split into parts
    pages = unrendered(corpus, options)
    assert any(page.kind == "references-part" for page in pages.values())
    where = {path: f"page-{n}.md" for n, path in enumerate(pages)}
    moved = {where[path]: dataclasses.replace(page, path=where[path]) for path, page in pages.items()}
    assert nav.site_nav(moved, options) == _moved(nav.site_nav(pages, options), where)
    study = next(path for path, page in pages.items() if page.kind == "study")
    pages[study] = dataclasses.replace(pages[study], title="References: not a part")
    studies = next(entry["Studies"] for entry in nav.site_nav(pages, options) if "Studies" in entry)
    assert any(isinstance(group, dict) and "References: not a part" in group for group in studies)


def test_a_new_kind_declared_once_reaches_the_nav_and_search(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    """The recipe "Add a page kind" (CONTRIBUTING.md) with a temporary registry entry and template."""
    monkeypatch.setitem(KINDS, "people", PageKind("people", "people.md.j2", "People", search="index"))
    assert list(KINDS).index("people") == len(KINDS) - 1  # declared last: the last top-level entry
    env = make_environment(auto_reload=False)
    assert env.loader is not None
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({"people.md.j2": "# {{ title }}\n"}), env.loader])
    jobs = Renderer.jobs
    monkeypatch.setattr(
        Renderer, "jobs", lambda self: [*jobs(self), PageJob("people.md", "People", "people", {"title": "Who"})]
    )
    renderer = Renderer(corpus, RenderOptions(), env)
    pages = renderer.pages(Serial())
    assert pages["people.md"].markdown == "# Who\n" and pages["people.md"].kind == "people"
    assert nav.site_nav(pages, RenderOptions())[-1] == {"People": "people.md"}
    index: dict[str, Any] = {"docs": [{"location": "people/", "title": "People", "text": ""}]}
    assert tune_material_index(index, corpus, pages)["docs"][0]["boost"] == BOOSTS["index"]
    assert kinds.kind("people").template == "people.md.j2"
