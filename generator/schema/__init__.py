"""The JSON Schema for records, shipped with the package; the one definition of every field."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_FILE = "findings.schema.json"


def schema_text() -> str:
    return resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def load_schema() -> dict[str, Any]:
    """The parsed schema. Cached because it never changes while running; treat it as read-only."""
    result: dict[str, Any] = json.loads(schema_text())
    return result


def record_types() -> tuple[str, ...]:
    return tuple(load_schema()["properties"]["type"]["enum"])
