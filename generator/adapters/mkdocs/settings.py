"""The plugin's settings under `findings:` in mkdocs.yml (docs/guide/settings.md is generated from them)."""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig

from ...core.outputs import ASSETS
from ...core.project_config import DEFAULT_RECORD_CACHE, DEFAULT_SCHEMA
from ...core.render.nav import NAV_GROUP_SIZE
from ...core.render.pages import RenderOptions
from .search import ENGINES

#: Markdown extensions the generated pages rely on; added when mkdocs.yml lacks them.
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "admonition", "tables", "toc")


class FindingsConfig(base.Config):  # type: ignore[no-untyped-call]
    findings = opt.Type(str, default="findings")
    """Folder of YAML records, relative to mkdocs.yml."""
    bib = opt.Type(str, default="bib")
    """Folder of BibTeX files (*.bib, searched recursively), relative to mkdocs.yml."""
    schema = opt.Type(str, default=DEFAULT_SCHEMA)
    """The JSON Schema of records for editors, relative to mkdocs.yml: `findings new`, `findings import` and
    `findings schema --write` write it there if it is missing, and new records' `$schema` comment points at it."""
    prefix = opt.Type(str, default="")
    """Folder inside docs_dir where generated pages go ('' puts the home page at the site root)."""
    title = opt.Type(str, default=RenderOptions.title)
    """Heading of the generated home page."""
    edit_base = opt.Optional(opt.Type(str))
    """URL that a record's path (e.g. findings/x/study.yml) is appended to for 'edit this page';
    by default derived from repo_url and edit_uri by dropping the docs folder from edit_uri."""
    reference_exports = opt.Type(bool, default=True)
    """Publish each reference as BibTeX, RIS and CSL-JSON files, linked from the references page."""
    references_per_page = opt.Type(int, default=RenderOptions.references_per_page)
    """Most references on the references page; a longer list is split into pages in list order
    ("References: Aalto – Berg"), with the references page as their index. Citations link to the right part."""
    drafts_in_preview = opt.Type(bool, default=True)
    """Show draft and embargoed records, marked as drafts, during `mkdocs serve` (never in `mkdocs build`)."""
    warnings_fail = opt.Type(bool, default=False)
    """Log advisory warnings (e.g. an uncited reference) as MkDocs warnings, so `--strict` fails on them.
    Off by default: they are logged as info, and `findings check --strict` enforces them."""
    page_cache = opt.Type(str, default=".cache/findings-pages")
    """Folder (relative to mkdocs.yml) where `mkdocs serve` keeps pages, so `--dirty` rebuilds only changed ones."""
    html_cache = opt.Type(str, default=".cache/findings-html")
    """Folder (relative to mkdocs.yml) where `mkdocs serve` keeps the HTML of every generated page from one preview
    to the next: a preview starts by converting only the pages whose Markdown changed since the last one (at
    5,000 themes, most of the start). '' keeps none. `mkdocs build` never uses it."""
    preview_defer_over = opt.Type(int, default=20_000_000)
    """When the first build of `mkdocs serve` would convert more than this many characters of generated Markdown
    (pages not kept by an earlier preview, see `html_cache`), it converts only the pages at the top of the
    navigation and serves the site at once: the other pages show a note that they are on their way, are converted
    in two background processes, and appear by themselves when all are done (at 5,000 themes, the site is served
    in about a third of the time). 0 always defers; -1 never does. Needs two cores."""
    record_cache = opt.Type(str, default=DEFAULT_RECORD_CACHE)
    """Folder (relative to mkdocs.yml) where what was read from each record file and from the .bib files is kept
    for the next run, found again by the files' contents: `findings check`, `findings build`, `mkdocs build` and a
    preview's first build parse only the files that changed since the last run (the same results, byte for byte).
    '' keeps none (`findings check --no-cache` and `findings build --no-cache` for one run)."""
    nav_group_size = opt.Type(int, default=NAV_GROUP_SIZE)
    """Most entries one navigation section lists (studies; pages of what others say about a reference);
    longer lists are split into alphabetical groups ("Aalto – Berg"). Material lists every entry of the open
    section on every page, so this bounds the size of each page and the build time of large sites.
    Used only when mkdocs.yml has no `nav` of its own."""
    python_nav = opt.Type(bool, default=True)
    """Write Material's navigation sidebar in Python rather than with its recursive template: the same HTML
    (checked page by page against Material's own), over a quarter of the build time saved on large sites.
    Material's template is used anyway with navigation.tabs, .sections, .expand or toc.integrate, page icons,
    subtitles or statuses, or a `partials/nav-item.html` in the site's custom_dir. Turn off to rule it out."""
    convert_ahead = opt.Type(bool, default=True)
    """During `mkdocs build` (and the first build of `mkdocs serve`), convert the Markdown of about half the
    generated pages in a second process while MkDocs converts the rest (conversion was 60% of a large build).
    Needs two cores; off when another plugin changes pages before conversion. Turn off to rule it out."""
    preview_entry_memo = opt.Type(bool, default=True)
    """During `mkdocs serve`, convert only the entries of a generated page that changed (one reference of a
    reference-list page, one finding of the evidence table) and reuse the HTML of the others: a new theme title
    touches a line in several pages of 100 references and a row of a long table. Turn off to rule it out."""
    history = opt.Type(bool, default=True)
    """Read the records' history from git: each study, finding and implication page says when it last changed and
    what changed (in a reader's words: "statement reworded", "confidence moderate → high"), a What's new page and an
    Atom feed (`whats-new.xml`) list recent changes. A shallow clone (CI's default `fetch-depth: 1`) has no history:
    the What's new page says so. Off: no history, no What's new page."""
    search = opt.Choice(ENGINES, default="auto")
    """Site search engine: `auto` (default), `material` or `pagefind`.
    `material` keeps Material's `search` plugin, whose whole index every reader's browser downloads and builds
    (fine for small sites; tens of MB at thousands of pages). `pagefind` drops that plugin, indexes the pages with
    Pagefind (`pip install 'pagefind[bin]'`; during `mkdocs build` while MkDocs renders, with `serve` or `--dirty`
    after it) and puts a search button in the header; the browser fetches only
    the index fragments a query needs, and results can be filtered by study, speaker role, audience and confidence.
    A Pagefind site must be served over http(s) (`mkdocs serve`, any web server): search does not work from file://.
    `auto` picks `pagefind` when the site has more than 1,000 generated pages, else `material`."""
    content_security_policy = opt.Type(bool, default=True)
    """Give every page a Content-Security-Policy (a `<meta>` tag): scripts run only from the site itself, from
    the hosts of the theme's external scripts, and inline only when the theme wrote them (allowed by hash).
    Event-handler attributes and `javascript:` links never run, so text that slipped into a page as markup
    could not run either. Not while previewing (`mkdocs serve` adds an inline script of its own). Turn off
    if hand-written pages or theme overrides use `onclick=`-style attributes, or load scripts that fetch
    more scripts from other hosts (some analytics do)."""


