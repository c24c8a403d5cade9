"""The site record (findings/site.yml): who stands behind a site, shown on the home and About pages.

Editors, affiliations and ORCID iDs here are SYNTHETIC test data (the ORCID iD is ORCID's own
documented example).
"""

from __future__ import annotations

from pathlib import Path

from generator.core.diagnostics import Location
from generator.core.model import Editor, SiteInfo
from generator.core.project import Layout, build_pages, check
from generator.core.render.pages import RenderOptions
from generator.core.render.site_info import BASE, apa_authors, cite, footer_html, page_address

from .sites import BIB, IMPLICATION, STUDY, THEME

SITE = """type: site
title: Synthetic findings
editors:
  - name: Kari Nordmann
    family: Nordmann
    given: Kari Anne
    affiliation: Synthetic University
    orcid: 0000-0002-1825-0097
  - name: the synthetic review team
scope: A SYNTHETIC site for tests [@smith2020alliance].
audience: Testers.
disclaimer: Not a guideline.
reviewed: "2026-03-05"
version: "2.1"
licence:
  name: CC BY 4.0
  url: https://creativecommons.org/licenses/by/4.0/
"""


def _files(**extra: str) -> dict[str, str]:
    return {
        "bib/lib.bib": BIB,
        "findings/s1/study.yml": STUDY,
        "findings/s1/t1.yml": THEME,
        "findings/implications/listen.yml": IMPLICATION,
        **extra,
    }


def _site(*editors: Editor) -> SiteInfo:
    return SiteInfo("Synthetic findings", editors, "scope", "audience", "disclaimer", "2026-03-05", Location("x"))


def test_apa_authors_of_people_and_groups() -> None:
    kari = Editor("Kari Nordmann", family="Nordmann", given="Kari Anne")
    per = Editor("Per-Einar Hansen", family="Hansen", given="Per-Einar")
    group = Editor("the synthetic review team")
    assert apa_authors((kari,)) == "Nordmann, K. A."
    assert apa_authors((kari, per)) == "Nordmann, K. A., & Hansen, P.-E."
    assert apa_authors((kari, per, group)) == "Nordmann, K. A., Hansen, P.-E., & The synthetic review team"
    assert apa_authors((group,)) == "The synthetic review team"


def test_citation_of_a_page_names_editors_date_title_site_and_address() -> None:
    site = _site(Editor("Kari Nordmann", family="Nordmann", given="Kari"))
    url = page_address("https://example.org/site/", "implications/listen.md")
    assert url == "https://example.org/site/implications/listen/"
    citation = cite(site, "Listen before you advise", url, "listen")
    assert citation.apa == (
        "Nordmann, K. (2026, March 5). *Listen before you advise*. Synthetic findings. "
        "<https://example.org/site/implications/listen/>"
    )
    assert "@online{listen,\n  author = {Nordmann, Kari},\n  title = {{Listen before you advise}}," in citation.bibtex
    assert "  organization = {Synthetic findings}," in citation.bibtex
    assert citation.ris.splitlines() == [
        "TY  - ELEC",
        "AU  - Nordmann, Kari",
        "TI  - Listen before you advise",
        "T2  - Synthetic findings",
        "PY  - 2026",
        "DA  - 2026/03/05",
        "UR  - https://example.org/site/implications/listen/",
        "ER  - ",
    ]


def test_footer_names_editors_review_licence_version_build_and_about() -> None:
    site = _site(Editor("the synthetic review team"))
    assert footer_html(None, "2026-01-01", "about/") == ""
    html = footer_html(site, "2026-04-01", "about/")
    assert html == (
        "Edited by the synthetic review team · last reviewed 5 March 2026 · built 2026-04-01 · "
        f'<a href="{BASE}about/">About this site and how to cite it</a>'
    )


def test_about_page_and_home_notice(project) -> None:  # type: ignore[no-untyped-def]
    root = project(_files(**{"findings/site.yml": SITE}))
    pages, result = build_pages(Layout.at(root), RenderOptions(site_url="https://example.org/s/"))
    assert result.errors == [] and pages is not None
    about = pages["about-this-site.md"].markdown
    assert (
        "- Kari Nordmann (Synthetic University) · ORCID [0000-0002-1825-0097](https://orcid.org/0000-0002-1825-0097)"
        in about
    )
    assert "- The synthetic review team\n" in about
    assert "[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/)" in about
    assert "on 5 March 2026." in about and "version 2\\.1" in about
    assert (
        "Nordmann, K. A., &amp; The synthetic review team. (2026, March 5). *Synthetic findings*. <https://example.org/s/>"
        in about
    )
    home = pages["index.md"].markdown
    assert "**About this site.** A SYNTHETIC site for tests" in home
    assert "Edited by Kari Nordmann and the synthetic review team · last reviewed 5 March 2026" in home
    assert "(about-this-site.md)" in home
    assert pages["about-this-site.md"].source == "findings/site.yml"


