"""`findings new`: write a valid, commented record to start from. Never replaces a file."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import jinja2

from .diagnostics import display_path
from .load import discover
from .project import Layout, check
from .project_config import DEFAULT_SCHEMA
from .render.environment import template_environment
from .schema_file import COMMENT, ensure_schema, schema_comment
from .validate_messages import did_you_mean


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-") or "record"


def _existing_ids(layout: Layout) -> set[str]:
    """Every id in the records, drafts included, read leniently (broken files count too)."""
    found: set[str] = set()
    pattern = re.compile(r"^\s*-?\s*id:\s*['\"]?([a-z0-9-]+)", re.MULTILINE)
    for path in discover(layout.findings_dir):
        try:
            found.update(pattern.findall(path.read_text(encoding="utf-8", errors="replace")))
        except OSError:
            continue
    return found


def _unique(wanted: str, taken: set[str]) -> str:
    candidate, number = wanted, 2
    while candidate in taken or f"{candidate}-1" in taken:
        candidate = f"{wanted}-{number}"
        number += 1
    return candidate


def _environment() -> jinja2.Environment:
    env = template_environment("templates/new")
    env.filters["yaml"] = lambda text: json.dumps(text, ensure_ascii=False)  # a JSON string is valid YAML
    return env


def new_record(
    layout: Layout,
    kind: str,
    title: str,
    *,
    record_id: str = "",
    study: str = "",
    parent: str = "",
    reference: str = "",
    grounded_in: Sequence[str] = (),
    theme_kind: str = "theme",
    schema_file: Path | None = None,
) -> tuple[Path | None, str]:
    """Write the record; returns (path, message). The path is None when nothing was written.

    The record's `$schema` comment points at ``schema_file`` (the project's copy of the
    schema, by default `schema/findings.schema.json` in the project), written first if missing.
    """
    taken = _existing_ids(layout)
    wanted = slug(record_id or title)
    if record_id and record_id in taken:
        return None, f"id '{record_id}' is already used"
    new_id = record_id or _unique(wanted, taken)
    problems = _check_links(layout, kind, study, parent, reference, grounded_in, taken)
    if problems:
        return None, "; ".join(problems)
    if kind == "study":
        target = layout.findings_dir / new_id / "study.yml"
    elif kind == "theme":
        target = layout.findings_dir / study / f"{new_id}.yml"
    else:
        target = layout.findings_dir / "implications" / f"{new_id}.yml"
    schema_file = schema_file or layout.root / DEFAULT_SCHEMA
    schema = schema_comment(target.parent, schema_file).removeprefix(COMMENT).rstrip("\n")
    text = (
        _environment()
        .get_template(f"{kind}.yml.j2")
        .render(
            id=new_id,
            title=title,
            study=study,
            parent=parent,
            reference=reference,
            grounded_in=list(grounded_in),
            kind=theme_kind,
            schema=schema,
        )
    )
    shown = display_path(target, Path.cwd())
    if target.exists():
        return None, f"{shown} exists; nothing was written"
    note = ensure_schema(schema_file)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
            handle.write(text)
    except FileExistsError:
        return None, f"{shown} exists; nothing was written"
    return target, (note + "\n" if note else "") + f"wrote {shown}"


def _check_links(
    layout: Layout, kind: str, study: str, parent: str, reference: str, grounded_in: Sequence[str], taken: set[str]
) -> list[str]:
    problems = []
    if kind == "theme":
        if not study:
            problems.append("a theme needs --study")
        elif not (layout.findings_dir / study / "study.yml").is_file():
            problems.append(f"study '{study}' has no findings/{study}/study.yml")
        if parent and parent not in taken:
            problems.append(f"parent '{parent}' does not exist")
    if kind == "study":
        library = check(layout).corpus
        keys = sorted(library.library.entries) if library else []
        if not reference:
            problems.append("a study needs --reference (a bib key)")
        elif reference not in keys:
            hint = did_you_mean(reference, keys)
            folder = display_path(layout.bib_dir, layout.root)
            problems.append(f"bib key '{reference}' is not in {folder}/" + (f" ({hint})" if hint else ""))
    if kind == "implication":
        if not grounded_in:
            problems.append("an implication needs --grounded-in (theme or excerpt ids)")
        problems += [f"'{target}' does not exist" for target in grounded_in if target not in taken]
    return problems
