"""Read REFI-QDA exports: codebooks (.qdc), projects (.qde) and project archives (.qdpx).

Codes become themes (their tree kept), coded text selections become excerpts under
their code, and Sets are kept as groupings to report. Real exports differ from each
other and from the standard; what we met and handle:

* GUIDs in upper case (MAXQDA, ATLAS.ti, Taguette) or lower case (NVivo): compared
  without case;
* source texts under ``sources/`` (MAXQDA) or ``Sources/`` (NVivo), with a byte-order
  mark and CRLF line ends;
* NVivo counting positions in UTF-16 code units (see :mod:`.offsets`);
* one selection per coding (NVivo) or several codings per selection;
* projects without sources, or with nothing at all.

This module reads the codebook (codes and Sets); refi_sources.py the sources and their coded
selections, refi_speakers.py who speaks in them, refi_input.py the archive's files.
"""

from __future__ import annotations

import zipfile

from .model import Grouping, ImportedCode, ImportedProject
from .refi_input import Archive, Reader, read_member
from .refi_sources import read_sources
from .text import clean_label
from .xmltree import Node, XmlError, parse_xml

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"


# --- entry points -------------------------------------------------------------------------------


def read_xml_file(data: bytes, shown: str) -> ImportedProject:
    """A .qdc or .qde file: codes, and (for a project) selections whose text it holds inline."""
    project = ImportedProject(kind="REFI-QDA")
    reader = Reader(shown, project)
    root = _parse(data, reader)
    if root is not None:
        _read_root(root, reader, None)
    return project


def read_qdpx(archive: zipfile.ZipFile, shown: str) -> ImportedProject:
    """A .qdpx archive: project.qde plus the source texts under sources/ or Sources/."""
    project = ImportedProject(kind="REFI-QDA project")
    names = [info for info in archive.infolist() if not info.is_dir()]
    qde = [info for info in names if info.filename.lower() == "project.qde"]
    qde = qde or [info for info in names if info.filename.lower().endswith(".qde")]
    reader = Reader(shown, project)
    if len(qde) != 1:
        found = "no .qde file" if not qde else f"{len(qde)} .qde files"
        reader.problem(f"the archive holds {found}; a .qdpx has exactly one project.qde", error=True)
        return project
    reader.shown = f"{shown}/{qde[0].filename}"
    data = read_member(archive, qde[0], reader)
    if data is None:
        return project
    root = _parse(data, reader)
    if root is not None:
        _read_root(root, reader, Archive(archive, shown, names))
    return project


# --- reading ------------------------------------------------------------------------------------


def _parse(data: bytes, reader: Reader) -> Node | None:
    try:
        return parse_xml(data)
    except XmlError as exc:
        reader.problem(str(exc), exc.line, error=True)
        return None


def _read_root(root: Node, reader: Reader, archive: Archive | None) -> None:
    project = reader.project
    project.origin = root.get("origin")
    project.name = root.get("name")
    if root.tag == "CodeBook":
        project.kind = "REFI-QDA codebook"
        codes_parent = root.find("Codes")
        expected = CODEBOOK_NS
    elif root.tag == "Project":
        project.kind = "REFI-QDA project"
        book = root.find("CodeBook")
        codes_parent = book.find("Codes") if book is not None else None
        expected = PROJECT_NS
    else:
        reader.problem(
            f"the root element is <{root.tag}>, not a REFI-QDA <CodeBook> or <Project>", root.line, error=True
        )
        return
    if root.namespace != expected:
        reader.problem(
            f"namespace '{root.namespace}' is not the REFI-QDA one ('{expected}'); reading it as REFI-QDA anyway",
            root.line,
        )
    codes: dict[str, ImportedCode] = {}
    if codes_parent is not None:
        _read_codes(codes_parent, "", reader, codes)
    _read_sets(root, reader, codes)
    if root.tag == "Project":
        read_sources(root, reader, codes, archive)


def _read_codes(parent: Node, parent_key: str, reader: Reader, codes: dict[str, ImportedCode]) -> None:
    for order, node in enumerate(parent.findall("Code"), 1):
        key = node.get("guid").strip().lower()
        if not key or key in codes:
            if key:
                reader.problem(
                    f"code GUID '{node.get('guid')}' is used twice; the second code keeps its place", node.line
                )
            key = f"line-{node.line}-{order}"
        title = clean_label(node.get("name"))
        if not title:
            title = "Untitled code"
            reader.problem("a code has no name; it is imported as 'Untitled code'", node.line)
        colour = node.get("color").strip()
        if colour and not _is_colour(colour):
            reader.problem(f"code colour '{colour}' is not #RRGGBB; left out", node.line)
            colour = ""
        code = ImportedCode(
            key=key,
            title=title,
            description=node.findtext("Description").strip(),
            colour=colour.lower(),
            parent=parent_key,
            order=order,
        )
        codes[key] = code
        reader.project.codes.append(code)
        _read_codes(node, key, reader, codes)


def _is_colour(text: str) -> bool:
    return len(text) == 7 and text[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in text[1:])


def _read_sets(root: Node, reader: Reader, codes: dict[str, ImportedCode]) -> None:
    for node in root.iter("Set"):
        grouping = Grouping(clean_label(node.get("name")) or "Unnamed set", node.findtext("Description").strip())
        for member in node.findall("MemberCode"):
            # A project's Sets name members by targetGUID, a codebook's (.qdc) by guid.
            key = (member.get("targetGUID") or member.get("guid")).strip().lower()
            if key in codes:
                grouping.codes.append(key)
                codes[key].sets.append(grouping.name)
            else:
                reader.problem(f"set '{grouping.name}' names a code that does not exist", member.line)
        grouping.sources = len(node.findall("MemberSource"))
        reader.project.groupings.append(grouping)
