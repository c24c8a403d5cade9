"""Pagefind filters of each generated page, and the HTML that carries them into the index.

Theme and study pages are filtered by `study` (the study's title) and `role` (each speaker role among the
page's excerpts); each implication's page by its `audience` and `confidence`; study and implication pages by the
`condition` of their population. The implications overview
repeats what those pages hold and is left out of the index, all but its introduction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from html import escape

from ....core.model import Corpus
from ....core.render import evidence, labels
from ....core.render.kinds import Page

#: Filter name -> values, in display order.
Filters = Mapping[str, tuple[str, ...]]


def filters_by_page(corpus: Corpus, pages: Mapping[str, Page]) -> dict[str, Filters]:
    """Page path -> its filters, for every generated page that has any: read from the page's kind and the record
    its key names, never from its path; one pass over the corpus."""
    speakers: dict[str, set[str]] = {}  # a theme page's theme -> the speaker roles on the page (subthemes' too)
    for theme in corpus.themes.values():
        if theme.study in corpus.studies:
            found = speakers.setdefault(corpus.top_theme(theme.id).id, set())
            found.update(excerpt.speaker for excerpt in theme.excerpts if excerpt.speaker)
    result: dict[str, Filters] = {}
    for path, page in pages.items():
        filters = _filters(corpus, page, lambda key: speakers.get(key, set()))
        if filters is not None:
            result[path] = filters
    return result


class PageFilters(Mapping[str, Filters]):
    """The filters of :func:`filters_by_page`, worked out for each page when it is first asked for.

    A `mkdocs serve --dirty` rebuild converts only the pages that changed, yet every page's filters and every
    theme's speaker roles (5,300 pages and 50,000 excerpts at bench size L) were worked out on each rebuild.
    """

    def __init__(self, corpus: Corpus, pages: Mapping[str, Page]) -> None:
        self.corpus, self.pages = corpus, pages
        self.worked_out: dict[str, Filters | None] = {}
        self.speakers: dict[str, set[str]] = {}

    def __getitem__(self, path: str) -> Filters:
        if path not in self.worked_out:
            page = self.pages[path]
            self.worked_out[path] = _filters(self.corpus, page, self._speakers)
        filters = self.worked_out[path]
        if filters is None:
            raise KeyError(path)
        return filters

    def __iter__(self) -> Iterator[str]:
        return (path for path in self.pages if path in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def _speakers(self, key: str) -> set[str]:
        """The speaker roles on a top-level theme's page: of its excerpts and its subthemes' (as filters_by_page
        counts them: of themes whose study exists, under the page's theme)."""
        found = self.speakers.get(key)
        if found is None:
            corpus, found = self.corpus, set()
            if key in corpus.themes and corpus.top_theme(key).id == key:
                below, seen = [key], set()
                while below:
                    theme = corpus.themes[below.pop()]
                    if theme.id in seen:
                        continue
                    seen.add(theme.id)
                    if theme.study in corpus.studies:
                        found.update(excerpt.speaker for excerpt in theme.excerpts if excerpt.speaker)
                    below.extend(child for child in corpus.children.get(theme.id, ()) if child in corpus.themes)
            self.speakers[key] = found
        return found


def _filters(corpus: Corpus, page: Page, speakers: Callable[[str], set[str]]) -> Filters | None:
    of_kind = _BY_KIND.get(page.kind)
    filters = of_kind(corpus, page.key, speakers) if of_kind is not None else None
    return None if filters is None else {name: values for name, values in filters.items() if values}


def page_filters(corpus: Corpus, pages: Mapping[str, Page], path: str) -> Filters:
    """The filters of one page (empty for pages without any). Use :func:`filters_by_page` for many pages."""
    return filters_by_page(corpus, {path: pages[path]} if path in pages else {}).get(path, {})


def _study(corpus: Corpus, key: str, speakers: Callable[[str], set[str]]) -> Filters | None:
    study = corpus.studies.get(key)
    return None if study is None else {"study": (study.title,), "condition": study.population.conditions}


def _theme(corpus: Corpus, key: str, speakers: Callable[[str], set[str]]) -> Filters | None:
    theme = corpus.themes.get(key)
    study = None if theme is None else corpus.studies.get(theme.study)
    if study is None:
        return None
    return {"study": (study.title,), "role": _in_order(speakers(key), labels.ROLE)}


def _implication(corpus: Corpus, key: str, speakers: Callable[[str], set[str]]) -> Filters | None:
    implication = corpus.implications.get(key)
    if implication is None:
        return None
    return {
        "audience": _in_order(set(implication.audience), labels.AUDIENCE),
        "confidence": _in_order({evidence.implication_level(corpus, implication)}, labels.CONFIDENCE),
        "condition": implication.population.conditions,
    }


#: The kinds of page (core/render/kinds.py) that have filters, and how the record the page's key names gives them.
_BY_KIND: dict[str, Callable[[Corpus, str, Callable[[str], set[str]]], Filters | None]] = {
    "study": _study,
    "theme": _theme,
    "implication": _implication,
}


def _in_order(keys: set[str], table: Mapping[str, str]) -> tuple[str, ...]:
    """Display labels of ``keys`` in the table's order; unknown keys (none expected) last, as they are."""
    known = tuple(label for key, label in table.items() if key in keys)
    return known + tuple(sorted(keys - table.keys()))


def filter_value(text: str) -> str:
    """A filter value as an attribute value that Pagefind's UI shows as ``text``: escaped three times.

    Pagefind 1.4's indexer decodes entities in attribute values twice (``&amp;amp;lt;`` is stored as
    ``&lt;``), and its UI writes a filter value into the filter panel as HTML. So the stored value has
    to be escaped HTML, one level under two more; with fewer, a study titled ``<img src=x onerror=...>``
    ran in the search dialog. tests/browser/test_hostile_contexts.py searches such a site.
    """
    return escape(escape(escape(text)))


def pagefind_body(html: str, filters: Filters | None = None) -> str:
    """Page content marked as the only part Pagefind indexes, with its filters as hidden, text-less elements.

    Values go in an attribute (``study[data-value]``), so commas and colons in titles are safe and the
    values add no words to the indexed text. See :func:`filter_value` for their escaping.
    """
    marks = "".join(
        f'<span hidden data-pagefind-filter="{escape(name)}[data-value]" data-value="{filter_value(value)}"></span>'
        for name, values in (filters or {}).items()
        for value in values
    )
    return f"<div data-pagefind-body>\n{html}\n{marks}</div>" if marks else f"<div data-pagefind-body>\n{html}\n</div>"
