"""Figures fit any screen: no theme-map label clipped or cut from 320 to 1920 px wide; on a phone the map gives way
to its list and the evidence matrix to cards, so nothing scrolls sideways."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .conftest import Site, Tab

pytestmark = pytest.mark.browser

WIDTHS = (320, 375, 768, 1280, 1920)

# For every label of every visible theme map: its box, its text, and whether the text lies within the box.
LABELS = """() => [...document.querySelectorAll('svg.fd-map')].filter(svg => svg.getBoundingClientRect().width > 0)
  .flatMap(svg => [...svg.querySelectorAll('text')].map(text => {
    const box = text.previousElementSibling.getBoundingClientRect(), words = text.getBoundingClientRect();
    const inside = words.left >= box.left - 0.5 && words.right <= box.right + 0.5 &&
                   words.top >= box.top - 0.5 && words.bottom <= box.bottom + 0.5;
    const within = svg.getBoundingClientRect();
    const shown = words.left >= within.left - 0.5 && words.right <= within.right + 0.5;
    return {text: text.textContent, inside, shown};
  }))"""


def map_pages(site: Site) -> list[str]:
    pages = sorted(
        path.parent.relative_to(site.root).as_posix() + "/"
        for path in (site.root / "studies").glob("*/index.html")
        if 'class="fd-map"' in path.read_text(encoding="utf-8")
    )
    assert len(pages) >= 5
    return pages


@pytest.mark.parametrize("width", WIDTHS)
def test_no_label_is_clipped_or_cut_and_nothing_scrolls_sideways(
    open_tab: Callable[..., Tab], site: Site, width: int
) -> None:
    tab = open_tab(width=width, height=900)
    labels_seen = 0
    for path in map_pages(site):
        tab.goto(path)
        labels = tab.page.evaluate(LABELS)
        labels_seen += len(labels)
        for label in labels:
            assert label["inside"] and label["shown"], f"{path} at {width} px: {label['text']!r} leaves its box"
            assert not label["text"].endswith("…"), f"{path}: {label['text']!r} is cut"
        overflow = tab.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} at {width} px scrolls sideways by {overflow} px"
        if width < 720:
            assert labels == [], "on a phone the list stands in for the map"
            assert tab.page.locator("article .md-typeset ul li a, article ul li a").first.is_visible()
    if width >= 768:
        assert labels_seen > 20


def test_the_evidence_matrix_is_readable_on_a_phone(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab("evidence/", width=375, height=800)
    page = tab.page
    assert not page.locator("article table").last.is_visible()
    cards = page.locator(".fd-matrix-cards li")
    assert cards.count() > 3
    assert cards.first.is_visible()
    for box in cards.evaluate_all("items => items.map(item => item.getBoundingClientRect().right)"):
        assert box <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    tab.page.set_viewport_size({"width": 1280, "height": 800})
    assert page.locator("article table").last.is_visible() and not cards.first.is_visible()
