"""A clinician between sessions: finds what to do by abbreviation or condition, understands every term in place
(hover, keyboard, touch), follows a trail that lists each excerpt once, and reads quotes as dark as the text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from .actions import open_search
from .conftest import Site, Tab

pytestmark = pytest.mark.browser

AN_IMPLICATIONS = {"disclose-affection-in-an", "expect-ambivalence-in-an", "keep-setting-flexible"}


def result_pages(tab: Tab, phrase: str, count: int) -> list[str]:
    """The pages of the first ``count`` search results, in order (sections of one page count once)."""
    open_search(tab, phrase)
    links = tab.page.locator(".md-search-result__item > .md-search-result__link")
    hrefs: list[str] = []
    for _ in range(20):  # results change while the worker answers each keystroke: wait until they stay the same
        tab.page.wait_for_timeout(250)
        now = links.evaluate_all("links => links.map(link => link.href)")
        if now and now == hrefs:
            break
        hrefs = now
    found: list[str] = []
    for href in hrefs:
        page = urlsplit(href).path.removeprefix(urlsplit(tab.site.base).path)
        if page not in found:
            found.append(page)
    return found[:count]


@pytest.mark.parametrize("phrase", ["AN", "anorexia"])
def test_the_abbreviation_and_the_condition_find_the_implications_about_it_first(
    open_tab: Callable[..., Tab], phrase: str
) -> None:
    tab = open_tab("studies/")
    first = result_pages(tab, phrase, 3)
    assert {page.removeprefix("implications/").strip("/") for page in first} == AN_IMPLICATIONS, first
    assert tab.errors == []


def test_a_verb_finds_the_implication_that_uses_its_noun(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab("studies/")
    assert result_pages(tab, "disclose", 1) == ["implications/disclose-affection-in-an/"]


def test_back_links_stay_out_of_the_search_index(example_site: Path) -> None:
    index = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    generated = [doc for doc in index["docs"] if not doc["location"].startswith("guide/")]  # the guide tells of them
    texts = " ".join(doc["text"] for doc in generated)
    assert "Cited in" not in texts and "Implications grounded here" not in texts
    assert any(doc["location"].startswith("references/") for doc in generated)  # the references are still found


def test_hovering_a_term_shows_its_definition(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab("studies/levari-2023/")
    term = tab.page.locator("article a.fd-term[href$='#term-dyad']").first
    term.scroll_into_view_if_needed()
    term.hover()
    tooltip = tab.page.locator(f"[id='{term.get_attribute('aria-describedby')}']")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("A patient and their therapist studied as a pair")


def test_a_term_reached_by_keyboard_shows_its_definition(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab("implications/disclose-affection-in-an/")
    page = tab.page
    for _ in range(80):  # tab through the page until a defined term has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('fd-term')"):
            break
    else:
        pytest.fail("no defined term is reachable with the Tab key")
    # Material gives the focused link its tooltip a moment after the focus arrives.
    page.wait_for_function("document.activeElement.getAttribute('aria-describedby')")
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    tooltip = page.locator(f"[id='{described}']")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(re.compile(r"\w+ \w+ \w+"))


def test_first_tap_on_a_term_explains_it_second_tap_opens_the_glossary(browser: Browser, site: Site) -> None:
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 375, "height": 740})
    tab = context.new_page()
    try:
        tab.goto(site.url("studies/levari-2023/"), wait_until="load")
        term = tab.locator("article a.fd-term[href$='#term-dyad']").first
        term.scroll_into_view_if_needed()
        start = tab.url
        term.tap()
        tab.wait_for_timeout(400)
        assert tab.url == start
        expect(tab.locator("[role=tooltip]").filter(has_text="studied as a pair").first).to_be_visible()
        term.tap()
        tab.wait_for_url("**/glossary/#term-dyad")
    finally:
        context.close()


def test_every_trail_lists_each_excerpt_once_and_never_repeats_a_title(
    open_tab: Callable[..., Tab], site: Site
) -> None:
    tab = open_tab()
    implications = sorted(p.parent.name for p in (site.root / "implications").glob("*/index.html"))
    assert len(implications) == 10
    for implication in implications:
        tab.goto(f"implications/{implication}/")
        links = tab.page.locator(".fd-trail a:not(.fd-term)").evaluate_all(
            "links => links.map(link => [link.getAttribute('href'), link.textContent])"
        )
        excerpts = [href for href, _ in links if re.search(r"#[\w-]+$", href) and "references" not in href]
        assert len(excerpts) == len(set(excerpts)), implication
        titles = [text for href, text in links if "references" not in href]
        for text in titles:
            assert not re.search(r"“.*”\s*\(", text), f"{implication}: {text!r} repeats a title after the quote"


def test_quotes_are_as_dark_as_body_text_and_headings_are_weighted(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab("studies/lavik-2018/lavik-2018-client-perspective/")
    page = tab.page
    body = page.locator("article p").first.evaluate("e => getComputedStyle(e).color")
    quote = page.locator("article blockquote").first.evaluate("e => getComputedStyle(e).color")
    assert quote == body
    for selector in ("article h1", "article h2"):
        weight = page.locator(selector).first.evaluate("e => getComputedStyle(e).fontWeight")
        assert int(weight) >= 600, selector


def test_the_implications_page_filters_by_the_condition_in_its_address(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab("implications/?condition=anorexia-nervosa")
    shown = tab.page.locator(".fd-implication:visible")
    expect(shown).to_have_count(3)
    ids = {item.get_attribute("id") or "" for item in tab.page.locator(".fd-implication:visible h3").all()}
    assert ids == AN_IMPLICATIONS
    expect(tab.page.locator(".fd-filter-count")).to_have_text("Showing 3 of 10 implications.")
    tab.page.select_option("select[name=condition]", "")
    expect(shown).to_have_count(10)


def test_the_home_page_offers_situations_that_lead_to_them(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab("")
    tab.page.get_by_role("navigation", name="Implications by situation").get_by_role(
        "link", name=re.compile("^Anorexia nervosa")
    ).click()
    tab.page.wait_for_url("**/implications/?condition=anorexia-nervosa")
    expect(tab.page.locator(".fd-implication:visible")).to_have_count(3)


LOW = re.compile(r"^((references|statements)/.*|implications/|studies/|evidence/|glossary/|)$")  # index, reference


@pytest.mark.parametrize("phrase", ["hope", "fear"])
def test_implications_and_themes_rank_above_reference_and_index_pages(
    open_tab: Callable[..., Tab], site: Site, phrase: str
) -> None:
    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    could = {d["location"].split("#")[0] for d in index["docs"] if phrase in (d["title"] + d["text"]).lower()}
    assert any(LOW.match(page) for page in could), "no reference or index page holds the word: a weak test"
    tab = open_tab("studies/")
    pages = result_pages(tab, phrase, 30)
    first = [p for p in pages if re.match(r"^(implications/.+|studies/[^/]+/[^/]+/)$", p)]
    last = [p for p in pages if LOW.match(p)]
    assert first, pages
    assert all(pages.index(p) > max(pages.index(q) for q in first) for p in last), pages
