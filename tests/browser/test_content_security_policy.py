"""The shipped Content-Security-Policy: nothing the site needs is blocked, markup that slipped in stays dead."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .actions import open_search, show_tooltip
from .conftest import PAGE_TYPES, Tab

pytestmark = pytest.mark.browser

# Installed before any script of the page: every violation the policy reports.
HOOK = """window.cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));"""


def _open(open_tab: Callable[..., Tab], path: str) -> Tab:
    tab = open_tab()
    tab.page.context.add_init_script(HOOK)
    tab.goto(path, settle=True)
    return tab


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_every_page_type_runs_under_its_policy(open_tab: Callable[..., Tab], name: str) -> None:
    tab = _open(open_tab, PAGE_TYPES[name])
    policy = tab.page.locator("meta[http-equiv='Content-Security-Policy']")
    assert policy.count() == 1
    assert "script-src 'self'" in (policy.get_attribute("content") or "")
    assert tab.page.evaluate("document.documentElement.classList.contains('js')")  # Material's bootstrap ran
    if name == "implication":  # search (a web worker) and tooltips (inline styles, dynamic markup) work
        show_tooltip(tab)
        assert open_search(tab, "alliance").count() > 0
    assert tab.page.evaluate("window.cspViolations") == []
    assert tab.errors == []


def test_markup_that_slipped_in_does_not_run(open_tab: Callable[..., Tab]) -> None:
    tab = _open(open_tab, PAGE_TYPES["theme"])
    tab.page.evaluate(
        """() => document.querySelector('article').insertAdjacentHTML('beforeend',
            '<img src=x onerror="window.PWNED=1"><a id=pwn href="javascript:window.PWNED=2">x</a>')"""
    )
    tab.page.locator("#pwn").click()
    tab.page.wait_for_function("window.cspViolations.length >= 2")
    assert tab.page.evaluate("typeof window.PWNED") == "undefined"
    assert all(v.startswith("script-src") for v in tab.page.evaluate("window.cspViolations"))
