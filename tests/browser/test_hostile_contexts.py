"""Context-breaking text in every record field and BibTeX field stays text, on every page, in Chromium.

Design. The fields come from the JSON Schema (``tests/hostile.text_fields``): every string that is not
an id, key, code or date, of every record kind, so a field added to the schema is poisoned without
touching this test. SYNTHETIC records of each kind and shape (a study, a theme with interview,
publication and citation-statement excerpts, a relation across studies and a full CERQual assessment,
a subtheme, an implication) and three BibTeX entries (one with a citation key full of markup) carry the
payloads (``tests/hostile``): closing tags of every element text lands in, quote and bracket breakouts,
script URLs in mixed case and with entities, already-escaped text and Unicode lookalikes. Each would
set ``PWNED`` if it ever ran; a Content-Security-Policy violation counts as a payload that tried.

A real build is slow (seconds), so each Hypothesis example is one site holding many payloads in every
field at once, and the number of examples is fixed and derandomized: one explicit example (every field
led by every closing tag, the rest of the payloads spread round-robin) and ``GENERATED`` drawn ones,
without shrinking (a shrink would rebuild the site dozens of times). Each site is a copy of the example
site with the poisoned records added, built with the repository's mkdocs.yml and --strict: the explicit
example with Material's search (what `search: auto` picks for it), the drawn ones with Pagefind (what it
picks for large sites), whose results and filter panel are searched and checked too. Chromium
then opens every page: no flag, dialog or console message from a payload, no event-handler attribute
or script URL anywhere in the document, every field's payloads visible as written (Markdown fields:
their link targets dropped), page titles as written; search results (and an already-escaped sentence
in them) and tooltips (links' titles, labels cut short by an ellipsis) built from the poisoned text show
it as written and run nothing either. Both builds and browses take about 30 s on a busy two-core machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page, expect

from .. import hostile
from ..sites import copy_example, mkdocs_build
from .actions import open_search
from .conftest import Site, Tab, serving

pytestmark = pytest.mark.browser

FIELDS = hostile.text_fields()
BIB_TEXT = ("author", *hostile.BIB_FIELDS)
#: BibTeX fields an APA reference shows (a book's place and a note are not part of APA 7 references).
BIB_SHOWN = ("author", "title", "journal", "volume", "booktitle", "publisher")
SITE_NAME = "Therapeutic alliance formation — clinical implications"
#: Text written already escaped, in a sentence a search finds: results must show it as written.
ESCAPED_SENTENCE = "Sentinel &lt;b&gt; &amp;amp; stays."
GENERATED = 1  # drawn examples, besides the explicit one: each is a build and a browse of 45 pages


@dataclass(frozen=True)
class Plan:
    """What goes where: payloads per record field and per BibTeX field, and the entries' URL."""

    fields: Mapping[hostile.TextField, tuple[str, ...]]
    bib: Mapping[str, tuple[str, ...]]
    url: str
    long_titles: bool = False  # titles too long for the sidebar: Material cuts them with an ellipsis
    search: str = "material"  # the example's engine; `auto` picks Pagefind for large sites


def _pool(field: hostile.TextField) -> tuple[str, ...]:
    return hostile.MARKDOWN_PAYLOADS if field.markdown else hostile.VERBATIM_PAYLOADS


def _round_robin() -> Plan:
    """Every field starts with every closing tag; the other payloads are dealt out in turn."""
    fields = {}
    for number, field in enumerate(FIELDS):
        pool = _pool(field)
        start = 5 * number % len(pool)
        fields[field] = (hostile.ALL_CLOSERS, *pool[start:], *pool[:start])
    pool = hostile.BIB_PAYLOADS
    bib = {name: (pool[0], *pool[7 * n % len(pool) :], *pool[: 7 * n % len(pool)]) for n, name in enumerate(BIB_TEXT)}
    return Plan(fields, bib, hostile.URLS[1], long_titles=True)


def _some(pool: tuple[str, ...]) -> st.SearchStrategy[tuple[str, ...]]:
    # At least three: Hypothesis starts from the simplest example, which would be one payload per field.
    return st.lists(st.sampled_from(pool), min_size=3, max_size=12, unique=True).map(tuple)


plans = st.builds(
    Plan,
    st.fixed_dictionaries({field: _some(_pool(field)) for field in FIELDS}),
    st.fixed_dictionaries({name: _some(hostile.BIB_PAYLOADS) for name in BIB_TEXT}),
    st.sampled_from(hostile.URLS),
    search=st.just("pagefind"),  # the explicit example covers Material's search
)


@dataclass(frozen=True)
class Written:
    """The values written into the site, and the payloads each holds."""

    fields: dict[hostile.TextField, tuple[str, tuple[str, ...]]]
    bib: dict[str, tuple[str, tuple[str, ...]]]
    long_titles: bool
    search: str


