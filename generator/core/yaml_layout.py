"""Where keys and lines sit in a YAML file: the heuristics for missing colons and misplaced keys.

Used by :mod:`generator.core.yaml_errors`, which reads PyYAML's mark and asks each heuristic in turn;
these read the lines around the mark (indentation, keys, block scalars) and speak only when
the text shows the cause.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml

from .diagnostics import Diagnostic, Location

_KEY = re.compile(r"^( *)(- +)?([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_BLOCK_START = re.compile(r":[ \t]*([|>])[+-]?\d*[ \t]*(?:#.*)?$")
_NO_SPACE = re.compile(r"^([A-Za-z_][\w-]*):(?=\S)")


class Source:
    """The lines of a file, with the small readings the heuristics need."""

    def __init__(self, text: str, path: str):
        self.lines = text.splitlines()
        self.path = path

    def line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def at(self, index: int, column: int) -> Location:
        """A location from 0-based line and column."""
        return Location(self.path, index + 1, column + 1)

    def previous(self, index: int) -> int:
        """The nearest line above ``index`` that holds something (not blank, not a comment); -1 if none."""
        index -= 1
        while index >= 0 and (not self.line(index).strip() or self.line(index).lstrip().startswith("#")):
            index -= 1
        return index

    def key(self, index: int) -> tuple[str, int, int] | None:
        """(name, column of the key, column of the '-' or -1) of a `key:` line."""
        match = _KEY.match(self.line(index))
        if match is None:
            return None
        indent, dash, name = match.group(1), match.group(2) or "", match.group(3)
        return name, len(indent) + len(dash), len(indent) if dash else -1


def indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def error(location: Location, message: str, suggestion: str) -> Diagnostic:
    return Diagnostic(location, f"YAML syntax error: {message}", suggestion=suggestion)


def mark(exc: yaml.MarkedYAMLError) -> tuple[int, int]:
    where = exc.problem_mark or exc.context_mark
    return (where.line, where.column) if where is not None else (0, 0)


def _block_owner(source: Source, index: int) -> tuple[str, int, int, bool, str] | None:
    """(key, line, key column, has text, '|' or '>') of the `key: |` line of a block scalar that ``index`` follows.

    Lines above ``index`` that are indented more than it are taken as the block's text."""
    line = source.line(index)
    column = len(line) - len(line.lstrip())
    above = source.previous(index)
    has_text = False
    while above >= 0 and len(source.line(above)) - len(source.line(above).lstrip()) > column:
        above, has_text = source.previous(above), True
    key = source.key(above)
    start = _BLOCK_START.search(source.line(above))
    if key is not None and start is not None:
        return key[0], above, key[1], has_text, start.group(1)
    return None


@functools.cache
def _field_names(top_level: bool) -> frozenset[str]:
    """Field names the schema knows: of records (``top_level``), or at any depth."""
    from ..schema import load_schema

    schema = load_schema()
    if top_level:
        kinds = schema["properties"]["type"]["enum"]
        return frozenset(name for kind in kinds for name in schema["$defs"][kind].get("properties", {}))
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return frozenset(names)


def missing_colon(exc: yaml.MarkedYAMLError, source: Source) -> Diagnostic | None:
    start = exc.context_mark
    if start is None or "expected ':'" not in (exc.problem or ""):
        return None
    line_index, column = start.line, start.column
    tight = _NO_SPACE.match(source.line(line_index)[column:])
    if tight is not None:
        return error(
            source.at(line_index, column + len(tight.group(1))),
            f"no space after the ':' of '{tight.group(1)}', so YAML reads the line as plain text",
            f"write '{tight.group(1)}: {source.line(line_index)[column + len(tight.group(1)) + 1 :].strip()}'",
        )
    block = _block_owner(source, line_index)
    words = source.line(line_index)[column:].split(None, 1)
    known = bool(words) and words[0] in _field_names(column == 0)
    if block is not None and column <= block[2] and not (known and block[3]):
        return error(
            source.at(line_index, column),
            f"the text of '{block[0]}: {block[4]}' (line {block[1] + 1}) is not indented",
            f"indent every line of the text more than '{block[0]}'",
        )
    if known:
        after = column + len(words[0])
        rest = words[1].rstrip() if len(words) > 1 else "..."
        return error(
            source.at(line_index, after),
            f"missing ':' after '{words[0]}'",
            f"write '{words[0]}: {rest}'",
        )
    above = source.previous(line_index)
    owner = source.key(above)
    if owner is not None and source.line(above).rstrip()[-1:] != ":":
        return error(
            source.at(line_index, column),
            f"this line is neither 'key: value' nor indented to continue '{owner[0]}' (line {above + 1})",
            f"add the missing ':' after the key, or indent the line more than '{owner[0]}' to continue its text",
        )
    return error(source.at(line_index, column), "expected 'key: value' on this line", "add the missing ':'")


