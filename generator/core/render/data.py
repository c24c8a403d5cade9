"""Machine-readable copies of the published data: findings.json and the library as CSL-JSON.

Both hold only what the site shows (drafts and embargoed records are already gone from
the corpus), with keys in a fixed order so two builds of one commit are byte-identical.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import operator
from collections.abc import Callable, Sequence
from typing import Any

from ..model import Corpus, Excerpt, Theme
from ..references import Library, Reference, anchor_for
from . import provenance
from .aliases import redirect_files
from .paths import SitePaths

FORMAT_VERSION = 1


_NOT_PUBLISHED = frozenset({"source", "places", "publication"})


@functools.cache
def _published_fields(kind: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]] | None:
    """Names of the fields of a dataclass type that findings.json publishes, and a getter of their
    values (one C-level call for all of them); None for other types."""
    if not dataclasses.is_dataclass(kind):
        return None
    names = tuple(f.name for f in dataclasses.fields(kind) if f.name not in _NOT_PUBLISHED)
    getter = operator.attrgetter(*names)
    return names, (getter if len(names) > 1 else lambda value: (getter(value),))


_SCALARS = frozenset({str, int, float, bool, type(None)})
_EMPTY: tuple[Any, ...] = (None, "", (), [], {})


def _clean(value: Any, leave_out: str = "") -> Any:
    """Dataclass -> JSON-ready dict without empty fields, source locations or the field ``leave_out``."""
    kind: type = type(value)
    if kind in _SCALARS:  # most values: checked first, by exact type, as this runs for every field
        return value
    if kind is tuple or kind is list:
        return [_clean(v) for v in value]
    published = _published_fields(kind)
    if published is not None:
        out = {}
        names, values = published
        for name, field_value in zip(names, values(value), strict=True):
            if name == leave_out:
                continue
            item = field_value if type(field_value) in _SCALARS else _clean(field_value)
            if item not in _EMPTY:
                out[name] = item
        return out
    if isinstance(value, tuple | list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def _url(paths: SitePaths, record_id: str) -> str:
    page, anchor = paths.target(record_id)
    url = page.removesuffix(".md").removesuffix("index") + ("/" if not page.endswith("index.md") else "")
    return url + (f"#{anchor}" if anchor else "")


_Member = tuple[tuple[Any, ...], tuple[Any, ...], bytes]  # the records it is made of, other values, its JSON


class FindingsJsonParts:
    """Parts of findings.json kept between rebuilds (`mkdocs serve`).

    An unchanged record file yields the very same Theme object on the next rebuild (the record
    cache), and a changed one new objects for the theme and all its excerpts. So a theme's JSON
    text is reused while the theme is the same (the very same object, at once; an equal one, such
    as a theme that lost a link to a draft again) on the same page with the same implications:
    nothing else goes into its entry. The other members are reused while the records they are made
    of are the very same objects. Parts are kept as UTF-8 bytes: the document is tens of megabytes
    at thousands of themes, and joining bytes is one copy where joining and encoding text was three.
    """

    def __init__(self) -> None:
        self.themes: dict[str, tuple[Theme, str, tuple[str, ...], bytes]] = {}
        self.members: dict[str, _Member] = {}


#: Who says what in a theme record: its label is the study authors', its summary the site editors' words.
_THEME_SAID_BY = {"theme": provenance.JSON[provenance.AUTHORS], "summary": provenance.JSON[provenance.EDITORS]}
_THEME_LABEL_BY = {"theme": provenance.JSON[provenance.AUTHORS]}


def _json(value: Any) -> str:
    # Compact: at thousands of themes, indentation doubles the size and the time to write it.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    return len(a) == len(b) and all(map(operator.is_, a, b))


def findings_json(corpus: Corpus, paths: SitePaths, kept: FindingsJsonParts | None = None) -> bytes:
    encoded_before = kept.themes if kept is not None else {}
    members_before = kept.members if kept is not None else {}
    encoded: dict[str, tuple[Theme, str, tuple[str, ...], bytes]] = {}
    members_now: dict[str, _Member] = {}

    def theme(t: Theme) -> bytes:
        url = _url(paths, t.id)
        implications = corpus.implications_of.get(t.id, ())
        hit = encoded_before.get(t.id)
        if hit is not None and (hit[0] is t or hit[0] == t) and hit[1] == url and hit[2] == implications:
            data = hit[3]
        else:
            record: dict[str, Any] = _clean(t, leave_out="excerpts")
            record["url"] = url
            record["excerpts"] = [excerpt(e) for e in t.excerpts]
            record["implications"] = list(implications)
            record["said_by"] = _THEME_SAID_BY if t.summary else _THEME_LABEL_BY
            data = _json(record).encode("utf-8")
        encoded[t.id] = (t, url, implications, data)
        return data

    def excerpt(e: Excerpt) -> dict[str, Any]:
        return {**_clean(e), "url": _url(paths, e.id), "said_by": provenance.JSON[provenance.excerpt_by(e)]}

    def member(name: str, records: tuple[Any, ...], values: tuple[Any, ...], make: Callable[[], Any]) -> bytes:
        """A member's JSON, reused while it is made of the very same records (or library) and equal values."""
        hit = members_before.get(name)
        if hit is not None and _same(hit[0], records) and hit[1] == values:
            data = hit[2]
        else:
            data = _json(make()).encode("utf-8")
        members_now[name] = (records, values, data)
        return data

    studies = tuple(corpus.studies.values())
    study_themes = tuple(corpus.study_themes.get(s.id, ()) for s in studies)
    study_urls = tuple(_url(paths, s.id) for s in studies)
    implications = tuple(corpus.implications.values())
    implication_urls = tuple(_url(paths, i.id) for i in implications)
    # Written out member by member so that each part can be one kept from the last build;
    # the bytes are those of json.dumps on the whole document (a test compares them).
    members: dict[str, bytes | list[bytes]] = {
        "format": _json("findings-site/findings.json").encode("utf-8"),
        "version": _json(FORMAT_VERSION).encode("utf-8"),
        "studies": member(
            "studies",
            studies,
            (study_themes, study_urls),
            lambda: [
                {**_clean(s), "url": url, "themes": list(themes)}
                for s, themes, url in zip(studies, study_themes, study_urls, strict=True)
            ],
        ),
        "themes": [theme(t) for t in corpus.themes.values()],
        "implications": member(
            "implications",
            implications,
            implication_urls,
            lambda: [
                {**_clean(i), "url": url, "said_by": provenance.JSON[provenance.implication_by(i)]}
                for i, url in zip(implications, implication_urls, strict=True)
            ],
        ),
        "references": member(
            "references",
            (corpus.library,),
            (),
            lambda: {
                key: {"citation": ref.citation, "reference": ref.text, "doi": ref.doi_url or None}
                for key, ref in sorted(corpus.library.entries.items())
            },
        ),
    }
    if corpus.site is not None:  # who stands behind the data: editors, scope, last review, licence
        members["site"] = _json(_clean(corpus.site)).encode("utf-8")
    if kept is not None:  # themes and members gone since are forgotten
        kept.themes, kept.members = encoded, members_now
    # One join of every part: the document is copied once (at bench size L, 37 MB).
    parts = [b"{"]
    for number, (name, value) in enumerate(members.items()):
        parts += [b"," if number else b"", _json(name).encode("utf-8"), b":"]
        if isinstance(value, list):  # the themes: a JSON array of their kept texts
            parts.append(b"[")
            for index, text in enumerate(value):
                parts += [b"," if index else b"", text]
            parts.append(b"]")
        else:
            parts.append(value)
    parts.append(b"}\n")
    return b"".join(parts)