def write_site(root: Path, plan: Plan) -> Written:
    copy_example(root, f"search: {plan.search}")
    fields = {field: hostile.fit(f"F{n}", list(plan.fields[field]), field.max_length) for n, field in enumerate(FIELDS)}
    values = {field: value for field, (value, _) in fields.items()}
    summary = next(f for f in FIELDS if f.name == "study.summary")
    values[summary] += f" [@{hostile.KEY}b] {ESCAPED_SENTENCE}"  # the second entry is cited too
    for kind, records in hostile.poisoned_records(values).items():
        for record in records:
            folder = (
                root / "findings" / {"implication": "implications", "site": "", "glossary": ""}.get(kind, hostile.STUDY)
            )
            name = {"study": "study", "site": "site", "glossary": "hostile-glossary"}.get(kind) or record["id"]
            folder.mkdir(exist_ok=True)
            (folder / f"{name}.yml").write_text(hostile.to_yaml(record) + "\n", encoding="utf-8")
    bib = {name: hostile.fit(f"B{n}", list(plan.bib[name]), 400) for n, name in enumerate(BIB_TEXT)}
    bib_values = {name: value for name, (value, _) in bib.items()}
    (root / "bib" / "hostile.bib").write_text(hostile.poisoned_bib(bib_values, plan.url), encoding="utf-8")
    return Written(
        {f: (v, tuple(u)) for f, (v, u) in fields.items()},
        {n: (v, tuple(u)) for n, (v, u) in bib.items()},
        plan.long_titles,
        plan.search,
    )


# One call per page: everything that could have run or could still run, and what the page shows.
INSPECT = """() => {
  for (const el of document.querySelectorAll('body *')) {  // wake handlers that hover or focus would
    el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
    el.dispatchEvent(new FocusEvent('focus'));
  }
  const live = [];
  const urls = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background'];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      const script = urls.includes(a.name) && /^(javascript|data|vbscript):/.test(v);
      if (a.name.startsWith('on') || a.name === 'srcdoc' || script)
        live.push(el.tagName + '[' + a.name + '="' + a.value.slice(0, 60) + '"]');
    }
  }
  return {
    live,
    scripts: [...document.scripts].filter(s => s.text.includes('PWNED')).length,
    embedded: document.querySelectorAll('iframe, object, embed, frame').length,
    text: document.body.innerText,
    title: document.title,
  };
}"""
RAN = "() => typeof PWNED === 'undefined' ? null : String(PWNED)"


