"""The example site, built once with real MkDocs: who stands behind it, what counts count, who says what.

Built with a fixed SOURCE_DATE_EPOCH so the build date in the footer is known (and reproducible).
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from .sites import broken_links, page_html, read_site

pytestmark = pytest.mark.slow


@pytest.fixture
def site(example_site: Path) -> Path:
    """The example site, built once for the whole run (conftest.py), dated EXAMPLE_EPOCH: 2025-12-06 (UTC)."""
    return example_site


def text_of(html: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    words = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r"\(\s+", "(", re.sub(r"\s+([),.;:])", r"\1", words))


def footer(html: str) -> str:
    found = re.search(r'<p class="fd-site-footer">(.*?)</p>', html, re.S)
    assert found, "no footer line"
    return found.group(1)


def test_every_page_footer_says_who_edits_when_reviewed_version_and_build(site: Path) -> None:
    for path in ("index.html", "implications/build-hope-early/index.html", "references/index.html"):
        line = text_of(footer(page_html(site, path)))
        assert line == (
            "Edited by the findings-site project maintainers · last reviewed 7 December 2026 · licence: MIT · "
            "version 1.0, built 2025-12-06 · About this site and how to cite it"
        ), path
    assert 'href="../../about-this-site/"' in footer(page_html(site, "implications/build-hope-early/index.html"))
    assert 'href="/about-this-site/"' in footer(page_html(site, "404.html"))  # served from any depth


def test_home_page_says_it_is_a_worked_example_and_links_to_about(site: Path) -> None:
    home = page_html(site, "index.html")
    notice = re.search(r'<div class="fd-site-notice">(.*?)</div>', home, re.S)
    assert notice
    words = text_of(notice.group(1))
    assert words.startswith("About this site. A worked example of the findings-site tool. It is built from published")
    assert "Edited by the findings-site project maintainers · last reviewed 7 December 2026" in words
    assert 'href="about-this-site/"' in notice.group(1)


def test_about_page_has_editors_scope_audience_disclaimer_review_licence_and_citation(site: Path) -> None:
    about = text_of(page_html(site, "about-this-site/index.html"))
    for heading in ("Who stands behind it", "Who it is for", "What it is not", "Last reviewed", "Licence"):
        assert heading in about
    assert "The findings-site project maintainers" in about
    assert "not a clinical guideline" in about
    assert "The findings-site project maintainers. (2026, December 7). Therapeutic alliance formation" in about
    assert "@online{findings-site," in about and "TY - ELEC" in about


def test_links_resolve(site: Path) -> None:
    assert broken_links(site, read_site(site)) == []


def test_what_others_say_says_what_its_counts_count(site: Path) -> None:
    html = page_html(site, "statements/lavik2018first/index.html")
    words = text_of(html)
    assert (
        "3 of 32 statements recorded here; the citation index (scite) reports 3 supporting, 27 mentioning, "
        "0 contrasting, from 36 citing publications (retrieval date not recorded)."
    ) in words
    assert (
        "Stance Recorded here Citation index Supporting 0 3 Mentioning 3 27 Contrasting 0 0 All statements 3 32"
        in words
    )
    # The statement whose section the source does not give is not counted as "other".
    assert "Section not given 1" in words and "Other section 1" not in words
    assert "Citation statement, section not given; cites" in words
    assert 'data-section="not-given"' in html
    references = text_of(page_html(site, "references/index.html"))
    assert "What others say about it: 3 of 32 statements recorded here" in references
    assert "What others say about it: 1 statement recorded here" in references


def test_unconfirmed_details_show_on_the_reference_and_in_tooltips(site: Path) -> None:
    references = page_html(site, "references/index.html")
    assert '<p class="fd-unconfirmed">Not confirmed in a source: year (unverified).</p>' in references
    assert "Not confirmed in a source: author list (unverified), journal (inferred)." in references
    assert "Not confirmed in a source: volume (inferred)." in references
    study = page_html(site, "studies/levari-2023/index.html")
    assert "Not confirmed in a source: year (unverified)." in study
    assert "[Not confirmed in a source: year unverified]" in study  # a citation's tooltip (its title)


def test_implication_page_says_who_says_what(site: Path) -> None:
    words = text_of(page_html(site, "implications/expect-ambivalence-in-an/index.html"))
    assert "Who says so: Site editors Drawn from the findings by this site's editors" in words
    assert "Why Site editors In the site editors' words:" in words
    assert "Overarching theme Study authors: The mutual wish of the patient and therapist" in words
    theme = text_of(page_html(site, "studies/levari-2023/levari-2023-close-relationship/index.html"))
    assert (
        "Study authors The theme is the study authors'; Site editors the summary is in the site editors' words."
        in theme
    )
    assert "(the site editors' judgement, from the abstracts only)" in theme
    sly = text_of(page_html(site, "studies/sly-2014/sly-2014-being-active/index.html"))
    assert "(the site editors' judgement, from theme labels only)" in sly


def test_implication_page_has_a_cite_this_box(site: Path) -> None:
    html = page_html(site, "implications/expect-ambivalence-in-an/index.html")
    box = re.search(r'<details class="fd-cite"[^>]*>(.*?)</details>', html, re.S)
    assert box, "no Cite this box"
    words = text_of(box.group(1))
    assert words.startswith(
        "Cite this page The findings-site project maintainers. (2026, December 7). Expect a patient with AN to want"
        " closeness and fear it. Therapeutic alliance formation: clinical implications (a worked example)."
    )
    assert "@online{expect-ambivalence-in-an," in words and "TY - ELEC" in words
