"""From an imported project to the files to write: ids, records as YAML, a placeholder reference.

Ids follow the project's convention ``<study-id>-<slug>`` and are unique across the
project's whole findings folder (its existing files are read for their ids) and within the
import. No new file's path exists already: a name that is taken is never reused. Codes an
earlier import wrote are found by GUID (see :mod:`.sync`): left alone, updated or reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ...schema import load_schema, schema_text
from ..diagnostics import Diagnostic, Location, Severity
from ..project import Layout
from ..schema_file import schema_comment, schema_state
from .model import ImportedCode, ImportedProject
from .sync import (
    GUID,
    RECORD_SUFFIXES,
    Existing,
    changed_fields,
    code_guids,
    edited_report,
    export_digest,
    grounded_report,
    scan_project,
    stamp,
    still_grounded,
    unreadable_report,
)
from .text import ID_PATTERN, MAX_ID, bibtex_text, clean_label, escape_markdown, slugify

try:  # the C loader is much faster on big projects
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_TITLE = 300  # a theme's title
MAX_STUDY_TITLE = 200
STUDY_SLUG = 40  # a new study's id, leaving room for theme and excerpt slugs within the 80-character limit
PREFIX = 48  # at most this much of a (long, existing) study id starts its theme ids
THEME_ID = MAX_ID - 8  # leaves room for '-<n>' excerpt suffixes


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
    what: str  # "schema", "study", "reference", "theme", "subtheme"
    excerpts: int = 0
    replaces: str | None = None  # an update: the file's text when planned (replaced only while it is that)
    changed: tuple[str, ...] = ()  # an update: the fields that change


@dataclass
class Plan:
    study_id: str
    new_study: bool
    files: list[PlannedFile] = field(default_factory=list)  # new files
    updates: list[PlannedFile] = field(default_factory=list)  # themes an earlier import wrote, to replace
    diagnostics: list[Diagnostic] = field(default_factory=list)
    drafts: bool = False  # records are written with `status: draft`
    unchanged: int = 0  # codes whose theme is already as the export says
    kept: int = 0  # codes that changed, whose theme someone edited: reported, left as is
    gone: list[str] = field(default_factory=list)  # themes an earlier import wrote whose code is no longer there

    def count(self, what: str) -> int:
        return sum(1 for f in self.files if f.what == what)

    @property
    def excerpts(self) -> int:
        return sum(f.excerpts for f in self.files)


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
    into: Path,
    study: str | None,
    layout: Layout | None = None,
    schema_file: Path | None = None,
) -> Plan:
    """What an import writes and replaces; raises :class:`UsageError` for a --study that cannot be used.

    ``into`` is where new records go; ``layout`` is the project (ids are unique across its
    findings folder, the placeholder reference goes to its bib folder). ``schema_file``, when
    given, is where records' `$schema` comment points (planned for writing if missing).
    """
    layout = layout or Layout(into.parent, into, into.parent / "bib")
    existing = scan_project(layout.findings_dir)
    ids = _Ids(existing.ids)
    guids = code_guids(project)
    study_id, new_study = _target_study(project, source, into, study, existing, ids, guids)
    plan = Plan(study_id, new_study, diagnostics=list(existing.problems), drafts=drafts_supported())
    folder = into / study_id
    if schema_file is not None and schema_state(schema_file).missing:
        plan.files.append(PlannedFile(schema_file, schema_text(), "schema"))
    imported_from = f"# Imported from {_comment(source.name)} by findings import\n"

    def header(record_folder: Path) -> str:
        return (schema_comment(record_folder, schema_file) if schema_file else "") + imported_from

    if new_study:
        key, bib_path = _reference(study_id, layout.bib_dir)
        entry = _bib_entry(key, _study_title(project, source), source.name)
        plan.files.append(PlannedFile(bib_path, entry, "reference"))
        record = _study(project, study_id, key, source.name, plan.drafts)
        plan.files.append(PlannedFile(folder / "study.yml", header(folder) + "\n" + dump_yaml(record), "study"))

    earlier = {code.key: existing.imported.get((study_id, guids[code.key])) for code in project.codes}
    theme_ids = {key: record.id for key, record in earlier.items() if record is not None}
    prefix = study_id[:PREFIX].rstrip("-")
    skipped = set()
    for code in project.codes:
        if code.key in theme_ids:
            continue
        broken = existing.unreadable.get(guids[code.key])
        if broken is not None:  # a record YAML cannot read holds this code: do not add it a second time
            skipped.add(code.key)
            plan.diagnostics.append(unreadable_report(broken, code))
            continue
        slug = slugify(code.label or code.title, THEME_ID - len(prefix) - 1) or "theme"
        theme_ids[code.key] = ids.claim(
            f"{prefix}-{slug}", lambda c: not any((folder / (c + s)).exists() for s in RECORD_SUFFIXES)
        )
    for code in project.codes:
        if code.key in skipped:
            continue
        before = earlier[code.key]
        digest = export_digest(code, guids.get(code.parent, ""))
        if before is not None and before.export_digest == digest:
            plan.unchanged += 1
            continue
        theme_id = theme_ids[code.key]
        parent = theme_ids.get(code.parent, "")
        target = before.path if before else folder / f"{theme_id}.yml"
        record = _theme(code, theme_id, study_id, parent, ids, plan, source, before.excerpt_ids() if before else {})
        record["imported"] = {"guid": guids[code.key], "export_digest": digest}
        text = stamp(header(target.parent) + _code_comments(code) + "\n" + dump_yaml(record))
        what = "subtheme" if parent else "theme"
        if before is None:
            plan.files.append(PlannedFile(target, text, what, len(code.excerpts)))
            continue
        after = yaml.load(text, Loader=_Loader)
        changed = changed_fields(before.data, after)
        dropped = still_grounded(before, after, existing)
        if before.edited:
            plan.kept += 1
            plan.diagnostics.append(edited_report(before, changed, digest))
        elif dropped:
            plan.kept += 1
            plan.diagnostics.append(grounded_report(before, dropped, existing))
        else:
            plan.updates.append(PlannedFile(target, text, what, len(code.excerpts), before.text, changed))
    wanted = set(guids.values())
    plan.gone = sorted(r.id for (s, g), r in existing.imported.items() if s == study_id and g not in wanted)
    return plan


def _target_study(
    project: ImportedProject,
    source: Path,
    into: Path,
    study: str | None,
    existing: Existing,
    ids: _Ids,
    guids: dict[str, str],
) -> tuple[str, bool]:
    """The study to import into, and whether it is new."""
    if study is not None:
        kind = existing.ids.get(study)
        if not ID_PATTERN.match(study) or len(study) > (MAX_ID if kind == "study" else STUDY_SLUG):
            raise UsageError(
                f"--study '{study}' is not an id: use lower-case letters, digits and single hyphens, "
                f"at most {STUDY_SLUG} characters for a new study"
            )
        if kind not in (None, "study"):
            raise UsageError(f"--study '{study}' is the id of a {kind or 'record'}, not of a study")
        if kind is None and (into / study / "study.yml").exists():
            raise UsageError(f"{(into / study / 'study.yml').as_posix()} exists already; choose another --study")
        ids.taken.add(study)
        return study, kind is None
    # Imported before? Real GUIDs are unique worldwide; made-up ones (CSV) only within the study of that name.
    base = slugify(source.stem, STUDY_SLUG) or "imported"
    wanted = set(guids.values())
    before = sorted({s for (s, g) in existing.imported if g in wanted and existing.ids.get(s) == "study"})
    if any(GUID.match(code.key) for code in project.codes) and before:
        if len(before) > 1:
            raise UsageError(
                f"codes of {source.name} were imported before into studies {', '.join(before)}; choose one with --study"
            )
        return before[0], False
    if base in before:
        return base, False
    return ids.claim(base, lambda c: not (into / c / "study.yml").exists()), True


def _code_comments(code: ImportedCode) -> str:
    comments = ""
    if code.colour:
        comments += f"# colour: {code.colour}\n"
    if code.label and code.label != code.title:
        comments += f"# code: {_comment(code.label)}\n"
    if code.sets:
        comments += f"# sets: {_comment(', '.join(code.sets))}\n"
    return comments


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
    code: ImportedCode,
    theme_id: str,
    study_id: str,
    parent: str,
    ids: _Ids,
    plan: Plan,
    source: Path,
    reuse: dict[str, list[str]],
) -> dict[str, Any]:
    """The theme record of one code; excerpts whose text is in ``reuse`` keep the id they had."""
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
        if reuse.get(excerpt.text):
            excerpt_id = reuse[excerpt.text].pop(0)
        else:
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
