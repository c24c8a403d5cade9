"""The plain words of the schema check's messages: how a value, a field and the expected kind of value are named,
and what the researcher probably meant."""

from __future__ import annotations

import difflib
import re
from typing import Any

from .yaml_source import Path

TYPE_NAMES = {
    "object": "a mapping of fields",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def describe_value(value: Any) -> str:
    if value is None:
        return "nothing (empty value)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text '{shown}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return type(value).__name__


def field_name(path: Path) -> str:
    """('excerpts', 2, 'text') -> 'excerpts[2].text' (1-based list positions read better)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out or "record"


def did_you_mean(word: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else ""


def misspellings(value: dict[str, Any], properties: dict[str, Any]) -> set[str]:
    """Fields an unknown field of ``value`` is probably a misspelling of."""
    allowed = sorted(properties)
    found = set()
    for field in value:
        if field not in properties:
            match = difflib.get_close_matches(field, allowed, n=1, cutoff=0.6)
            if match and match[0] not in value:
                found.add(match[0])
    return found


def expected_short(node: dict[str, Any]) -> str:
    if "x-expected" in node:
        return str(node["x-expected"])
    if "enum" in node:
        return "one of: " + ", ".join(str(o) for o in node["enum"])
    if "const" in node:
        return str(node["const"])
    return TYPE_NAMES.get(node.get("type", ""), "a value")


_PERSONAL_NAME = re.compile(r"^[A-ZÀ-Þ][a-zß-ÿ'’-]+(\s+[A-ZÀ-Þ][a-zß-ÿ'’-]+)*$")


def pattern_hint(value: str, expected: str) -> str:
    if "pseudonym" in expected and _PERSONAL_NAME.match(value.strip()):
        return "this looks like a personal name: never publish real names; use a pseudonym such as 'P07'"
    if "hyphen" in expected:
        return _id_hint(value)
    return ""


def _id_hint(value: str) -> str:
    import re

    fixed = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return f"try '{fixed}'" if fixed and fixed != value else ""
