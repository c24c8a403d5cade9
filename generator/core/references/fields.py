"""Field normalisation shared by the formatter and the exports."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from generator.core.references.latex import plain

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_INDEX = {m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)}
_IN_PRESS = {"inpress", "in press", "forthcoming", "accepted", "in-press"}
_ADVANCE = {"online", "advance online publication", "advanceonline", "aop", "epub ahead of print"}
# Reference managers put the status in ``note`` (Zotero's "Extra", PubMed imports).
_ADVANCE_NOTES = {"advance online publication", "epub ahead of print", "online ahead of print"}
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:/(\d{4})?.*)?$")
_DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\s+)", re.I)
_DOI_IN_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\..+)$", re.I)
_URL_ESCAPES = re.compile(r"\\([_%&#~$])")
_URL_COMMAND = re.compile(r"\\(?:url|href)\{([^{}]*)\}")
_ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_EDITION = re.compile(r"^(\d+)\s*(?:st|nd|rd|th)?\.?(?:\s*(?:ed\.?|edn\.?|edition))?$", re.I)
_ARTICLE_NUMBER = re.compile(r"^[eE]?\d+$")
_DASHES = re.compile(r"\s*(?:-+|–|—|‐|‑)\s*")


@dataclass(frozen=True)
class Date:
    year: str = ""  # "2018", "1984–1986"; "" when unknown
    month: int = 0
    day: int = 0
    in_press: bool = False
    advance_online: bool = False

    @property
    def base_label(self) -> str:
        """Year label before any a/b suffix."""
        if self.in_press:
            return "in press"
        return self.year or "n.d."

    def sort_key(self) -> tuple[int, str]:
        # APA: no date first, then chronological, "in press" last.
        if self.in_press:
            return (2, "")
        if not self.year:
            return (0, "")
        return (1, self.year)


def parse_date(fields: Mapping[str, str]) -> Date:
    pubstate = plain(fields.get("pubstate", "")).strip().lower()
    in_press = pubstate in _IN_PRESS
    advance = pubstate in _ADVANCE or plain(fields.get("note", "")).strip().rstrip(".").lower() in _ADVANCE_NOTES
    raw = plain(fields.get("date", "")).strip()
    year, month, day = "", 0, 0
    m = _ISO_DATE.match(raw)
    if m:
        year = m.group(1) + (f"–{m.group(4)}" if m.group(4) else "")
        month = int(m.group(2) or 0) if 1 <= int(m.group(2) or 0) <= 12 else 0
        day = int(m.group(3) or 0) if month and 1 <= int(m.group(3) or 0) <= 31 else 0
    if not year:
        text = plain(fields.get("year", "")).strip()
        if text.lower().strip(".") in _IN_PRESS:
            in_press = True
        elif text.lower().replace(".", "") not in ("", "nd", "n d", "no date"):
            ym = re.match(r"^(\d{4})[a-z]?$", text)
            year = ym.group(1) if ym else text
        month = month or _month(plain(fields.get("month", "")))
        if month:
            dm = re.match(r"^\d{1,2}$", plain(fields.get("day", "")).strip())
            day = int(dm.group()) if dm and 1 <= int(dm.group()) <= 31 else 0
    return Date(year, month, day, in_press, advance)


def _month(text: str) -> int:
    text = text.strip().lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else 0
    return _MONTH_INDEX.get(text[:3], 0)


def format_day(month: int, day: int, year: str) -> str:
    """'March 3, 2020' (retrieval dates)."""
    return f"{MONTHS[month - 1]} {day}, {year}" if day else f"{MONTHS[month - 1]} {year}"


def parse_iso_day(text: str) -> str:
    m = _ISO_DATE.match(plain(text).strip())
    if not m or not m.group(2):
        return ""
    month, day = int(m.group(2)), int(m.group(3) or 0)
    if not 1 <= month <= 12:
        return ""
    return format_day(month, day if 1 <= day <= 31 else 0, m.group(1))


def clean_url(value: str) -> str:
    """URL fields are not LaTeX text: only undo escapes and braces."""
    value = _URL_COMMAND.sub(r"\1", value)
    value = _URL_ESCAPES.sub(r"\1", value).replace("{", "").replace("}", "")
    value = value.replace("\\textasciitilde", "~").strip()
    return value.split()[0] if value else ""


def doi_of(fields: Mapping[str, str]) -> str:
    """Bare DOI ("10.1037/int0000101") from doi, eprint or a doi.org URL."""
    raw = fields.get("doi", "")
    if not raw and plain(fields.get("eprinttype", "")).strip().lower() == "doi":
        raw = fields.get("eprint", "")
    if not raw:
        m = _DOI_IN_URL.match(clean_url(fields.get("url", "")))
        raw = m.group(1) if m else ""
    doi = _DOI_PREFIX.sub("", raw.strip().strip("{}"))
    doi = _DOI_PREFIX.sub("", clean_url(doi))  # "doi:https://doi.org/..." seen in exports
    return doi if doi.startswith("10.") else ""


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}" if doi else ""


def url_of(fields: Mapping[str, str]) -> str:
    url = clean_url(fields.get("url", ""))
    if not url:
        m = _URL_COMMAND.search(fields.get("howpublished", ""))
        url = clean_url(m.group(1)) if m else ""
    return url if re.match(r"^(?:https?|ftp)://", url, re.I) else ""


def pages_of(value: str) -> str:
    """'233--243' -> '233–243' (APA page ranges use an en dash)."""
    return _DASHES.sub("–", plain(value).strip()).strip("–")


def is_article_number(pages: str) -> bool:
    """Online journals' article ids often sit in ``pages`` (e.g. 915932, e0169493)."""
    return bool(_ARTICLE_NUMBER.match(pages))


def edition_label(value: str) -> str:
    """'2' / 'second' / '2nd edition' -> '2nd ed.'; first editions are not shown."""
    text = plain(value).strip().rstrip(".")
    if not text:
        return ""
    number = _ORDINAL_WORDS.get(text.lower().split()[0])
    m = _EDITION.match(text)
    if m:
        number = int(m.group(1))
    if number is None:
        lower = text.lower()
        if lower.startswith("rev"):
            return "Rev. ed."
        return text if "ed" in lower else f"{text} ed."
    if number == 1:
        return ""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix} ed."
