"""An implication's evidence trail: each theme it rests on once, with each excerpt once, under its theme."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Corpus, Excerpt, Implication, Theme
from ..references import cited_keys
from .text import one_line

#: Most characters of an excerpt's opening words in a trail link.
OPENING_LENGTH = 60


@dataclass(frozen=True)
class TrailExcerpt:
    excerpt: Excerpt
    named: bool
    """The implication names this excerpt itself (not only its theme)."""


@dataclass(frozen=True)
class TrailStep:
    """One theme of the trail and the excerpts listed under it."""

    theme: Theme
    whole: bool
    """The implication rests on the whole theme (every excerpt listed), not only on the excerpts named."""
    excerpts: tuple[TrailExcerpt, ...]


def trail(corpus: Corpus, implication: Implication) -> list[TrailStep]:
    """The themes behind an implication in the order it names them (directly or through an excerpt).

    A theme named itself lists all its excerpts; a theme reached only through excerpts lists those. Either way an
    excerpt appears once, so an implication naming a theme and one of its excerpts does not list that excerpt twice.
    """
    order: list[str] = []
    whole: set[str] = set()
    named: set[str] = set()
    for target in implication.grounded_in:
        excerpt = corpus.excerpts.get(target)
        theme_id = excerpt.theme if excerpt is not None else target
        if theme_id not in corpus.themes:
            continue  # an id the corpus checks already reported
        if theme_id not in order:
            order.append(theme_id)
        if excerpt is None:
            whole.add(theme_id)
        else:
            named.add(target)
    steps = []
    for theme_id in order:
        theme = corpus.themes[theme_id]
        shown = [e for e in theme.excerpts if theme_id in whole or e.id in named]
        items = tuple(TrailExcerpt(e, e.id in named) for e in shown)
        steps.append(TrailStep(theme, theme_id in whole, items))
    return steps


def opening(text: str, limit: int = OPENING_LENGTH) -> str:
    """The first words of an excerpt, cut at a word boundary: 'I was scared the first time …'."""
    words = one_line(text)
    if len(words) <= limit:
        return words
    cut = words[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.!?")
    return cut + " …"


def cited_references(corpus: Corpus, implication: Implication) -> list[str]:
    """Keys of every work an implication's page cites (its texts, its trail's studies and quoted or citing works),
    in the order of the reference list: what a printed handout lists in full."""
    keys: set[str] = set()
    for text in (implication.statement, implication.rationale):
        if text:
            found = corpus.cited.get(text)
            keys.update(found if found is not None else (key for key, _ in cited_keys(text)))
    for step in trail(corpus, implication):
        study = corpus.studies.get(step.theme.study)
        if study is not None:
            keys.add(study.reference)
        for shown in step.excerpts:
            for work in (shown.excerpt.cites, shown.excerpt.citing):
                if work is not None and work.key:
                    keys.add(work.key)
    # By place in the list, not by walking the whole list: a large library has thousands of entries.
    position = corpus.library.position
    return sorted((key for key in keys if key in position), key=position.__getitem__)
