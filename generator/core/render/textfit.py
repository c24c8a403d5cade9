"""Fit labels into the boxes of a picture drawn at build time, when the reader's font is not known.

Widths are estimated with the advance widths of DejaVu Sans, the widest of the common sans-serif fonts a browser
falls back to (Helvetica, Arial, Liberation Sans and the system fonts of phones are narrower), so a label that fits
here fits on screen. Lines break only between words; a word too long for the box makes the box's text smaller
rather than being cut.
"""

from __future__ import annotations

from itertools import repeat

# Advance widths in em (DejaVu Sans, rounded up).
_NARROW = dict.fromkeys("fijlt'|!.,:;", 0.34) | {" ": 0.32, "r": 0.42, "I": 0.30, "J": 0.30, "(": 0.40, ")": 0.40}
_WIDE = dict.fromkeys("mwMW", 1.0) | dict.fromkeys("—…", 1.0) | dict.fromkeys("ABCDGHKNOQRUVXYZ&", 0.79)
_DEFAULT = 0.66  # other letters and digits: at most about 0.64 em in DejaVu Sans
_HYPHEN = {"-": 0.37, "–": 0.5}
_WIDTHS = _HYPHEN | _WIDE | _NARROW  # no character is in two of them


def text_width(text: str, size: float) -> float:
    """Estimated width of ``text`` at ``size`` px, never less than the widest common fallback font makes it."""
    # One lookup per character, in C (every box of every theme map measures its words and lines).
    return size * sum(map(_WIDTHS.get, text, repeat(_DEFAULT)))


def wrap(text: str, width: float, size: float) -> list[str]:
    """Words of ``text`` in lines no wider than ``width`` at ``size`` px (a word longer than that on its own)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and text_width(candidate, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines or [""]


def fit(text: str, width: float, size: float, smallest: float = 8.0) -> tuple[list[str], float]:
    """Lines and font size that keep every word of ``text`` whole within ``width``: ``size``, or smaller when a
    single word is wider than the box (never below ``smallest``)."""
    widest = max((text_width(word, size) for word in text.split()), default=0.0)
    if widest > width:
        size = max(smallest, size * width / widest)
    return wrap(text, width, size), size
