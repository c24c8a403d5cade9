"""Pagefind search (`search: pagefind`) in a real browser: a synthetic project built with MkDocs, served from a
sub-path on 127.0.0.1, searched through the header button and dialog, landing on an excerpt."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from ..sites import mkdocs_build, pagefind_project, write_tree
from .conftest import TIMEOUT_MS, Site, Tab, serving
from .test_accessibility import SCHEMES, axe_violations, describe

pytestmark = pytest.mark.browser

SUBPATH = "docs/findings/"  # the site is served from here, not from the server's root
EXCERPT_ID = "t1a-e1"  # the therapist's excerpt of the subtheme, shown on the theme page studies/s1/t1/
PHRASE = "about believing"


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = write_tree(tmp_path_factory.mktemp("pagefind-project"), pagefind_project())
    served = tmp_path_factory.mktemp("pagefind-served")
    site_dir = served / SUBPATH
    mkdocs_build(root, "--site-dir", str(site_dir))
    assert (site_dir / "pagefind" / "pagefind-ui.js").is_file()
    with serving(served) as base:
        yield Site(site_dir, base + SUBPATH)


def _is_local(url: str) -> bool:
    return url.startswith(("data:", "blob:")) or urlsplit(url).hostname == "127.0.0.1"


@pytest.fixture
def open_tab(browser: Browser, pagefind_site: Site) -> Iterator[Callable[[str], Tab]]:
    """open_tab(path) -> Tab on the Pagefind site; requests that would leave 127.0.0.1 are recorded, then aborted."""
    contexts: list[BrowserContext] = []

    def open_(path: str) -> Tab:
        context = browser.new_context(viewport={"width": 1280, "height": 720}, service_workers="block")
        context.set_default_timeout(TIMEOUT_MS)
        context.route(lambda url: not _is_local(url), lambda route: route.abort())
        contexts.append(context)
        tab = Tab(context.new_page(), pagefind_site)
        tab.page.on("console", lambda m: tab.errors.append(f"console: {m.text}") if m.type == "error" else None)
        tab.page.on("pageerror", lambda error: tab.errors.append(f"page error: {error}"))
        tab.page.on("request", lambda request: tab.requests.append(request.url))
        tab.goto(path)
        return tab

    yield open_
    for context in contexts:
        context.close()


def test_search_finds_an_excerpt_and_lands_on_it(open_tab: Callable[[str], Tab]) -> None:
    tab = open_tab("studies/")
    page = tab.page
    expect(page.locator("label[for='__search']")).to_have_count(0)  # Material's own search is not there
    page.locator(".md-header__inner .fd-search-button").click()
    dialog = page.get_by_role("dialog", name="Search this site")
    expect(dialog).to_be_visible()
    box = dialog.locator("input.pagefind-ui__search-input")
    expect(box).to_be_focused()
    box.press_sequentially(PHRASE)

    hit = dialog.locator(f"a.pagefind-ui__result-link[href$='#{EXCERPT_ID}']")
    expect(hit).to_have_count(1)
    expect(hit).to_have_attribute("href", f"/{SUBPATH}studies/s1/t1/#{EXCERPT_ID}")  # relative to the sub-path
    hit.click()

    page.wait_for_url(re.compile("#" + re.escape(EXCERPT_ID) + "$"))
    assert urlsplit(page.url).path == f"/{SUBPATH}studies/s1/t1/"
    assert unquote(urlsplit(page.url).fragment) == EXCERPT_ID
    excerpt = page.locator(f"[id='{EXCERPT_ID}']")
    expect(excerpt).to_be_in_viewport()
    assert excerpt.evaluate("e => e.tagName") in ("H3", "H4")
    quote = excerpt.locator("xpath=following-sibling::*[1][self::blockquote]")
    expect(quote).to_contain_text(PHRASE)
    assert [url for url in tab.requests if not _is_local(url)] == []
    assert any("/pagefind/fragment/" in url for url in tab.requests)  # fragments, not one whole index
    assert tab.errors == []


def test_filters_narrow_results(open_tab: Callable[[str], Tab]) -> None:
    tab = open_tab("")
    tab.page.keyboard.press("/")
    dialog = tab.page.get_by_role("dialog", name="Search this site")
    box = dialog.locator("input.pagefind-ui__search-input")
    expect(box).to_be_focused()
    box.press_sequentially("synthetic")
    results = dialog.locator(".pagefind-ui__result")
    expect(results.first).to_be_visible()
    # Pagefind's UI draws the filter panel once its filter index has loaded, after the first results;
    # on a loaded two-core CI machine that took over the default 5 s once.
    for name in ("study", "role", "audience", "confidence"):
        names = dialog.locator(".pagefind-ui__filter-name", has_text=re.compile(f"^{name}$", re.I))
        expect(names).to_have_count(1, timeout=20_000)
    role_name = tab.page.locator(".pagefind-ui__filter-name", has_text=re.compile("^role$", re.I))
    role = dialog.locator(".pagefind-ui__filter-block", has=role_name)
    if not role.locator("input[value='Therapist']").is_visible():
        role.locator(".pagefind-ui__filter-name").click()  # the filter group is folded
    role.locator("input[value='Therapist']").check()
    expect(dialog.locator(".pagefind-ui__message")).to_have_text(re.compile(r"^1 result for synthetic$"))
    expect(results).to_have_count(1)
    expect(results.first.locator("a.pagefind-ui__result-link").first).to_have_attribute("href", re.compile(r"/s1/t1/"))
    assert tab.errors == []


def test_dialog_keeps_focus_and_escape_closes_it(open_tab: Callable[[str], Tab]) -> None:
    tab = open_tab("implications/")
    page = tab.page
    button = page.locator(".fd-search-button")
    expect(button).to_have_accessible_name("Search")
    expect(button).to_have_attribute("aria-haspopup", "dialog")
    button.click()
    dialog = page.get_by_role("dialog", name="Search this site")
    box = dialog.locator("input.pagefind-ui__search-input")
    expect(box).to_be_focused()
    box.press_sequentially("listen")
    expect(dialog.locator(".pagefind-ui__result").first).to_be_visible()
    page.keyboard.press("Escape")  # from the search box
    expect(dialog).to_be_hidden()
    expect(button).to_be_focused()
    # Reopening keeps the query and its results; Pagefind's UI is loaded once.
    button.click()
    expect(box).to_be_focused()
    expect(box).to_have_value("listen")
    expect(dialog.locator(".pagefind-ui__result").first).to_be_visible()
    assert sum(url.endswith("/pagefind/pagefind-ui.js") for url in tab.requests) == 1
    for _ in range(30):  # Tab and Shift+Tab never leave the dialog
        page.keyboard.press("Tab")
        assert dialog.evaluate("d => d.contains(document.activeElement)")
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        assert dialog.evaluate("d => d.contains(document.activeElement)")
    page.keyboard.press("Escape")  # from wherever Tab left the focus
    expect(dialog).to_be_hidden()
    expect(button).to_be_focused()
    assert tab.errors == []


def test_ui_assets_are_not_loaded_until_search_opens(open_tab: Callable[[str], Tab]) -> None:
    tab = open_tab("studies/s1/")
    tab.page.wait_for_load_state("networkidle")
    assert not [url for url in tab.requests if "/pagefind/" in url]
    assert Path(urlsplit(tab.requests[0]).path).as_posix().startswith(f"/{SUBPATH}")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_search_has_no_axe_violations(open_tab: Callable[[str], Tab], axe_path: Path, scheme: str) -> None:
    """The header button, and the dialog with results and an unfolded filter, in light and dark schemes."""
    tab = open_tab("studies/")
    violations = axe_violations(tab, axe_path, scheme)
    assert not violations, f"header with the search button ({scheme}):\n{describe(violations)}"
    tab.page.locator(".fd-search-button").click()
    dialog = tab.page.get_by_role("dialog", name="Search this site")
    dialog.locator("input.pagefind-ui__search-input").press_sequentially("synthetic")
    expect(dialog.locator(".pagefind-ui__result").first).to_be_visible()
    dialog.locator(".pagefind-ui__filter-name").first.click()
    violations = axe_violations(tab, axe_path, scheme)
    assert not violations, f"search dialog with results ({scheme}):\n{describe(violations)}"


def test_from_file_urls_the_dialog_says_search_needs_a_server(browser: Browser, pagefind_site: Site) -> None:
    """Pagefind fetches its index, which browsers refuse for file:// pages; the dialog explains instead of failing."""
    context = browser.new_context(service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto((pagefind_site.root / "studies" / "index.html").as_uri())
        page.locator(".fd-search-button").click()
        dialog = page.get_by_role("dialog", name="Search this site")
        expect(dialog.get_by_role("status")).to_contain_text("served over http(s)")
        expect(dialog.locator("input.pagefind-ui__search-input")).to_have_count(0)
    finally:
        context.close()
