"""axe-core finds no WCAG 2.x A/AA violations on any page type, in Material's light and dark colour schemes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .actions import open_search, show_tooltip
from .conftest import PAGE_TYPES, Loaded, Tab

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# The example site configures only the light scheme; slate is forced on <body> (as Material's palette toggle
# would) because the plugin's stylesheet ships to every site, and some use dark mode.
SCHEMES = ["default", "slate"]
# Stop CSS transitions (Material fades colours, tooltips, search results; nested links fade one after another),
# so that colours are final when axe measures them, then set the colour scheme.
SETTLE = """async scheme => {
    if (!document.getElementById('test-no-transitions')) {
        const style = document.createElement('style');
        style.id = 'test-no-transitions';
        style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
        document.head.append(style);
    }
    document.body.setAttribute('data-md-color-scheme', scheme);
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
}"""


def axe_violations(tab: Tab, axe_path: Path, scheme: str) -> list[dict[str, Any]]:
    page = tab.page
    page.evaluate(SETTLE, scheme)
    if not page.evaluate("typeof axe !== 'undefined'"):
        # Evaluated, not added as a <script>: the site's Content-Security-Policy would block an inline script.
        page.evaluate(axe_path.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' > '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_has_no_axe_violations(
    loaded_page: Callable[[str], Loaded], axe_path: Path, path: str, scheme: str
) -> None:
    violations = axe_violations(loaded_page(path).tab, axe_path, scheme)
    assert not violations, f"{len(violations)} axe violation(s) on /{path} ({scheme}):\n{describe(violations)}"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_results_and_tooltips_have_no_axe_violations(
    open_tab: Callable[..., Tab], axe_path: Path, scheme: str
) -> None:
    """Open states that a page load never shows: the search results (highlighted matches, result count), a citation
    tooltip and its hovered link (the accent colour)."""
    tab = open_tab("implications/build-hope-early/")  # its "Why" cites two papers
    show_tooltip(tab)
    violations = axe_violations(tab, axe_path, scheme)
    assert not violations, f"with a citation tooltip showing ({scheme}):\n{describe(violations)}"

    tab.goto("studies/")
    open_search(tab, "body language")
    violations = axe_violations(tab, axe_path, scheme)
    assert not violations, f"with search results showing ({scheme}):\n{describe(violations)}"
