"""The JSON Schema and the model say the same thing: no field validates and then silently vanishes.

The schema is the one definition of record fields; `records.py` turns validated values into the frozen
dataclasses of `model.py`, and `render/labels.py` words the enums. These tests tie them together:

- every value a record gives reaches its model object (checked on every record the tests and the example
  know), unless the field is listed in NOT_CARRIED with the reason;
- every field the schema defines is given by at least one of those records, so the check above covers it;
- every enum of the schema has its wordings in `labels.ENUM_LABELS` (or is declared UNLABELLED).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.core.diagnostics import Location
from generator.core.load import read_file
from generator.core.render import labels
from generator.core.validate import RecordValidator
from generator.core.yaml_source import parse_yaml
from generator.schema import load_schema

from .conftest import REPO

SCHEMA: dict[str, Any] = load_schema()
CASES = sorted((REPO / "tests" / "cases").glob("*.yaml"))

#: Fields whose value is deliberately not kept in the model as written, and why.
NOT_CARRIED = {
    "type": "chooses the record kind (the model class)",
    "status": "kept as Publication.status, and only 'draft' matters",
    "export_digest": "read from the file by `findings import`, not published",
    "file_digest": "read from the file by `findings import`, not published",
}


def record_texts() -> Iterator[tuple[str, bytes]]:
    """(name, YAML bytes) of every record in the example and in the golden cases' inputs."""
    for path in sorted((REPO / "findings").rglob("*.yml")):
        yield str(path.relative_to(REPO)), path.read_bytes()
    for case in CASES:
        files = yaml.safe_load(case.read_text(encoding="utf-8"))["files"]
        for name, content in sorted(files.items()):
            if name.startswith("findings/") and name.endswith(".yml") and isinstance(content, str):
                yield f"{case.name}:{name}", content.encode("utf-8")


def valid_records() -> list[tuple[str, dict[str, Any], Any]]:
    """(name, data, model object) for every record that reads without errors."""
    validator = RecordValidator()
    found = []
    for name, raw in record_texts():
        result = read_file(Path(name), name, validator, raw)
        doc, _ = parse_yaml(raw, name)
        if result.record is not None and doc is not None:
            found.append((name, doc.data, result.record))
    return found


RECORDS = valid_records()


def leaves(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(field path without list indexes, scalar) for every scalar in a YAML value."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from leaves(item, (*path, str(key)))
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item, path)
    else:
        yield path, value


def model_values(obj: Any, seen: set[int] | None = None) -> Iterator[Any]:
    """Every scalar a model object holds, through dataclasses, tuples and mappings (keys too)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name != "places" and not isinstance(value, Location):  # where it was written, not what
                yield from model_values(value, seen)
    elif isinstance(obj, Mapping):
        for key, item in obj.items():
            yield from model_values(key, seen)
            yield from model_values(item, seen)
    elif isinstance(obj, tuple | list):
        for item in obj:
            yield from model_values(item, seen)
    else:
        yield obj


def normal(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def test_the_records_checked_cover_every_kind() -> None:
    kinds = {type(model).__name__ for _, _, model in RECORDS}
    assert kinds >= {"Study", "Theme", "Implication"}
    assert len(RECORDS) > 50


@pytest.mark.parametrize("name,data,model", RECORDS, ids=[name for name, _, _ in RECORDS])
def test_every_value_of_a_record_reaches_the_model(name: str, data: dict[str, Any], model: Any) -> None:
    held = {normal(v) for v in model_values(model) if v is not None}
    lost = [
        ".".join(path)
        for path, value in leaves(data)
        if path[-1] not in NOT_CARRIED and not path[0].startswith("$") and normal(value) not in held
    ]
    assert lost == [], f"{name}: validated but not kept by records.py: {lost}"


def schema_fields(node: Any, path: tuple[str, ...] = (), refs: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Field paths (property names from the record down, no list indexes) the schema defines."""
    if not isinstance(node, dict):
        return
    if "$ref" in node:
        ref = node["$ref"].removeprefix("#/$defs/")
        if ref not in refs:  # a definition already on the way down would recurse forever
            yield from schema_fields(SCHEMA["$defs"][ref], path, (*refs, ref))
        return
    for name, sub in (node.get("properties") or {}).items():
        yield (*path, name)
        yield from schema_fields(sub, (*path, name), refs)
    for key in ("items", "additionalProperties", "then", "else"):
        yield from schema_fields(node.get(key), path, refs)
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in node.get(key) or ():
            yield from schema_fields(sub, path, refs)


def test_every_schema_field_is_given_by_some_record() -> None:
    defined = {path for path in schema_fields(SCHEMA) if not path[-1].startswith("$")}
    given = {path[:end] for _, data, _ in RECORDS for path, _ in leaves(data) for end in range(1, len(path) + 1)}
    assert sorted(".".join(path) for path in defined - given) == [], "add a golden case that uses these fields"


def schema_enums(node: Any, path: str = "") -> Iterator[tuple[str, list[Any]]]:
    if isinstance(node, dict):
        if "enum" in node:
            yield path.strip("/"), node["enum"]
        for key, sub in node.items():
            yield from schema_enums(sub, f"{path}/{key}")


def test_every_enum_value_has_its_wording() -> None:
    enums = dict(schema_enums(SCHEMA))
    listed = set(labels.ENUM_LABELS) | labels.UNLABELLED
    assert sorted(set(enums) - listed) == [], (
        "enums of the schema without wordings in labels.ENUM_LABELS (or UNLABELLED)"
    )
    assert sorted(listed - set(enums)) == [], "labels.ENUM_LABELS lists enums the schema does not have"
    missing = [
        (place, value)
        for place, wordings in labels.ENUM_LABELS.items()
        for value in enums[place]
        for wording in wordings
        if value not in wording
    ]
    assert missing == []
