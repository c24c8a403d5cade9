"""What changed in the records, and when, read from git: a reader's history of each record.

Every commit that touched the records folder is compared, record by record (by id, so a moved
file keeps its history), with the version before it, and the differences are put in a reader's
words: "statement reworded", "confidence moderate -> high", "excerpt added", "implication
withdrawn". Only what was public at the time counts (a draft, or a record under embargo on the
commit's date, is as good as absent), so history never reveals a record before it was published.
The result depends only on the commits, so builds of one commit are identical; a shallow clone
or a folder outside git gives no history, and pages say so instead of failing.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader

GIT_TIMEOUT = 60  # seconds; a history that takes longer is reported unavailable rather than stalling builds


@dataclass(frozen=True)
class Change:
    """One change to one record, in a reader's words."""

    record: str  # id of the record (an excerpt's theme for excerpt changes)
    kind: str  # study | theme | implication
    date: str  # YYYY-MM-DD (UTC) of the commit
    timestamp: int  # seconds since the epoch, for the feed
    commit: str  # full hash
    what: str  # e.g. "statement reworded"
    title: str  # the record's title at the time
    flagged: bool = False  # a change clinicians should notice: confidence, an implication's statement


@dataclass(frozen=True)
class History:
    available: bool
    reason: str = ""  # why not, when unavailable
    changes: tuple[Change, ...] = ()  # oldest first
    by_record: Mapping[str, tuple[Change, ...]] = field(default_factory=dict)

    def of(self, record_id: str) -> tuple[Change, ...]:
        return self.by_record.get(record_id, ())

    def last(self, record_id: str) -> Change | None:
        found = self.by_record.get(record_id)
        return found[-1] if found else None

    def latest_flagged(self, record_id: str) -> Change | None:
        for change in reversed(self.by_record.get(record_id, ())):
            if change.flagged:
                return change
        return None


def _git(folder: Path, *args: str, data: bytes | None = None) -> bytes:
    run = subprocess.run(
        ["git", "-C", str(folder), *args], input=data, capture_output=True, timeout=GIT_TIMEOUT, check=False
    )
    if run.returncode != 0:
        raise OSError(run.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return run.stdout


def read_history(findings_dir: Path) -> History:
    """The history of every record under ``findings_dir``, or why there is none."""
    if not findings_dir.is_dir():
        return History(False, "the records folder does not exist")
    try:
        inside = _git(findings_dir, "rev-parse", "--is-inside-work-tree").strip() == b"true"
    except (OSError, subprocess.SubprocessError):
        inside = False
    if not inside:
        return History(False, "the records are not in a git repository")
    try:
        if _git(findings_dir, "rev-parse", "--is-shallow-repository").strip() == b"true":
            return History(False, "this copy of the repository is shallow (fetched without its history)")
        prefix = _git(findings_dir, "rev-parse", "--show-prefix").decode().strip()
        log = _git(
            findings_dir, "log", "--reverse", "--no-renames", "--format=%x01%H %ct", "--name-only", "--", "."
        ).decode("utf-8", "replace")
        commits = list(_commits(log, prefix))
        contents = _blobs(findings_dir, [(c, p) for c, _, paths in commits for p in paths])
    except (OSError, subprocess.SubprocessError) as error:
        return History(False, f"git is not available here ({str(error).splitlines()[0] if str(error) else 'error'})")
    return _compare(commits, contents)


def _commits(log: str, prefix: str) -> Iterator[tuple[str, int, list[str]]]:
    for block in log.split("\x01")[1:]:
        lines = [line for line in block.splitlines() if line.strip()]
        commit, stamp = lines[0].split()
        paths = [line for line in lines[1:] if line.endswith((".yml", ".yaml")) and line.startswith(prefix)]
        if paths:
            yield commit, int(stamp), paths


def _blobs(folder: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], bytes | None]:
    """Each (commit, path)'s file content, or None where the commit deleted it; one `git cat-file` for all."""
    if not wanted:
        return {}
    out = _git(folder, "cat-file", "--batch", data="".join(f"{c}:{p}\n" for c, p in wanted).encode())
    found: dict[tuple[str, str], bytes | None] = {}
    position = 0
    for item in wanted:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) == 2 and header[1] == b"missing":
            found[item] = None
            continue
        size = int(header[2])
        found[item] = out[position : position + size]
        position += size + 1
    return found


def _records(content: bytes | None, day: str) -> dict[str, dict[str, Any]]:
    """The public records a file held (by id), with a theme's excerpts listed under it."""
    if content is None:
        return {}
    try:
        data = yaml.load(content, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict) or data.get("type") not in ("study", "theme", "implication"):
        return {}
    if data.get("status") == "draft" or str(data.get("embargo") or "") > day:
        return {}
    record_id = data.get("id")
    return {record_id: data} if isinstance(record_id, str) else {}


