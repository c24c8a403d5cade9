"""BibTeX, RIS and CSL-JSON exports of one entry."""

from __future__ import annotations

from typing import Any

from generator.core.references.apa import Prepared
from generator.core.references.fields import pages_of
from generator.core.references.latex import plain
from generator.core.references.names import Name

_RIS_TYPES = {
    "article": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "thesis": "THES",
    "report": "RPRT",
    "web": "ELEC",
    "presentation": "CPAPER",
    "unpublished": "UNPB",
    "dataset": "DATA",
    "software": "COMP",
}
_CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "chapter": "chapter",
    "thesis": "thesis",
    "report": "report",
    "web": "webpage",
    "presentation": "paper-conference",
    "unpublished": "manuscript",
    "dataset": "dataset",
    "software": "software",
    "preprint": "article",
}
_CSL_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("container-title", ("journal", "journaltitle", "booktitle")),
    ("volume", ("volume",)),
    ("issue", ("number", "issue")),
    ("publisher", ("publisher", "institution", "school", "organization")),
    ("edition", ("edition",)),
)
_FIELD_ORDER = (
    "author",
    "editor",
    "title",
    "subtitle",
    "journal",
    "journaltitle",
    "booktitle",
    "year",
    "date",
    "volume",
    "number",
    "issue",
    "pages",
)


def to_bibtex(p: Prepared) -> str:
    e = p.entry
    names = sorted(e.fields, key=lambda n: (_FIELD_ORDER.index(n) if n in _FIELD_ORDER else len(_FIELD_ORDER), n))
    width = max((len(n) for n in names), default=0)
    body = "".join(f"  {n.ljust(width)} = {{{e.fields[n]}}},\n" for n in names)
    return f"@{e.entry_type}{{{e.key},\n{body}}}\n"


def _person_ris(n: Name) -> str:
    if n.literal:
        return n.literal
    family = f"{n.particle} {n.family}".strip()
    return ", ".join(x for x in (family, n.given, n.suffix) if x)


def _value(p: Prepared, *names: str) -> str:
    for name in names:
        if p.entry.fields.get(name, "").strip():
            return plain(p.entry.fields[name]).strip()
    return ""


def to_ris(p: Prepared) -> str:
    lines = [f"TY  - {_RIS_TYPES.get(p.kind, 'GEN')}"]
    for role, tag in (("author", "AU"), ("editor", "ED"), ("translator", "A4")):
        lines += [f"{tag}  - {_person_ris(n)}" for n in p.entry.persons.get(role, ()) if not n.others]
    if p.title.text:
        lines.append(f"TI  - {p.title.text}")
    container = _value(p, "journal", "journaltitle", "booktitle")
    if container:
        lines.append(f"T2  - {container}")
    if p.date.year:
        lines.append(f"PY  - {p.date.year[:4]}")
    for tag, names in (
        ("VL", ("volume",)),
        ("IS", ("number", "issue")),
        ("PB", ("publisher", "institution", "school", "organization")),
        ("ET", ("edition",)),
    ):
        value = _value(p, *names)
        if value:
            lines.append(f"{tag}  - {value}")
    pages = pages_of(p.entry.fields.get("pages", ""))
    if pages:
        first, _, last = pages.partition("–")
        lines.append(f"SP  - {first}")
        if last:
            lines.append(f"EP  - {last}")
    if p.doi:
        lines.append(f"DO  - {p.doi}")
    if p.url:
        lines.append(f"UR  - {p.url}")
    lines.append(f"ID  - {p.entry.key}")
    lines.append("ER  - ")
    return "\n".join(line.replace("\n", " ") for line in lines) + "\n"


def _csl_name(n: Name) -> dict[str, str]:
    if n.literal:
        return {"literal": n.literal}
    out = {"family": n.family, "given": n.given}
    if n.particle:
        out["non-dropping-particle"] = n.particle
    if n.suffix:
        out["suffix"] = n.suffix
    return {k: v for k, v in out.items() if v}


def to_csl(p: Prepared) -> dict[str, Any]:
    item: dict[str, Any] = {"id": p.entry.key, "type": _CSL_TYPES.get(p.kind, "document")}
    for role in ("author", "editor", "translator"):
        names = [_csl_name(n) for n in p.entry.persons.get(role, ()) if not n.others]
        if names:
            item[role] = names
    if p.title.text:
        item["title"] = p.title.text
    if p.date.in_press:
        item["status"] = "in press"
    elif p.date.year[:4].isdigit():
        parts = [int(p.date.year[:4])] + [x for x in (p.date.month, p.date.day) if x]
        item["issued"] = {"date-parts": [parts]}
    for key, sources in _CSL_FIELDS:
        value = _value(p, *sources)
        if value:
            item[key] = value
    pages = pages_of(p.entry.fields.get("pages", ""))
    if pages:
        item["page"] = pages.replace("–", "-")
    if p.doi:
        item["DOI"] = p.doi
    if p.url:
        item["URL"] = p.url
    return item
