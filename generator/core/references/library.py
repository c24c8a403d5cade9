"""Load .bib files into an APA-formatted :class:`Library`."""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.core.diagnostics import Diagnostic, Location, Severity, display_path
from generator.core.references.apa import KINDS, Prepared, format_reference, prepare, title_sort_key
from generator.core.references.bibparse import ParsedFile, RawEntry, default_macros, parse_bib
from generator.core.references.exports import to_bibtex, to_csl, to_ris
from generator.core.references.names import cited_names
from generator.core.references.richtext import guard_line_start, sort_text
from generator.core.references.verification import Marks, csl_note, describe, read_marks, warning, with_ris_note

_ANCHOR_SAFE = re.compile(r"[^A-Za-z0-9-]")
_ITALIC_KINDS = {
    "book",
    "thesis",
    "report",
    "web",
    "misc",
    "dataset",
    "software",
    "unpublished",
    "presentation",
    "preprint",
}


def anchor_for(key: str) -> str:
    """HTML id for a reference; the escaping is reversible, so ids never collide."""
    return "ref-" + _ANCHOR_SAFE.sub(lambda m: f"_{ord(m.group()):x}_", key)


@dataclass(frozen=True)
class Reference:
    key: str
    path: str
    line: int
    entry_type: str
    markdown: str
    text: str
    author_label: str  # narrative: "Råbu and Moltu", "Lavik et al."
    year_label: str  # "2018a", "n.d.", "in press"
    doi_url: str
    url: str
    bibtex: str
    ris: str
    csl: Mapping[str, Any]
    parenthetical_author: str = ""  # "Råbu & Moltu"
    title_label: bool = False  # author labels are the title (no author)
    italic_label: bool = False  # ... and that title is italic
    anchor: str = ""
    unverified: tuple[str, ...] = ()  # names of fields not confirmed in a source (the entry's `unverified`)
    inferred: tuple[str, ...] = ()  # ... and of fields inferred rather than seen (its `inferred`)

    @property
    def citation(self) -> str:
        """Parenthetical citation as plain text: "(Lavik et al., 2018)"."""
        author = self.parenthetical_author
        return f"({author}, {self.year_label})" if author else f"({self.year_label})"

    @property
    def narrative(self) -> str:
        return f"{self.author_label} ({self.year_label})".strip()


@dataclass(frozen=True)
class Library:
    entries: Mapping[str, Reference] = field(default_factory=dict)
    ordered: tuple[Reference, ...] = ()

    def get(self, key: str) -> Reference | None:
        return self.entries.get(key)

    @cached_property
    def position(self) -> Mapping[str, int]:
        """Key -> place in the reference list (computed once; the library never changes)."""
        return {ref.key: index for index, ref in enumerate(self.ordered)}


class ParseCache:
    """Parsed files keyed by path and content hash, owned by the caller.

    The @string macros in force before a file are part of the key because an
    earlier file's macros change how a later file parses.
    """

    def __init__(self, max_files: int = 64) -> None:
        self._items: OrderedDict[tuple[str, str, str], ParsedFile] = OrderedDict()
        self._max = max_files
        self.hits = 0
        self.library: tuple[tuple[Any, ...], Library, tuple[Diagnostic, ...]] | None = None
        """The last formatted library, with the parse keys of the files it came from."""

    def get(self, key: tuple[str, str, str]) -> ParsedFile | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
            self.hits += 1
        return found

    def put(self, key: tuple[str, str, str], value: ParsedFile) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self._max:
            self._items.popitem(last=False)


def _decode_bytes(data: bytes, path: str, diags: list[Diagnostic]) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        bad = data[error.start : error.start + 1].hex()
        diags.append(
            Diagnostic(
                Location(path, line, column),
                f"file is not valid UTF-8 (byte 0x{bad} at line {line}); undecodable bytes were replaced",
                suggestion="save the file with UTF-8 encoding",
                code="bib-encoding",
            )
        )
        return data.decode("utf-8-sig", errors="replace")


def load_library(
    paths: Sequence[Path], root: Path | None = None, cache: ParseCache | None = None
) -> tuple[Library, list[Diagnostic]]:
    """Read, check and format every entry; problems come back as diagnostics."""
    diags: list[Diagnostic] = []
    raw, signature = read_files(paths, root, cache, diags)
    if cache is not None and cache.library is not None and cache.library[0] == signature:
        return cache.library[1], list(cache.library[2])  # same bytes in: formatting them again gives the same
    library = build_library(read_entries(raw, diags), diags)
    if cache is not None:
        cache.library = (signature, library, tuple(diags))
    return library, diags