def render_options(settings: FindingsConfig, config: MkDocsConfig, serving: bool) -> RenderOptions:
    return RenderOptions(
        prefix=settings.prefix.strip("/"),
        title=settings.title,
        reference_exports=settings.reference_exports,
        references_per_page=settings.references_per_page,
        site_url="" if serving else config.site_url or "",  # `serve` puts its own address there
        history=settings.history,
    )


def require(config: MkDocsConfig) -> None:
    """Link the pages' stylesheets and script, and turn on the Markdown extensions the pages use."""
    for name in ASSETS:
        target = config.extra_javascript if name.endswith(".js") else config.extra_css
        if f"assets/{name}" not in [str(item) for item in target]:
            target.append(f"assets/{name}")
    for extension in REQUIRED_EXTENSIONS:
        if extension not in config.markdown_extensions:
            config.markdown_extensions.append(extension)


def edit_url(settings: FindingsConfig, config: MkDocsConfig, source: str) -> str | None:
    """The 'edit this page' address of a page made from the record at ``source`` (None for none)."""
    base_url = edit_base(settings, config)
    return base_url + source if base_url and source else None


def edit_base(settings: FindingsConfig, config: MkDocsConfig) -> str:
    """The URL a record's path is appended to for 'edit this page' ('' for none)."""
    if settings.edit_base is not None:
        return settings.edit_base
    if not config.repo_url or not config.edit_uri:
        return ""
    docs_name = Path(config.docs_dir).name
    edit_uri = config.edit_uri.rstrip("/")
    if edit_uri.endswith("/" + docs_name):
        edit_uri = edit_uri[: -len(docs_name)]
    return posixpath.join(config.repo_url.rstrip("/") + "/", edit_uri.lstrip("/")).rstrip("/") + "/"