def _title(data: Mapping[str, Any]) -> str:
    """The record's title then; an implication without one is named by the start of its statement."""
    if data.get("title"):
        return " ".join(str(data["title"]).split())
    text = " ".join(str(data.get("statement") or data.get("id") or "").split())
    return text if len(text) <= 90 else text[:89].rstrip() + "…"


def _ids(items: Any) -> list[str]:
    return [str(i.get("id")) for i in items or () if isinstance(i, dict) and i.get("id")]


def _relations(items: Any) -> list[str]:
    return [str(i.get("theme")) for i in items or () if isinstance(i, dict) and i.get("theme")]


def _level(data: Mapping[str, Any]) -> str:
    confidence = data.get("confidence")
    return str(confidence.get("level") or "") if isinstance(confidence, dict) else ""


def differences(kind: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """What changed between two versions of one record, in a reader's words, with whether to flag it."""
    found: list[tuple[str, bool]] = []

    def text(name: str) -> tuple[str, str]:
        return " ".join(str(old.get(name) or "").split()), " ".join(str(new.get(name) or "").split())

    if kind == "implication":
        before, after = text("statement")
        if before != after:
            found.append(("statement reworded", True))
        if text("rationale")[0] != text("rationale")[1]:
            found.append(("reasons revised", False))
        if sorted(old.get("audience") or ()) != sorted(new.get("audience") or ()):
            found.append(("audience changed", False))
        added = [t for t in new.get("grounded_in") or () if t not in (old.get("grounded_in") or ())]
        removed = [t for t in old.get("grounded_in") or () if t not in (new.get("grounded_in") or ())]
        if added or removed:
            found.append(("evidence trail changed", False))
    else:
        if text("title")[0] != text("title")[1] and kind == "theme":
            found.append(("renamed", False))
        if text("summary")[0] != text("summary")[1]:
            found.append(("summary revised", False))
    if kind == "theme":
        before_level, after_level = _level(old), _level(new)
        if before_level != after_level:
            if not before_level:
                found.append((f"confidence assessed: {after_level}", True))
            elif not after_level:
                found.append(("confidence assessment removed", True))
            else:
                found.append((f"confidence {before_level} → {after_level}", True))
        old_excerpts, new_excerpts = _ids(old.get("excerpts")), _ids(new.get("excerpts"))
        for _ in (e for e in new_excerpts if e not in old_excerpts):
            found.append(("excerpt added", False))
        for _ in (e for e in old_excerpts if e not in new_excerpts):
            found.append(("excerpt removed", False))
        old_links, new_links = _relations(old.get("relations")), _relations(new.get("relations"))
        if any(r not in old_links for r in new_links):
            found.append(("link to another study's finding added", False))
        if any(r not in new_links for r in old_links):
            found.append(("link to another study's finding removed", False))
    return found


_NOUN = {"study": "study", "theme": "finding", "implication": "implication"}


def _compare(commits: list[tuple[str, int, list[str]]], contents: Mapping[tuple[str, str], bytes | None]) -> History:
    where: dict[str, str] = {}  # record id -> the file that holds it now
    current: dict[str, dict[str, Any]] = {}  # record id -> its latest public version
    changes: list[Change] = []
    for commit, stamp, paths in commits:
        day = time.strftime("%Y-%m-%d", time.gmtime(stamp))
        seen: dict[str, dict[str, Any]] = {}
        touched_ids = {record_id for record_id, path in where.items() if path in paths}
        for path in paths:
            for record_id, data in _records(contents.get((commit, path)), day).items():
                seen[record_id] = data
                where[record_id] = path
        for record_id in sorted(set(seen) | touched_ids):
            old, new = current.get(record_id), seen.get(record_id)
            if new is None:  # gone from its file: deleted, moved out, made a draft, put under embargo
                if old is not None:
                    kind = str(old.get("type"))
                    what = f"{_NOUN[kind]} withdrawn"
                    changes.append(
                        Change(record_id, kind, day, stamp, commit, what, _title(old), kind == "implication")
                    )
                    del current[record_id]
                continue
            kind = str(new.get("type"))
            if old is None:
                changes.append(Change(record_id, kind, day, stamp, commit, f"{_NOUN[kind]} added", _title(new)))
            else:
                for what, flagged in differences(kind, old, new):
                    changes.append(Change(record_id, kind, day, stamp, commit, what, _title(new), flagged))
            current[record_id] = new
    by_record: dict[str, list[Change]] = {}
    for change in changes:
        by_record.setdefault(change.record, []).append(change)
    return History(True, "", tuple(changes), {key: tuple(value) for key, value in by_record.items()})


def head(findings_dir: Path) -> str:
    """The commit the working tree is at ('' outside git): a history read at one commit stays valid."""
    try:
        return _git(findings_dir, "rev-parse", "HEAD").decode().strip()
    except (OSError, subprocess.SubprocessError):
        return ""