def colon_in_value(exc: yaml.MarkedYAMLError, source: Source) -> Diagnostic | None:
    """'mapping values are not allowed': a ': ' in a plain value, or a key indented under the line above."""
    if "mapping values are not allowed" not in (exc.problem or ""):
        return None
    line_index, column = mark(exc)
    line = source.line(line_index)
    key = source.key(line_index)
    if key is not None and line.index(":", key[1]) < column:
        value = re.sub(r"\s+#.*$", "", line[line.index(":", key[1]) + 1 :]).strip()
        quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return error(
            source.at(line_index, column),
            f"a ': ' inside the value of '{key[0]}' (YAML reads it as a new key)",
            f"put the value in quotes: {key[0]}: {quoted}",
        )
    above = source.previous(line_index)
    sibling = source.key(above)
    if key is not None and line.index(":", key[1]) == column and sibling is not None and sibling[1] < key[1]:
        return error(
            source.at(line_index, key[1]),
            f"'{key[0]}' is indented more than '{sibling[0]}' on line {above + 1}, "
            f"so YAML reads it as part of the value of '{sibling[0]}'",
            _indent_like(sibling[0], sibling[1]),
        )
    owner = _owner_of_continuation(source, line_index)
    if owner is not None:
        return error(
            source.at(line_index, column),
            f"a ': ' in the text of '{owner[0]}' (continued from line {owner[1] + 1}) reads as a new key",
            f"put the whole text of '{owner[0]}' in quotes, or write it as a block scalar ('{owner[0]}: |')",
        )
    return None


def _owner_of_continuation(source: Source, index: int) -> tuple[str, int] | None:
    """The key whose plain text a more-indented line without its own key continues."""
    indent = len(source.line(index)) - len(source.line(index).lstrip())
    above = source.previous(index)
    while above >= 0:
        key = source.key(above)
        if key is not None:
            return (key[0], above) if key[1] < indent else None
        above = source.previous(above)
    return None


def _indent(count: int) -> str:
    return "remove its indentation" if count == 0 else f"indent it by {count} space{'s' if count != 1 else ''}"


def _indent_like(name: str, count: int) -> str:
    return f"{_indent(count)}, like '{name}'"


def _levels(source: Source, index: int) -> list[tuple[str, int, int]]:
    """(key, column, line) of the key on the line above ``index`` and each key enclosing it, innermost first."""
    found: list[tuple[str, int, int]] = []
    above = source.previous(index)
    ceiling = None
    while above >= 0:
        key = source.key(above)
        line = source.line(above)
        indent = len(line) - len(line.lstrip())
        if ceiling is None or indent < ceiling:
            if key is not None:
                found.append((key[0], key[1], above))
            if line.lstrip().startswith("- ") or line.strip() == "-":
                found.append(("-", indent, above))
        if ceiling is None or indent < ceiling:
            ceiling = indent
        if ceiling == 0:
            break
        above = source.previous(above)
    return found


def misindented(exc: yaml.MarkedYAMLError, source: Source) -> Diagnostic | None:
    """A key at a column where no mapping above it has keys."""
    line_index, _ = mark(exc)
    key = source.key(line_index)
    if key is None or key[2] >= 0:
        return None
    levels = _levels(source, line_index)
    if not levels:
        return None
    if any(level[1] == key[1] and level[0] != "-" for level in levels):
        return None
    dash = next((level for level in levels if level[0] == "-" and level[1] == key[1]), None)
    item_key = next((level for level in levels if level[0] != "-" and dash and level[2] == dash[2]), None)
    if dash is not None and item_key is None:  # a list of plain values
        parent = next((level for level in levels if level[0] != "-" and level[1] < key[1]), None)
        inside = f" of '{parent[0]}'" if parent else ""
        return error(
            source.at(line_index, key[1]),
            f"'{key[0]}' is inside the list{inside} but is not a list item",
            "start it with '- ' to add an item, or indent it less if it is a field of its own",
        )
    sibling = next((level for level in levels if level[0] != "-"), None)
    if sibling is None:
        return None
    name, column, line = sibling
    if dash is not None:
        message = f"'{key[0]}' is lined up with the '-' on line {dash[2] + 1}, not with the keys of that list item"
    else:
        where = "less" if key[1] < column else "more"
        message = f"'{key[0]}' is indented {where} than '{name}' on line {line + 1} and matches no key above it"
    outer = [level for level in levels if level[0] != "-" and level[1] < key[1] and level != sibling]
    also = f"; if it belongs beside '{outer[0][0]}', {_indent(outer[0][1])}" if outer else ""
    return error(source.at(line_index, key[1]), message, _indent_like(name, column) + also)
