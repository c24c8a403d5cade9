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
"""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..diagnostics import Diagnostic, Location, Severity
from .model import Grouping, ImportedCode, ImportedExcerpt, ImportedProject
from .offsets import CODE_POINTS, Reading, choose_reading
from .text import DYAD, PSEUDONYM, clean_label, label_key
from .xmltree import Node, XmlError, parse_xml

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # one file inside a .qdpx; refuses zip bombs
SOURCE_KINDS = ("TextSource", "PDFSource", "PictureSource", "AudioSource", "VideoSource")


class Reader:
    """Collects problems against one input file while reading it."""

    def __init__(self, shown: str, project: ImportedProject):
        self.shown = shown
        self.project = project

    def problem(self, message: str, line: int = 0, suggestion: str = "", *, error: bool = False) -> None:
        severity = Severity.ERROR if error else Severity.WARNING
        self.project.diagnostics.append(
            Diagnostic(Location(self.shown, line), message, severity, suggestion, code="import")
        )


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
    data = _read_member(archive, qde[0], reader)
    if data is None:
        return project
    root = _parse(data, reader)
    if root is not None:
        _read_root(root, reader, _Archive(archive, shown, names))
    return project


# --- reading ------------------------------------------------------------------------------------


def _parse(data: bytes, reader: Reader) -> Node | None:
    try:
        return parse_xml(data)
    except XmlError as exc:
        reader.problem(str(exc), exc.line, error=True)
        return None


def _read_root(root: Node, reader: Reader, archive: _Archive | None) -> None:
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
        _read_sources(root, reader, codes, archive)


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


# --- sources and selections ---------------------------------------------------------------------


@dataclass
class _Archive:
    zip: zipfile.ZipFile
    shown: str
    members: list[zipfile.ZipInfo]

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """A source file by name, in sources/ or Sources/ (or anywhere), ignoring case."""
        wanted = name.lower()
        by_path = {info.filename.lower(): info for info in self.members}
        for folder in ("sources/", ""):
            if folder + wanted in by_path:
                return by_path[folder + wanted]
        base = PurePosixPath(wanted).name
        matches = [info for info in self.members if PurePosixPath(info.filename.lower()).name == base]
        return matches[0] if len(matches) == 1 else None


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, reader: Reader) -> bytes | None:
    if info.file_size > MAX_MEMBER_BYTES:
        reader.problem(
            f"{info.filename} is {info.file_size} bytes unpacked; files over 256 MiB are not read", error=True
        )
        return None
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_MEMBER_BYTES + 1)
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
        reader.problem(f"cannot read {info.filename} from the archive: {exc}", error=True)
        return None
    if len(data) > MAX_MEMBER_BYTES:
        reader.problem(f"{info.filename} unpacks to over 256 MiB; not read", error=True)
        return None
    return data


def decode_text(data: bytes) -> tuple[str, str]:
    """A source's text without its byte-order mark, and a note when the encoding had to be guessed."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), ""
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "is not UTF-8; read as Windows-1252"


@dataclass
class _Person:
    """What Cases and Variables say about whoever speaks in a source."""

    speaker: str = ""
    participant: str = ""
    dyad: str = ""
    unnamed: bool = False  # a case name was there but is not a pseudonym
    ambiguous: bool = False  # several cases share the source


@dataclass
class _Selection:
    start: int
    end: int
    codes: list[str]
    line: int
    guid: str


@dataclass
class _Tally:
    skipped_other_media: int = 0
    unknown_code: int = 0
    bad_position: int = 0
    empty: int = 0
    duplicate: int = 0
    no_text: int = 0
    unnamed: int = 0
    ambiguous: int = 0
    uncoded: int = 0
    bad_line: int = 0  # the first selection whose positions do not fit its text


