"""What earlier imports left in a project, and whether a code or a record changed since.

A theme written by `findings import` ends with an `imported:` block: the code's GUID, a
digest of the code as the export described it, and a digest of the file as written. A
later import of the same export finds the theme by (study, GUID); it leaves it alone when
the code is unchanged, replaces it when the code changed and the file is as written, and
otherwise reports it (someone edited it: the import never overwrites their work).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic, Location, Severity, display_path
from .model import ImportedCode, ImportedProject
from .text import clean_label

try:  # the C loader is much faster on big projects
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

RECORD_SUFFIXES = (".yml", ".yaml")
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# GUIDs made for codes without one (CSV rows, REFI-QDA codes with a missing or repeated GUID).
_NAMESPACE = uuid.UUID("0d8b7a1e-4c1f-5b3a-9e2d-7f6a5c4b3e21")
_FILE_DIGEST = re.compile(r"^  file_digest: \S*\n?", re.MULTILINE)
# Finds GUIDs in a file YAML cannot read, so a broken record still keeps its code from being imported twice.
_RAW_GUID = re.compile(r"^\s+guid:\s*['\"]?([0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})", re.MULTILINE)


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()[:16]


def code_guids(project: ImportedProject) -> dict[str, str]:
    """Each code's GUID by key: its own when it has one, else one made from what identifies it."""
    by_key = {code.key: code for code in project.codes}

    def titles(code: ImportedCode) -> list[str]:
        path, seen = [], set()
        current: ImportedCode | None = code
        while current is not None and current.key not in seen:
            seen.add(current.key)
            path.append(current.title)
            current = by_key.get(current.parent)
        return path[::-1]

    guids: dict[str, str] = {}
    for code in project.codes:
        if GUID.match(code.key):
            guids[code.key] = code.key
        else:  # a REFI-QDA code without a usable GUID has a key from its line: use its titles instead
            name = "\n".join(titles(code)) if code.key.startswith("line-") else code.key
            guids[code.key] = str(uuid.uuid5(_NAMESPACE, f"{project.kind}\n{name}"))
    return guids


