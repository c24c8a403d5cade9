"""Pages built from poisoned records (synthetic) run nothing that the records smuggle in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from ..sites import mkdocs_build, project_files, write_tree
from .conftest import serving

pytestmark = pytest.mark.browser

# Each payload would set window.__pwned (or open a dialog) if it ever became live markup.
PAYLOADS = [
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "<svg onload=\"window.__pwned='svg'\"></svg>",
    "[click](javascript:window.__pwned='link')",
    "[data](data:text/html,<script>parent.__pwned='data'</script>)",
    "text{: onmouseover=\"window.__pwned='attr'\" }",
    '<a href="javascript:alert(1)">a</a>',
    '<iframe src="javascript:alert(2)"></iframe>',
]
POISON = " ".join(PAYLOADS)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("poisoned")
    bib = (
        project_files()["bib/library.bib"]
        .replace(  # type: ignore[union-attr]
            "title = {A synthetic study of alliance}",
            "title = {A synthetic <script>window.__pwned='bib'</script> study}",
        )
        .replace("year = {2020},", "year = {2020},\n  url = {javascript:window.__pwned='url'},")
    )
    study = (
        project_files()["findings/s1/study.yml"].replace(  # type: ignore[union-attr]
            "title: Synthetic study", f"title: {_quoted(POISON[:190])}"
        )
        + f"summary: {_quoted(POISON)}\n"
    )
    study = study.replace("summary: A synthetic study [@smith2020alliance].\n", "", 1)
    theme = f"""type: theme
id: t1
study: s1
title: {_quoted(POISON[:290])}
kind: theme
summary: {_quoted(POISON + " [@smith2020alliance]")}
excerpts:
  - id: t1-e1
    text: {_quoted(POISON)}
    speaker: patient
    source: interview
    locator: {_quoted(PAYLOADS[1])}
"""
    implication = f"""type: implication
id: listen
title: {_quoted(PAYLOADS[0][:100])}
statement: {_quoted(POISON)}
rationale: {_quoted(POISON)}
audience: [therapists]
moment: {_quoted(PAYLOADS[1][:80])}
grounded_in: [t1-e1]
derived_by: editors
"""
    write_tree(
        root,
        project_files(
            **{
                "bib/library.bib": bib,
                "findings/s1/study.yml": study,
                "findings/s1/t1.yml": theme,
                "findings/implications/listen.yml": implication,
            }
        ),
    )
    mkdocs_build(root)
    with serving(root / "site") as base:
        yield base


@pytest.mark.parametrize(
    "page", ["", "implications/", "implications/listen/", "studies/s1/", "studies/s1/t1/", "references/", "evidence/"]
)
def test_nothing_injected_runs(browser: Browser, poisoned_site: str, page: str) -> None:
    context = browser.new_context()
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith(poisoned_site) else route.abort())
    try:
        tab.goto(poisoned_site + page, wait_until="load")
        tab.wait_for_timeout(200)
        # Hover and focus everything in the article, where handlers would fire.
        for element in tab.query_selector_all("article *")[:400]:
            element.dispatch_event("mouseover")
        assert tab.evaluate("window.__pwned") is None
        assert dialogs == []
        live = tab.evaluate("""() => [...document.querySelectorAll('article *')].flatMap(el =>
            [...el.attributes].filter(a => a.name.startsWith('on') ||
              (['href', 'src', 'action'].includes(a.name) && /^\\s*(javascript|data):/i.test(a.value)))
            .map(a => el.tagName + '[' + a.name + ']'))""")
        assert live == []
        assert tab.evaluate("document.querySelectorAll('article script, article iframe').length") == 0
        # The poison is still there, as visible text.
        if page != "evidence/":
            assert "window.__pwned" in tab.inner_text("article")
        assert tab.evaluate("window.__pwned") is None
    finally:
        context.close()
