"""Who stands behind the site, and how to cite it or one of its pages (APA 7, BibTeX, RIS).

The site record (findings/site.yml) names the editors; a page's citation gives them as its
authors, the date the site was last reviewed, the page's title, the site's title and the
page's address. Nothing here knows MkDocs: the footer is HTML the theme adapter inserts.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Editor, SiteInfo
from ..references.fields import MONTHS
from .text import escape_html, plain

#: Stands for the relative address of the site's root in the footer; the theme puts `base_url` there.
BASE = "\x00base\x00"


def long_date(day: str) -> str:
    """'2026-12-07' -> '7 December 2026' (as pages show dates)."""
    year, month, date = day.split("-")
    return f"{int(date)} {MONTHS[int(month) - 1]} {year}"


def apa_date(day: str) -> str:
    """'2026-12-07' -> '2026, December 7' (the date part of an APA reference to a web page)."""
    year, month, date = day.split("-")
    return f"{year}, {MONTHS[int(month) - 1]} {int(date)}"


def _initials(given: str) -> str:
    """'Kari Anne' -> 'K. A.'; 'Per-Einar' -> 'P.-E.'."""
    parts = []
    for word in given.split():
        pieces = [p for p in word.split("-") if p]
        parts.append("-".join(f"{p[0]}." for p in pieces))
    return " ".join(parts)


def _apa_name(editor: Editor) -> str:
    if not editor.family:  # a group author, written as the record gives it, capitalised
        return editor.name[:1].upper() + editor.name[1:]
    initials = _initials(editor.given)
    return f"{editor.family}, {initials}" if initials else editor.family


def apa_authors(editors: tuple[Editor, ...]) -> str:
    """Authors of an APA 7 reference: 'A, B., & C, D.'; up to 20, then an ellipsis and the last."""
    names = [_apa_name(e) for e in editors]
    if len(names) > 20:
        names = [*names[:19], "…", names[-1]]
        return ", ".join(names[:-1]) + " " + names[-1]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]}, & {names[1]}" if "," in names[0] else f"{names[0]} & {names[1]}"
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


@dataclass(frozen=True)
class Citation:
    """How to cite the site or one of its pages, in three forms."""

    apa: str  # Markdown (title in italics), already escaped
    bibtex: str
    ris: str


def cite(site: SiteInfo, title: str, url: str, key: str) -> Citation:
    """A citation of a page titled ``title`` (the site itself when it is the site's title)."""
    whole_site = title == site.title
    authors = _end(apa_authors(site.editors))
    italic = f"*{plain(title)}*"
    parts = [f"{plain(authors)} ({apa_date(site.reviewed)}).", italic if title.endswith(("?", "!")) else italic + "."]
    if not whole_site:
        parts.append(plain(_end(site.title)))
    if url:
        parts.append(f"<{url}>")
    apa = " ".join(parts)
    return Citation(apa, _bibtex(site, title, url, key, whole_site), _ris(site, title, url, whole_site))


_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def _bib_text(text: str) -> str:
    """BibTeX field text on one line, with the characters TeX treats specially escaped."""
    return "".join(_BIB_SPECIAL.get(c, c) for c in " ".join(text.split()))


def _bib_author(editor: Editor) -> str:
    if editor.family:
        return f"{_bib_text(editor.family)}, {_bib_text(editor.given)}" if editor.given else _bib_text(editor.family)
    return "{" + _bib_text(editor.name[:1].upper() + editor.name[1:]) + "}"  # a group: one name, kept whole


def _bibtex(site: SiteInfo, title: str, url: str, key: str, whole_site: bool) -> str:
    year = site.reviewed[:4]
    fields = [
        ("author", " and ".join(_bib_author(e) for e in site.editors)),
        ("title", "{" + _bib_text(title) + "}"),
    ]
    if not whole_site:
        fields.append(("organization", _bib_text(site.title)))
    fields += [("year", year), ("date", site.reviewed)]
    if site.version:
        fields.append(("version", _bib_text(site.version)))
    if url:
        fields.append(("url", url))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{key},\n{body}\n}}\n"


def _ris(site: SiteInfo, title: str, url: str, whole_site: bool) -> str:
    lines = ["TY  - ELEC"]
    for editor in site.editors:
        name = f"{editor.family}, {editor.given}".rstrip(", ") if editor.family else _apa_name(editor)
        lines.append(f"AU  - {name}")
    lines.append(f"TI  - {' '.join(title.split())}")
    if not whole_site:
        lines.append(f"T2  - {' '.join(site.title.split())}")
    lines.append(f"PY  - {site.reviewed[:4]}")
    lines.append(f"DA  - {site.reviewed.replace('-', '/')}")
    if site.version:
        lines.append(f"ET  - {site.version}")
    if url:
        lines.append(f"UR  - {url}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def page_address(site_url: str, page: str, anchor: str = "") -> str:
    """The published address of a generated page (directory URLs, MkDocs' default), or '' without a site URL."""
    if not site_url:
        return ""
    path = page.removesuffix(".md")
    path = path.removesuffix("index") if path == "index" or path.endswith("/index") else path + "/"
    return site_url.rstrip("/") + "/" + path + (f"#{anchor}" if anchor else "")


def editor_line(editor: Editor) -> str:
    """One editor as Markdown: name, role, affiliation, ORCID link."""
    text = plain(editor.name[:1].upper() + editor.name[1:])
    if editor.role:
        text += f": {plain(editor.role)}"
    if editor.affiliation:
        text += f" ({plain(editor.affiliation)})"
    if editor.orcid:
        text += f" · ORCID [{editor.orcid}](https://orcid.org/{editor.orcid})"
    return text


def editors_text(site: SiteInfo) -> str:
    """'A', 'A and B', 'A, B and C' (plain text)."""
    names = [e.name for e in site.editors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def footer_html(site: SiteInfo | None, built: str, about: str) -> str:
    """The footer line of every page; ``about`` is the About page's address from the site's root."""
    if site is None:
        return ""
    link = f'<a href="{BASE}{escape_html(about)}">About this site and how to cite it</a>'
    parts = [f"Edited by {escape_html(editors_text(site))}", f"last reviewed {long_date(site.reviewed)}"]
    if site.licence is not None:
        name = escape_html(site.licence.name)
        parts.append(f'licence: <a href="{escape_html(site.licence.url)}">{name}</a>' if site.licence.url else name)
    parts.append(f"version {escape_html(site.version)}, built {built}" if site.version else f"built {built}")
    parts.append(link)
    return " · ".join(parts)
