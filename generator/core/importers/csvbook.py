"""Read a two-level codebook kept as a spreadsheet (CSV): themes, subthemes, descriptions.

The header row names the columns; names are matched without case, spacing, '-' or '_'
(see the tables below). Real files are untidy, and these are handled:

* a byte-order mark, CRLF or CR line ends, ';' or tab instead of ',';
* a theme written once and left empty on the rows below it (filled down);
* the same theme spelt two ways: trailing or doubled spaces, curly or straight quotes;
* short codes beside the labels (``NRM_MOB`` beside "Norms restricting ..."): they
  group rows and become the ids;
* subthemes that spill into unnamed columns right of the subtheme column;
* other columns (a coding sheet's own variables): reported, not read.
"""

from __future__ import annotations

import csv
import io
import re

from ..diagnostics import Diagnostic, Location, Severity
from .model import ImportedCode, ImportedProject
from .text import clean_label, decode_text, label_key

THEME = {
    "theme", "themes", "main theme", "main themes", "theme name", "theme label", "parent", "parent theme",
    "parent code", "category", "categories", "main category", "code group", "group", "top level code",
    "overarching theme", "indicator",
}  # fmt: skip
THEME_CODE = {"theme code", "theme id", "parent code id", "category code", "indicator label", "indicator code"}
SUBTHEME = {
    "subtheme", "subthemes", "sub theme", "sub themes", "subtheme name", "subtheme label", "sub category",
    "sub categories", "subcategory", "subcategories", "child", "child code", "code", "codes", "code name",
    "subcode", "sub code", "indicator category", "tag", "tags",
}  # fmt: skip
SUBTHEME_CODE = {"subtheme code", "subtheme id", "sub theme code", "code id", "code label", "category label"}
DESCRIPTION = {
    "description", "descriptions", "definition", "definitions", "summary", "meaning", "explanation", "memo",
    "note", "notes", "code description", "subtheme description", "code definition",
}  # fmt: skip
THEME_DESCRIPTION = {"theme description", "theme definition", "category description", "parent description"}


def header_key(cell: str) -> str:
    return re.sub(r"[\s_\-]+", " ", label_key(cell)).strip()


class _Columns:
    def __init__(self) -> None:
        self.theme = self.theme_code = self.sub = self.sub_code = self.description = self.theme_description = -1
        self.spill: list[int] = []
        self.ignored: list[str] = []


def _columns(header: list[str]) -> _Columns:
    cols = _Columns()
    tables = (
        ("theme", THEME),
        ("theme_code", THEME_CODE),
        ("sub", SUBTHEME),
        ("sub_code", SUBTHEME_CODE),
        ("description", DESCRIPTION),
        ("theme_description", THEME_DESCRIPTION),
    )
    for index, cell in enumerate(header):
        key = header_key(cell)
        role = next((name for name, table in tables if key in table and getattr(cols, name) < 0), "")
        if not role and key:
            # Loose names: "Main themes (final)", "Sub-themes identified".
            if "sub" in key and ("theme" in key or "categor" in key) and cols.sub < 0:
                role = "sub"
            elif ("theme" in key or "categor" in key) and cols.theme < 0:
                role = "theme"
        if role:
            setattr(cols, role, index)
        elif key:
            cols.ignored.append(clean_label(cell))
    if cols.sub >= 0:
        index = cols.sub + 1
        while index < len(header) and not header[index].strip():
            cols.spill.append(index)
            index += 1
    return cols


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(data: bytes, shown: str) -> ImportedProject:
    project = ImportedProject(kind="codebook CSV")

    def problem(message: str, line: int = 0, suggestion: str = "", *, error: bool = False) -> None:
        severity = Severity.ERROR if error else Severity.WARNING
        project.diagnostics.append(Diagnostic(Location(shown, line), message, severity, suggestion, code="import"))

    text, note = decode_text(data)
    if note:
        problem(f"the file {note}")
    if "\x00" in text:
        problem("the file holds NUL bytes; it is not a text CSV file", error=True)
        return project
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        problem(f"not a readable CSV file: {exc}", reader.line_num, error=True)
        return project
    rows = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        problem("the file is empty", error=True)
        return project
    header_line, header = rows[0]
    cols = _columns(header)
    if cols.theme < 0 and cols.sub >= 0:
        # A flat list of codes ("code, description"; Taguette's "tag, description"): one level.
        cols.theme, cols.theme_code, cols.sub, cols.sub_code, cols.spill = cols.sub, cols.sub_code, -1, -1, []
    if cols.theme < 0:
        problem(
            "no theme column: the header row names none of 'theme', 'category', 'parent' or the like",
            header_line,
            "name the first-level column 'theme' and the second-level one 'subtheme'",
            error=True,
        )
        return project
    if cols.ignored:
        project.notes.append(f"columns not read: {', '.join(cols.ignored)}")

    def cell(row: list[str], index: int) -> str:
        return clean_label(row[index]) if 0 <= index < len(row) else ""

    themes: dict[str, ImportedCode] = {}
    subs: dict[str, ImportedCode] = {}
    current: ImportedCode | None = None
    for line, row in rows[1:]:
        title, code = cell(row, cols.theme), cell(row, cols.theme_code)
        sub_titles = [cell(row, cols.sub)] + [cell(row, i) for i in cols.spill] if cols.sub >= 0 else []
        sub_titles = [t for t in sub_titles if t]
        description = cell(row, cols.description) if cols.description >= 0 else ""
        if title or code:
            key = "theme:" + (label_key(code) if code else label_key(title))
            current = themes.get(key)
            if current is None:
                current = ImportedCode(key=key, title=title or code, label=code, order=len(themes) + 1)
                themes[key] = current
                project.codes.append(current)
            elif title and label_key(title) != label_key(current.title):
                problem(f"theme '{code}' is also spelt '{title}'; the first spelling is kept", line)
        elif not sub_titles:
            continue
        if current is None:
            problem("a subtheme comes before any theme; skipped", line)
            continue
        theme_description = cell(row, cols.theme_description) if cols.theme_description >= 0 else ""
        if theme_description and not current.description:
            current.description = theme_description
        sub_code = cell(row, cols.sub_code)
        if not sub_titles and sub_code:
            sub_titles = [sub_code]
        if not sub_titles:
            if description and not current.description:
                current.description = description
            continue
        if len(sub_titles) > 1 and (description or sub_code):
            problem("a row names several subthemes but one description or code; it is left out", line)
            description = sub_code = ""
        for sub_title in sub_titles:
            key = current.key + "/" + (label_key(sub_code) if sub_code else label_key(sub_title))
            sub = subs.get(key)
            if sub is None:
                siblings = sum(1 for s in subs.values() if s.parent == current.key)
                sub = ImportedCode(key=key, title=sub_title, label=sub_code, parent=current.key, order=siblings + 1)
                subs[key] = sub
                project.codes.append(sub)
            elif description and sub.description and description != sub.description:
                problem(f"subtheme '{sub_title}' appears twice with different descriptions; the first is kept", line)
            if description and not sub.description:
                sub.description = description
    # Parents before children, in file order.
    ordered: list[ImportedCode] = []
    for theme in themes.values():
        ordered.append(theme)
        ordered.extend(s for s in subs.values() if s.parent == theme.key)
    project.codes = ordered
    return project
