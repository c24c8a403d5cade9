"""Personal and group names in APA form."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.core.references.latex import plain
from generator.core.references.richtext import sort_text

_INITIAL_SPLIT = re.compile(r"([-‐‑])")
_INITIALS_RUN = re.compile(r"^[A-Z]{2,3}$")


@dataclass(frozen=True)
class Name:
    """One name, decoded. ``literal`` is set for group authors and 'others'."""

    family: str = ""  # without particle
    given: str = ""  # given names as written (for exports)
    particle: str = ""  # "van der", "de"
    suffix: str = ""  # "Jr."
    initials: str = ""  # "P.-E."
    literal: str = ""  # "American Psychiatric Association"
    others: bool = False  # "and others" in BibTeX: the list is truncated

    @functools.cached_property
    def surname(self) -> str:
        """Family name as cited in text: "de Jong", or the group's name."""
        if self.literal:
            return self.literal
        return f"{self.particle} {self.family}".strip()

    def inverted(self) -> str:
        """Reference-list form: "van der Berg, J.", "Whitaker, R. K., Jr."."""
        if self.literal:
            return self.literal
        parts = [self.surname]
        if self.initials:
            parts.append(self.initials)
        if self.suffix:
            parts.append(self.suffix)
        return ", ".join(p for p in parts if p)

    def direct(self) -> str:
        """Editor form in "In ... (Ed.)": "M. J. Lambert", "R. K. Whitaker, Jr."."""
        if self.literal:
            return self.literal
        text = f"{self.initials} {self.surname}".strip()
        return f"{text}, {self.suffix}" if self.suffix else text

    @functools.cached_property
    def identity(self) -> tuple[str, str]:
        """Same person for ordering and year suffixes: surname plus initials."""
        return (sort_text(self.surname), sort_text(self.initials))


def _brace_literal(part: str) -> str | None:
    """``{American Psychiatric Association}`` (from double braces) -> its text."""
    if not (part.startswith("{") and part.endswith("}")):
        return None
    depth = 0
    for i, ch in enumerate(part):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0 and i != len(part) - 1:
            return None  # "{A} and {B}": two groups, not one literal
    inner = part[1:-1]
    return inner if " " in inner or not inner.startswith("\\") else None


def initials_of(given: Sequence[str]) -> str:
    """``["Per-Einar"]`` -> "P.-E."; ``["C", "A"]`` -> "C. A."; keeps "Th." digraphs."""
    out: list[str] = []
    for token in given:
        if _INITIALS_RUN.match(token):
            # Google Scholar and PubMed glue initials: "Higgins, Julian PT", "Smith, JA".
            out.append(" ".join(f"{c}." for c in token))
            continue
        pieces: list[str] = []
        for piece in _INITIAL_SPLIT.split(token):
            if piece in "-‐‑":
                if piece and pieces:
                    pieces.append("-")
                continue
            if piece.startswith("{") and not piece.startswith("{\\"):
                close = piece.find("}")
                head = plain(piece[1:close]) if close > 0 else ""
            else:
                head = next((c for c in plain(piece) if c.isalnum()), "")
            if head:
                pieces.append(head + ".")
        if pieces and pieces[-1] == "-":
            pieces.pop()
        out.append("".join(pieces))
    return " ".join(p for p in out if p)


def make_name(
    first: Sequence[str], middle: Sequence[str], prelast: Sequence[str], last: Sequence[str], lineage: Sequence[str]
) -> Name:
    """Build a :class:`Name` from pybtex's name parts (still LaTeX)."""
    given = [*first, *middle]
    if not given and not prelast and not lineage and len(last) == 1:
        literal = _brace_literal(last[0])
        if literal is not None:
            return Name(literal=plain(literal))
        if last[0] == "others":
            return Name(others=True)
    family = plain(" ".join(last))
    if not family and given:  # "Madonna" style single names land in given
        family, given = plain(" ".join(given)), []
    suffix = plain(" ".join(lineage))
    if suffix and suffix.rstrip(".") in {"Jr", "Sr"}:
        suffix = suffix.rstrip(".") + "."
    return Name(
        family=family,
        given=plain(" ".join(given)),
        particle=plain(" ".join(prelast)),
        suffix=suffix,
        initials=initials_of(given),
    )


def join_names(names: Sequence[str], amp: str = "&", oxford: bool = True) -> str:
    """APA list: "A", "A & B", "A, B, & C" (``amp`` may be "and")."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} {amp} {names[1]}"
    comma = "," if oxford else ""
    return ", ".join(names[:-1]) + f"{comma} {amp} {names[-1]}"


def reference_authors(names: Sequence[Name]) -> str:
    """Author element of a reference: up to 20 in full, else 19 . . . last."""
    real = [n for n in names if not n.others]
    inverted = [n.inverted() for n in real]
    truncated = len(real) != len(names)
    if len(inverted) > 20:
        return ", ".join(inverted[:19]) + ", . . . " + inverted[-1]
    if truncated and inverted:
        return ", ".join(inverted) + ", et al."
    # APA puts a comma before "&" even with two inverted names ("Råbu, M., & Moltu, C.").
    if len(inverted) == 2:
        return f"{inverted[0]}, & {inverted[1]}"
    return join_names(inverted)


def editor_names(names: Sequence[Name]) -> str:
    """Editors in the "In" element: "M. J. Lambert", "A. Smith & B. Jones"."""
    direct = [n.direct() for n in names if not n.others]
    if len(direct) > 20:
        return ", ".join(direct[:19]) + ", . . . " + direct[-1]
    return join_names(direct)


def cited_names(names: Sequence[Name], shown: int, amp: str) -> str:
    """In-text author part showing ``shown`` surnames before "et al."."""
    surnames = [n.surname for n in names if not n.others]
    truncated = len(surnames) != len(names)
    if not surnames:
        return ""
    if len(surnames) <= 2 and not truncated:
        return join_names(surnames, amp)
    if shown >= len(surnames) and not truncated:
        return join_names(surnames, amp)
    return ", ".join(surnames[: max(shown, 1)]) + (", et al." if shown > 1 else " et al.")
