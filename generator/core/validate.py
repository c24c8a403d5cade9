"""Check parsed records against the JSON Schema and explain each problem in plain words.

We interpret the small subset of JSON Schema the record schema uses (a test keeps the
schema inside that subset) instead of calling a general validator: it is several
times faster on large corpora and lets every message say what was expected, what was
found, and what the researcher probably meant.

The messages' words are in validate_messages.py; the fast yes-or-no check every record goes
through first is in validate_quick.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..schema import load_schema
from .diagnostics import Diagnostic
from .validate_messages import (
    TYPE_NAMES,
    describe_value,
    did_you_mean,
    expected_short,
    field_name,
    misspellings,
    pattern_hint,
)
from .validate_quick import compile_check, type_ok
from .yaml_source import Path, YamlDocument

#: Keywords the validator understands; anything else in the schema is an error (see tests).
SUPPORTED_KEYWORDS = frozenset(
    {
        "$schema",
        "$id",
        "$ref",
        "$defs",
        "title",
        "description",
        "type",
        "properties",
        "required",
        "additionalProperties",
        "enum",
        "const",
        "pattern",
        "minLength",
        "maxLength",
        "items",
        "minItems",
        "uniqueItems",
        "minimum",
        "maximum",
        "allOf",
        "if",
        "then",
        "x-expected",
    }
)


class RecordValidator:
    """Validates one record (already parsed) against a definition of the schema."""

    def __init__(self, schema: dict[str, Any] | None = None):
        self.schema = schema if schema is not None else load_schema()
        self._patterns: dict[str, Callable[[str], Any]] = {}
        self._resolved: dict[int, dict[str, Any]] = {}
        self._compiled: dict[int, Callable[[Any], bool]] = {}

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        cached = self._resolved.get(id(node))
        if cached is not None:
            return cached
        original = node
        while "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/$defs/"):
                raise ValueError(f"only local $refs are supported: {ref}")
            target = self.schema["$defs"][ref.removeprefix("#/$defs/")]
            merged = dict(target)
            merged.update({k: v for k, v in node.items() if k != "$ref"})  # sibling description wins
            node = merged
        self._resolved[id(original)] = node  # schema nodes live as long as the validator
        return node

    def validate(self, doc: YamlDocument, definition: str, problems: list[Diagnostic]) -> None:
        node = self.schema["$defs"][definition]
        if self._passes(node)(doc.data):
            return  # nearly every record: no need to walk it again to explain what is wrong
        self._check(doc, doc.data, node, (), problems)

    def _passes(self, node: dict[str, Any]) -> Callable[[Any], bool]:
        """A function telling whether :meth:`_check` would find no problem in a value at ``node``.

        Built once per schema node from the same rules, as closures: answering yes or no is
        twice as fast as walking the schema for every value, and most values are fine.
        A test compares the two on every record the tests know and on many broken ones.
        """
        known = self._compiled.get(id(node))
        if known is not None:
            return known
        later: list[Callable[[Any], bool]] = []
        self._compiled[id(node)] = lambda value: later[0](value)  # a schema may refer to itself
        passes = compile_check(self.resolve(node), self._passes, self._matcher)
        later.append(passes)
        self._compiled[id(node)] = passes
        return passes

    def _report(
        self,
        doc: YamlDocument,
        path: Path,
        problems: list[Diagnostic],
        message: str,
        suggestion: str = "",
        key: bool = False,
    ) -> None:
        problems.append(Diagnostic(doc.location(path, key=key), message, suggestion=suggestion, code="schema"))

    def _check(
        self, doc: YamlDocument, value: Any, node: dict[str, Any], path: Path, problems: list[Diagnostic]
    ) -> None:
        node = self.resolve(node)
        if "const" in node:
            if value != node["const"]:
                self._report(
                    doc,
                    path,
                    problems,
                    f"'{field_name(path)}' should be '{node['const']}', not {describe_value(value)}",
                )
            return
        if "enum" in node:
            if value not in node["enum"]:
                options = [str(o) for o in node["enum"]]
                hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
                self._report(
                    doc,
                    path,
                    problems,
                    f"'{field_name(path)}' should be one of: {', '.join(options)}; got {describe_value(value)}",
                    hint,
                )
            return
        expected = node.get("type")
        if expected is not None and not type_ok(value, expected):
            self._report(
                doc,
                path,
                problems,
                f"'{field_name(path)}' should be {TYPE_NAMES[expected]}, not {describe_value(value)}",
            )
            return
        if isinstance(value, dict):
            self._check_mapping(doc, value, node, path, problems)
        elif isinstance(value, list):
            self._check_list(doc, value, node, path, problems)
        elif isinstance(value, str):
            self._check_text(doc, value, node, path, problems)
        elif isinstance(value, int | float):
            if "minimum" in node and value < node["minimum"]:
                self._report(
                    doc, path, problems, f"'{field_name(path)}' should be at least {node['minimum']}; got {value}"
                )
            if "maximum" in node and value > node["maximum"]:
                self._report(
                    doc, path, problems, f"'{field_name(path)}' should be at most {node['maximum']}; got {value}"
                )

    def _check_mapping(
        self, doc: YamlDocument, value: dict[str, Any], node: dict[str, Any], path: Path, problems: list[Diagnostic]
    ) -> None:
        properties: dict[str, Any] = node.get("properties", {})
        where = f" in {field_name(path)}" if path else ""
        misspelt = misspellings(value, properties) if node.get("additionalProperties") is False else set()
        for field in node.get("required", ()):
            if field not in value and field not in misspelt:  # 'unknown field ... did you mean' says it
                self._report(
                    doc,
                    path,
                    problems,
                    f"missing required field '{field}'{where}",
                    f"add '{field}:' with {expected_short(self.resolve(properties[field]))}",
                )
        for field, item in value.items():
            if field in properties:
                self._check(doc, item, properties[field], path + (field,), problems)
            elif node.get("additionalProperties") is False:
                allowed = sorted(properties)
                hint = did_you_mean(field, allowed) or f"allowed fields: {', '.join(allowed)}"
                self._report(doc, path + (field,), problems, f"unknown field '{field}'{where}", hint, key=True)

    def _check_list(
        self, doc: YamlDocument, value: list[Any], node: dict[str, Any], path: Path, problems: list[Diagnostic]
    ) -> None:
        if len(value) < node.get("minItems", 0):
            self._report(doc, path, problems, f"'{field_name(path)}' should list at least {node['minItems']} item(s)")
        if node.get("uniqueItems"):
            seen: set[Any] = set()
            for index, item in enumerate(value):
                if isinstance(item, str | int) and item in seen:
                    self._report(doc, path + (index,), problems, f"'{field_name(path)}' lists '{item}' more than once")
                seen.add(item) if isinstance(item, str | int) else None
        if "items" in node:
            for index, item in enumerate(value):
                self._check(doc, item, node["items"], path + (index,), problems)

    def _check_text(
        self, doc: YamlDocument, value: str, node: dict[str, Any], path: Path, problems: list[Diagnostic]
    ) -> None:
        if node.get("minLength", 0) > 0 and not value.strip():
            self._report(doc, path, problems, f"'{field_name(path)}' should not be empty")
            return
        if "maxLength" in node and len(value) > node["maxLength"]:
            self._report(
                doc,
                path,
                problems,
                f"'{field_name(path)}' is too long ({len(value)} characters; at most {node['maxLength']})",
            )
        pattern = node.get("pattern")
        if pattern is not None and self._matcher(pattern)(value) is None:
            expected = node.get("x-expected", f"text matching {pattern}")
            self._report(
                doc,
                path,
                problems,
                f"'{field_name(path)}' should be {expected}; got '{value}'",
                pattern_hint(value, expected),
            )

    def _matcher(self, pattern: str) -> Callable[[str], Any]:
        import re

        if pattern not in self._patterns:
            self._patterns[pattern] = re.compile(pattern).search
        return self._patterns[pattern]


def validate_record(doc: YamlDocument, validator: RecordValidator) -> tuple[str | None, list[Diagnostic]]:
    """Check one parsed file; returns its record type (None when it cannot be told) and the problems."""
    problems: list[Diagnostic] = []
    data = doc.data
    types = list(validator.schema["properties"]["type"]["enum"])
    if data is None:
        problems.append(
            Diagnostic(
                doc.location(()),
                "file is empty; expected a record with a 'type' field",
                suggestion=f"start with 'type:' and one of: {', '.join(types)}",
            )
        )
        return None, problems
    if not isinstance(data, dict):
        problems.append(
            Diagnostic(doc.location(()), f"a record should be a mapping of fields, not {describe_value(data)}")
        )
        return None, problems
    kind = data.get("type")
    if kind is None:
        problems.append(
            Diagnostic(
                doc.location(()),
                "missing required field 'type'",
                suggestion=f"add 'type:' with one of: {', '.join(types)}",
            )
        )
        return None, problems
    if kind not in types:
        hint = did_you_mean(str(kind), types) if isinstance(kind, str) else ""
        problems.append(
            Diagnostic(
                doc.location(("type",)),
                f"'type' should be one of: {', '.join(types)}; got {describe_value(kind)}",
                suggestion=hint,
            )
        )
        return None, problems
    validator.validate(doc, kind, problems)
    return kind, problems