def read_files(
    paths: Sequence[Path], root: Path | None, cache: ParseCache | None, diags: list[Diagnostic]
) -> tuple[list[RawEntry], tuple[Any, ...]]:
    """Every entry of every file as parsed, and a signature of the files' contents."""
    macros = default_macros()
    raw: list[RawEntry] = []
    keys: list[tuple[str, str, str]] = []
    for path in paths:
        shown = display_path(path, root)
        try:
            data = path.read_bytes()
        except OSError as error:
            diags.append(
                Diagnostic(
                    Location(shown), f"cannot read bibliography file: {error.strerror or error}", code="bib-read"
                )
            )
            continue
        text = _decode_bytes(data, shown, diags)
        key = (shown, hashlib.sha256(data).hexdigest(), repr(sorted(macros.items())))
        keys.append(key)
        parsed = cache.get(key) if cache else None
        if parsed is None:
            parsed = parse_bib(text, shown, macros)
            if cache is not None:
                cache.put(key, parsed)
        macros = dict(parsed.macros)
        raw.extend(parsed.entries)
        diags.extend(parsed.diagnostics)
    return raw, (tuple(keys), len(paths))  # unreadable files leave fewer keys than paths


def read_entries(raw: list[RawEntry], diags: list[Diagnostic]) -> list[RawEntry]:
    """The first entry of each key, with what it cross-references filled in."""
    return _resolve_crossrefs(_unique(raw, diags), diags)


def _unique(raw: list[RawEntry], diags: list[Diagnostic]) -> list[RawEntry]:
    seen: dict[str, RawEntry] = {}
    out = []
    for entry in raw:
        first = seen.get(entry.key.casefold())
        if first is not None:
            diags.append(
                Diagnostic(
                    Location(entry.path, entry.line),
                    f"duplicate entry key '{entry.key}': first defined at "
                    f"{first.path}:{first.line}; this entry is ignored",
                    code="bib-duplicate",
                )
            )
            continue
        seen[entry.key.casefold()] = entry
        out.append(entry)
    return out


def _resolve_crossrefs(entries: list[RawEntry], diags: list[Diagnostic]) -> list[RawEntry]:
    by_key = {e.key.casefold(): e for e in entries}

    def resolve(entry: RawEntry, depth: int) -> RawEntry:
        target = entry.fields.get("crossref", "").strip()
        if not target:
            return entry
        parent = by_key.get(target.casefold())
        if parent is None or depth > 8:
            problem = "which is not in the library" if parent is None else "(cycle)"
            diags.append(
                Diagnostic(
                    Location(entry.path, entry.line),
                    f"entry '{entry.key}' has crossref '{target}', {problem}",
                    Severity.WARNING,
                    code="bib-crossref",
                )
            )
            return entry
        parent = resolve(parent, depth + 1)
        fields = {k: v for k, v in parent.fields.items() if k not in ("crossref", "ids")}
        if KINDS.get(entry.entry_type) == "chapter" and "booktitle" not in entry.fields:
            # biblatex inheritance: the parent's title is the child's book title.
            for src, dst in (("title", "booktitle"), ("subtitle", "booksubtitle")):
                if src in parent.fields:
                    fields[dst] = parent.fields[src]
                    fields.pop(src, None)
        fields.update(entry.fields)
        persons = {**parent.persons, **entry.persons}
        return replace(entry, fields=fields, persons=persons)

    return [resolve(e, 0) for e in entries]


def _suffixes(prepared: list[Prepared]) -> dict[str, str]:
    """Year labels: a/b suffixes only for identical author lists in one year."""
    groups: dict[tuple[Any, str], list[Prepared]] = defaultdict(list)
    for p in prepared:
        groups[(p.name_key(), p.date.base_label)].append(p)
    labels = {}
    for (_, base), members in groups.items():
        if len(members) == 1:
            labels[members[0].entry.key] = base
            continue
        members.sort(key=lambda p: (title_sort_key(p.title.text), p.entry.key))
        for i, p in enumerate(members):
            letter = _letters(i)
            labels[p.entry.key] = f"{base}{letter}" if base[0].isdigit() else f"{base}-{letter}"
    return labels


def _letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(97 + rem) + out
    return out


def _shown_names(prepared: list[Prepared]) -> dict[str, int]:
    """How many surnames each 3+-author citation needs to be unambiguous (APA 8.18)."""
    groups: dict[tuple[str, str], set[tuple[str, ...]]] = defaultdict(set)
    lists: dict[str, tuple[str, ...]] = {}
    for p in prepared:
        names = [n for n in p.names if not n.others]
        if len(names) >= 3 or (names and len(names) != len(p.names)):
            surnames = tuple(sort_text(n.surname) for n in names)
            lists[p.entry.key] = surnames
            groups[(surnames[0], p.date.base_label)].add(surnames)
    shown = {}
    for p in prepared:
        found = lists.get(p.entry.key)
        if found is None:
            continue
        surnames = found
        others = groups[(surnames[0], p.date.base_label)] - {surnames}
        n = 1
        while n < len(surnames) and any(o[:n] == surnames[:n] for o in others):
            n += 1
        shown[p.entry.key] = len(surnames) if n >= len(surnames) - 1 and n > 1 else n
    return shown


