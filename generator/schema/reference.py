"""The field reference page, written from the schema so the docs cannot drift from it."""

from __future__ import annotations

from typing import Any

from . import load_schema

RECORDS = ("study", "theme", "implication", "site")


def _expected(node: dict[str, Any], schema: dict[str, Any]) -> str:
    if "$ref" in node:
        name = node["$ref"].removeprefix("#/$defs/")
        target = schema["$defs"][name]
        if target.get("type") == "object":
            return f"[{target.get('title', name)}](#{name})"
        return _expected({**target, **{k: v for k, v in node.items() if k != "$ref"}}, schema)
    if "const" in node:
        return f"`{node['const']}`"
    if "enum" in node:
        return "one of " + ", ".join(f"`{value}`" for value in node["enum"])
    if node.get("type") == "array":
        return "list of " + _expected(node.get("items", {}), schema)
    if "x-expected" in node:
        return str(node["x-expected"]).replace("'", "`")
    return {"string": "text", "integer": "whole number", "object": "mapping", "boolean": "true/false"}.get(
        node.get("type", ""), "value"
    )


def _description(node: dict[str, Any], schema: dict[str, Any]) -> str:
    if "description" in node:
        return str(node["description"])
    if "$ref" in node:
        return _description(schema["$defs"][node["$ref"].removeprefix("#/$defs/")], schema)
    return ""


def _md(text: str) -> str:
    return text.replace("<", "&lt;").replace("|", "\\|").replace("\n", " ")


def _table(name: str, schema: dict[str, Any]) -> list[str]:
    definition = schema["$defs"][name]
    required = set(definition.get("required", ()))
    lines = [
        f"## {definition.get('title', name)} {{ #{name} }}",
        "",
        _md(definition.get("description", "")),
        "",
        "| Field | Required | Expected | Meaning |",
        "|---|---|---|---|",
    ]
    for field, node in definition["properties"].items():
        meaning = _md(_description(node, schema))
        expected = _md(_expected(node, schema))
        lines.append(f"| `{field}` | {'yes' if field in required else ''} | {expected} | {meaning} |")
    return [*lines, ""]


def field_reference() -> str:
    schema = load_schema()
    nested = [name for name, node in schema["$defs"].items() if node.get("type") == "object" and name not in RECORDS]
    lines = [
        "# Record fields",
        "",
        "<!-- Generated from generator/schema/findings.schema.json by `findings schema --markdown`. Do not edit. -->",
        "",
        "Every record file holds one record; its `type` field says which kind.",
        "This page is generated from the JSON Schema that validates the records, so it lists every field.",
        "",
    ]
    for name in (*RECORDS, *nested):
        lines += _table(name, schema)
    return "\n".join(lines).rstrip("\n") + "\n"