def _read_sources(root: Node, reader: Reader, codes: dict[str, ImportedCode], archive: _Archive | None) -> None:
    sources_node = root.find("Sources")
    if sources_node is None:
        return
    variables = {v.get("guid").strip().lower(): clean_label(v.get("name")) for v in root.iter("Variable")}
    cases = root.find("Cases")
    case_nodes = cases.findall("Case") if cases is not None else []
    prefer_utf16 = "nvivo" in reader.project.origin.lower()
    tally = _Tally()
    seen: set[tuple[str, int, int, str]] = set()
    for order, source in enumerate(n for n in sources_node.children if n.tag in SOURCE_KINDS):
        reader.project.sources += 1
        if source.tag != "TextSource":
            skipped = sum(1 for c in source.children if c.tag.endswith("Selection"))
            tally.skipped_other_media += skipped
            reader.project.selections += skipped
            continue
        selections = _selections(source, tally)
        reader.project.selections += len(selections)
        if not selections:
            continue
        text = _source_text(source, reader, archive)
        if text is None:
            tally.no_text += len(selections)
            continue
        spans = [(s.start, s.end) for s in selections]
        chosen, scores = choose_reading(text, spans, prefer_utf16)
        described = chosen.reading.describe()
        if chosen.reading != Reading(CODE_POINTS, crlf_as_one=False):
            reader.project.notes.append(
                f"positions in source '{clean_label(source.get('name'))}' read as {described}: "
                f"so read, selections start and end between words most often ({_format_scores(scores)})"
            )
        person = _person_for(source, case_nodes, variables)
        for selection in selections:
            sliced = chosen.slice(selection.start, selection.end)
            if sliced is None:
                tally.bad_position += 1
                tally.bad_line = min(tally.bad_line or selection.line, selection.line)
                continue
            words = sliced.replace("\r\n", "\n").replace("\r", "\n").strip()
            if not words:
                tally.empty += 1
                continue
            span = chosen.span(selection.start, selection.end) or (0, 0)
            first, last = chosen.line_of(span[0]), chosen.line_of(max(span[0], span[1] - 1))
            selected = _person_for_selection(selection, case_nodes, variables) or person
            tally.unnamed += selected.unnamed
            tally.ambiguous += selected.ambiguous
            for code_key in selection.codes:
                code = codes.get(code_key)
                if code is None:
                    tally.unknown_code += 1
                    continue
                identity = (code_key, *span, source.get("guid").lower())
                if identity in seen:
                    tally.duplicate += 1
                    continue
                seen.add(identity)
                code.excerpts.append(
                    ImportedExcerpt(
                        text=words,
                        speaker=selected.speaker,
                        participant=selected.participant,
                        dyad=selected.dyad,
                        locator=f"l. {first}" if first == last else f"l. {first}-{last}",
                        source_order=order,
                        start=span[0],
                    )
                )
    for code in codes.values():
        code.excerpts.sort(key=lambda e: (e.source_order, e.start))
    _report_tally(tally, reader)


def _format_scores(scores: dict[Reading, int]) -> str:
    return "; ".join(f"{reading.describe()}: {value}" for reading, value in scores.items())


def _selections(source: Node, tally: _Tally) -> list[_Selection]:
    found = []
    for node in source.children:
        if node.tag.endswith("Selection") and node.tag != "PlainTextSelection":
            tally.skipped_other_media += 1
            continue
        if node.tag != "PlainTextSelection":
            continue
        try:
            start, end = int(node.get("startPosition")), int(node.get("endPosition"))
        except ValueError:
            tally.bad_position += 1
            tally.bad_line = min(tally.bad_line or node.line, node.line)
            continue
        refs = [
            ref.get("targetGUID").strip().lower()
            for coding in node.findall("Coding")
            for ref in coding.findall("CodeRef")
        ]
        if not refs:
            tally.uncoded += 1
            continue
        found.append(_Selection(start, end, refs, node.line, node.get("guid").strip().lower()))
    return found


def _source_text(source: Node, reader: Reader, archive: _Archive | None) -> str | None:
    inline = source.find("PlainTextContent")
    if inline is not None:
        return inline.text
    name = clean_label(source.get("name")) or source.get("guid")
    if archive is None:
        reader.problem(
            f"the text of source '{name}' is not in this file; its selections are skipped",
            source.line,
            "import the .qdpx archive, which holds the sources",
        )
        return None
    path = source.get("plainTextPath").strip()
    if path.startswith("internal://"):
        member = archive.find(path[len("internal://") :])
    elif not path:
        member = archive.find(source.get("guid").strip() + ".txt")
    else:
        member = None
    if member is None:
        reader.problem(
            f"the plain text of source '{name}' ({path or 'no plainTextPath'}) is not in the archive", source.line
        )
        return None
    data = _read_member(archive.zip, member, reader)
    if data is None:
        return None
    text, note = decode_text(data)
    if note:
        reader.problem(f"{member.filename} {note}", source.line)
    return text


# --- who speaks ---------------------------------------------------------------------------------

_ROLE_WORDS = {
    "patient": ("patient", "patients", "client", "clients", "service user", "service users"),
    "therapist": (
        "therapist", "therapists", "psychotherapist", "psychotherapists", "clinician", "clinicians",
        "counsellor", "counsellors", "counselor", "counselors", "psychologist", "psychologists",
    ),
    "family member": (
        "family member", "family members", "family", "parent", "parents", "mother", "father", "relative",
        "relatives", "carer", "carers", "caregiver", "caregivers", "sibling", "siblings", "spouse",
    ),
}  # fmt: skip
_ROLE_VARIABLES = {
    "role", "speaker", "speaker role", "participant role", "participant type", "perspective", "respondent type",
    "informant type", "participant group", "type of participant",
}  # fmt: skip
_PSEUDONYM_VARIABLES = {"participant", "participant id", "pseudonym", "participant code", "speaker id", "respondent id"}
_DYAD_VARIABLES = {"dyad", "dyad id", "dyad code", "pair"}