@contextmanager
def watched(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A tab, and what ran in it: dialogs, console messages and errors that mention a payload."""
    context = browser.new_context(service_workers="block")
    context.set_default_timeout(15_000)
    context.add_init_script(  # a blocked script means something tried to run
        "document.addEventListener('securitypolicyviolation', e => console.error('PWNED? CSP ' + e.violatedDirective))"
    )
    tab = context.new_page()
    ran: list[str] = []
    tab.on("dialog", lambda dialog: (ran.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    tab.on("console", lambda m: ran.append(f"console: {m.text}") if "PWNED" in m.text else None)
    tab.on("pageerror", lambda error: ran.append(f"page error: {error}"))
    try:
        yield tab, ran
    finally:
        context.close()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _expected(field: hostile.TextField, value: str, used: tuple[str, ...]) -> list[str]:
    """What must be visible of a field: the whole value, or for Markdown each payload that is not a link."""
    if not field.markdown:
        return [_flat(value)]
    return [_flat(p) for p in used if p not in hostile.MARKDOWN_LINKS]


def check_site(browser: Browser, site: Path, written: Written) -> None:
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    pages = [("" if p == "." else p + "/") for p in pages] + ["404.html"]
    problems: list[str] = []
    shown: dict[str, str] = {}
    titles: dict[str, str] = {}
    with serving(site) as base, watched(browser) as (tab, ran):
        for page in pages:
            tab.goto(base + page, wait_until="load")
            found = tab.evaluate(INSPECT)
            flags = [f.evaluate(RAN) for f in tab.frames if not f.is_detached()]
            if any(flags) or ran or found["live"] or found["scripts"] or found["embedded"]:
                problems.append(f"{page}: flag {flags}, {ran}, live {found['live'][:3]}, {found['embedded']} frames")
            ran.clear()
            shown[page] = _flat(found["text"])
            titles[page] = found["title"]
        problems += search_and_tooltips(tab, ran, Site(site, base), written)
    assert problems == [], "payloads ran:\n" + "\n".join(problems)
    everything = "\n".join(shown.values())
    missing = [
        f"{field.name}: {piece!r}"
        for field, (value, used) in written.fields.items()
        for piece in _expected(field, value, used)
        if piece not in everything
    ]
    references = shown["references/"]
    missing += [f"bib {n}: {written.bib[n][0]!r}" for n in BIB_SHOWN if _flat(written.bib[n][0]) not in references]
    assert missing == [], "not shown as written:\n" + "\n".join(missing)
    by_name = {field.name: _flat(value) for field, (value, _) in written.fields.items()}
    for page, field in (
        (f"studies/{hostile.STUDY}/", "study.title"),
        (f"studies/{hostile.STUDY}/{hostile.THEME}/", "theme.title"),
        (f"implications/{hostile.IMPLICATION}/", "implication.title"),
    ):
        assert titles[page] == f"{by_name[field]} - {SITE_NAME}"


def search(tab: Page, reader: Tab, engine: str, query: str = "PWNED onerror") -> str:
    """Search with the site's engine; the text of the results (and of Pagefind's filters)."""
    if engine == "material":
        results = open_search(reader, query)
        tab.wait_for_timeout(300)  # results render in batches
        return _flat(" ".join(results.all_inner_texts()))
    tab.keyboard.press("/")
    dialog = tab.get_by_role("dialog", name="Search this site")
    dialog.locator("input.pagefind-ui__search-input").press_sequentially(query)
    expect(dialog.locator(".pagefind-ui__result").first).to_be_visible()
    expect(dialog.locator(".pagefind-ui__filter-name", has_text=re.compile("^study$", re.I))).to_have_count(1)
    return _flat(" ".join(dialog.locator(".pagefind-ui__results, .pagefind-ui__filter-panel").all_text_contents()))


def search_and_tooltips(tab: Page, ran: list[str], site: Site, written: Written) -> list[str]:
    """Search results (and Pagefind's filters) for the payloads' words, and tooltips of poisoned text."""
    problems = []
    reader = Tab(tab, site)
    reader.goto(f"studies/{hostile.STUDY}/")
    listed = search(tab, reader, written.search)
    if tab.evaluate(RAN) or ran:
        problems.append(f"{written.search} search results: flag {tab.evaluate(RAN)}, {ran}")
    if "onerror=PWNED=1>" not in listed:
        problems.append(f"search results do not show the payloads as written: {listed[:300]!r}")
    study = next(value for field, (value, _) in written.fields.items() if field.name == "study.title")
    if written.search == "pagefind" and _flat(study) not in listed:  # the study filter's label
        problems.append(f"the study filter does not show the study's title as written: {listed[:300]!r}")
    reader.goto(f"studies/{hostile.STUDY}/")
    listed = search(tab, reader, written.search, "Sentinel stays")
    if ESCAPED_SENTENCE not in listed:
        problems.append(f"{written.search} search results do not show {ESCAPED_SENTENCE!r} as written: {listed!r}")
    reader.goto(f"studies/{hostile.STUDY}/")
    cited = tab.locator(f'article a[href$="#ref-{hostile.KEY}b"]').first  # the summary cites the chapter
    cited.hover()
    expect(cited).to_have_attribute("aria-describedby", re.compile(r"\S"))
    shown = tab.locator(f"[id='{cited.get_attribute('aria-describedby')}']")
    expect(shown).to_be_visible()
    tooltip = _flat(shown.inner_text())
    if _flat(written.bib["booktitle"][0]) not in tooltip:
        problems.append(
            f"the tooltip does not show the book title {_flat(written.bib['booktitle'][0])!r} as written: {tooltip!r}"
        )
    # Material gives a label cut short by an ellipsis its text as a tooltip: hover each such label.
    reader.goto(f"studies/{hostile.STUDY}/{hostile.THEME}/")
    cut = tab.evaluate(
        """() => [...document.querySelectorAll('.md-sidebar .md-ellipsis')]
            .filter(e => e.offsetWidth < e.scrollWidth).map((e, i) => (e.dataset.cut = i, i))"""
    )
    title = next(value for field, (value, _) in written.fields.items() if field.name == "theme.title")
    if not cut and written.long_titles:
        problems.append("no label with an ellipsis to hover on the theme page")
    tips = []
    for number in cut:  # Material shows the tooltip on hover or focus of the label's link
        label = tab.locator(f"[data-cut='{number}']")
        label.hover(force=True)
        label.evaluate("e => (e.closest('a') || e).focus()")
        tab.wait_for_timeout(300)
        tips += [_flat(tip) for tip in tab.locator(".md-tooltip2").all_text_contents()]
    if cut and not any(_flat(title) in tip for tip in tips):
        problems.append(f"the navigation's tooltips do not show the theme's title as written: {tips!r}")
    if tab.evaluate(RAN) or ran:
        problems.append(f"tooltips: flag {tab.evaluate(RAN)}, {ran}")
    return problems


@settings(
    max_examples=GENERATED,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@example(plan=_round_robin())
@given(plan=plans)
def test_hostile_text_stays_text(browser: Browser, tmp_path_factory: pytest.TempPathFactory, plan: Plan) -> None:
    root = tmp_path_factory.mktemp("hostile-site")
    written = write_site(root, plan)
    mkdocs_build(root)
    check_site(browser, root / "site", written)


def test_every_text_field_of_the_schema_is_poisoned() -> None:
    """The walk finds the fields this test is about, and the records have a place for each."""
    names = {field.name for field in FIELDS}
    assert {"study.title", "theme.excerpts[].text", "theme.relations[].note", "implication.moment"} <= names
    assert {"theme.confidence.coherence.explanation", "theme.excerpts[].citing.description"} <= names
    assert not any(name.endswith((".id", ".reference", ".participant", ".embargo")) for name in names)
    hostile.poisoned_records({field: "x" for field in FIELDS})  # raises for a field with no place