def export_digest(code: ImportedCode, parent_guid: str) -> str:
    """A digest of everything the export says about one code (ids the import chose are left out)."""
    described = {
        "title": code.title,
        "description": code.description,
        "label": code.label,
        "colour": code.colour,
        "parent": parent_guid,
        "order": code.order,
        "sets": code.sets,
        "excerpts": [[e.text, e.speaker, e.participant, e.dyad, e.locator] for e in code.excerpts],
    }
    return digest(json.dumps(described, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def file_digest(text: str) -> str:
    """A digest of a record file as written, without its own `file_digest` line."""
    return digest(_FILE_DIGEST.sub("", text.replace("\r\n", "\n")).encode("utf-8"))


def stamp(text: str) -> str:
    """``text`` (ending in its `imported:` block) with the `file_digest` line that closes the block."""
    return f"{text}  file_digest: {file_digest(text)}\n"


@dataclass
class ImportedRecord:
    """A theme an earlier import wrote, as it is now."""

    path: Path
    id: str
    study: str
    guid: str
    export_digest: str
    text: str
    data: dict[str, Any]

    @property
    def edited(self) -> bool:
        """Whether the file differs from what the import wrote (any edit, comments included)."""
        imported = self.data.get("imported") or {}
        return imported.get("file_digest") != file_digest(self.text)

    def excerpt_ids(self) -> dict[str, list[str]]:
        """Ids of the record's excerpts by their text, so an update keeps the ids others refer to."""
        found: dict[str, list[str]] = {}
        for excerpt in self.data.get("excerpts") or ():
            if isinstance(excerpt, dict) and isinstance(excerpt.get("id"), str):
                found.setdefault(str(excerpt.get("text", "")), []).append(excerpt["id"])
        return found


@dataclass
class Existing:
    """What the whole findings folder holds: every id, and the themes earlier imports wrote."""

    ids: dict[str, str] = field(default_factory=dict)  # id -> record type ("excerpt" for excerpts)
    imported: dict[tuple[str, str], ImportedRecord] = field(default_factory=dict)  # (study, guid) -> record
    unreadable: dict[str, Path] = field(default_factory=dict)  # GUID -> a file YAML cannot read that names it
    grounding: dict[str, list[Path]] = field(default_factory=dict)  # id -> implication files grounded on it
    problems: list[Diagnostic] = field(default_factory=list)


def record_files(findings: Path) -> list[Path]:
    if not findings.is_dir():
        return []
    found = []
    for path in findings.rglob("*"):
        relative = path.relative_to(findings)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix.lower() in RECORD_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found)


def scan_project(findings: Path) -> Existing:
    """Every id the findings folder uses; unreadable files are reported, not fatal."""
    existing = Existing()
    for path in record_files(findings):
        try:
            text = path.read_bytes().decode("utf-8")
            data = yaml.load(text, Loader=Loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            _unreadable(existing, path)
            continue
        if not isinstance(data, dict):
            continue
        if isinstance(data.get("id"), str):
            existing.ids.setdefault(data["id"], str(data.get("type", "")))
        for excerpt in data.get("excerpts") or ():
            if isinstance(excerpt, dict) and isinstance(excerpt.get("id"), str):
                existing.ids.setdefault(excerpt["id"], "excerpt")
        for target in data.get("grounded_in") or () if data.get("type") == "implication" else ():
            if isinstance(target, str):
                existing.grounding.setdefault(target, []).append(path)
        imported = data.get("imported")
        if data.get("type") == "theme" and isinstance(imported, dict) and isinstance(imported.get("guid"), str):
            guid = imported["guid"].lower()
            existing.imported.setdefault(
                (str(data.get("study", "")), guid),
                ImportedRecord(
                    path, str(data.get("id", "")), str(data.get("study", "")), guid,
                    str(imported.get("export_digest", "")), text, data,
                ),
            )  # fmt: skip
    return existing


def _unreadable(existing: Existing, path: Path) -> None:
    existing.problems.append(
        Diagnostic(
            Location(path.as_posix()),
            "cannot read this record file, so its ids were not checked against the import",
            Severity.WARNING,
            "run `findings check` after importing",
            code="import",
        )
    )
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    for guid in _RAW_GUID.findall(text):
        existing.unreadable.setdefault(guid.lower(), path)


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    """Top-level fields whose values differ (the `imported` block aside)."""
    names = (set(before) | set(after)) - {"imported"}
    return tuple(sorted(name for name in names if before.get(name) != after.get(name)))


def edited_report(before: ImportedRecord, changed: tuple[str, ...], digest: str) -> Diagnostic:
    what = ", ".join(changed) or "only its comments"
    return Diagnostic(
        Location(before.path.as_posix(), 1, 1),
        f"theme '{before.id}' was edited since it was imported, so the export's changes to it were not applied "
        f"(fields that differ: {what})",
        Severity.WARNING,
        f"apply what you want by hand, then set 'export_digest: {digest}' under 'imported' "
        "so that the next import knows",
        code="import",
    )


def still_grounded(before: ImportedRecord, after: dict[str, Any], existing: Existing) -> list[str]:
    """Excerpt ids the update would drop that an implication is grounded on."""
    kept = {e.get("id") for e in after.get("excerpts") or ()}
    return [i for ids in before.excerpt_ids().values() for i in ids if i not in kept and i in existing.grounding]


def grounded_report(before: ImportedRecord, dropped: list[str], existing: Existing) -> Diagnostic:
    files = sorted({display_path(p, Path.cwd()) for i in dropped for p in existing.grounding[i]})
    return Diagnostic(
        Location(before.path.as_posix(), 1, 1),
        f"theme '{before.id}' was not updated: the export no longer has its excerpt(s) {', '.join(dropped)}, "
        f"which {', '.join(files)} ground(s) on",
        Severity.WARNING,
        "ground those implications on other excerpts, then import again",
        code="import",
    )


def unreadable_report(path: Path, code: ImportedCode) -> Diagnostic:
    return Diagnostic(
        Location(path.as_posix()),
        f"code '{clean_label(code.title)[:60]}' was imported before into this file, which cannot be read; "
        "it was not imported again",
        Severity.WARNING,
        "fix the file (`findings check` shows where), then import again",
        code="import",
    )
