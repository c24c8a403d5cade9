"""The project's copy of the JSON Schema, for editors, and the `$schema` comment that points at it.

Records start with ``# yaml-language-server: $schema=<path>``, a path relative to the
record's folder. Pointing into the installed package would break as soon as the package
moves (another virtual environment, another machine), so the schema is written into the
project (`schema/findings.schema.json` beside mkdocs.yml unless the plugin's `schema`
setting says otherwise), where it is committed with the records.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..schema import schema_text
from .diagnostics import display_path

COMMENT = "# yaml-language-server: $schema="


@dataclass(frozen=True)
class SchemaState:
    path: Path
    missing: bool
    outdated: bool  # present, but not this version's schema


def schema_state(path: Path) -> SchemaState:
    try:
        current = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return SchemaState(path, missing=not path.exists(), outdated=path.exists())
    return SchemaState(path, missing=False, outdated=current != schema_text())


def write_schema(path: Path) -> bool:
    """Write this version's schema to ``path``; False when it was already there, unchanged."""
    state = schema_state(path)
    if not state.missing and not state.outdated:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(schema_text(), encoding="utf-8", newline="\n")
    os.replace(temporary, path)
    return True


def ensure_schema(path: Path) -> str:
    """Write the schema if the project has none; a line to tell the user ('' when nothing to say)."""
    state = schema_state(path)
    shown = display_path(path, Path.cwd())
    if state.missing:
        write_schema(path)
        return f"wrote {shown} (the JSON Schema that editors read; commit it with the records)"
    if state.outdated:
        return f"{shown} is not this version's schema; `findings schema --write` updates it"
    return ""


def schema_comment(record_folder: Path, schema: Path) -> str:
    """The first line of a record in ``record_folder``: the schema's path relative to that folder."""
    relative = os.path.relpath(schema.resolve(), record_folder.resolve())
    return f"{COMMENT}{Path(relative).as_posix()}\n"
