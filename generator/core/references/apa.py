"""APA 7 reference-list entries, written as Markdown and plain text at once.

Each entry is a sequence of elements (author, date, title, source, link) that
APA separates with periods; the source element depends on the kind of work,
looked up from :data:`KINDS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.core.references.bibparse import RawEntry
from generator.core.references.entry_shapes import is_arxiv, is_presentation
from generator.core.references.fields import (
    MONTHS,
    Date,
    doi_of,
    doi_url,
    edition_label,
    is_article_number,
    pages_of,
    parse_date,
    parse_iso_day,
    url_of,
)
from generator.core.references.latex import Rich, decode, plain
from generator.core.references.names import Name, editor_names, reference_authors
from generator.core.references.richtext import (
    capitalise_first,
    escape_md,
    md_link,
    periodical_case,
    rich_markdown,
    sentence_case,
    sort_text,
)

KINDS = {
    "article": "article",
    "book": "book",
    "mvbook": "book",
    "booklet": "book",
    "manual": "book",
    "bookinbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "periodical": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "chapter",
    "conference": "chapter",
    "inreference": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "online": "web",
    "webpage": "web",
    "www": "web",
    "electronic": "web",
    "unpublished": "unpublished",
    "dataset": "dataset",
    "software": "software",
}
_THESIS_TYPES = {
    "phdthesis": "Doctoral dissertation",
    "phd": "Doctoral dissertation",
    "phd thesis": "Doctoral dissertation",
    "doctoral thesis": "Doctoral dissertation",
    "mathesis": "Master's thesis",
    "mastersthesis": "Master's thesis",
    "masters thesis": "Master's thesis",
    "master's thesis": "Master's thesis",
    "ma thesis": "Master's thesis",
    "msc thesis": "Master's thesis",
}
_DESCRIPTIONS = {
    "dataset": "Data set",
    "software": "Computer software",
    "unpublished": "Unpublished manuscript",
    "presentation": "Paper presentation",
}
_ARTICLES = ("a ", "an ", "the ")

Element = tuple[str, str]  # (markdown, plain text)


@dataclass(frozen=True)
class Prepared:
    """Everything about an entry that does not depend on the rest of the library."""

    entry: RawEntry
    kind: str
    names: tuple[Name, ...]  # authors, or editors standing in for them
    editors_as_authors: bool
    date: Date
    title: Rich  # title (and subtitle) as written
    doi: str
    url: str
    english: bool = True  # APA sentence case is for English titles only

    def name_key(self) -> tuple[tuple[str, str], ...]:
        if self.names:
            return tuple(n.identity for n in self.names if not n.others)
        return ((title_sort_key(self.title.text), ""),)


def title_sort_key(title: str) -> str:
    text = sort_text(title).lstrip("“\"‘'([")
    for article in _ARTICLES:
        if text.startswith(article):
            return text[len(article) :]
    return text


def prepare(entry: RawEntry) -> Prepared:
    f = entry.fields
    kind = KINDS.get(entry.entry_type, "misc")
    if kind == "chapter" and ("booktitle" not in f or is_presentation(entry)):
        kind = "book" if entry.entry_type == "inbook" else "presentation"
    if kind == "misc" and is_arxiv(f):
        kind = "preprint"
    authors = entry.persons.get("author", ())
    editors = entry.persons.get("editor", ())
    as_editors = not authors and bool(editors) and kind in ("book", "misc", "web")
    title = decode(f.get("title", ""))
    language = plain(f.get("langid", "") or f.get("language", "")).strip().lower()
    english = not language or language.startswith(("en", "american", "british", "australian"))
    if f.get("subtitle"):
        title = title + Rich(": ") + decode(f["subtitle"])
    url = url_of(f)
    if not url and kind == "preprint" and f.get("eprint"):
        url = f"https://arxiv.org/abs/{plain(f['eprint']).strip()}"
    return Prepared(
        entry, kind, editors if as_editors else authors, as_editors, parse_date(f), title, doi_of(f), url, english
    )


class _Frag:
    """Markdown and plain text built side by side."""

    def __init__(self) -> None:
        self.md: list[str] = []
        self.tx: list[str] = []

    def add(self, text: str, italic: bool = False) -> _Frag:
        if text:
            md = escape_md(text)
            self.md.append(f"*{md}*" if italic else md)
            self.tx.append(text)
        return self

    def rich(self, rich: Rich, italic: bool = False) -> _Frag:
        self.md.append(rich_markdown(rich, italic))
        self.tx.append(rich.text)
        return self

    def element(self) -> Element:
        return ("".join(self.md), "".join(self.tx))


def _text(value: str) -> Rich:
    return decode(value) if value else Rich("")


def _field(p: Prepared, *names: str) -> str:
    for name in names:
        value = p.entry.fields.get(name, "")
        if value.strip():
            return plain(value).strip()
    return ""


def format_reference(p: Prepared, year_label: str) -> Element:
    """The full APA reference as (markdown, text)."""
    elements: list[Element] = []
    title_first = not p.names
    author_text = ""
    if p.names:
        author_text = reference_authors(p.names)
        if p.editors_as_authors:
            author_text += " (Eds.)" if len(p.names) > 1 else " (Ed.)"
        elements.append(_Frag().add(author_text).element())
    date = _date_element(p, year_label)
    body = _BODIES.get(p.kind, _misc)(p, author_text, title_first)
    if title_first and body:
        elements.append(body[0])
        elements.append(date)
        elements.extend(body[1:])
    else:
        elements.append(date)
        elements.extend(body)
    link = _link(p)
    md = " ".join(_period(e[0], e[1]) for e in elements if e[1])
    tx = " ".join(_period(e[1], e[1]) for e in elements if e[1])
    if link:
        md, tx = f"{md} {link[0]}", f"{tx} {link[1]}"
    return md, tx


def _period(value: str, text: str) -> str:
    return value if text.rstrip("*").endswith((".", "?", "!")) else value + "."


def _date_element(p: Prepared, year_label: str) -> Element:
    d = p.date
    text = year_label
    if p.kind in ("web", "presentation", "misc") and d.month and not d.in_press:
        text += f", {MONTHS[d.month - 1]}" + (f" {d.day}" if d.day else "")
    return (f"({escape_md(text)})", f"({text})")


def _title(p: Prepared, italic: bool, extra: str = "", bracket: str = "") -> Element:
    frag = _Frag()
    title = sentence_case(p.title) if p.title.text and p.english else p.title
    if not p.names:
        title = capitalise_first(title)
    if title.text:
        frag.rich(title, italic)
    if extra:
        frag.add(f" ({extra})" if title.text else f"({extra})")
    if bracket:
        frag.add(f" [{bracket}]" if frag.tx else f"[{bracket}]")
    if not frag.tx:
        frag.add("[Untitled]")
    return frag.element()


def _publisher(p: Prepared, author_text: str, *names: str) -> list[Element]:
    value = _field(p, *names)
    if not value or sort_text(value) == sort_text(author_text.removesuffix(".")):
        return []  # APA omits a publisher that is also the author
    return [_Frag().add(value).element()]


def _numbers(p: Prepared, pages_prefix: bool) -> list[str]:
    parts = [edition_label(p.entry.fields.get("edition", ""))]
    volume = _field(p, "volume")
    if volume:
        parts.append(f"Vol. {volume}")
    pages = pages_of(p.entry.fields.get("pages", ""))
    if pages and pages_prefix:
        plural = "–" in pages or "," in pages
        parts.append(f"{'pp.' if plural else 'p.'} {pages}")
    return [x for x in parts if x]


def _contributors(p: Prepared) -> str:
    editors = p.entry.persons.get("editor", ())
    if editors and editors == p.entry.persons.get("translator") and not p.editors_as_authors:
        return f"{editor_names(editors)}, {'Ed.' if len(editors) == 1 else 'Eds.'} & Trans."
    roles = []
    for role, one, many in (("editor", "Ed.", "Eds."), ("translator", "Trans.", "Trans.")):
        names = p.entry.persons.get(role, ())
        if names and not (role == "editor" and p.editors_as_authors):
            roles.append(f"{editor_names(names)}, {one if len(names) == 1 else many}")
    return "; ".join(roles)


def _article(p: Prepared, author: str, title_first: bool) -> list[Element]:
    frag = _Frag()
    journal = periodical_case(_text(p.entry.fields.get("journal", "") or p.entry.fields.get("journaltitle", "")))
    if journal.text:
        frag.rich(journal, italic=True)
    volume = _field(p, "volume")
    issue = _field(p, "number", "issue")
    pages = pages_of(p.entry.fields.get("pages", ""))
    article_no = _field(p, "eid", "elocation-id", "articleno", "article-number")
    if not article_no and is_article_number(pages):
        article_no, pages = pages, ""
    if p.date.advance_online and not volume:
        return [_title(p, False), frag.element(), _Frag().add("Advance online publication").element()]
    if volume or issue:
        frag.add(", ")
        if volume:
            frag.add(volume, italic=True)
        if issue:
            frag.add(f"({issue})")
    if pages or article_no:
        frag.add(", ")
        frag.add(pages or f"Article {article_no}")
    return [_title(p, False), frag.element()]


def _book(p: Prepared, author: str, title_first: bool) -> list[Element]:
    extra = "; ".join(x for x in (_contributors(p), ", ".join(_numbers(p, p.kind == "book"))) if x)
    bracket = "" if p.kind == "book" else _DESCRIPTIONS.get(p.kind, "")
    if p.kind == "software" and _field(p, "version"):
        extra = f"Version {_field(p, 'version')}"
    return [_title(p, True, extra, bracket), *_publisher(p, author, "publisher", "organization", "institution")]


def _chapter(p: Prepared, author: str, title_first: bool) -> list[Element]:
    frag = _Frag().add("In ")
    editors = p.entry.persons.get("editor", ())
    if editors:
        frag.add(f"{editor_names(editors)} ({'Eds.' if len(editors) > 1 else 'Ed.'}), ")
    book = _text(p.entry.fields.get("booktitle", ""))
    if p.entry.fields.get("booksubtitle"):
        book = book + Rich(": ") + decode(p.entry.fields["booksubtitle"])
    frag.rich(sentence_case(book) if p.english else book, italic=True)
    numbers = _numbers(p, True)
    if numbers:
        frag.add(f" ({', '.join(numbers)})")
    return [_title(p, False), frag.element(), *_publisher(p, author, "publisher", "organization")]


def _thesis(p: Prepared, author: str, title_first: bool) -> list[Element]:
    raw_type = _field(p, "type").lower().rstrip(".")
    label = _THESIS_TYPES.get(raw_type or p.entry.entry_type, _field(p, "type"))
    school = _field(p, "school", "institution")
    bracket = ", ".join(x for x in (label or "Thesis", school) if x)
    return [_title(p, True, bracket=bracket), *_publisher(p, author, "publisher")]


def _report(p: Prepared, author: str, title_first: bool) -> list[Element]:
    number = _field(p, "number")
    kind = _field(p, "type") or "Report"
    kind = {"techreport": "Technical Report", "resreport": "Research Report"}.get(kind, kind)
    extra = f"{kind} No. {number}" if number else ""
    return [_title(p, True, extra), *_publisher(p, author, "institution", "publisher", "organization")]


def _web(p: Prepared, author: str, title_first: bool) -> list[Element]:
    site = _publisher(p, author, "organization", "publisher", "journaltitle")
    return [_title(p, True), *site]


def _presentation(p: Prepared, author: str, title_first: bool) -> list[Element]:
    meeting = _field(p, "eventtitle", "booktitle", "organization")
    where = ", ".join(x for x in (meeting, _field(p, "venue", "location", "address")) if x)
    return [_title(p, True, bracket="Paper presentation"), *([_Frag().add(where).element()] if where else [])]


def _misc(p: Prepared, author: str, title_first: bool) -> list[Element]:
    how = _field(p, "howpublished")
    bracket = "Preprint" if p.kind == "preprint" else _field(p, "type")
    source = _publisher(p, author, "publisher", "organization", "institution")
    if p.kind == "preprint" and not source:
        source = [_Frag().add("arXiv").element()]
    if how and not how.lower().startswith(("http", "\\url")) and "://" not in how:
        source.insert(0, _Frag().add(how).element())
    return [_title(p, True, bracket=bracket), *source]


_BODIES: dict[str, Callable[[Prepared, str, bool], list[Element]]] = {
    "article": _article,
    "book": _book,
    "chapter": _chapter,
    "thesis": _thesis,
    "report": _report,
    "web": _web,
    "presentation": _presentation,
    "misc": _misc,
    "dataset": _book,
    "software": _book,
    "unpublished": _book,
    "preprint": _misc,
}


def _link(p: Prepared) -> Element | None:
    url = doi_url(p.doi) or p.url
    if not url:
        return None
    md, tx = md_link(url, url), url
    urldate = parse_iso_day(p.entry.fields.get("urldate", ""))
    # APA 7 asks for a retrieval date only for pages meant to change (9.16); we take an
    # undated page with a recorded access date as that signal. Zotero and Mendeley export
    # web pages as @misc.
    if not p.doi and urldate and p.kind in ("web", "misc") and not p.date.year:
        return (f"Retrieved {escape_md(urldate)}, from {md}", f"Retrieved {urldate}, from {tx}")
    return md, tx
