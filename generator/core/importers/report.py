"""What `findings import` tells the user: every file it writes or replaces, and what it left alone.

A dry run prints the same lists as a real run, and for each replaced file a unified diff
of exactly what would change, so nothing is written that the user could not have seen.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TextIO

from ..diagnostics import display_path
from .plan import Plan, PlannedFile

MAX_LISTED = 10  # ids listed in a one-line summary


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _detail(planned: PlannedFile) -> str:
    detail = planned.what + (f", {_n(planned.excerpts, 'excerpt')}" if planned.excerpts else "")
    if planned.replaces is not None:
        detail += "; changes " + (", ".join(planned.changed) or "comments only")
    return detail


def diff(planned: PlannedFile, shown: str) -> list[str]:
    before = (planned.replaces or "").replace("\r\n", "\n").splitlines(keepends=True)
    after = planned.content.splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, shown, f"{shown} (after the import)", n=2)
    return [line if line.endswith("\n") else line + "\n" for line in lines]


def describe_plan(plan: Plan, root: Path, dry_run: bool, out: TextIO) -> None:
    where = display_path(root, Path.cwd())
    where = "the current folder" if where == "." else where
    if plan.files:
        out.write(f"{'would write' if dry_run else 'writing'} {_n(len(plan.files), 'new file')} under {where}:\n")
        for planned in plan.files:
            out.write(f"  {display_path(planned.path, root)} ({_detail(planned)})\n")
    if plan.updates:
        verb = "would replace" if dry_run else "replacing"
        out.write(f"{verb} {_n(len(plan.updates), 'file')} an earlier import wrote, unedited since:\n")
        for planned in plan.updates:
            shown = display_path(planned.path, root)
            out.write(f"  {shown} ({_detail(planned)})\n")
            if dry_run:
                out.writelines("    " + line for line in diff(planned, shown))


def summarize(plan: Plan, dry_run: bool, out: TextIO) -> None:
    study_text = "new study" if plan.new_study else "existing study"
    done = "would import" if dry_run else "imported"
    out.write(
        f"{done} into {study_text} '{plan.study_id}': {plan.count('theme')} themes, {plan.count('subtheme')} "
        f"subthemes, {plan.excerpts} excerpts\n"
    )
    if plan.updates:
        out.write(f"{'would update' if dry_run else 'updated'} {_n(len(plan.updates), 'theme')} whose code changed\n")
    if plan.unchanged:
        out.write(f"{_n(plan.unchanged, 'code')} unchanged since the last import: left as they are\n")
    if plan.kept:
        out.write(f"{_n(plan.kept, 'changed code')} not applied to {'its theme' if plan.kept == 1 else 'their themes'}"
                  " (see the warnings above)\n")  # fmt: skip
    if plan.gone:
        listed = ", ".join(plan.gone[:MAX_LISTED]) + (", ..." if len(plan.gone) > MAX_LISTED else "")
        out.write(f"{_n(len(plan.gone), 'theme')} imported earlier {'is' if len(plan.gone) == 1 else 'are'} "
                  f"no longer in the export, left as they are: {listed}\n")  # fmt: skip
    if not plan.files and not plan.updates:
        out.write("nothing to write\n")
    new_records = any(f.what in ("study", "theme", "subtheme") for f in plan.files)
    if plan.drafts and new_records:
        out.write(
            "the imported records are drafts ('status: draft'): review them, confirm that consent covers "
            "publishing the excerpts ('excerpts_cleared' on the study), then remove 'status: draft'\n"
        )
    if plan.new_study:
        out.write("replace the placeholder design, summary and reference of the new study with its own\n")
