"""Pagefind filters of each generated page, and the HTML that carries them into the index.

Theme and study pages are filtered by `study` (the study's title) and `role` (each speaker role among the
page's excerpts); each implication's page by its `audience` and `confidence`; study and implication pages by the
`condition` of their population. The implications overview
repeats what those pages hold and is left out of the index, all but its introduction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
        of_kind = _BY_KIND.get(page.kind)
        filters = of_kind(corpus, page.key, speakers) if of_kind is not None else None
        if filters is not None:
            result[path] = {name: values for name, values in filters.items() if values}
    return result


def page_filters(corpus: Corpus, pages: Mapping[str, Page], path: str) -> Filters:
    """The filters of one page (empty for pages without any). Use :func:`filters_by_page` for many pages."""
    return filters_by_page(corpus, {path: pages[path]} if path in pages else {}).get(path, {})


def _study(corpus: Corpus, key: str, speakers: Mapping[str, set[str]]) -> Filters | None:
    study = corpus.studies.get(key)
    return None if study is None else {"study": (study.title,), "condition": study.population.conditions}


def _theme(corpus: Corpus, key: str, speakers: Mapping[str, set[str]]) -> Filters | None:
    theme = corpus.themes.get(key)
    study = None if theme is None else corpus.studies.get(theme.study)
    if study is None:
        return None
    return {"study": (study.title,), "role": _in_order(speakers.get(key, set()), labels.ROLE)}


def _implication(corpus: Corpus, key: str, speakers: Mapping[str, set[str]]) -> Filters | None:
    implication = corpus.implications.get(key)
    if implication is None:
        return None
    return {
        "audience": _in_order(set(implication.audience), labels.AUDIENCE),
        "confidence": _in_order({evidence.implication_level(corpus, implication)}, labels.CONFIDENCE),
        "condition": implication.population.conditions,
    }


#: The kinds of page (core/render/kinds.py) that have filters, and how the record the page's key names gives them.
_BY_KIND: dict[str, Callable[[Corpus, str, Mapping[str, set[str]]], Filters | None]] = {
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
