"""Who the patient is: the population facet of implications and studies, as filters and entry points."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Corpus, Population

#: Part of a population -> (filter name in the page's URL and data attributes, label).
PARTS = {
    "conditions": ("condition", "Condition"),
    "age_groups": ("age", "Age group"),
    "settings": ("setting", "Setting"),
    "phases": ("phase", "Treatment phase"),
}
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A value as one token of a data attribute or URL: 'Anorexia nervosa' -> 'anorexia-nervosa'."""
    return _NOT_WORD.sub("-", text.casefold()).strip("-")


def values(population: Population, part: str) -> tuple[str, ...]:
    return tuple(getattr(population, part))


def describe(population: Population) -> list[tuple[str, str]]:
    """(label, values in words) of each part a population names, e.g. [('Condition', 'anorexia nervosa')]."""
    return [
        (label, ", ".join(values(population, part))) for part, (_, label) in PARTS.items() if values(population, part)
    ]


def data_attributes(population: Population) -> str:
    """``data-condition="anorexia-nervosa" ...`` for the implications filter (every part, empty when unnamed)."""
    return " ".join(
        f'data-{name}="{" ".join(slug(v) for v in values(population, part))}"' for part, (name, _) in PARTS.items()
    )


@dataclass(frozen=True)
class Facet:
    name: str  # in data attributes and the URL: condition, age, setting, phase
    label: str
    options: tuple[tuple[str, str, int], ...]  # (slug, value as written first, implications naming it)


def facets(corpus: Corpus) -> list[Facet]:
    """The population parts the site's implications name, each with its values (alphabetical) and counts."""
    found = []
    for part, (name, label) in PARTS.items():
        written: dict[str, str] = {}
        counts: dict[str, int] = {}
        for implication in corpus.implications.values():
            keys = []
            for value in values(implication.population, part):
                written.setdefault(slug(value), value)
                keys.append(slug(value))
            for key in set(keys):
                counts[key] = counts.get(key, 0) + 1
        if counts:
            found.append(Facet(name, label, tuple((key, written[key], counts[key]) for key in sorted(counts))))
    return found


@dataclass(frozen=True)
class Situation:
    """An entry point of the home page: a situation and how many implications concern it."""

    label: str
    query: str  # '?condition=anorexia-nervosa', or '' for a clinical moment (reached by its heading's anchor)
    anchor: str
    count: int


def situations(corpus: Corpus, moments: list[tuple[str, list[str]]]) -> list[Situation]:
    """Who the patient is (conditions, age groups, settings, phases), then the clinical moments."""
    by_moment = [Situation(moment, "", slug(moment), len(ids)) for moment, ids in moments]
    taken = {situation.label.casefold() for situation in by_moment}
    found = []
    for facet in facets(corpus):
        for key, written, count in facet.options:
            if written.casefold() not in taken:  # a phase named like a moment: the moment's heading serves
                found.append(Situation(written[:1].upper() + written[1:], f"?{facet.name}={key}", "", count))
    return found + by_moment
