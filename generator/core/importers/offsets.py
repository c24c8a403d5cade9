"""Turn startPosition/endPosition of REFI-QDA text selections into the selected words.

The standard counts characters, but tools disagree on what a character is: NVivo counts
UTF-16 code units (an emoji outside the Basic Multilingual Plane counts twice), others
count code points, and a tool might count a CRLF line end as one character. Reading
positions the wrong way makes every selection after the first emoji drift.

So every plausible reading is tried on the source's selections and the one whose
selections start and end at word boundaries most often wins; the exporting tool only
breaks ties. Texts with neither emoji nor CRLF have just one reading.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

#: Readings, in order of preference when they score the same.
CODE_POINTS = "code points"
UTF16 = "UTF-16 code units"


@dataclass(frozen=True)
class Reading:
    unit: str  # CODE_POINTS or UTF16
    crlf_as_one: bool  # positions count a CRLF line end as one character

    def describe(self) -> str:
        return self.unit + (", a CRLF line end counted as one" if self.crlf_as_one else "")


class SourceText:
    """A source's plain text with a slicer for one reading of positions."""

    def __init__(self, text: str, reading: Reading):
        self.reading = reading
        self.text = text.replace("\r\n", "\n") if reading.crlf_as_one else text
        self._cumulative: list[int] | None = None
        self._line_starts: list[int] | None = None
        if reading.unit == UTF16 and any(ord(c) > 0xFFFF for c in self.text):
            self._cumulative = list(accumulate((2 if ord(c) > 0xFFFF else 1 for c in self.text), initial=0))

    def index(self, position: int) -> int | None:
        """Code-point index for a position, or None when it is outside the text or inside a character."""
        if self._cumulative is None:
            return position if 0 <= position <= len(self.text) else None
        index = bisect_left(self._cumulative, position)
        if index >= len(self._cumulative) or self._cumulative[index] != position:
            return None
        return index

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        a, b = self.index(start), self.index(end)
        if a is None or b is None or a > b:
            return None
        return a, b

    def slice(self, start: int, end: int) -> str | None:
        span = self.span(start, end)
        return None if span is None else self.text[span[0] : span[1]]

    def line_of(self, index: int) -> int:
        """1-based line of a code-point index."""
        if self._line_starts is None:
            self._line_starts = [0] + [i + 1 for i, c in enumerate(self.text) if c == "\n"]
        return bisect_right(self._line_starts, index)


def _inside_word(text: str, index: int) -> bool:
    return 0 < index < len(text) and text[index - 1].isalnum() and text[index].isalnum()


def score(source: SourceText, spans: list[tuple[int, int]]) -> int:
    """Boundaries that fall between words; a position that does not exist costs much more."""
    total = 0
    for start, end in spans:
        span = source.span(start, end)
        if span is None:
            total -= 10
            continue
        total += (not _inside_word(source.text, span[0])) + (not _inside_word(source.text, span[1]))
    return total


def readings_for(text: str, prefer_utf16: bool) -> list[Reading]:
    """The readings that can differ for this text, the preferred one first."""
    units = [CODE_POINTS]
    if any(ord(c) > 0xFFFF for c in text):
        units = [UTF16, CODE_POINTS] if prefer_utf16 else [CODE_POINTS, UTF16]
    crlf = [False, True] if "\r\n" in text else [False]
    return [Reading(unit, one) for one in crlf for unit in units]


def choose_reading(
    text: str, spans: list[tuple[int, int]], prefer_utf16: bool
) -> tuple[SourceText, dict[Reading, int]]:
    """The source text read the way that fits its selections best, and every reading's score."""
    scores: dict[Reading, int] = {}
    best: SourceText | None = None
    for reading in readings_for(text, prefer_utf16):
        candidate = SourceText(text, reading)
        scores[reading] = score(candidate, spans)
        if best is None or scores[reading] > scores[best.reading]:
            best = candidate
    assert best is not None
    return best, scores