def test_without_a_site_record_there_is_no_about_page(project) -> None:  # type: ignore[no-untyped-def]
    pages, _ = build_pages(Layout.at(project(_files())))
    assert pages is not None and "about-this-site.md" not in pages
    assert "About this site" not in pages["index.md"].markdown


def test_site_record_field_errors(project) -> None:  # type: ignore[no-untyped-def]
    bad = SITE.replace("0000-0002-1825-0097", "0000-0002-1825")
    root = project(_files(**{"findings/site.yml": bad}))
    messages = [str(d) for d in check(Layout.at(root)).diagnostics if d.is_error]
    assert messages == [
        "findings/site.yml:8:12: error: 'editors[1].orcid' should be an ORCID iD of four groups of four digits"
        " (the last may be X), e.g. '0000-0002-1825-0097'; got '0000-0002-1825'"
    ]


def test_two_site_records_are_an_error(project) -> None:  # type: ignore[no-untyped-def]
    root = project(_files(**{"findings/site.yml": SITE, "findings/z/site.yml": SITE}))
    messages = [str(d) for d in check(Layout.at(root)).diagnostics if d.is_error]
    assert messages == [
        "findings/z/site.yml:1:1: error: a second site record (the first is findings/site.yml:1:1)"
        " (keep one findings/site.yml and merge the two)"
    ]


def test_example_has_a_site_record_that_invents_no_people() -> None:
    corpus = check(Layout.at(Path(__file__).resolve().parents[1])).corpus
    assert corpus is not None and corpus.site is not None
    assert [e.name for e in corpus.site.editors] == ["the findings-site project maintainers"]
    assert all(not e.family and not e.orcid for e in corpus.site.editors)
    assert "worked example" in corpus.site.scope and "abstracts" in corpus.site.scope


def test_cite_this_page_on_implication_study_and_theme_pages(project) -> None:  # type: ignore[no-untyped-def]
    root = project(_files(**{"findings/site.yml": SITE}))
    pages, _ = build_pages(Layout.at(root), RenderOptions(site_url="https://example.org/s/"))
    assert pages is not None
    implication = pages["implications/listen.md"].markdown
    box = '<details class="fd-cite" data-search-exclude="cite-box" data-pagefind-ignore="all" markdown>\n'
    assert box + "<summary>Cite this page</summary>" in implication
    assert (
        "Nordmann, K. A., &amp; The synthetic review team. (2026, March 5). *Listen before you advise*."
        " Synthetic findings. <https://example.org/s/implications/listen/>"
    ) in implication
    assert "<code>@online{listen,\n  author = {Nordmann, Kari Anne and {The synthetic review team}}," in implication
    assert "UR  - https://example.org/s/implications/listen/" in implication
    study = pages["studies/s1/index.md"].markdown
    assert "*Synthetic study*. Synthetic findings. <https://example.org/s/studies/s1/>" in study
    theme = pages["studies/s1/t1.md"].markdown
    assert "*Feeling heard*. Synthetic findings. <https://example.org/s/studies/s1/t1/>" in theme
    assert "this page's address followed by `#` and the excerpt's id (e.g. `#t1-e1`)" in theme


def test_no_cite_box_without_editors_to_cite(project) -> None:  # type: ignore[no-untyped-def]
    pages, _ = build_pages(Layout.at(project(_files())))
    assert pages is not None and "Cite this page" not in pages["implications/listen.md"].markdown


def test_repository_citation_file_and_published_address() -> None:
    import yaml

    root = Path(__file__).resolve().parents[1]
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "software"
    assert {"message", "title", "authors", "version", "license"} <= cff.keys()
    assert cff["authors"] == [{"name": "The findings-site project maintainers"}]  # no invented people
    assert "site_url: !ENV SITE_URL" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    workflow = (root / ".github/workflows/site.yml").read_text(encoding="utf-8")
    assert "uses: actions/configure-pages@v5" in workflow
    assert "SITE_URL: ${{ steps.pages.outputs.base_url }}" in workflow
