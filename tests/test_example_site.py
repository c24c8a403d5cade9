"""Build the example site with real MkDocs and read the generated HTML."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.core.project import Layout, check
from generator.core.references import anchor_for

from .conftest import REPO
from .sites import EXAMPLE_EPOCH, broken_links, findings_build, mkdocs_build, page_html, read_site

pytestmark = pytest.mark.slow


def test_example_records_have_no_errors() -> None:
    result = check(Layout.at(REPO))
    assert result.errors == []


def test_every_record_has_its_page_or_anchor(example_site: Path) -> None:
    corpus = check(Layout.at(REPO)).corpus
    assert corpus is not None
    pages = read_site(example_site)
    for study_id in corpus.studies:
        assert f"studies/{study_id}/index.html" in pages
    for theme in corpus.themes.values():
        top = corpus.top_theme(theme.id)
        page = pages[f"studies/{top.study}/{top.id}/index.html"]
        assert top.id == theme.id or theme.id in page.ids
        for excerpt in theme.excerpts:
            assert excerpt.id in page.ids
    implications = pages["implications/index.html"]
    assert set(corpus.implications) <= implications.ids
    references = pages["references/index.html"]
    assert {anchor_for(key) for key in corpus.library.entries} <= references.ids


def test_every_internal_link_and_anchor_resolves(example_site: Path) -> None:
    pages = read_site(example_site)
    assert len(pages) > 20
    assert broken_links(example_site, pages) == []


def test_excerpts_are_headings_so_search_lands_on_them(example_site: Path) -> None:
    pages = read_site(example_site)
    page = pages["studies/levari-2023/levari-2023-close-relationship/index.html"]
    excerpt_headings = [h for h in page.headings if h[1].startswith("levari-2023-") and h[0] in ("h3", "h4")]
    assert excerpt_headings


ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
# Most of the glossary's explanations in place are the plugin's work on the converted HTML (render/terms.py).
EXPLAINED_TERM = re.compile(r'<a class="fd-term" href="[^"]*" title="[^"]*">(.*?)</a>')


def test_cli_build_writes_the_same_pages_mkdocs_builds(example_site: Path, tmp_path: Path) -> None:
    """`findings build --out` beside a copy of docs/, built by MkDocs without the plugin (zensical.yml, which
    other builders use too): every page's content is the plugin build's, byte for byte. Both read the
    repository itself, so both see the same git history."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "zensical.yml"):
        shutil.copy(REPO / name, project / name)
    out = project / ".zensical" / "docs"
    shutil.copytree(REPO / "docs", out)
    dated = {"SOURCE_DATE_EPOCH": EXAMPLE_EPOCH}  # the date the example site was built with
    findings_build(REPO, out, "--root", str(REPO), env=dated)
    mkdocs_build(project, "-f", "zensical.yml", env=dated)
    written = project / ".zensical" / "site"
    pages = sorted(str(page.relative_to(example_site)) for page in example_site.rglob("*.html"))
    assert pages == sorted(str(page.relative_to(written)) for page in written.rglob("*.html"))
    differing = [
        page
        for page in pages
        if ARTICLE.findall(EXPLAINED_TERM.sub(r"\1", (example_site / page).read_text(encoding="utf-8")))
        != ARTICLE.findall(EXPLAINED_TERM.sub(r"\1", (written / page).read_text(encoding="utf-8")))
    ]
    assert differing == []
    assert (out / "assets" / "findings.css").is_file() and (out / "assets" / "findings.js").is_file()
    # A second run rewrites nothing.
    again = findings_build(REPO, out, "--root", str(REPO), env=dated)
    assert "0 page(s) written" in again.stderr


def test_evidence_page_has_summary_table_and_matrix(example_site: Path) -> None:
    page = read_site(example_site)["evidence/index.html"]
    titles = [text for _, _, text in page.headings]
    assert titles[:3] == ["Strength of evidence", "Summary of qualitative findings", "Evidence matrix"]
    html = page_html(example_site, "evidence/index.html")
    # The example records no CERQual assessment (none is published), so the table says so.
    assert "No finding has a confidence assessment yet." in html
    assert html.count("<tr>") > 5  # matrix rows: findings linked across studies


