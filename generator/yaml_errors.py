"""YAML syntax errors in plain words, at the place that causes them.

PyYAML reports where parsing failed, which is often not where the mistake is: a quote left
open on line 6 is noticed on line 16, when the next quote closes it. Each heuristic here
reads the source around PyYAML's mark and names the cause only when the text shows it; when
none applies, PyYAML's own facts are kept.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import yaml

from .diagnostics import Diagnostic, Location

_KEY = re.compile(r"^( *)(- +)?([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")
_BLOCK_START = re.compile(r":[ \t]*[|>][+-]?\d*[ \t]*(?:#.*)?$")
_NO_SPACE = re.compile(r"^([A-Za-z_][\w-]*):(?=\S)")
_QUOTE_NAMES = {'"': "double quote", "'": "single quote"}


class _Source:
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


def explain(exc: yaml.MarkedYAMLError, text: str, path: str) -> Diagnostic:
    """One diagnostic for a YAML syntax error: the cause when it can be read from the source."""
    source = _Source(text, path)
    for heuristic in _HEURISTICS:
        found = heuristic(exc, source)
        if found is not None:
            return found
    return _as_reported(exc, path)


def _indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _error(location: Location, message: str, suggestion: str) -> Diagnostic:
    return Diagnostic(location, f"YAML syntax error: {message}", suggestion=suggestion)


def _mark(exc: yaml.MarkedYAMLError) -> tuple[int, int]:
    mark = exc.problem_mark or exc.context_mark
    return (mark.line, mark.column) if mark is not None else (0, 0)


def _second_document(exc: yaml.MarkedYAMLError, source: _Source) -> Diagnostic | None:
    if "another document" not in (exc.problem or ""):
        return None
    return Diagnostic(
        source.at(*_mark(exc)),
        "a second YAML document starts here; a record file holds exactly one",
        suggestion="remove the '---' line, or move the second record to its own file",
    )


def _tab(exc: yaml.MarkedYAMLError, source: _Source) -> Diagnostic | None:
    """A tab in the indentation of the line PyYAML stopped on (YAML indents with spaces only)."""
    line_index, column = _mark(exc)
    line = source.line(line_index)
    leading = line[: len(line) - len(line.lstrip(" \t-"))]
    if "\t" in leading:
        column = leading.index("\t")
    elif line[column : column + 1] != "\t":
        return None
    return _error(source.at(line_index, column), "a tab is used for indentation", "indent with spaces, not tabs")


def _scalar_tokens(text: str) -> Iterator[Any]:
    """Scalar tokens up to the error, from PyYAML's Python scanner (which keeps going past what the parser refuses)."""
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken):
                yield token
    except yaml.YAMLError:
        return


def _unclosed_at_end(exc: yaml.MarkedYAMLError, source: _Source) -> Diagnostic | None:
    """The file ends inside a quoted value: its quote was never closed."""
    start = exc.context_mark
    if start is None or "end of stream" not in (exc.problem or "") or "quoted scalar" not in (exc.context or ""):
        return None
    quote = source.line(start.line)[start.column : start.column + 1]
    return _unclosed(source, start.line, start.column, quote, "the file ends before it is closed")


def _unclosed(source: _Source, line: int, column: int, quote: str, what: str) -> Diagnostic:
    name = _QUOTE_NAMES.get(quote, "quote")
    return _error(
        source.at(line, column),
        f"unclosed {name}: {what}",
        f"close it with {quote} at the end of this value, or write text over several lines as a block scalar ('|')",
    )


def _swallowing_quote(exc: yaml.MarkedYAMLError, source: _Source) -> Diagnostic | None:
    """A quoted value that ran over the lines after it (keys at its own indentation) until a later quote closed it."""
    line_index = _mark(exc)[0]
    for token in _scalar_tokens("\n".join(source.lines[: line_index + 1])):
        start, end = token.start_mark, token.end_mark
        if token.style not in _QUOTE_NAMES or start.line == end.line or end.line not in (line_index, line_index - 1):
            continue
        owner = source.key(start.line)
        indent = owner[1] if owner else _indentation(source.line(start.line))
        for inner in range(start.line + 1, end.line + 1):
            inner_key = source.key(inner)
            line = source.line(inner)
            if inner_key is not None and inner_key[1] <= indent:
                over = f"'{inner_key[0]}'"
            elif line.lstrip().startswith("- ") and _indentation(line) <= indent:
                over = "a list item"
            else:
                continue
            return _unclosed(
                source,
                start.line,
                start.column,
                token.style,
                f"the text runs on over {over} (line {inner + 1}) to the next {token.style} on line {end.line + 1}",
            )
    return None


