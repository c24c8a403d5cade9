"""Material's sidebar navigation items, written in Python instead of recursive Jinja macros.

Material renders the navigation on every page with a recursive macro (`partials/nav-item.html`); at
5,000 pages (bench size L) that was 26 of the 95 seconds of `mkdocs build`, more than everything the
findings plugin does. `install()` puts a small `partials/nav-item.html` in front of Material's whose
`render` macro asks `NavItems.render()` here for the same HTML, and falls back to Material's macro for
whatever this module does not know: features that change the navigation's shape (tabs, sections,
expand, integrated table of contents), icons, subtitles, statuses, blog views, typeset titles, or a
`partials/nav-item.html` of the site's own. tests/test_material_nav.py builds sites both ways and
requires every page to be the same, whitespace aside.

Like Material's template (MkDocs renders themes without autoescaping), titles are written as they are:
MkDocs and the Markdown `toc` extension give them already escaped.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import normalize_url

#: Theme features that change what the navigation looks like; with any of them, Material renders it.
RESHAPING_FEATURES = frozenset({"navigation.tabs", "navigation.sections", "navigation.expand", "toc.integrate"})
#: Page metadata that Material shows in the navigation (icons, subtitles, statuses); pages with it fall back.
SHOWN_META = ("icon", "subtitle", "status")
TEMPLATE = "partials/nav-item.html"
MATERIAL_PREFIX = "material-original"


def install(env: jinja2.Environment, config: MkDocsConfig) -> jinja2.Environment:
    """Let the theme environment write navigation items in Python, when the site's theme allows it."""
    material = _material_templates()
    if config.theme.name != "material" or material is None:
        return env
    features = set(config.theme.get("features") or ())
    if RESHAPING_FEATURES & features:
        return env
    own = [Path(d) for d in config.theme.dirs if (Path(d) / TEMPLATE).is_file()]
    if not own or own[0] != material:  # a custom_dir of the site's own overrides the navigation items
        return env
    override = (resources.files("generator") / "templates" / "theme" / "nav-item.html").read_text(encoding="utf-8")
    env.loader = jinja2.ChoiceLoader(
        [
            jinja2.DictLoader({TEMPLATE: override}),
            jinja2.PrefixLoader({MATERIAL_PREFIX: jinja2.FileSystemLoader(str(material))}),
            *([env.loader] if env.loader is not None else []),
        ]
    )
    env.globals["findings_nav_item"] = NavItems(features).render
    return env


def _material_templates() -> Path | None:
    try:
        import material  # the theme package; absent when the site uses another theme
    except ImportError:
        return None
    folder = Path(material.__file__).parent / "templates"
    return folder if (folder / TEMPLATE).is_file() else None


class NavItems:
    """Renders one navigation item and its children as Material 9's `render` macro does."""

    def __init__(self, features: set[str]) -> None:
        self.prune = "navigation.prune" in features
        self.indexes = "navigation.indexes" in features
        self.checked: dict[int, bool] = {}  # id(nav) -> whether every item is one this module can write
        self.indexes_of: dict[int, Any] = {}  # id(section) -> its index page (or None); the nav outlives pages

    @jinja2.pass_context
    def render(self, context: Any, item: Any, path: str, level: int, toc_title: str) -> Markup | None:
        """The item's HTML, or None when Material's own macro has to render it."""
        nav = context.get("nav")
        known = self.checked.get(id(nav))
        if known is None:
            known = self.checked[id(nav)] = nav is not None and all(_plain(i) for i in _walk(nav.items))
        if not known:
            return None
        page = context.get("page")
        toc = _toc(page)
        if toc and not all(_plain_toc(t) for t in toc):
            return None
        config = context["config"]
        toc_config = config.mdx_configs.get("toc") or {}
        title = toc_config.get("title") or toc_title
        writer = _Writer(
            page, context.get("base_url", ""), self.prune, self.indexes_of if self.indexes else None, title
        )
        writer.item(item, path, level)
        return Markup(" ".join(writer.out))


def _walk(items: list[Any]) -> Any:
    for item in items:
        yield item
        if item.children:
            yield from _walk(item.children)


def _plain(item: Any) -> bool:
    """Whether Material would render the item without anything this module leaves to it."""
    if getattr(item, "pages", None) or getattr(item, "typeset", None) or getattr(item, "encrypted", None):
        return False
    meta = getattr(item, "meta", None) or {}
    return not any(meta.get(key) for key in SHOWN_META)


def _plain_toc(entry: Any) -> bool:
    return not getattr(entry, "typeset", None) and all(_plain_toc(child) for child in entry.children)


def _toc(page: Any) -> list[Any]:
    """The page's table of contents as Material lists it: under the page's h1 when it starts with one."""
    toc = list(page.toc) if page is not None and page.toc else []
    if toc and toc[0].level == 1:
        return list(toc[0].children)
    return toc


