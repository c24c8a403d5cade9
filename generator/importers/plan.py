"""From an imported project to the files to write: ids, records as YAML, a placeholder reference.

Ids follow the project's convention ``<study-id>-<slug>`` and are unique across the
target findings folder (its existing files are read for their ids) and within the import.
No planned path exists already: a name that is taken is never reused.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic, Location, Severity
from ..schema import load_schema
from .model import ImportedCode, ImportedProject
from .text import ID_PATTERN, MAX_ID, bibtex_text, clean_label, escape_markdown, slugify

try:  # the C loader is much faster on big projects
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

SCHEMA = Path("generator") / "schema" / "findings.schema.json"
MAX_TITLE = 300  # a theme's title
MAX_STUDY_TITLE = 200
STUDY_SLUG = 40  # a new study's id, leaving room for theme and excerpt slugs within the 80-character limit
PREFIX = 48  # at most this much of a (long, existing) study id starts its theme ids
THEME_ID = MAX_ID - 8  # leaves room for '-<n>' excerpt suffixes
RECORD_SUFFIXES = (".yml", ".yaml")


def drafts_supported() -> bool:
    """Whether records may say `status: draft` (imported records are drafts until reviewed)."""
    definitions = load_schema().get("$defs", {})
    return all("status" in definitions.get(kind, {}).get("properties", {}) for kind in ("study", "theme"))


class UsageError(Exception):
    """The command was asked for something it cannot do (exit 2)."""


@dataclass(frozen=True)
class PlannedFile:
    path: Path
    content: str
    what: str  # "study", "reference", "theme", "subtheme"
    excerpts: int = 0


@dataclass
class Plan:
    study_id: str
    new_study: bool
    files: list[PlannedFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    drafts: bool = False  # records are written with `status: draft`

    def count(self, what: str) -> int:
        return sum(1 for f in self.files if f.what == what)

    @property
    def excerpts(self) -> int:
        return sum(f.excerpts for f in self.files)


# --- what the target project holds --------------------------------------------------------------


@dataclass
class Existing:
    ids: dict[str, str] = field(default_factory=dict)  # id -> record type ("excerpt" for excerpts)
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


def existing_ids(findings: Path) -> Existing:
    """Every id the findings folder already uses; unreadable files are reported, not fatal."""
    existing = Existing()
    for path in record_files(findings):
        try:
            data = yaml.load(path.read_bytes(), Loader=_Loader)
        except (OSError, yaml.YAMLError):
            existing.problems.append(
                Diagnostic(
                    Location(path.as_posix()),
                    "cannot read this record file, so its ids were not checked against the import",
                    Severity.WARNING,
                    "run `findings check` after importing",
                    code="import",
                )
            )
            continue
        if not isinstance(data, dict):
            continue
        if isinstance(data.get("id"), str):
            existing.ids.setdefault(data["id"], str(data.get("type", "")))
        for excerpt in data.get("excerpts") or ():
            if isinstance(excerpt, dict) and isinstance(excerpt.get("id"), str):
                existing.ids.setdefault(excerpt["id"], "excerpt")
    return existing


_BIB_KEY = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*([^,\s{}()]+)\s*,")


def existing_bib_keys(bib_dir: Path) -> set[str]:
    keys: set[str] = set()
    if bib_dir.is_dir():
        for path in bib_dir.rglob("*.bib"):
            try:
                keys.update(m.group(1).casefold() for m in _BIB_KEY.finditer(path.read_text("utf-8", "replace")))
            except OSError:
                continue
    return keys


def schema_line(target_dir: Path) -> str:
    """The yaml-language-server line when the folder is inside a checkout that has the schema."""
    start = target_dir.resolve()
    for folder in (start, *start.parents):
        schema = folder / SCHEMA
        if schema.is_file():
            return f"# yaml-language-server: $schema={Path(os.path.relpath(schema, start)).as_posix()}\n"
    return ""


# --- YAML ---------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


# --- planning -----------------------------------------------------------------------------------


class _Ids:
    def __init__(self, taken: Iterable[str]):
        self.taken = set(taken)

    def claim(self, base: str, free: Any = None) -> str:
        """``base``, or ``base-2``, ``base-3`` ...: the first that is free (and passes ``free``)."""
        candidate, n = base, 1
        while candidate in self.taken or (free is not None and not free(candidate)):
            n += 1
            suffix = f"-{n}"
            candidate = base[: THEME_ID - len(suffix)].rstrip("-") + suffix
        self.taken.add(candidate)
        return candidate


def plan_import(
    project: ImportedProject,
    source: Path,
    findings: Path,
    study: str | None,
) -> Plan:
    """The files an import writes; raises :class:`UsageError` for a --study that cannot be used."""
    existing = existing_ids(findings)
    ids = _Ids(existing.ids)
    root = findings.parent
    shown = source.name

    if study is not None:
        kind = existing.ids.get(study)
        if not ID_PATTERN.match(study) or len(study) > (MAX_ID if kind == "study" else STUDY_SLUG):
            raise UsageError(
                f"--study '{study}' is not an id: use lower-case letters, digits and single hyphens, "
                f"at most {STUDY_SLUG} characters for a new study"
            )
        if kind not in (None, "study"):
            raise UsageError(f"--study '{study}' is the id of a {kind or 'record'}, not of a study")
        new_study = kind is None
        if new_study and (findings / study / "study.yml").exists():
            raise UsageError(f"{(findings / study / 'study.yml').as_posix()} exists already; choose another --study")
        study_id = study
        ids.taken.add(study_id)
    else:
        base = slugify(source.stem, STUDY_SLUG) or "imported"
        new_study = True
        study_id = ids.claim(base, lambda c: not (findings / c / "study.yml").exists())
    plan = Plan(study_id, new_study, diagnostics=list(existing.problems), drafts=drafts_supported())
    folder = findings / study_id
    header = schema_line(folder)
    header += f"# Imported from {_comment(shown)} by findings import\n"

    if new_study:
        key, bib_path = _reference(study_id, root / "bib")
        plan.files.append(PlannedFile(bib_path, _bib_entry(key, _study_title(project, source), shown), "reference"))
        plan.files.append(
            PlannedFile(
                folder / "study.yml",
                header + "\n" + dump_yaml(_study(project, study_id, key, shown, plan.drafts)),
                "study",
            )
        )

    theme_ids: dict[str, str] = {}
    prefix = study_id[:PREFIX].rstrip("-")
    for code in project.codes:
        slug = slugify(code.label or code.title, THEME_ID - len(prefix) - 1) or "theme"
        theme_ids[code.key] = ids.claim(
            f"{prefix}-{slug}", lambda c: not any((folder / (c + s)).exists() for s in RECORD_SUFFIXES)
        )
    for code in project.codes:
        theme_id = theme_ids[code.key]
        parent = theme_ids.get(code.parent, "")
        record = _theme(code, theme_id, study_id, parent, ids, plan, source)
        comments = header
        if code.colour:
            comments += f"# colour: {code.colour}\n"
        if code.label and code.label != code.title:
            comments += f"# code: {_comment(code.label)}\n"
        if code.sets:
            comments += f"# sets: {_comment(', '.join(code.sets))}\n"
        plan.files.append(
            PlannedFile(
                folder / f"{theme_id}.yml",
                comments + "\n" + dump_yaml(record),
                "subtheme" if parent else "theme",
                len(code.excerpts),
            )
        )
    return plan


def _comment(text: str) -> str:
    return clean_label(text)


def _study_title(project: ImportedProject, source: Path) -> str:
    name = clean_label(project.name)
    if not name or name.casefold() in ("untitled", "project", "new project"):
        name = clean_label(source.stem.replace("_", " "))
    return name[:MAX_STUDY_TITLE] or "Imported study"


def _reference(study_id: str, bib_dir: Path) -> tuple[str, Path]:
    keys = existing_bib_keys(bib_dir)
    key, n = study_id, 1
    while key.casefold() in keys:
        n += 1
        key = f"{study_id}-imported" if n == 2 else f"{study_id}-imported-{n - 1}"
    path, n = bib_dir / f"{study_id}.bib", 1
    while path.exists():
        n += 1
        path = bib_dir / f"{study_id}-{n}.bib"
    return key, path


def _bib_entry(key: str, title: str, shown: str) -> str:
    return (
        f"@misc{{{key},\n"
        f"  title = {{{bibtex_text(title)}}},\n"
        f"  note = {{Imported from {bibtex_text(shown)}; replace with the study's publication}}\n"
        "}\n"
    )


def _study(project: ImportedProject, study_id: str, key: str, shown: str, draft: bool) -> dict[str, Any]:
    origin = f" ({project.origin})" if project.origin else ""
    themes = sum(1 for c in project.codes if not c.parent)
    lines = [
        f"Imported from {shown}, a {project.kind}{origin}, by `findings import`: {themes} themes, "
        f"{len(project.codes) - themes} subthemes and {project.excerpt_count} excerpts. "
        "Replace this summary, the design and the reference with the study's own."
    ]
    if project.groupings:
        described = []
        for grouping in project.groupings:
            parts = []
            if grouping.codes:
                parts.append(f"{len(grouping.codes)} codes")
            if grouping.sources:
                parts.append(f"{grouping.sources} sources")
            described.append(f"{grouping.name} ({', '.join(parts) or 'empty'})")
        lines.append("Sets in the export: " + "; ".join(described) + ".")
    record: dict[str, Any] = {
        "type": "study",
        "id": study_id,
        "title": _study_title(project, Path(shown)),
        "reference": key,
        "design": "not yet described (imported from a qualitative analysis export)",
        "summary": "\n\n".join(
            escape_markdown(line).replace("\\`findings import\\`", "`findings import`") for line in lines
        ),
    }
    if draft:
        record["status"] = "draft"
    return record


def _theme(
    code: ImportedCode, theme_id: str, study_id: str, parent: str, ids: _Ids, plan: Plan, source: Path
) -> dict[str, Any]:
    title = code.title
    description = code.description
    if len(title) > MAX_TITLE:
        cut = title[: MAX_TITLE - 1].rsplit(" ", 1)[0]
        plan.diagnostics.append(
            Diagnostic(
                Location(source.name),
                f"code title '{cut[:40]}…' is longer than {MAX_TITLE} characters; shortened",
                Severity.WARNING,
                code="import",
            )
        )
        description = description or title
        title = cut + "…"
    record: dict[str, Any] = {"type": "theme", "id": theme_id, "study": study_id, "title": title}
    record["kind"] = "subtheme" if parent else "theme"
    if parent:
        record["parent"] = parent
    if code.order:
        record["order"] = code.order
    if plan.drafts:
        record["status"] = "draft"
    summary = escape_markdown(description)
    if summary:
        record["summary"] = summary
    excerpts = []
    n = 0
    for excerpt in code.excerpts:
        n += 1
        excerpt_id = f"{theme_id}-{n}"
        while excerpt_id in ids.taken:
            n += 1
            excerpt_id = f"{theme_id}-{n}"
        ids.taken.add(excerpt_id)
        item: dict[str, Any] = {"id": excerpt_id, "text": excerpt.text, "source": "interview"}
        for name in ("speaker", "participant", "dyad", "locator"):
            value = getattr(excerpt, name)
            if value:
                item[name] = value
        excerpts.append(item)
    if excerpts:
        record["excerpts"] = excerpts
    return record
