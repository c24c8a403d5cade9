"""What can still be read from a record that has errors.

A record with an error is left out of the site, but other records may refer to it. Without
its id they would report it as missing ("study 'x' does not exist (did you mean 'y'?)") on
every reference: a cascade that points the author away from the one real mistake. So a
broken record still claims its ids (and its excerpts' ids); references to it are then
silent, and the record's own errors are the only lines about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .diagnostics import Location
from .yaml_source import YamlDocument


@dataclass(frozen=True)
class Claim:
    """An id a broken record holds, and what it names (None: the file's type cannot be read)."""

    id: str
    kind: str | None
    location: Location


@dataclass(frozen=True)
class Remains:
    claims: tuple[Claim, ...]
    parent: str = ""
    """A broken subtheme's parent is still a parent (no 'has no excerpts' warning on it)."""
    words: frozenset[str] = frozenset()
    """Every word of the file: a bibliography entry a broken record cites is not 'never cited'."""


_KINDS = ("study", "theme", "implication")
_WORD = re.compile(r"[\w:.+/-]+")


def _words(text: str) -> frozenset[str]:
    found = set(_WORD.findall(text))
    return frozenset(found | {w.rstrip(".:") for w in found})


def _readable_id(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def from_document(kind: str | None, doc: YamlDocument, text: str) -> Remains | None:
    """Ids of a record that parsed but failed validation; None when it holds no readable id."""
    data = doc.data
    if not isinstance(data, dict):
        return None
    claims = []
    record_id = _readable_id(data.get("id"))
    if record_id:
        claims.append(Claim(record_id, kind, doc.location(())))
    excerpts = data.get("excerpts")
    if kind in ("theme", None) and isinstance(excerpts, list):
        for index, item in enumerate(excerpts):
            excerpt_id = _readable_id(item.get("id")) if isinstance(item, dict) else ""
            if excerpt_id:
                claims.append(Claim(excerpt_id, "excerpt", doc.location(("excerpts", index))))
    if not claims:
        return None
    return Remains(tuple(claims), _readable_id(data.get("parent")), _words(text))


_TOP_LEVEL = re.compile(r"^(type|id|parent):[ \t]*(.*?)[ \t]*(?:#.*)?$")
_EXCERPT_ID = re.compile(r"^[ \t]*-[ \t]+id:[ \t]*(.*?)[ \t]*(?:#.*)?$")
_PLAIN_ID = re.compile(r"^[A-Za-z0-9][\w.-]*$")


def _unquoted(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value if _PLAIN_ID.match(value) else ""


def from_text(text: str, path: str) -> Remains | None:
    """Ids of a file YAML cannot parse, read line by line: `type:` and `id:` at the top level
    and `- id:` list items (a theme's excerpts). Only plain ids are trusted."""
    top: dict[str, tuple[str, int]] = {}
    excerpt_ids: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _TOP_LEVEL.match(line)
        if match and match.group(1) not in top:
            top[match.group(1)] = (_unquoted(match.group(2)), number)
            continue
        item = _EXCERPT_ID.match(line)
        if item and _unquoted(item.group(1)):
            excerpt_ids.append((_unquoted(item.group(1)), number))
    kind_text = top.get("type", ("", 0))[0]
    kind = kind_text if kind_text in _KINDS else None
    claims = []
    record_id, id_line = top.get("id", ("", 0))
    if record_id:
        claims.append(Claim(record_id, kind, Location(path, id_line, 1)))
    if kind in ("theme", None):
        claims += [Claim(eid, "excerpt", Location(path, n, 1)) for eid, n in excerpt_ids]
    if not claims:
        return None
    return Remains(tuple(claims), top.get("parent", ("", 0))[0], _words(text))
