"""A REFI-QDA project's text sources and their coded selections, read into excerpts under their codes."""

from __future__ import annotations

from dataclasses import dataclass

from .model import ImportedCode, ImportedExcerpt
from .offsets import CODE_POINTS, Reading, choose_reading
from .refi_input import Archive, Reader, read_member
from .refi_speakers import person_for, person_for_selection
from .text import clean_label, decode_text
from .xmltree import Node

SOURCE_KINDS = ("TextSource", "PDFSource", "PictureSource", "AudioSource", "VideoSource")


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


def read_sources(root: Node, reader: Reader, codes: dict[str, ImportedCode], archive: Archive | None) -> None:
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
        person = person_for(source, case_nodes, variables)
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
            selected = person_for_selection(selection.guid, case_nodes, variables) or person
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


def _source_text(source: Node, reader: Reader, archive: Archive | None) -> str | None:
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
    data = read_member(archive.zip, member, reader)
    if data is None:
        return None
    text, note = decode_text(data)
    if note:
        reader.problem(f"{member.filename} {note}", source.line)
    return text


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
