"""YAML syntax errors in plain words, at the place that causes them.

PyYAML reports where parsing failed, which is often not where the mistake is: a quote left
open on line 6 is noticed on line 16, when the next quote closes it. Each heuristic here
reads the source around PyYAML's mark and names the cause only when the text shows it; when
none applies, PyYAML's own facts are kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import yaml

from .diagnostics import Diagnostic, Location
from .yaml_layout import Source, colon_in_value, error, indentation, mark, misindented, missing_colon

_QUOTE_NAMES = {'"': "double quote", "'": "single quote"}


def explain(exc: yaml.MarkedYAMLError, text: str, path: str) -> Diagnostic:
    """One diagnostic for a YAML syntax error: the cause when it can be read from the source."""
    source = Source(text, path)
    for heuristic in _HEURISTICS:
        found = heuristic(exc, source)
        if found is not None:
            return found
    return _as_reported(exc, path)


def _second_document(exc: yaml.MarkedYAMLError, source: Source) -> Diagnostic | None:
    if "another document" not in (exc.problem or ""):
        return None
    return Diagnostic(
        source.at(*mark(exc)),
        "a second YAML document starts here; a record file holds exactly one",
        suggestion="remove the '---' line, or move the second record to its own file",
    )


def _tab(exc: yaml.MarkedYAMLError, source: Source) -> Diagnostic | None:
    """A tab in the indentation of the line PyYAML stopped on (YAML indents with spaces only)."""
    line_index, column = mark(exc)
    line = source.line(line_index)
    leading = line[: len(line) - len(line.lstrip(" \t-"))]
    if "\t" in leading:
        column = leading.index("\t")
    elif line[column : column + 1] != "\t":
        return None
    return error(source.at(line_index, column), "a tab is used for indentation", "indent with spaces, not tabs")


def _scalar_tokens(text: str) -> Iterator[Any]:
    """Scalar tokens up to the error, from PyYAML's Python scanner (which keeps going past what the parser refuses)."""
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken):
                yield token
    except yaml.YAMLError:
        return


def _unclosed_at_end(exc: yaml.MarkedYAMLError, source: Source) -> Diagnostic | None:
    """The file ends inside a quoted value: its quote was never closed."""
    start = exc.context_mark
    if start is None or "end of stream" not in (exc.problem or "") or "quoted scalar" not in (exc.context or ""):
        return None
    quote = source.line(start.line)[start.column : start.column + 1]
    return _unclosed(source, start.line, start.column, quote, "the file ends before it is closed")


def _unclosed(source: Source, line: int, column: int, quote: str, what: str) -> Diagnostic:
    name = _QUOTE_NAMES.get(quote, "quote")
    return error(
        source.at(line, column),
        f"unclosed {name}: {what}",
        f"close it with {quote} at the end of this value, or write text over several lines as a block scalar ('|')",
    )


def _swallowing_quote(exc: yaml.MarkedYAMLError, source: Source) -> Diagnostic | None:
    """A quoted value that ran over the lines after it (keys at its own indentation) until a later quote closed it."""
    line_index = mark(exc)[0]
    for end_line, found in _runaway_quotes(source, line_index + 1):
        if end_line in (line_index, line_index - 1):
            return found
    return None


def runaway_quotes(text: str, path: str) -> list[Diagnostic]:
    """Quoted values that swallowed the keys after them, in a file YAML could parse (the record then
    misses those fields: this names why)."""
    return [
        dataclasses.replace(found, message=found.message.removeprefix("YAML syntax error: "))
        for _, found in _runaway_quotes(Source(text, path), None)
    ]


def _runaway_quotes(source: Source, lines: int | None) -> Iterator[tuple[int, Diagnostic]]:
    """(line the value ends on, diagnostic) for each quoted value in the first ``lines`` lines that runs
    over a key or list item at its own indentation or less."""
    for token in _scalar_tokens("\n".join(source.lines[:lines])):
        start, end = token.start_mark, token.end_mark
        if token.style not in _QUOTE_NAMES or start.line == end.line:
            continue
        owner = source.key(start.line)
        indent = owner[1] if owner else indentation(source.line(start.line))
        for inner in range(start.line + 1, end.line + 1):
            inner_key = source.key(inner)
            line = source.line(inner)
            if inner_key is not None and inner_key[1] <= indent:
                over = f"'{inner_key[0]}'"
            elif line.lstrip().startswith("- ") and indentation(line) <= indent:
                over = "a list item"
            else:
                continue
            what = f"the text runs on over {over} (line {inner + 1}) to the next {token.style} on line {end.line + 1}"
            yield end.line, _unclosed(source, start.line, start.column, token.style, what)
            break


def _text_after_quote(exc: yaml.MarkedYAMLError, source: Source) -> Diagnostic | None:
    """Text right after a closing quote: usually a quote of the same kind inside the value."""
    line_index, column = mark(exc)
    before = source.line(line_index)[:column]
    for token in _scalar_tokens("\n".join(source.lines[: line_index + 1])):
        end = token.end_mark
        if token.style in _QUOTE_NAMES and end.line == line_index and not before[end.column :].strip():
            closing = end.column - 1
            if token.style == "'":
                suggestion = "inside single quotes write an apostrophe twice (''), or put the value in double quotes"
            else:
                suggestion = 'inside double quotes write a quote as \\", or put the value in single quotes'
            return error(
                source.at(line_index, closing),
                f"text continues after the closing {_QUOTE_NAMES[token.style]}",
                suggestion,
            )
    return None


def _cannot_start(exc: yaml.MarkedYAMLError, source: Source) -> Diagnostic | None:
    """A value starting with a character YAML reserves (@, `, %, *)."""
    line_index, column = mark(exc)
    char = source.line(line_index)[column : column + 1]
    problem = exc.problem or ""
    if ("cannot start any token" in problem and char in "@`%") or ("undefined alias" in problem and char == "*"):
        return error(
            source.at(line_index, column),
            f"a value cannot start with '{char}' in YAML",
            "put the value in quotes",
        )
    return None


def _text_after_block_indicator(exc: yaml.MarkedYAMLError, source: Source) -> Diagnostic | None:
    start = exc.context_mark
    if start is None or "block scalar" not in (exc.context or "") or "line break" not in (exc.problem or ""):
        return None
    line_index, column = mark(exc)
    indicator = source.line(start.line)[start.column : start.column + 1]
    return error(
        source.at(line_index, column),
        f"text on the same line as '{indicator}'",
        f"start the text on the next line, indented; or remove the '{indicator}' to write a short value",
    )


def _unknown_escape(exc: yaml.MarkedYAMLError, source: Source) -> Diagnostic | None:
    if "unknown escape" not in (exc.problem or ""):
        return None
    line_index, column = mark(exc)
    line = source.line(line_index)
    column = line.rfind("\\", 0, column + 1)  # libyaml marks the backslash, PyYAML the letter after it
    if column < 0:
        return None
    found = line[column : column + 2]
    return error(
        source.at(line_index, column),
        f"'{found}' is not a valid escape inside double quotes",
        "write a backslash as \\\\, or put the value in single quotes",
    )


def _unclosed_bracket(exc: yaml.MarkedYAMLError, source: Source) -> Diagnostic | None:
    problem = exc.problem or ""
    start = exc.context_mark
    if start is None or not ("',' or ']'" in problem or "',' or '}'" in problem):
        return None
    opening = "[" if "]" in problem else "{"
    closing = "]" if opening == "[" else "}"
    kind = "list" if opening == "[" else "mapping"
    return error(
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
    missing_colon,
    colon_in_value,
    misindented,
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