def _labels(p: Prepared, shown: int) -> tuple[str, str, bool]:
    if p.names:
        return cited_names(p.names, shown, "and"), cited_names(p.names, shown, "&"), False
    main = p.title.text.split(":")[0].strip()
    if not main:
        return "", "", True
    label = main if p.kind in _ITALIC_KINDS else f"“{main}”"
    return label, label, True


def build_library(entries: list[RawEntry], diags: list[Diagnostic]) -> Library:
    prepared: list[Prepared] = []
    for entry in entries:
        if entry.entry_type in ("set", "xdata"):
            continue  # biblatex containers, not works of their own
        try:
            prepared.append(prepare(entry))
        except Exception as error:  # a formatter bug must not stop the site build
            diags.append(
                Diagnostic(
                    Location(entry.path, entry.line), f"cannot format entry '{entry.key}': {error!r}", code="bib-format"
                )
            )
    years = _suffixes(prepared)
    shown = _shown_names(prepared)
    refs: list[tuple[tuple[Any, ...], Reference]] = []
    for p in prepared:
        key = p.entry.key
        try:
            md, text = format_reference(p, years[key])
            narrative, paren, is_title = _labels(p, shown.get(key, 1))
            marks, problems = read_marks(key, p.entry.fields, p.entry.persons, Location(p.entry.path, p.entry.line))
            diags += problems
            if marks:
                diags.append(warning(key, marks, Location(p.entry.path, p.entry.line)))
            ref = Reference(
                key=key,
                path=p.entry.path,
                line=p.entry.line,
                entry_type=p.entry.entry_type,
                markdown=guard_line_start(md),
                text=f"{text} [Not confirmed in a source: {describe(marks)}]" if marks else text,
                author_label=narrative,
                year_label=years[key],
                doi_url=f"https://doi.org/{p.doi}" if p.doi else "",
                url=p.url,
                bibtex=to_bibtex(p),
                ris=with_ris_note(to_ris(p), marks),
                csl=_csl_with_marks(to_csl(p), marks),
                parenthetical_author=paren,
                title_label=is_title,
                italic_label=is_title and p.kind in _ITALIC_KINDS,
                anchor=anchor_for(key),
                unverified=marks.unverified,
                inferred=marks.inferred,
            )
        except Exception as error:  # see above
            diags.append(
                Diagnostic(
                    Location(p.entry.path, p.entry.line), f"cannot format entry '{key}': {error!r}", code="bib-format"
                )
            )
            continue
        order = (p.name_key(), p.date.sort_key(), years[key], title_sort_key(p.title.text), key)
        refs.append((order, ref))
    refs = _add_initials(refs, prepared)
    refs.sort(key=lambda item: item[0])
    ordered = tuple(r for _, r in refs)
    return Library({r.key: r for r in ordered}, ordered)


def _csl_with_marks(item: dict[str, Any], marks: Marks) -> dict[str, Any]:
    return {**item, "note": csl_note(marks)} if marks else item


def _add_initials(
    refs: list[tuple[tuple[Any, ...], Reference]], prepared: list[Prepared]
) -> list[tuple[tuple[Any, ...], Reference]]:
    """First authors who share a surname but not initials are cited with initials (APA 8.20).

    Across the whole library and whatever the year or co-authors: "(J. Smith, 2020)" beside
    "(A. Smith & Lee, 2019)". Initials that extend one another ("L." and "L. V.") are taken
    as one person written two ways, as reference managers do, and need none.
    """
    by_key = {p.entry.key: p for p in prepared}
    initials: dict[str, set[str]] = defaultdict(set)
    for _, ref in refs:
        names = by_key[ref.key].names
        if names and not ref.title_label and names[0].initials:
            initials[sort_text(names[0].surname)].add(sort_text(names[0].initials))
    # Once per surname, not per reference: a common surname's initials are compared pairwise.
    ambiguous = {surname: _different_people(found) for surname, found in initials.items()}
    out = []
    for order, ref in refs:
        names = by_key[ref.key].names
        first = names[0] if names and not ref.title_label else None
        if first is not None and first.initials and ambiguous[sort_text(first.surname)]:
            ref = replace(
                ref,
                author_label=f"{first.initials} {ref.author_label}",
                parenthetical_author=f"{first.initials} {ref.parenthetical_author}",
            )
        out.append((order, ref))
    return out


def _different_people(initials: set[str]) -> bool:
    """Whether two of these initials cannot be one person ("j." and "a.", not "l." and "l. v.")."""
    split = [tuple(i.replace("-", " ").split()) for i in initials]
    return any(a[: len(b)] != b[: len(a)] for a in split for b in split)
