"""Pagefind filters of each generated page, and the HTML that carries them into the index.

Theme and study pages are filtered by `study` (the study's title) and `role` (each speaker role among the
page's excerpts); each implication's page by its `audience` and `confidence`; study and implication pages by the
`condition` of their population. The implications overview
repeats what those pages hold and is left out of the index, all but its introduction.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from ....core.model import Corpus
from ....core.render import evidence, labels
from ....core.render.paths import SitePaths

#: Filter name -> values, in display order.
Filters = Mapping[str, tuple[str, ...]]


def filters_by_page(corpus: Corpus, prefix: str = "") -> dict[str, Filters]:
    """Page path (as in ``render_pages``) -> its filters, for every page that has any; one pass over the corpus."""
    paths = SitePaths(corpus, prefix)
    roles: dict[str, set[str]] = {}
    for theme in corpus.themes.values():
        if theme.study not in corpus.studies:
            continue
        found = roles.setdefault(paths.theme_page(theme.id), set())
        found.update(excerpt.speaker for excerpt in theme.excerpts if excerpt.speaker)
    result: dict[str, Filters] = {}
    for study in corpus.studies.values():
        result[paths.study(study.id)] = {"study": (study.title,), "condition": study.population.conditions}
        for theme_id in corpus.study_themes.get(study.id, ()):
            page = paths.theme_page(theme_id)
            result[page] = {"study": (study.title,), "role": _in_order(roles.get(page, set()), labels.ROLE)}
    for implication in corpus.implications.values():
        result[paths.implication(implication.id)] = {
            "audience": _in_order(set(implication.audience), labels.AUDIENCE),
            "confidence": _in_order({evidence.implication_level(corpus, implication)}, labels.CONFIDENCE),
            "condition": implication.population.conditions,
        }
    return {page: {name: values for name, values in filters.items() if values} for page, filters in result.items()}


def page_filters(corpus: Corpus, path: str, prefix: str = "") -> Filters:
    """The filters of one page path (empty for pages without any). Use :func:`filters_by_page` for many pages."""
    return filters_by_page(corpus, prefix).get(path, {})


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
