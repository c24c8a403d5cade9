"""Citation statements: what other papers say about a reference.

A citation statement is an excerpt with source `citation statement` whose `cites` names
the cited work. This module finds repeated statements (aggregators such as scite list
the same sentence twice) and tallies statements per reference.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..speed.same_inputs import SameInputs
from .diagnostics import Diagnostic, Severity
from .model import Excerpt, Study

NEAR_DUPLICATE = 0.92  # difflib ratio above which two statements count as the same text
STANCES = ("supporting", "mentioning", "contrasting")
SECTIONS = ("introduction", "methods", "results", "discussion", "other", "not given")
NOT_GIVEN = "not given"  # a statement whose source does not say which section it comes from
_NOISE = re.compile(r"[\W_]+")


def _normal(text: str) -> str:
    return _NOISE.sub(" ", text.casefold()).strip()


def statements_by_reference(excerpts: Iterable[Excerpt]) -> dict[str, list[Excerpt]]:
    found: dict[str, list[Excerpt]] = defaultdict(list)
    for excerpt in excerpts:
        if excerpt.source_kind == "citation statement" and excerpt.cites:
            found[excerpt.cites.key].append(excerpt)
    return dict(found)


def _near(text: str, other: str) -> bool:
    """Near-same text; the cheap upper bounds of the ratio first, as most pairs differ (same answer)."""
    matcher = difflib.SequenceMatcher(None, text, other)
    return (
        matcher.real_quick_ratio() >= NEAR_DUPLICATE
        and matcher.quick_ratio() >= NEAR_DUPLICATE
        and matcher.ratio() >= NEAR_DUPLICATE
    )


def duplicate_of(statements: Sequence[Excerpt]) -> dict[str, str]:
    """Statement id -> id of the earlier statement it repeats (same or near-same text)."""
    return dict(_repeats(statements))  # a copy: the kept one is handed out again


def _duplicate_of(statements: Sequence[Excerpt]) -> dict[str, str]:
    originals: list[tuple[Excerpt, str]] = []
    repeats: dict[str, str] = {}
    for statement in statements:
        text = _normal(statement.text)
        for original, original_text in originals:
            same = text == original_text
            if not same and abs(len(text) - len(original_text)) < 0.2 * max(len(text), 1):
                same = _near(text, original_text)
            if same:
                repeats[statement.id] = original.id
                break
        else:
            originals.append((statement, text))
    return repeats


#: Checked three times per build (problems, the citation index, the pages) and again on each preview rebuild,
#: for groups whose statements are mostly the very objects they were.
_repeats: SameInputs[Excerpt, dict[str, str]] = SameInputs(_duplicate_of)


def duplicate_statements(excerpts: Mapping[str, Excerpt]) -> list[Diagnostic]:
    problems = []
    for statements in statements_by_reference(excerpts.values()).values():
        for repeat, original in duplicate_of(statements).items():
            problems.append(
                Diagnostic(
                    excerpts[repeat].source,
                    f"citation statement '{repeat}' repeats '{original}' (same or nearly the same text)",
                    Severity.WARNING,
                    "the site shows them once; remove one unless both papers really say it",
                    code="duplicate-statement",
                )
            )
    return problems


@dataclass(frozen=True)
class Tally:
    by_stance: Mapping[str, int]
    by_section: Mapping[str, int]
    total: int


def tally(statements: list[Excerpt], repeats: Mapping[str, str] | None = None) -> Tally:
    """Counts of distinct statements (repeats merged) by stance and by section.

    Pass ``repeats`` (from :func:`duplicate_of`) when it is known: finding repeats is the costly part.
    """
    repeats = duplicate_of(statements) if repeats is None else repeats
    distinct = [s for s in statements if s.id not in repeats]
    stance = Counter(s.stance or "mentioning" for s in distinct)
    section = Counter(s.section or NOT_GIVEN for s in distinct)
    return Tally({k: stance.get(k, 0) for k in STANCES}, {k: section.get(k, 0) for k in SECTIONS}, len(distinct))


def index_problems(studies: Mapping[str, Study], excerpts: Mapping[str, Excerpt]) -> list[Diagnostic]:
    """A study whose citation index reports fewer statements than this site records about it."""
    by_key = statements_by_reference(excerpts.values())
    problems = []
    for study in studies.values():
        index = study.citation_index
        group = by_key.get(study.reference)
        if index is None or not group:
            continue
        recorded = len(group) - len(duplicate_of(group))
        if recorded > index.statements:
            problems.append(
                Diagnostic(
                    study.source,
                    f"study '{study.id}' records {recorded} citation statements about its publication,"
                    f" but its citation_index reports {index.statements}",
                    Severity.WARNING,
                    "check the index's figures and the date you read them",
                    code="citation-index",
                )
            )
    return problems
