"""Site search that scales: Material's built-in search for small sites, Pagefind for big ones.

Material's search makes the browser download its whole index with the first page a reader opens, searching or
not, and build it before the first result (bench/search.py, synthetic L corpus of 4,585 pages: 36 MB, 7.8 MB
gzipped, 14 s from the first key to the first result); Pagefind (https://pagefind.app) splits the index into
small fragments and fetches only those a query needs (0.42 MB, 0.7 s).
:func:`choose_engine` decides; :class:`SearchPlan` is what the MkDocs plugin keeps for one build.

A Pagefind site must be served over http(s): browsers do not let pages opened from ``file://`` fetch the
index fragments, so search does not work there (see :mod:`generator.adapters.mkdocs.search.pagefind`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from ....core.model import Corpus
from ....core.render.kinds import Page
from .choice import ENGINES, PAGEFIND_ABOVE, choose_engine
from .filters import Filters, PageFilters, filters_by_page, page_filters, pagefind_body
from .pagefind import (
    BUNDLE_DIR,
    BackgroundIndex,
    PagefindError,
    add_ui_assets,
    drop_search_plugins,
    index_site,
    ui_asset_files,
)
from .synonyms import Expansions, abbreviations, expansions, page_topic, pagefind_marks, tune_material_index

#: Where Pagefind's search box finds the site's abbreviations (read by assets/pagefind-search.js).
TERMS_FILE = "assets/findings-search-terms.json"
#: The kinds of page whose topic words Pagefind indexes: implications only. Pagefind saturates scores soon, and a
#: study's title already weighs as much as its topic would (Material's index has a topic for studies too).
PAGEFIND_TOPICS = frozenset({"implication"})


@dataclass(frozen=True)
class SearchPlan:
    """The engine chosen for one build, why, and (for Pagefind) each generated page's filters."""

    engine: str
    reason: str
    filters: Mapping[str, Filters] = field(default_factory=dict)
    topics: Mapping[str, str] = field(default_factory=dict)
    """Page path -> words naming who it is about (its population), indexed with Pagefind's top weight."""
    expansions: Expansions = field(default_factory=lambda: Expansions((), False))
    abbreviations: Mapping[str, str] = field(default_factory=dict)
    """Abbreviation -> term, which Pagefind's search box searches for instead (see synonyms.abbreviations)."""

    def data_files(self) -> dict[str, bytes]:
        """Files the search UI reads: for Pagefind, the abbreviations its box expands."""
        if not self.pagefind:
            return {}
        return {TERMS_FILE: json.dumps(dict(self.abbreviations), ensure_ascii=False, sort_keys=True).encode()}

    @property
    def pagefind(self) -> bool:
        return self.engine == "pagefind"

    def page_html(self, path: str, html: str) -> str:
        """A page's content as the search engine wants it: for Pagefind, marked for indexing with its filters."""
        if not self.pagefind:
            return html
        marks = pagefind_marks(self.expansions, self.topics.get(path, ""), html)
        return pagefind_body(html + marks if marks else html, self.filters.get(path))


def plan_search(setting: str, pages: Mapping[str, Page], corpus: Corpus | None) -> SearchPlan:
    """Choose the engine; with Pagefind, work out the filters and topics of the generated ``pages`` from their
    kinds and the records they show (none without a corpus)."""
    engine = choose_engine(setting, len(pages))
    reason = (
        f"auto: {len(pages)} generated pages, {'more' if engine == 'pagefind' else 'not more'} than {PAGEFIND_ABOVE}"
        if setting == "auto"
        else "set in mkdocs.yml"
    )
    if engine != "pagefind" or corpus is None:
        return SearchPlan(engine, reason)
    topics = {path: page_topic(corpus, page) for path, page in pages.items() if page.kind in PAGEFIND_TOPICS}
    return SearchPlan(engine, reason, PageFilters(corpus, pages), topics, expansions(corpus), abbreviations(corpus))


def use_pagefind(
    plugins: MutableMapping[str, Any], extra_css: list[Any], extra_javascript: list[Any]
) -> dict[str, bytes]:
    """Set a MkDocs configuration up for Pagefind: drop the `search` plugin, link the UI assets.

    Returns the asset files (site path -> bytes) for the plugin to add to the build.
    """
    drop_search_plugins(plugins)
    add_ui_assets(extra_css, extra_javascript)
    return ui_asset_files()


__all__ = [
    "BUNDLE_DIR",
    "ENGINES",
    "PAGEFIND_ABOVE",
    "BackgroundIndex",
    "Filters",
    "PageFilters",
    "PagefindError",
    "SearchPlan",
    "choose_engine",
    "filters_by_page",
    "index_site",
    "page_filters",
    "pagefind_body",
    "plan_search",
    "tune_material_index",
    "use_pagefind",
]
