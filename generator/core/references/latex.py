"""LaTeX field text -> Unicode with per-character style bits.

BibTeX values mix text, accents, brace protection and a few formatting
commands. We decode them into :class:`Rich` (text plus one style byte per
character) so sentence casing can respect protected braces and Markdown can
render ``\\emph``. Decoding is skipped entirely for values with no LaTeX
syntax, which is the common case and keeps formatting cheap. What each command and
accent stands for is in latex_symbols.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .latex_symbols import (
    ACCENTS,
    BARE_ACCENT,
    DROP_ARG,
    ESCAPED,
    ITALIC_ARG,
    ITALIC_DECL,
    QUOTE_ARG,
    SCRIPT_CHARS,
    SUBSCRIPT,
    SUPERSCRIPT,
    SYMBOLS,
    codec_symbols,
)

ITALIC = 1
PROTECTED = 2  # inside {braces} or $math$: sentence casing must not touch it

# Anything that can change the decoded text; values without it are used as is.
_NEEDS_DECODING = re.compile(r"[\\{}$~]|--|``|''")
# Seen in real libraries: ``Sch{\\"u}pbach``. Read it as the accent it meant.
_DOUBLED_ACCENT = re.compile(r"\\\\(?=[\"'`^~=.])")
_WORD = re.compile(r"[A-Za-z]+\*?")
_TEXT_RUN = re.compile(r"[^\\{}$~`'\-^_]+")


@dataclass(frozen=True)
class Rich:
    """Decoded text; ``styles`` holds one style byte per char, or None for all 0."""

    text: str
    styles: bytes | None = None

    def style_at(self, index: int) -> int:
        return self.styles[index] if self.styles else 0

    def __add__(self, other: Rich) -> Rich:
        if self.styles is None and other.styles is None:
            return Rich(self.text + other.text)
        left = self.styles or bytes(len(self.text))
        right = other.styles or bytes(len(other.text))
        return Rich(self.text + other.text, left + right)


def needs_decoding(value: str) -> bool:
    return _NEEDS_DECODING.search(value) is not None


def _accented(mark: str, base: str) -> str:
    if not base:
        return BARE_ACCENT.get(mark, "")
    first = {"ı": "i", "ȷ": "j"}.get(base[0], base[0])
    return unicodedata.normalize("NFC", first + ACCENTS[mark]) + base[1:]


class _Decoder:
    """Hand-written scanner: a regex tokenizer cannot express accent arguments."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = 0
        self.chunks: list[tuple[str, int]] = []

    def emit(self, text: str, style: int) -> None:
        if text:
            self.chunks.append((text, style))

    def run(self) -> Rich:
        self.group(0, 0, math=False)
        text = "".join(t for t, _ in self.chunks)
        if not any(s for _, s in self.chunks):
            return Rich(text)
        return Rich(text, b"".join(bytes([s]) * len(t) for t, s in self.chunks))

    def group(self, depth: int, style: int, math: bool) -> None:
        """Decode until the matching ``}`` (or end of input at depth 0)."""
        src = self.src
        while self.pos < len(src):
            ch = src[self.pos]
            if ch == "}":
                self.pos += 1
                if depth > 0:
                    return
                continue  # stray closing brace: drop it
            if ch == "{":
                self.pos += 1
                inner = style
                # ``{\"u}`` in unprotected text is a special character, not protection.
                if style & PROTECTED or not src.startswith("\\", self.pos):
                    inner |= PROTECTED
                self.group(depth + 1, inner, math)
            elif ch == "$":
                self.pos += 1
                if math:
                    return
                self.group(depth, style | PROTECTED, math=True)
            elif ch == "\\":
                style = self.command(depth, style, math)
            elif ch in "^_" and math:
                self.pos += 1
                arg = self.argument(depth, math)
                table = SUPERSCRIPT if ch == "^" else SUBSCRIPT
                mapped = arg.translate(table)
                ok = all(c in SCRIPT_CHARS for c in mapped)
                self.emit(mapped if ok and mapped else ch + arg, style)
            else:
                self.emit(self.punctuation(ch, math), style)

    def punctuation(self, ch: str, math: bool) -> str:
        src = self.src
        if ch == "-" and not math:
            if src.startswith("---", self.pos):
                self.pos += 3
                return "—"
            if src.startswith("--", self.pos):
                self.pos += 2
                return "–"
        if ch == "`" and src.startswith("``", self.pos):
            self.pos += 2
            return "“"
        if ch == "'" and src.startswith("''", self.pos):
            self.pos += 2
            return "”"
        if ch in "`~'-^_":
            self.pos += 1
            return {"`": "‘", "~": " "}.get(ch, ch)
        m = _TEXT_RUN.match(src, self.pos)
        assert m is not None  # ch is not special, so the run is non-empty
        self.pos = m.end()
        return m.group()

    def argument(self, depth: int, math: bool) -> str:
        """Plain text of the next argument: a {group}, a command or one char."""
        src = self.src
        while self.pos < len(src) and src[self.pos] == " ":
            self.pos += 1
        if self.pos >= len(src):
            return ""
        start = len(self.chunks)
        if src[self.pos] == "{":
            self.pos += 1
            self.group(depth + 1, 0, math)
        elif src[self.pos] == "\\":
            self.command(depth, 0, math)
        elif src[self.pos] == "}":
            return ""
        else:
            self.pos += 1
            return src[self.pos - 1]
        text = "".join(t for t, _ in self.chunks[start:])
        del self.chunks[start:]
        return text

    def styled_argument(self, depth: int, style: int, math: bool, protect: bool = True) -> None:
        """``\\command{...}``'s argument; italics (``protect=False``) are not case protection.

        Better BibTeX writes protection as ``{{Word}}``; other commands protect, as in BibTeX.
        """
        while self.pos < len(self.src) and self.src[self.pos] == " ":
            self.pos += 1
        if self.src.startswith("{", self.pos):
            self.pos += 1
            self.group(depth + 1, style | PROTECTED if protect else style, math)
        else:
            self.emit(self.argument(depth, math), style)

    def command(self, depth: int, style: int, math: bool) -> int:
        """Decode one ``\\command``; returns the style for the rest of the group."""
        src = self.src
        self.pos += 1
        m = _WORD.match(src, self.pos)
        if m is None:
            sym = src[self.pos : self.pos + 1]
            self.pos += len(sym)
            if sym in ACCENTS:
                self.emit(_accented(sym, self.argument(depth, math)), style)
            else:
                self.emit(ESCAPED.get(sym, sym), style)
            return style
        name = m.group()
        self.pos = m.end()
        while self.pos < len(src) and src[self.pos] in " \t\n":
            self.pos += 1
        if name in ACCENTS:
            self.emit(_accented(name, self.argument(depth, math)), style)
        elif name in SYMBOLS:
            self.emit(SYMBOLS[name], style)
        elif name in ITALIC_ARG:
            self.styled_argument(depth, style ^ ITALIC, math, protect=False)
        elif name in ITALIC_DECL:
            return style | ITALIC
        elif name in QUOTE_ARG:
            self.emit("“", style)
            self.styled_argument(depth, style, math)
            self.emit("”", style)
        elif name in DROP_ARG:
            self.argument(depth, math)
        elif name == "href":
            self.argument(depth, math)
            self.styled_argument(depth, style, math)
        elif name == "textsuperscript":
            self.emit(self.argument(depth, math).translate(SUPERSCRIPT), style)
        elif name in codec_symbols():
            self.emit(codec_symbols()[name], style)
        elif src.startswith("{", self.pos):
            self.styled_argument(depth, style, math)  # unknown: keep its text
        return style


def decode(value: str) -> Rich:
    """Decode a BibTeX field value. Never raises on malformed input."""
    if not needs_decoding(value):
        return Rich(value)
    value = _DOUBLED_ACCENT.sub(r"\\", value)
    rich = _Decoder(value).run()
    return _squeeze_spaces(rich)


def plain(value: str) -> str:
    """Decoded text without styles (names, publishers, exports)."""
    return decode(value).text if needs_decoding(value) else value


def _squeeze_spaces(rich: Rich) -> Rich:
    text = rich.text
    if "  " not in text and text == text.strip():
        return rich
    keep = [i for i, c in enumerate(text) if not (c == " " and (i == 0 or text[i - 1] == " "))]
    while keep and text[keep[-1]] == " ":
        keep.pop()
    new_text = "".join(text[i] for i in keep)
    if rich.styles is None:
        return Rich(new_text)
    return Rich(new_text, bytes(rich.styles[i] for i in keep))
