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

    def check(value: Any) -> bool:
        if expected is not None and not type_ok(value, expected):
            return False
        if isinstance(value, dict):
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
        if isinstance(value, list):
            if len(value) < min_items:
                return False
            if unique:
                seen: set[Any] = set()
                for item in value:
                    if isinstance(item, str | int):
                        if item in seen:
                            return False
                        seen.add(item)
            return each is None or all(each(item) for item in value)
        if isinstance(value, str):
            if non_empty and not value.strip():
                return False
            if longest is not None and len(value) > longest:
                return False
            return search is None or search(value) is not None
        if isinstance(value, int | float):
            return not ((low is not None and value < low) or (high is not None and value > high))
        return True

    return check
