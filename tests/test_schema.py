"""The JSON Schema is the single source of truth: keep it valid, documented and within what we validate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.core.load import read_file
from generator.core.validate import SUPPORTED_KEYWORDS, RecordValidator
from generator.schema import load_schema

from .conftest import REPO

_CONTAINERS = {"properties", "$defs"}


def walk(node: Any, path: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            if key in _CONTAINERS:
                for name, child in value.items():
                    yield from walk(child, f"{path}/{key}/{name}")
            elif key in ("items", "if", "then"):
                yield from walk(value, f"{path}/{key}")
            elif key == "allOf":
                for i, child in enumerate(value):
                    yield from walk(child, f"{path}/allOf/{i}")


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema())


def test_schema_uses_only_keywords_our_validator_understands() -> None:
    for path, node in walk(load_schema()):
        unknown = set(node) - SUPPORTED_KEYWORDS
        assert not unknown, f"{path} uses {unknown}"


def test_every_field_is_documented() -> None:
    schema = load_schema()
    for path, node in walk(schema):
        if "/if" in path:  # dispatch conditions, not fields
            continue
        for name, field in node.get("properties", {}).items():
            target = field
            if "$ref" in field and "description" not in field:
                target = schema["$defs"][field["$ref"].removeprefix("#/$defs/")]
            assert target.get("description"), f"{path}/properties/{name} has no description"


def example_records() -> list[Path]:
    return sorted((REPO / "findings").rglob("*.yml"))


@pytest.mark.parametrize("path", example_records(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_example_records_pass_the_reference_validator(path: Path) -> None:
    """Our fast validator and a general JSON Schema validator agree on the examples: both accept them."""
    raw = path.read_bytes()
    record = yaml.safe_load(raw)
    jsonschema.Draft202012Validator(load_schema()).validate(record)
    shown = path.relative_to(REPO).as_posix()
    ours = read_file(path, shown, RecordValidator(), raw)
    assert [str(d) for d in ours.diagnostics if d.is_error] == []
    assert ours.record is not None


def test_example_records_point_editors_at_the_schema() -> None:
    for path in example_records():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (REPO / "generator" / "schema" / "findings.schema.json").resolve(), path


def test_field_reference_page_is_current() -> None:
    """docs/guide/fields.md is generated from the schema; regenerate with `findings schema --markdown`."""
    from generator.schema.reference import field_reference

    committed = (REPO / "docs" / "guide" / "fields.md").read_text(encoding="utf-8")
    assert committed == field_reference(), "run: .venv/bin/findings schema --markdown > docs/guide/fields.md"


def test_field_reference_lists_every_field() -> None:
    from generator.schema.reference import field_reference

    page = field_reference()
    schema = load_schema()
    for name, definition in schema["$defs"].items():
        for field in definition.get("properties", {}):
            assert f"| `{field}` |" in page, f"{name}.{field} missing from the field reference"


def test_every_plugin_setting_is_documented_and_the_page_is_current() -> None:
    from generator.adapters.mkdocs.plugin_reference import option_docs, settings_page
    from generator.adapters.mkdocs.settings import FindingsConfig

    documented = {name: doc for name, _, doc in option_docs()}
    declared = {name for name, _ in FindingsConfig._schema}
    assert declared == set(documented)
    assert all(documented.values()), [name for name, doc in documented.items() if not doc]
    committed = (REPO / "docs" / "guide" / "settings.md").read_text(encoding="utf-8")
    assert committed == settings_page(), (
        "run: .venv/bin/python -m generator.adapters.mkdocs.plugin_reference > docs/guide/settings.md"
    )
