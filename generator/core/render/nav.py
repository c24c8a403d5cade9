"""Navigation for the generated pages, in reading order (MkDocs' `nav` format).

Long lists (studies, per-reference statement pages) are split into alphabetical groups of at most
``group_size`` entries. Material renders the open section's every child on every page, even with
`navigation.prune`, so a flat list of 500 studies made each theme page carry ~350 KB of navigation
and made the build quadratic in the number of studies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .kinds import KINDS, Page
from .pages import RenderOptions
from .paths import balanced_chunks, range_label
from .text import escape_html

#: Default largest number of entries in one navigation section before it is split into groups.
NAV_GROUP_SIZE = 40

_LEADING_LETTERS = re.compile(r"[^\W\d_]+")


def site_nav(pages: dict[str, Page], options: RenderOptions, group_size: int = NAV_GROUP_SIZE) -> list[Any]:
    """Home, Implications (each on its page), Strength of evidence, Studies (each with its themes), References.

    Each page's place comes from its kind (kinds.py: the order and labels of the top-level entries), never from
    its path or title. Titles are HTML-escaped: themes render nav titles as markup, and a record's title is text.
    """
    by_kind: dict[str, list[tuple[str, Page]]] = {}
    for path, page in pages.items():
        by_kind.setdefault(page.kind, []).append((path, page))
    nav: list[Any] = []
    for kind in KINDS.values():
        if not kind.nav or kind.name not in by_kind:
            continue
        path = by_kind[kind.name][0][0]
        members = _SECTIONS.get(kind.name)
        nav.append({kind.nav: [path, *members(by_kind, group_size)]} if members else {kind.nav: path})
    return nav


Pages = dict[str, list[tuple[str, Page]]]


def _title(page: Page) -> str:
    return escape_html(page.nav_title or page.title)


def _implications(by_kind: Pages, group_size: int) -> list[Any]:
    """Each implication, grouped by its moment when there are several."""
    moments: dict[str, list[tuple[str, Any]]] = {}
    for path, page in by_kind.get("implication", []):
        moments.setdefault(escape_html(page.section), []).append((_title(page), {_title(page): path}))
    implications = [{moment: grouped(entries, group_size)} for moment, entries in moments.items()]
    if len(implications) == 1:  # one moment: no need for a section of its own
        return list(next(iter(implications[0].values())))
    return implications


def _studies(by_kind: Pages, group_size: int) -> list[Any]:
    """Each study's page heading its themes' pages."""
    heads = {page.section: (_title(page), path) for path, page in by_kind.get("study", [])}
    themes: dict[str, list[Any]] = {}
    for path, page in by_kind.get("theme", []):
        themes.setdefault(page.section, []).append({_title(page): path})
    sections = [(study, {title: [path, *themes.get(study, [])]}) for study, (title, path) in heads.items()]
    return grouped(sections, group_size)


def _references(by_kind: Pages, group_size: int) -> list[Any]:
    """The parts of a long reference list, then what others say about each reference."""
    parts = [{_title(page): path} for path, page in by_kind.get("references-part", [])]
    statements = [(page.key, {_title(page): path}) for path, page in by_kind.get("statements", [])]
    return [*parts, *grouped(statements, group_size)]


_SECTIONS: dict[str, Callable[[Pages, int], list[Any]]] = {
    "implications": _implications,
    "studies": _studies,
    "references": _references,
}


def grouped(entries: list[tuple[str, Any]], group_size: int) -> list[Any]:
    """Nav entries, split into balanced alphabetical groups when there are more than ``group_size``.

    ``entries`` pairs a sort key (a study id, a citation key) with its nav item; a group is labelled
    by the leading word of its first and last keys ("Aalto – Berg"), and groups are grouped again
    while there are more than ``group_size`` of them.
    """
    ordered = sorted(entries, key=lambda entry: entry[0].casefold())
    spans = [(key, key, item) for key, item in ordered]
    while len(spans) > max(group_size, 2):
        spans = [_group(list(chunk)) for chunk in balanced_chunks(spans, group_size)]
    return [item for _, _, item in spans]


def _group(chunk: list[tuple[str, str, Any]]) -> tuple[str, str, Any]:
    first, last = chunk[0][0], chunk[-1][1]
    label = range_label(_display_name(first), _display_name(last))
    return first, last, {label: [item for _, _, item in chunk]}


def _display_name(key: str) -> str:
    """The leading word of an id or citation key, capitalised: 'lavik-veseth-2018' -> 'Lavik'."""
    match = _LEADING_LETTERS.search(key)
    word = match.group(0) if match else key
    return word[:1].upper() + word[1:]


def hand_written_nav(uris: Iterable[str], pages: Mapping[str, Page]) -> list[Any]:
    """Nav entries for the docs folder's own pages (``uris``), after the generated ones; one section per folder."""
    top: list[Any] = []
    sections: dict[str, list[str]] = {}
    for uri in sorted(uri for uri in uris if uri not in pages):
        folder, _, name = uri.partition("/")
        if not name:
            top.append(uri)
        else:
            entries = sections.setdefault(folder, [])
            entries.insert(0, uri) if name == "index.md" else entries.append(uri)
    return top + [{folder.replace("-", " ").capitalize(): entries} for folder, entries in sections.items()]