def role_of(text: str, *, whole: bool) -> str:
    """The role a label clearly names, or "" when it names none or several.

    ``whole``: the label must be just the role ("Therapist"), as for a variable's value;
    otherwise the role may be one word of it ("Therapist T3"), as for a case name.
    """
    key = label_key(text).replace("-", " ").replace("_", " ")
    if whole:
        if key == "other":
            return "other"
        return next((role for role, words in _ROLE_WORDS.items() if key in words), "")
    tokens = " " + " ".join(w for w in "".join(c if c.isalnum() else " " for c in key).split()) + " "
    found = {role for role, words in _ROLE_WORDS.items() if any(f" {w} " in tokens for w in words)}
    return found.pop() if len(found) == 1 else ""


def _values(node: Node, variables: dict[str, str]) -> dict[str, str]:
    values = {}
    for value in node.findall("VariableValue"):
        ref = value.find("VariableRef")
        name = variables.get(ref.get("targetGUID").strip().lower(), "") if ref is not None else ""
        content = next((c.text for c in value.children if c.tag.endswith("Value")), "")
        if name:
            values[label_key(name)] = clean_label(content)
    return values


def _person(case: Node | None, source_values: dict[str, str], variables: dict[str, str]) -> _Person:
    person = _Person()
    values = dict(source_values)
    name = ""
    if case is not None:
        values.update(_values(case, variables))
        name = clean_label(case.get("name"))
    for key, value in values.items():
        if key in _ROLE_VARIABLES and not person.speaker:
            person.speaker = role_of(value, whole=True) or role_of(value, whole=False)
        elif key in _PSEUDONYM_VARIABLES and PSEUDONYM.match(value) and not person.participant:
            person.participant = value
        elif key in _DYAD_VARIABLES and DYAD.match(value) and not person.dyad:
            person.dyad = value
    if name:
        person.speaker = person.speaker or role_of(name, whole=False)
        if not person.participant:
            if PSEUDONYM.match(name):
                person.participant = name
            else:
                person.unnamed = True
    return person


def _person_for(source: Node, cases: list[Node], variables: dict[str, str]) -> _Person:
    guid = source.get("guid").strip().lower()
    mine = [c for c in cases if any(r.get("targetGUID").strip().lower() == guid for r in c.findall("SourceRef"))]
    source_values = _values(source, variables)
    if len(mine) > 1:
        person = _person(None, source_values, variables)
        person.ambiguous = True
        return person
    return _person(mine[0] if mine else None, source_values, variables)


def _person_for_selection(selection: _Selection, cases: list[Node], variables: dict[str, str]) -> _Person | None:
    """A case that names this very selection (SelectionRef) says who speaks in it."""
    if not selection.guid:
        return None
    mine = [
        c
        for c in cases
        if any(r.get("targetGUID").strip().lower() == selection.guid for r in c.findall("SelectionRef"))
    ]
    return _person(mine[0], {}, variables) if len(mine) == 1 else None


def _report_tally(tally: _Tally, reader: Reader) -> None:
    if tally.skipped_other_media:
        reader.problem(f"{tally.skipped_other_media} selection(s) in PDF, picture, audio or video sources skipped")
    if tally.no_text:
        reader.problem(f"{tally.no_text} coded selection(s) skipped because their source text is missing")
    if tally.unknown_code:
        reader.problem(f"{tally.unknown_code} coding(s) refer to a code that does not exist; skipped")
    if tally.bad_position:
        reader.problem(
            f"{tally.bad_position} selection(s) have positions that do not fit their text; skipped", tally.bad_line
        )
    if tally.empty:
        reader.problem(f"{tally.empty} selection(s) hold only white space; skipped")
    if tally.uncoded:
        reader.project.notes.append(f"{tally.uncoded} selection(s) carry no code; not imported")
    if tally.duplicate:
        reader.project.notes.append(f"{tally.duplicate} selection(s) repeat a span already coded with the same code")
    if tally.unnamed:
        reader.problem(
            f"{tally.unnamed} coded selection(s) come from cases whose names are not pseudonyms such as 'P07'; "
            "their participant is left out",
            suggestion="add 'participant:' by hand, or rename the cases to pseudonyms and import again",
        )
    if tally.ambiguous:
        reader.problem(
            f"{tally.ambiguous} coded selection(s) come from sources shared by several cases; "
            "their speaker is left out",
        )