def _text_after_quote(exc: yaml.MarkedYAMLError, source: _Source) -> Diagnostic | None:
    """Text right after a closing quote: usually a quote of the same kind inside the value."""
    line_index, column = _mark(exc)
    before = source.line(line_index)[:column]
    for token in _scalar_tokens("\n".join(source.lines[: line_index + 1])):
        end = token.end_mark
        if token.style in _QUOTE_NAMES and end.line == line_index and not before[end.column :].strip():
            closing = end.column - 1
            if token.style == "'":
                suggestion = "inside single quotes write an apostrophe twice (''), or put the value in double quotes"
            else:
                suggestion = 'inside double quotes write a quote as \\", or put the value in single quotes'
            return _error(
                source.at(line_index, closing),
                f"text continues after the closing {_QUOTE_NAMES[token.style]}",
                suggestion,
            )
    return None


def _block_owner(source: _Source, index: int) -> tuple[str, int, int, bool] | None:
    """(key, line, key column, has text) of the `key: |` line of a block scalar that ``index`` follows.

    Lines above ``index`` that are indented more than it are taken as the block's text."""
    line = source.line(index)
    column = len(line) - len(line.lstrip())
    above = source.previous(index)
    has_text = False
    while above >= 0 and len(source.line(above)) - len(source.line(above).lstrip()) > column:
        above, has_text = source.previous(above), True
    key = source.key(above)
    if key is not None and _BLOCK_START.search(source.line(above)):
        return key[0], above, key[1], has_text
    return None


@functools.cache
def _field_names(top_level: bool) -> frozenset[str]:
    """Field names the schema knows: of records (``top_level``), or at any depth."""
    from .schema import load_schema

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


def _missing_colon(exc: yaml.MarkedYAMLError, source: _Source) -> Diagnostic | None:
    start = exc.context_mark
    if start is None or "expected ':'" not in (exc.problem or ""):
        return None
    line_index, column = start.line, start.column
    tight = _NO_SPACE.match(source.line(line_index)[column:])
    if tight is not None:
        return _error(
            source.at(line_index, column + len(tight.group(1))),
            f"no space after the ':' of '{tight.group(1)}', so YAML reads the line as plain text",
            f"write '{tight.group(1)}: {source.line(line_index)[column + len(tight.group(1)) + 1 :].strip()}'",
        )
    block = _block_owner(source, line_index)
    words = source.line(line_index)[column:].split(None, 1)
    known = bool(words) and words[0] in _field_names(column == 0)
    if block is not None and column <= block[2] and not (known and block[3]):
        return _error(
            source.at(line_index, column),
            f"the text of '{block[0]}: |' (line {block[1] + 1}) is not indented",
            f"indent every line of the text more than '{block[0]}'",
        )
    if known:
        after = column + len(words[0])
        rest = words[1].rstrip() if len(words) > 1 else "..."
        return _error(
            source.at(line_index, after),
            f"missing ':' after '{words[0]}'",
            f"write '{words[0]}: {rest}'",
        )
    above = source.previous(line_index)
    owner = source.key(above)
    if owner is not None and source.line(above).rstrip()[-1:] != ":":
        return _error(
            source.at(line_index, column),
            f"this line is neither 'key: value' nor indented to continue '{owner[0]}' (line {above + 1})",
            f"add the missing ':' after the key, or indent the line more than '{owner[0]}' to continue its text",
        )
    return _error(source.at(line_index, column), "expected 'key: value' on this line", "add the missing ':'")


def _colon_in_value(exc: yaml.MarkedYAMLError, source: _Source) -> Diagnostic | None:
    """'mapping values are not allowed': a ': ' in a plain value, or a key indented under the line above."""
    if "mapping values are not allowed" not in (exc.problem or ""):
        return None
    line_index, column = _mark(exc)
    line = source.line(line_index)
    key = source.key(line_index)
    if key is not None and line.index(":", key[1]) < column:
        value = re.sub(r"\s+#.*$", "", line[line.index(":", key[1]) + 1 :]).strip()
        quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return _error(
            source.at(line_index, column),
            f"a ': ' inside the value of '{key[0]}' (YAML reads it as a new key)",
            f"put the value in quotes: {key[0]}: {quoted}",
        )
    above = source.previous(line_index)
    sibling = source.key(above)
    if key is not None and line.index(":", key[1]) == column and sibling is not None and sibling[1] < key[1]:
        return _error(
            source.at(line_index, key[1]),
            f"'{key[0]}' is indented more than '{sibling[0]}' on line {above + 1}, "
            f"so YAML reads it as part of the value of '{sibling[0]}'",
            _indent_like(sibling[0], sibling[1]),
        )
    owner = _owner_of_continuation(source, line_index)
    if owner is not None:
        return _error(
            source.at(line_index, column),
            f"a ': ' in the text of '{owner[0]}' (continued from line {owner[1] + 1}) reads as a new key",
            f"put the whole text of '{owner[0]}' in quotes, or write it as a block scalar ('{owner[0]}: |')",
        )
    return None


