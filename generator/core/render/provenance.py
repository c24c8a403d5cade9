"""Who says what: every claim on a page is the study authors', citing authors' or this site's editors'.

The study's authors name the themes and report what participants said; citing authors write the
citation statements; the site's editors write the summaries and draw the implications, the links
between findings of different studies, the filing of statements under findings and (unless the
authors published one) the confidence judgements. Pages badge each claim; filters and findings.json
use the keys.
"""

from __future__ import annotations

from ..model import Confidence, Corpus, Excerpt, Implication, Relation, Theme

AUTHORS, CITING, EDITORS = "authors", "citing", "editors"
BY = {AUTHORS: "Study authors", CITING: "Citing authors", EDITORS: "Site editors"}
#: What findings.json calls them (plain words for other tools).
JSON = {AUTHORS: "study authors", CITING: "citing authors", EDITORS: "site editors"}


def excerpt_by(excerpt: Excerpt) -> str:
    """A citation statement is its citing authors'; participants' words and quoted labels come from the study."""
    return CITING if excerpt.source_kind == "citation statement" else AUTHORS


def implication_by(implication: Implication) -> str:
    return AUTHORS if implication.derived_by == "authors" else EDITORS


def relation_by(relation: Relation) -> str:
    return AUTHORS if relation.derived_by == "authors" else EDITORS


def confidence_by(confidence: Confidence) -> str:
    return AUTHORS if confidence.judged_by == "authors" else EDITORS


def badge(by: str) -> str:
    """A small label naming who says it; the title spells it out for screen readers and hover."""
    return f'<span class="fd-by fd-by-{by}" title="Who says so: {BY[by].lower()}">{BY[by]}</span>'


def excerpt_note(excerpt: Excerpt) -> str:
    """How an excerpt reached the page, in words."""
    if excerpt.source_kind == "citation statement":
        return "the citing paper's authors' words"
    if excerpt.source_kind == "publication":
        return "quoted from the study's publication"
    return "a participant's words, as the study's authors report them"


def relation_note(relation: Relation) -> str:
    """'the site editors' judgement, from theme labels only' (plain text)."""
    who = "the study authors' link" if relation.derived_by == "authors" else "the site editors' judgement"
    return f"{who}, from {relation.basis}" if relation.basis else who


def row_by(corpus: Corpus, theme: Theme) -> list[str]:
    """Who draws the links of a finding to other studies' findings (an evidence matrix row), in a fixed order."""
    found = {relation_by(r) for r in theme.relations}
    found |= {relation_by(r) for _, r in corpus.relations_in.get(theme.id, ())}
    return [by for by in (AUTHORS, EDITORS) if by in found] or [EDITORS]
