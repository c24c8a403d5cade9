"""The theme's `striptags` keeps text as text: in <title> and in attributes, any title reads as written."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import jinja2
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.adapters.mkdocs.theme_escaping import install

# Material's own uses of the filter (base.html's <title>, toc-item.html's aria-label), in an environment
# like MkDocs' theme environment (no autoescaping).
TEMPLATE = '<title>{{ title | striptags }} - Site</title><nav aria-label="{{ title | striptags | e }}"></nav>'


class _Seen(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.title = ""
        self.label: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "nav":
            self.label = dict(attrs).get("aria-label")

    def handle_data(self, data: str) -> None:
        if self.tags == ["title"]:
            self.title += data


def _render(template: jinja2.Template, title: str) -> _Seen:
    seen = _Seen()
    seen.feed(template.render(title=html.escape(title, quote=False)))  # titles come escaped
    seen.close()
    return seen


PATCHED = install(jinja2.Environment()).from_string(TEMPLATE)


@settings(deadline=None)  # no timing: the machine may be busy
@given(st.text(alphabet=st.sampled_from("</>&;\"' abcilmgtpqx=#")))
@example('</title><img src=x onerror="PWNED=1">')
@example("&lt;script&gt; stays as written")
def test_titles_stay_text(title: str) -> None:
    seen = _render(PATCHED, title)
    shown = " ".join(title.split())
    assert seen.tags == ["title", "nav"]
    assert seen.title == f"{shown} - Site"
    assert seen.label == shown


def test_the_unpatched_filter_lets_a_title_out() -> None:
    """Why the filter is replaced: Jinja's own decodes the entities that kept the title text."""
    seen = _render(jinja2.Environment().from_string(TEMPLATE), "</title><img src=x>")
    assert "img" in seen.tags