def _owner_of_continuation(source: _Source, index: int) -> tuple[str, int] | None:
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


def _levels(source: _Source, index: int) -> list[tuple[str, int, int]]:
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


def _misindented(exc: yaml.MarkedYAMLError, source: _Source) -> Diagnostic | None:
    """A key at a column where no mapping above it has keys."""
    line_index, _ = _mark(exc)
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
        return _error(
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
    return _error(source.at(line_index, key[1]), message, _indent_like(name, column) + also)


def _cannot_start(exc: yaml.MarkedYAMLError, source: _Source) -> Diagnostic | None:
    """A value starting with a character YAML reserves (@, `, %, *)."""
    line_index, column = _mark(exc)
    char = source.line(line_index)[column : column + 1]
    problem = exc.problem or ""
    if ("cannot start any token" in problem and char in "@`%") or ("undefined alias" in problem and char == "*"):
        return _error(
            source.at(line_index, column),
            f"a value cannot start with '{char}' in YAML",
            "put the value in quotes",
        )
    return None


def _text_after_block_indicator(exc: yaml.MarkedYAMLError, source: _Source) -> Diagnostic | None:
    start = exc.context_mark
    if start is None or "block scalar" not in (exc.context or "") or "line break" not in (exc.problem or ""):
        return None
    line_index, column = _mark(exc)
    indicator = source.line(start.line)[start.column : start.column + 1]
    return _error(
        source.at(line_index, column),
        f"text on the same line as '{indicator}'",
        f"start the text on the next line, indented; or remove the '{indicator}' to write a short value",
    )


def _unknown_escape(exc: yaml.MarkedYAMLError, source: _Source) -> Diagnostic | None:
    if "unknown escape" not in (exc.problem or ""):
        return None
    line_index, column = _mark(exc)
    found = source.line(line_index)[column : column + 2]
    return _error(
        source.at(line_index, column),
        f"'{found}' is not a valid escape inside double quotes",
        "write a backslash as \\\\, or put the value in single quotes",
    )


def _unclosed_bracket(exc: yaml.MarkedYAMLError, source: _Source) -> Diagnostic | None:
    problem = exc.problem or ""
    start = exc.context_mark
    if start is None or not ("',' or ']'" in problem or "',' or '}'" in problem):
        return None
    opening = "[" if "]" in problem else "{"
    closing = "]" if opening == "[" else "}"
    kind = "list" if opening == "[" else "mapping"
    return _error(
        source.at(start.line, start.column),
        f"the {kind} opened with '{opening}' here is not closed",
        f"close it with '{closing}', or put the value in quotes if the '{opening}' is part of the text",
    )


_HEURISTICS = (
    _second_document,
    _tab,
    _unclosed_at_end,
    _swallowing_quote,
    _text_after_quote,
    _missing_colon,
    _colon_in_value,
    _misindented,
    _cannot_start,
    _text_after_block_indicator,
    _unknown_escape,
    _unclosed_bracket,
)


def _as_reported(exc: yaml.MarkedYAMLError, path: str) -> Diagnostic:
    """PyYAML's own facts, when no heuristic recognises the cause."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or "invalid YAML"
    if exc.context:
        context = exc.context.removeprefix("while ")
        start = exc.context_mark
        if start is not None and mark is not None and (start.line, start.column) != (mark.line, mark.column):
            context += f" that starts at line {start.line + 1}, column {start.column + 1}"
        what = f"{what} ({context})"
    suggestion = ""
    if "mapping values are not allowed" in what:
        suggestion = "quote text that contains ': '"
    elif "expected ':'" in what or "expected <block end>" in what or "did not find expected key" in what:
        suggestion = "check the indentation of this line and the one before"
    return Diagnostic(Location(path, line, column), f"YAML syntax error: {what}", suggestion=suggestion)
