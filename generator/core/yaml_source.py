"""Read one YAML file into plain Python values, remembering where each value was.

PyYAML's C parser composes the node tree (fast); we build the values ourselves so
we can record every node's line and column, refuse duplicate keys and exotic tags,
and bound alias expansion ("billion laughs") without trusting the input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .diagnostics import Diagnostic, Location
from .yaml_errors import explain

try:  # The C composer is ~15x faster; fall back so a build without libyaml still works.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: A path into a record, e.g. ("excerpts", 2, "text").
Path = tuple[str | int, ...]

#: Values a record may hold: what JSON could hold.
MAX_NODES = 250_000  # far beyond any real record; stops alias bombs
MAX_BYTES = 8 * 1024 * 1024

_SCALAR_TAGS = "tag:yaml.org,2002:"


@dataclass
class YamlDocument:
    """Values of one file plus the position of every value and every mapping key."""

    path: str
    data: Any = None
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def location(self, where: Path, *, key: bool = False) -> Location:
        """Best location for ``where``: the value (or its key), else its nearest parent."""
        table = self.key_positions if key else self.positions
        probe = where
        while True:
            if probe in table:
                line, col = table[probe]
                return Location(self.path, line, col)
            if probe in self.positions:
                line, col = self.positions[probe]
                return Location(self.path, line, col)
            if not probe:
                return Location(self.path, 1, 1)
            probe = probe[:-1]


_STR, _SEQ, _MAP = _SCALAR_TAGS + "str", _SCALAR_TAGS + "seq", _SCALAR_TAGS + "map"
_MERGE = _SCALAR_TAGS + "merge"


#: PyYAML's implicit resolvers (tag, pattern) by the first character of a plain scalar.
_IMPLICIT_BY_FIRST: dict[str | None, tuple[tuple[str, Any], ...]] = {
    first: tuple(found) for first, found in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}


class _Composer(_Loader):
    """The C composer with a leaner tag resolver (tags come out the same; a test compares them).

    The C parser calls back into Python to resolve the tag of every node; PyYAML's resolver also
    tracks path resolvers we never register. Skipping that saved a quarter of composing time.
    """

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT_BY_FIRST.get(value[0] if value else "", ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


class _Builder:
    """Values from composed nodes, noting positions; the hot loops handle plain text inline."""

    def __init__(self, doc: YamlDocument, problems: list[Diagnostic]):
        self.doc = doc
        self.problems = problems
        self.nodes = 0

    def error(self, node: yaml.Node, message: str, suggestion: str = "") -> None:
        mark = node.start_mark
        self.problems.append(
            Diagnostic(Location(self.doc.path, mark.line + 1, mark.column + 1), message, suggestion=suggestion)
        )

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.count(1)
        mark = node.start_mark
        self.doc.positions[path] = (mark.line + 1, mark.column + 1)
        return self.value(node, path)

    def value(self, node: yaml.Node, path: Path) -> Any:
        """The value of a node whose own position is noted already."""
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node, path)
        return self.scalar(node)

    def count(self, more: int) -> None:
        self.nodes += more
        if self.nodes > MAX_NODES:  # every value built counts, so aliases repeated cannot hide any
            raise _TooLarge()

    def sequence(self, node: yaml.SequenceNode, path: Path) -> list[Any]:
        if node.tag != _SEQ:
            self.error(node, f"unsupported YAML tag {node.tag!r}", "remove the tag")
        items = node.value
        self.count(len(items))
        positions = self.doc.positions
        result = []
        for index, item in enumerate(items):
            mark = item.start_mark
            where = (*path, index)
            positions[where] = (mark.line + 1, mark.column + 1)
            if item.tag == _STR and type(item) is yaml.ScalarNode:
                result.append(item.value)
            else:
                result.append(self.value(item, where))
        return result

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        if node.tag != _MAP:
            self.error(node, f"unsupported YAML tag {node.tag!r}", "remove the tag")
        pairs = node.value
        self.count(len(pairs))
        positions, key_positions = self.doc.positions, self.doc.key_positions
        result: dict[str, Any] = {}
        for key_node, value_node in pairs:
            tag = key_node.tag
            if tag == _MERGE:
                self.error(key_node, "merge keys (<<) are not supported", "write the fields out in full")
                continue
            if type(key_node) is not yaml.ScalarNode:
                self.error(key_node, "a mapping key must be a plain word")
                continue
            key = str(key_node.value)
            key_mark = key_node.start_mark
            where = (*path, key)
            if key in result:
                first = key_positions[where][0]
                self.error(
                    key_node,
                    f"duplicate key '{key}' (first defined on line {first})",
                    "remove one of them; YAML would silently keep only the last",
                )
                continue
            key_positions[where] = (key_mark.line + 1, key_mark.column + 1)
            mark = value_node.start_mark
            positions[where] = (mark.line + 1, mark.column + 1)
            if value_node.tag == _STR and type(value_node) is yaml.ScalarNode:
                result[key] = value_node.value
            else:
                result[key] = self.value(value_node, where)
        return result

    def scalar(self, node: yaml.Node) -> Any:
        tag = node.tag
        text = node.value
        if tag == _STR:
            return text
        if tag == _SCALAR_TAGS + "null":
            return None
        if tag == _SCALAR_TAGS + "bool":
            return text.lower() in ("true", "yes", "on")
        if tag == _SCALAR_TAGS + "int":
            return _to_int(text)
        if tag == _SCALAR_TAGS + "float":
            return _to_float(text)
        if tag == _SCALAR_TAGS + "timestamp":
            return text  # dates stay text: the schema checks their format
        self.error(
            node, f"unsupported YAML tag {tag!r}", "remove the tag; records hold only text, numbers, lists and mappings"
        )
        return text


class _TooLarge(Exception):
    pass


def _to_int(text: str) -> int | str:
    cleaned = text.replace("_", "")
    try:
        if cleaned.lower().startswith(("0x", "-0x", "+0x")):
            return int(cleaned, 16)
        if cleaned.lower().startswith(("0o", "-0o", "+0o")):
            return int(cleaned, 8)
        if cleaned.lower().startswith(("0b", "-0b", "+0b")):
            return int(cleaned, 2)
        return int(cleaned, 10)
    except ValueError:  # sexagesimal and other YAML 1.1 oddities: keep the text
        return text


def _to_float(text: str) -> float | str:
    lowered = text.lower().replace("_", "")
    if lowered in (".nan",):
        return float("nan")
    if lowered in (".inf", "+.inf"):
        return float("inf")
    if lowered == "-.inf":
        return float("-inf")
    try:
        return float(lowered)
    except ValueError:
        return text


def decode_source(raw: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text: UTF-8 (a byte-order mark is allowed), else a located error."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            Diagnostic(
                Location(path, 1, 1),
                "file is UTF-16 encoded; records must be UTF-8",
                suggestion="re-save the file as UTF-8",
            )
        ]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            Diagnostic(
                Location(path, line, column),
                f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                suggestion="re-save the file as UTF-8",
            )
        ]


def parse_yaml(raw: bytes, path: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse one file. Returns no document when it cannot be read at all."""
    if len(raw) > MAX_BYTES:
        return None, [
            Diagnostic(
                Location(path, 1, 1),
                f"file is {len(raw):,} bytes; a record may be at most {MAX_BYTES:,}",
                suggestion="split it into one record per file",
            )
        ]
    text, problems = decode_source(raw, path)
    if text is None:
        return None, problems
    doc = YamlDocument(path)
    loader = _Composer(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            return None, [explain(exc, text, path)]
        except yaml.YAMLError as exc:
            return None, [Diagnostic(Location(path, 1, 1), f"YAML error: {exc}")]
    finally:
        loader.dispose()
    if root is None:
        return doc, []
    builder = _Builder(doc, problems)
    try:
        doc.data = builder.build(root, ())
    except _TooLarge:
        return None, [
            Diagnostic(
                Location(path, 1, 1),
                f"file expands to more than {MAX_NODES:,} values (aliases repeated too often?)",
                suggestion="write the record without YAML aliases",
            )
        ]
    return doc, problems