class _Writer:
    """Appends HTML pieces to `out`; joined by single spaces where Material's template has whitespace."""

    def __init__(self, page: Any, base_url: str, prune: bool, indexes: dict[int, Any] | None, toc_title: str) -> None:
        self.page = page
        self.base_url = base_url
        self.prune = prune
        self.indexes = indexes  # None without navigation.indexes
        self.toc_title = toc_title
        self.out: list[str] = []

    def url(self, value: Any) -> str:
        return normalize_url(str(value), page=self.page, base=self.base_url)

    def content(self, item: Any) -> None:
        self.out.append(f'<span class="md-ellipsis"> {item.title} </span>')

    def item(self, item: Any, path: str, level: int) -> None:
        out = self.out
        css = "md-nav__item md-nav__item--active" if getattr(item, "active", False) else "md-nav__item"
        if item.children:
            pruned = self.prune and not item.active
            if pruned:
                css += " md-nav__item--pruned"
            out.append(f'<li class="{css} md-nav__item--nested">')
            if pruned:  # shown closed: its index page does not matter
                self.pruned(item, item)
            else:
                self.open_section(item, path, level, self.index_of(item))
            out.append("</li>")
        elif item == self.page:
            toc = _toc(self.page)
            out.append(f'<li class="{css}"> <input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">')
            if toc:
                out.append('<label class="md-nav__link md-nav__link--active" for="__toc">')
                self.content(item)
                out.append('<span class="md-nav__icon md-icon"></span> </label>')
            out.append(f'<a href="{self.url(item.url)}" class="md-nav__link md-nav__link--active">')
            self.content(item)
            out.append("</a>")
            if toc:
                self.toc(toc)
            out.append("</li>")
        else:
            out.append(f'<li class="{css}"> <a href="{self.url(getattr(item, "url", ""))}" class="md-nav__link">')
            self.content(item)
            out.append("</a> </li>")

    def index_of(self, section: Any) -> Any:
        """The section's index page with navigation.indexes (its first child that is one), else None."""
        if self.indexes is None:
            return None
        key = id(section)
        if key not in self.indexes:
            self.indexes[key] = next((c for c in section.children if getattr(c, "is_index", False)), None)
        return self.indexes[key]

    def open_section(self, item: Any, path: str, level: int, index: Any) -> None:
        out = self.out
        checked = " checked" if item.active else " "
        out.append(f'<input class="md-nav__toggle md-toggle " type="checkbox" id="{path}"{checked}>')
        if index is None:
            out.append(f'<label class="md-nav__link" for="{path}" id="{path}_label" tabindex="0">')
            self.content(item)
            out.append('<span class="md-nav__icon md-icon"></span> </label>')
        else:
            active = "md-nav__link--active" if index == self.page else ""
            out.append('<div class="md-nav__link md-nav__container">')
            out.append(f'<a href="{self.url(index.url)}" class="md-nav__link {active}">')
            self.content(item)
            out.append("</a>")
            if len(item.children) > 1:
                out.append(
                    f'<label class="md-nav__link {active}" for="{path}" id="{path}_label" tabindex="0">'
                    ' <span class="md-nav__icon md-icon"></span> </label>'
                )
            out.append("</div>")
        expanded = "true" if item.active else "false"
        out.append(
            f'<nav class="md-nav" data-md-level="{level}" aria-labelledby="{path}_label" aria-expanded="{expanded}">'
            f' <label class="md-nav__title" for="{path}"> <span class="md-nav__icon md-icon"></span> {item.title}'
            ' </label> <ul class="md-nav__list" data-md-scrollfix>'
        )
        for number, child in enumerate(item.children, 1):
            if index is None or child != index:
                self.item(child, f"{path}_{number}", level + 1)
        out.append("</ul> </nav>")

    def pruned(self, item: Any, shown: Any) -> None:
        """A closed section: one link to its first page, as Material's `render_pruned` writes it."""
        first = item.children[0] if item.children else None
        if first is not None and first.children:
            self.pruned(first, shown)
            return
        self.out.append(f'<a href="{self.url(first.url if first is not None else "")}" class="md-nav__link">')
        self.content(shown)
        if item.children:
            self.out.append('<span class="md-nav__icon md-icon"></span>')
        self.out.append("</a>")

    def toc(self, toc: list[Any]) -> None:
        self.out.append(
            f'<nav class="md-nav md-nav--secondary" aria-label="{escape(self.toc_title)}">'
            f' <label class="md-nav__title" for="__toc"> <span class="md-nav__icon md-icon"></span> {self.toc_title}'
            ' </label> <ul class="md-nav__list" data-md-component="toc" data-md-scrollfix>'
        )
        self.toc_entries(toc)
        self.out.append("</ul> </nav>")

    def toc_entries(self, entries: list[Any]) -> None:
        for entry in entries:
            self.out.append(
                f'<li class="md-nav__item"> <a href="{entry.url}" class="md-nav__link">'
                f' <span class="md-ellipsis"> {entry.title} </span> </a>'
            )
            if entry.children:
                label = escape(Markup(entry.title).striptags())
                self.out.append(f'<nav class="md-nav" aria-label="{label}"> <ul class="md-nav__list">')
                self.toc_entries(entry.children)
                self.out.append("</ul> </nav>")
            self.out.append("</li>")
