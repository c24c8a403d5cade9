"""Write a study's themes back out as a REFI-QDA codebook (.qdc) that QDA software can read.

Themes become codes (subthemes nested under their parent, in their order), summaries
become plain-text descriptions (citations as APA text, e.g. "(Lavik et al., 2018)"), and
the ``# colour:`` and ``# sets:`` comments that ``findings import`` leaves in theme files
become colours and Sets again, so a codebook survives import then export unchanged (GUIDs
too: a theme's ``imported.guid`` is written back, others are made from ids), except for short
CSV codes, which a codebook has no place for. What is written is valid against the REFI-QDA
Codebook schema 1.0, which QualCoder checks imports against: no empty ``<Sets/>``, and set
members as ``<MemberCode guid=...>``.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from ...speed.executor import ONE_OFF
from ..load import discover, load_records
from ..model import Corpus, Theme
from ..references import Library, plain_citations
from ..validate import RecordValidator
from .model import ImportedCode, ImportedProject
from .refi import CODEBOOK_NS
from .text import unescape_markdown
from .writer import WriteError, file_mode, place

ORIGIN = "findings import/export"
_GUID_NAMESPACE = uuid.UUID("6f1f3c52-63e5-4a0e-9a52-3c2f4f0b8e11")
_COMMENT = re.compile(r"^#\s*(colour|color|sets|code)\s*:\s*(.*?)\s*$", re.I)


class ExportError(Exception):
    pass


def themes_in(findings: Path, study: str, root: Path | None = None) -> list[Theme]:
    """Every theme record of ``study`` under a findings folder, drafts included (a Corpus leaves drafts out)."""
    root = root or findings.parent
    results = load_records(discover(findings), root, RecordValidator(), ONE_OFF.executor())  # nothing kept
    return [r.record for r in results if isinstance(r.record, Theme) and r.record.study == study]


def file_comments(path: Path) -> dict[str, str]:
    """The ``# colour:``, ``# sets:`` and ``# code:`` comments at the top of a record file."""
    found: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.startswith("#"):
                    if line.strip():
                        break
                    continue
                match = _COMMENT.match(line.strip())
                if match:
                    key = "colour" if match.group(1).lower() == "color" else match.group(1).lower()
                    found.setdefault(key, match.group(2))
    except (OSError, UnicodeDecodeError):
        pass
    return found


def description(summary: str, library: Library, unknown: list[str] | None = None) -> str:
    """A theme's Markdown summary as a codebook's plain text, citations as APA text.

    Keys the library lacks are written as themselves and added to ``unknown``.
    """
    cited = plain_citations(summary, library)
    if unknown is not None:
        unknown.extend(key for key, _ in cited.unknown if key not in unknown)
    return unescape_markdown(cited.markdown)


def _codes_from_themes(
    themes: Iterable[Theme], root: Path | None, library: Library, unknown: list[str] | None
) -> list[ImportedCode]:
    chosen = {t.id: t for t in themes}
    children: dict[str, list[Theme]] = defaultdict(list)
    for theme in chosen.values():
        parent = theme.parent if theme.parent in chosen else ""
        children[parent].append(theme)
    codes: list[ImportedCode] = []

    def visit(parent: str, seen: frozenset[str]) -> None:
        ordered = sorted(children.get(parent, ()), key=lambda t: (t.order is None, t.order or 0, t.title.casefold()))
        for position, theme in enumerate(ordered, 1):
            if theme.id in seen:
                continue
            comments = file_comments(root / theme.source.path) if root is not None else {}
            colour = comments.get("colour", "")
            codes.append(
                ImportedCode(
                    key=theme.id,
                    title=theme.title,
                    description=description(theme.summary, library, unknown),
                    colour=colour if re.fullmatch(r"#[0-9a-fA-F]{6}", colour) else "",
                    label=comments.get("code", ""),
                    parent=parent,
                    order=position,
                    sets=[s.strip() for s in comments.get("sets", "").split(",") if s.strip()],
                    guid=theme.imported_guid,
                )
            )
            visit(theme.id, seen | {theme.id})

    visit("", frozenset())
    return codes


def _guid(key: str) -> str:
    return str(uuid.uuid5(_GUID_NAMESPACE, key)).upper()


def codebook_xml(codes: list[ImportedCode], origin: str = ORIGIN) -> bytes:
    """The codebook as REFI-QDA XML (namespace urn:QDA-XML:codebook:1.0), UTF-8."""
    # Names stay unqualified: the root declares the default namespace itself.
    guids: dict[str, str] = {}
    for code in codes:  # an imported theme keeps its code's GUID (unless two claim the same one)
        kept = code.guid.upper()
        guids[code.key] = kept if kept and kept not in guids.values() else _guid(code.key)
    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": origin})
    codes_node = ET.SubElement(root, "Codes")
    nodes: dict[str, ET.Element] = {}
    for code in codes:
        parent = nodes.get(code.parent, codes_node)
        attrib = {"guid": guids[code.key], "name": code.title, "isCodable": "true"}
        if code.colour:
            attrib["color"] = code.colour
        node = ET.SubElement(parent, "Code", attrib)
        if code.description:
            ET.SubElement(node, "Description").text = code.description
        nodes[code.key] = node
    sets: dict[str, list[str]] = {}
    for code in codes:
        for name in code.sets:
            sets.setdefault(name, []).append(code.key)
    if sets:  # the schema allows no <Sets> but not an empty one
        sets_node = ET.SubElement(root, "Sets")
        for name, members in sets.items():
            set_node = ET.SubElement(sets_node, "Set", {"guid": _guid("set:" + name), "name": name})
            for key in members:
                # The codebook schema names the member "guid" (a project's Sets say "targetGUID").
                ET.SubElement(set_node, "MemberCode", {"guid": guids[key]})
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def export_qdc(
    source: Corpus | ImportedProject | Iterable[Theme],
    out: Path,
    *,
    study: str | None = None,
    root: Path | None = None,
    overwrite: bool = False,
    library: Library | None = None,
    unknown: list[str] | None = None,
) -> int:
    """Write themes as a .qdc codebook at ``out``; returns how many codes were written.

    ``source``: a :class:`Corpus` (give ``study`` to export one study's themes), theme
    records (e.g. from :func:`themes_in`), or an :class:`ImportedProject`. ``root``:
    the project folder, so colours and sets are read back from the theme files'
    comments. ``library``: the bibliography, so citations in summaries become APA text
    (without one, or for a key it lacks, the key is written; such keys are added to
    ``unknown``). An existing ``out`` is kept unless ``overwrite``; raises
    :class:`ExportError` when the file cannot be written.
    """
    if isinstance(source, ImportedProject):
        codes = list(source.codes)
    else:
        themes: Iterable[Theme]
        if isinstance(source, Corpus):
            themes = source.themes.values()
        elif isinstance(source, Mapping):
            themes = source.values()
        else:
            themes = source
        chosen = (t for t in themes if study is None or t.study == study)
        codes = _codes_from_themes(chosen, root, library or Library(), unknown)
    if not codes:  # a codebook's <Codes> must hold at least one code
        raise ExportError("there are no themes to export")
    data = codebook_xml(codes)
    if out.exists() and not overwrite:
        raise ExportError(f"{out.as_posix()} exists already")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise ExportError(f"cannot write {out.as_posix()}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(name, file_mode())
        if overwrite:
            os.replace(name, out)
        else:
            place(Path(name), out)
    except WriteError as exc:
        raise ExportError(f"{out.as_posix()} exists already") from exc
    except OSError as exc:
        raise ExportError(f"cannot write {out.as_posix()}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)
    return len(codes)
