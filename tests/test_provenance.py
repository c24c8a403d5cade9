"""Who says what: badges on every claim, filters' data, and findings.json (SYNTHETIC records)."""

from __future__ import annotations

import json

import pytest

from generator.core.project import Layout, Site, build_site

from .sites import BIB, STUDY, write_tree

THEME = """type: theme
id: t1
study: s1
title: Feeling heard
kind: theme
summary: The editors' summary [@smith2020alliance].
confidence:
  level: moderate
  explanation: Synthetic.
  judged_by: authors
excerpts:
  - id: t1-e1
    text: Synthetic words of a patient.
    speaker: patient
    source: interview
  - id: t1-cs
    text: Synthetic statement that cites the study.
    source: citation statement
    cites: {key: smith2020alliance}
    citing: {description: a synthetic citing paper, identification: unknown}
"""
OTHER = """type: theme
id: t2
study: s1
title: Being believed
kind: theme
excerpts:
  - id: t2-e1
    text: Synthetic words of a therapist.
    speaker: therapist
    source: interview
relations:
  - kind: supports
    theme: t1
    basis: theme labels only
  - kind: extends
    theme: t1
    derived_by: authors
"""
BY_AUTHORS = """type: implication
id: listen
statement: Listen before you advise.
audience: [therapists]
grounded_in: [t1-e1, t1-cs]
derived_by: authors
rationale: Synthetic.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = write_tree(
        tmp_path_factory.mktemp("provenance"),
        {
            "bib/lib.bib": BIB,
            "findings/s1/study.yml": STUDY,
            "findings/s1/t1.yml": THEME,
            "findings/s1/t2.yml": OTHER,
            "findings/implications/listen.yml": BY_AUTHORS,
        },
    )
    built, result = build_site(Layout.at(root))
    assert built is not None, result.diagnostics
    return built


def badge(by: str, label: str) -> str:
    return f'<span class="fd-by fd-by-{by}" title="Who says so: {label.lower()}">{label}</span>'


def test_every_claim_on_a_theme_page_says_who_makes_it(site: Site) -> None:
    pages = site.pages
    theme = pages["studies/s1/t1.md"].markdown
    assert f"{badge('authors', 'Study authors')} The theme is the study authors'; " in theme
    assert f"{badge('editors', 'Site editors')} the summary is in the site editors' words." in theme
    assert (
        f'{badge("authors", "Study authors")} <span class="fd-badge fd-role-patient">Patient</span> Interview' in theme
    )
    assert f"{badge('citing', 'Citing authors')} Citation statement, section not given" in theme
    assert f"· *judged by* {badge('authors', 'Study authors')}" in theme
    other = pages["studies/s1/t2.md"].markdown
    assert f"- {badge('editors', 'Site editors')} Supports [Feeling heard]" in other
    assert "*(the site editors' judgement, from theme labels only)*" in other
    assert f"- {badge('authors', 'Study authors')} Extends [Feeling heard]" in other
    assert "*(the study authors' link)*" in other


def test_implications_carry_their_source_for_filters_and_the_trail_badges_each_step(site: Site) -> None:
    pages = site.pages
    overview = pages["implications/index.md"].markdown
    assert 'data-by="authors"' in overview
    assert '<input type="checkbox" name="by" value="editors" checked> Site editors' in overview
    page = pages["implications/listen.md"].markdown
    assert f"· *Who says so:* {badge('authors', 'Study authors')} Stated by the study's authors" in page
    assert f"{badge('editors', 'Site editors')} In the site editors' words:" in page
    assert f"- Theme {badge('authors', 'Study authors')}: [" in page
    assert f"    - {badge('authors', 'Study authors')} [" in page
    assert f"    - {badge('citing', 'Citing authors')} [" in page


def test_evidence_page_rows_name_their_judges(site: Site) -> None:
    evidence = site.pages["evidence.md"].markdown
    assert '<form class="fd-by-filters" hidden aria-label="Filter by who says so">' in evidence
    assert f'<span data-fd-by="authors">{badge("authors", "Study authors")}</span>' in evidence  # the CERQual row
    assert '[Being believed](studies/s1/t2.md)<span data-fd-by="authors editors"></span> |' in evidence  # both kinds


def test_findings_json_keeps_who_says_what(site: Site) -> None:
    data = json.loads(site.files["findings.json"])
    themes = {t["id"]: t for t in data["themes"]}
    assert themes["t1"]["said_by"] == {"theme": "study authors", "summary": "site editors"}
    assert themes["t2"]["said_by"] == {"theme": "study authors"}
    assert [e["said_by"] for e in themes["t1"]["excerpts"]] == ["study authors", "citing authors"]
    assert [(r["derived_by"], r.get("basis")) for r in themes["t2"]["relations"]] == [
        ("editors", "theme labels only"),
        ("authors", None),
    ]
    assert themes["t1"]["confidence"]["judged_by"] == "authors"
    assert data["implications"][0]["said_by"] == "study authors"


def test_study_summaries_and_implication_links_say_whose_they_are(site: Site) -> None:
    study = site.pages["studies/s1/index.md"].markdown
    assert f"## Summary\n\n{badge('editors', 'Site editors')} In the site editors' words:\n{{: .fd-by-line }}" in study
    home = site.pages["index.md"].markdown
    assert f"- [Listen before you advise](implications/listen.md) {badge('authors', 'Study authors')}" in home
