"""The schema check's yes-or-no form, compiled once per schema node into closures (most records pass it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def type_ok(value: Any, expected: str) -> bool:
    if expected == "object":
        return isinstance(value, dict)
    if expected == "array":
        return isinstance(value, list)
    if expected == "string":
        return isinstance(value, str)
    if expected == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if expected == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected == "boolean":
        return isinstance(value, bool)
    raise ValueError(f"schema type {expected!r} is not supported")


def compile_check(
    node: dict[str, Any],
    passes: Callable[[dict[str, Any]], Callable[[Any], bool]],
    matcher: Callable[[str], Callable[[str], Any]],
) -> Callable[[Any], bool]:
    """The yes-or-no form of :meth:`RecordValidator._check` for one resolved node (same rules, same order)."""
    if "const" in node:
        const = node["const"]
        return lambda value: bool(value == const)
    if "enum" in node:
        options = node["enum"]
        return lambda value: value in options
    expected = node.get("type")
    properties = {field: passes(child) for field, child in node.get("properties", {}).items()}
    required = tuple(node.get("required", ()))
    closed = node.get("additionalProperties") is False
    min_items, unique = node.get("minItems", 0), bool(node.get("uniqueItems"))
    each = passes(node["items"]) if "items" in node else None
    non_empty, longest = node.get("minLength", 0) > 0, node.get("maxLength")
    search = matcher(node["pattern"]) if "pattern" in node else None
    low, high = node.get("minimum"), node.get("maximum")

    def check_object(value: Any) -> bool:
        for field in required:
            if field not in value:
                return False
        for field, item in value.items():
            check_field = properties.get(field)
            if check_field is None:
                if closed:
                    return False
            elif not check_field(item):
                return False
        return True

    def check_array(value: Any) -> bool:
        if len(value) < min_items:
            return False
        if unique:
            seen: set[Any] = set()
            for item in value:
                if isinstance(item, str | int):
                    if item in seen:
                        return False
                    seen.add(item)
        if each is not None:
            for item in value:
                if not each(item):
                    return False
        return True

    def check_string(value: str) -> bool:
        if non_empty and not value.strip():
            return False
        if longest is not None and len(value) > longest:
            return False
        return search is None or search(value) is not None

    def check_number(value: Any) -> bool:
        return not ((low is not None and value < low) or (high is not None and value > high))

    # One closure per kind of node, so the common ones test the type once and nothing else: values
    # are checked by the hundred thousand, and the general closure below asked every question of each.
    plain_string = not non_empty and longest is None and search is None
    if expected == "string":
        if plain_string:
            return lambda value: isinstance(value, str)
        return lambda value: isinstance(value, str) and check_string(value)
    if expected == "object":
        return lambda value: isinstance(value, dict) and check_object(value)
    if expected == "array":
        return lambda value: isinstance(value, list) and check_array(value)
    if expected in ("integer", "number", "boolean"):
        if low is None and high is None:
            return lambda value: type_ok(value, expected)
        return lambda value: type_ok(value, expected) and check_number(value)

    def check(value: Any) -> bool:
        if expected is not None and not type_ok(value, expected):
            return False
        if isinstance(value, dict):
            return check_object(value)
        if isinstance(value, list):
            return check_array(value)
        if isinstance(value, str):
            return check_string(value)
        if isinstance(value, int | float):
            return check_number(value)
        return True

    return check