def csl_item(ref: Reference) -> str:
    """One reference as CSL-JSON, indented one space per level (its export file, less the newline)."""
    return json.dumps(dict(ref.csl), ensure_ascii=False, indent=1, sort_keys=True)


def csl_json(library: Library, items: Sequence[str] | None = None) -> bytes:
    """The library as one CSL-JSON array: ``json.dumps(..., indent=1)`` of every item, in order.

    Made from each item's own text (``items``, from :func:`csl_item`, when the caller has them),
    one level deeper: json.dumps of the whole list took as long again, in Python (indented
    JSON has no C encoder). A JSON text has no raw line breaks inside strings, so indenting
    each line is safe; a test compares the bytes with json.dumps of the whole list.
    """
    texts = [csl_item(ref) for ref in library.ordered] if items is None else items
    if not texts:
        return b"[]\n"
    return ("[\n " + ",\n ".join(text.replace("\n", "\n ") for text in texts) + "\n]\n").encode("utf-8")


def export_path(key: str, extension: str, prefix: str = "") -> str:
    """Where one reference's export file goes, e.g. references/export/lavik2018first.bib."""
    base = f"{prefix}/" if prefix else ""
    return f"{base}references/export/{anchor_for(key).removeprefix('ref-')}.{extension}"


class LibraryFiles:
    """The library's published files (CSL-JSON, each reference's exports), kept between rebuilds.

    An unchanged bibliography gives the very same Library object on the next rebuild (the parse
    cache), so its files are reused; the object is kept, so identity is a safe test.
    """

    def __init__(self) -> None:
        self.made_from: tuple[Library, str, bool] | None = None
        self.files: dict[str, bytes] = {}
        self.reused = 0  # rebuilds that kept the files (tests read it)

    def of(self, corpus: Corpus, prefix: str, reference_exports: bool) -> dict[str, bytes]:
        made = self.made_from
        if made is not None and made[0] is corpus.library and made[1:] == (prefix, reference_exports):
            self.reused += 1
        else:
            self.made_from = (corpus.library, prefix, reference_exports)
            self.files = library_files(corpus, prefix, reference_exports)
        return self.files


def library_files(corpus: Corpus, prefix: str, reference_exports: bool) -> dict[str, bytes]:
    base = f"{prefix}/" if prefix else ""
    items = [csl_item(ref) for ref in corpus.library.ordered]
    files = {f"{base}references.csl.json": csl_json(corpus.library, items)}
    if reference_exports:
        for ref, item in zip(corpus.library.ordered, items, strict=True):
            files[export_path(ref.key, "bib", prefix)] = ref.bibtex.encode("utf-8")
            files[export_path(ref.key, "ris", prefix)] = ref.ris.encode("utf-8")
            files[export_path(ref.key, "json", prefix)] = (item + "\n").encode("utf-8")
    return files


def data_files(
    corpus: Corpus,
    prefix: str = "",
    reference_exports: bool = True,
    kept: FindingsJsonParts | None = None,
    kept_library: LibraryFiles | None = None,
) -> dict[str, bytes]:
    """Files published beside the pages, by path relative to the docs folder."""
    paths = SitePaths(corpus, prefix)
    base = f"{prefix}/" if prefix else ""
    library = (
        kept_library.of(corpus, prefix, reference_exports)
        if kept_library is not None
        else library_files(corpus, prefix, reference_exports)
    )
    return {f"{base}findings.json": findings_json(corpus, paths, kept), **library, **redirect_files(corpus, paths)}