def test_citation_statements_are_tallied_and_the_seed_repeat_is_merged(example_site: Path) -> None:
    pages = read_site(example_site)
    statements = pages["statements/lavik2018first/index.html"]
    assert "lavik-2018-cs-social-rules" in statements.ids
    assert "lavik-2018-cs-social-rules-repeat" not in statements.ids  # shown once
    html = page_html(example_site, "statements/lavik2018first/index.html")
    assert "3 distinct statements (repeats merged)." in html
    assert 'aria-label="Statements recorded here, by stance: 0 supporting, 3 mentioning, 0 contrasting"' in html
    theme = page_html(example_site, "studies/lavik-2018/lavik-2018-client-perspective/index.html")
    assert "The source lists this statement a second time" in theme
    references = page_html(example_site, "references/index.html")
    assert "What others say about it: 3 of 32 statements recorded here" in references


def test_check_reports_the_repeated_seed_statement() -> None:
    result = check(Layout.at(REPO))
    repeats = [d for d in result.diagnostics if d.code == "duplicate-statement"]
    assert [d.message for d in repeats] == [
        "citation statement 'lavik-2018-cs-social-rules-repeat' repeats 'lavik-2018-cs-social-rules'"
        " (same or nearly the same text)"
    ]


def test_study_pages_draw_a_theme_map_with_a_text_alternative(example_site: Path) -> None:
    html = page_html(example_site, "studies/levari-2023/index.html")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert '<title id="map-levari-2023-title">Theme map of' in html
    assert "<figcaption>" in html


def test_implications_overview_links_each_to_its_own_page_with_the_evidence_trail(example_site: Path) -> None:
    html = page_html(example_site, "implications/index.html")
    pages = read_site(example_site)
    overview = pages["implications/index.html"]
    corpus = check(Layout.at(REPO)).corpus
    assert corpus is not None
    assert html.count('class="fd-implication"') == len(corpus.implications)
    for implication in corpus.implications.values():
        assert f'data-audience="{" ".join(implication.audience)}"' in html
        assert f"{implication.id}/" in overview.links
        page = pages[f"implications/{implication.id}/index.html"]
        assert ("h2", "evidence-trail", "Evidence trail") in page.headings
        for target in implication.grounded_in:  # every step of the trail is a link
            assert any(link.split("#")[-1] == target or link.rstrip("/").endswith(target) for link in page.links)
    assert "Evidence trail" not in html  # the trails are on the implications' own pages


def test_findings_json_and_csl_are_published(example_site: Path) -> None:
    import json

    corpus = check(Layout.at(REPO)).corpus
    assert corpus is not None
    data = json.loads((example_site / "findings.json").read_text(encoding="utf-8"))
    assert {t["id"] for t in data["themes"]} == set(corpus.themes)
    assert {i["id"] for i in data["implications"]} == set(corpus.implications)
    excerpt = data["themes"][0]["excerpts"][0]
    assert excerpt["url"].startswith("studies/") and "#" in excerpt["url"]
    csl = json.loads((example_site / "references.csl.json").read_text(encoding="utf-8"))
    assert {item["id"] for item in csl} == set(corpus.library.entries)


def test_relations_count_in_the_reference_tallies(example_site: Path) -> None:
    corpus = check(Layout.at(REPO)).corpus
    assert corpus is not None
    reference = corpus.studies["levari-2023"].reference
    links = sum(
        1
        for theme in corpus.themes.values()
        for relation in theme.relations
        if "levari-2023" in (theme.study, corpus.themes[relation.theme].study)
    )
    html = page_html(example_site, "references/index.html")
    start = html.index(f'id="{anchor_for(reference)}"')
    entry = html[start : html.index('class="fd-reference"', start + 30)]
    assert "Links between its findings and other studies" in entry
    numbers = [int(n) for n in re.findall(r"(\d+) (?:support|contrast|extend)", entry)]
    assert sum(numbers) == links
