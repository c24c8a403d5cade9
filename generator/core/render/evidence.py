"""How strong the evidence behind a finding or an implication is, for pages and filters."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Corpus, Implication, Theme

LEVELS = ("high", "moderate", "low", "very low")
NOT_ASSESSED = "not assessed"
CONCERN_LABEL = {
    "methodological_limitations": "Methodological limitations",
    "coherence": "Coherence",
    "adequacy": "Adequacy of data",
    "relevance": "Relevance",
}


def grounding_themes(corpus: Corpus, implication: Implication) -> list[Theme]:
    """Themes an implication rests on, directly or through one of their excerpts, in order."""
    seen: dict[str, Theme] = {}
    for target in implication.grounded_in:
        theme_id = corpus.excerpts[target].theme if target in corpus.excerpts else target
        if theme_id in corpus.themes:
            seen.setdefault(theme_id, corpus.themes[theme_id])
    return list(seen.values())


def trail_size(corpus: Corpus, implication: Implication) -> tuple[int, int, int]:
    """How many themes, studies and excerpts an implication's evidence trail links to."""
    themes = grounding_themes(corpus, implication)
    excerpts: set[str] = set()
    for target in implication.grounded_in:
        if target in corpus.excerpts:
            excerpts.add(target)
        elif target in corpus.themes:
            excerpts.update(excerpt.id for excerpt in corpus.themes[target].excerpts)
    return len(themes), len({theme.study for theme in themes}), len(excerpts)


def implication_level(corpus: Corpus, implication: Implication) -> str:
    """The strongest CERQual level among the findings behind it, or 'not assessed'."""
    levels = [t.confidence.level for t in grounding_themes(corpus, implication) if t.confidence]
    return min(levels, key=LEVELS.index) if levels else NOT_ASSESSED


def contributing_studies(corpus: Corpus, theme: Theme) -> list[str]:
    """Bib keys of the studies behind a finding: as assessed, else the theme's own study."""
    if theme.confidence and theme.confidence.studies:
        return list(theme.confidence.studies)
    study = corpus.studies.get(theme.study)
    return [study.reference] if study else []


def assessed_themes(corpus: Corpus) -> list[Theme]:
    return corpus.assessed_themes()


#: Above this many studies the site-wide matrix would be unreadable; each study page shows its own instead.
MATRIX_MAX_STUDIES = 40


def matrix(
    corpus: Corpus, themes: Iterable[Theme] | None = None
) -> tuple[list[Theme], list[str], dict[tuple[str, str], str]]:
    """Findings that cross studies x the studies involved; cell text per (theme id, study id).

    ``themes`` limits the rows (e.g. to one study's themes); by default every theme is a candidate.
    """
    candidates = corpus.themes.values() if themes is None else themes
    rows = [t for t in candidates if t.relations or corpus.relations_in.get(t.id)]
    cells: dict[tuple[str, str], str] = {}
    for theme in rows:
        cells[(theme.id, theme.study)] = "own"
        for relation in theme.relations:
            other = corpus.themes[relation.theme]
            cells.setdefault((theme.id, other.study), relation.kind)
        for other_id, relation in corpus.relations_in.get(theme.id, ()):
            cells.setdefault((theme.id, corpus.themes[other_id].study), relation.kind)
    involved = {study_id for _, study_id in cells}
    studies = [study_id for study_id in corpus.studies if study_id in involved]
    return rows, studies, cells
