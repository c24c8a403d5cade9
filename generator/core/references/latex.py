"""LaTeX field text -> Unicode with per-character style bits.

BibTeX values mix text, accents, brace protection and a few formatting
commands. We decode them into :class:`Rich` (text plus one style byte per
character) so sentence casing can respect protected braces and Markdown can
render ``\\emph``. Decoding is skipped entirely for values with no LaTeX
syntax, which is the common case and keeps formatting cheap.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

ITALIC = 1
PROTECTED = 2  # inside {braces} or $math$: sentence casing must not touch it

# Anything that can change the decoded text; values without it are used as is.
_NEEDS_DECODING = re.compile(r"[\\{}$~]|--|``|''")

_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
    "t": "\u0361",
}
# An accent with an empty argument (``\~{}``) means the bare character.
_BARE_ACCENT = {'"': '"', "'": "'", "`": "`", "^": "^", "~": "~", "=": "=", ".": "."}

_SYMBOLS = {
    "o": "ø",
    "O": "Ø",
    "aa": "å",
    "AA": "Å",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "ss": "ß",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "dh": "ð",
    "DH": "Ð",
    "th": "þ",
    "TH": "Þ",
    "dj": "đ",
    "DJ": "Đ",
    "ng": "ŋ",
    "NG": "Ŋ",
    "textendash": "–",
    "textemdash": "—",
    "textquoteright": "’",
    "textquoteleft": "‘",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "textregistered": "®",
    "texttrademark": "™",
    "copyright": "©",
    "textcopyright": "©",
    "textasciitilde": "~",
    "textbackslash": "\\",
    "textasciicircum": "^",
    "textunderscore": "_",
    "S": "§",
    "P": "¶",
    "pounds": "£",
    "euro": "€",
    "textdegree": "°",
    "times": "×",
    "texttimes": "×",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "hyphen": "-",
    "slash": "/",
    "nobreakspace": " ",
    "quad": " ",
    "qquad": " ",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "textperiodcentered": "·",
    "textbullet": "•",
    "guillemotleft": "«",
    "guillemotright": "»",
    "textexclamdown": "¡",
    "textquestiondown": "¿",
    "pm": "±",
    "mp": "∓",
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "neq": "≠",
    "ne": "≠",
    "approx": "≈",
    "sim": "∼",
    "infty": "∞",
    "cdot": "·",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "log": "log",
    "ln": "ln",
    "exp": "exp",
    "sin": "sin",
    "cos": "cos",
    "max": "max",
    "min": "min",
}
_GREEK = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
]
for _i, _name in enumerate(_GREEK):
    _SYMBOLS.setdefault(_name, chr(0x3B1 + _i + (1 if _i >= 17 else 0)))
    _SYMBOLS.setdefault(_name.capitalize(), chr(0x391 + _i + (1 if _i >= 17 else 0)))
_SYMBOLS["varepsilon"] = "ε"
_SYMBOLS["varphi"] = "φ"
_SYMBOLS["vartheta"] = "ϑ"

_ESCAPED = {
    "&": "&",
    "%": "%",
    "$": "$",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
    " ": " ",
    ",": " ",
    ";": " ",
    ":": " ",
    "!": "",
    "-": "",
    "/": "",
    "\\": " ",
    "@": "",
    "|": "|",
}

_ITALIC_ARG = {"emph", "textit", "textsl", "mkbibemph", "mathit"}
_ITALIC_DECL = {"em", "it", "itshape", "sl", "slshape"}
_QUOTE_ARG = {"mkbibquote", "enquote", "mkbibquote*"}
_DROP_ARG = {"cite", "citep", "citet", "noopsort", "label", "ref", "footnote", "index", "nocite"}
_SUPERSCRIPT = str.maketrans("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ")
_SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SCRIPT_CHARS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
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


@functools.lru_cache(maxsize=1)
def _codec_symbols() -> dict[str, str]:
    """Extra control words from latexcodec's table, for rarely used symbols."""
    from latexcodec.codec import load_unicode_latex_table

    table: dict[str, str] = {}
    for item in load_unicode_latex_table():
        m = re.fullmatch(r"\\([A-Za-z]+)", item.latex)
        if item.decode and m:
            table.setdefault(m.group(1), item.unicode)
    return table


def _accented(mark: str, base: str) -> str:
    if not base:
        return _BARE_ACCENT.get(mark, "")
    first = {"ı": "i", "ȷ": "j"}.get(base[0], base[0])
    return unicodedata.normalize("NFC", first + _ACCENTS[mark]) + base[1:]


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
                table = _SUPERSCRIPT if ch == "^" else _SUBSCRIPT
                mapped = arg.translate(table)
                ok = all(c in _SCRIPT_CHARS for c in mapped)
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
            if sym in _ACCENTS:
                self.emit(_accented(sym, self.argument(depth, math)), style)
            else:
                self.emit(_ESCAPED.get(sym, sym), style)
            return style
        name = m.group()
        self.pos = m.end()
        while self.pos < len(src) and src[self.pos] in " \t\n":
            self.pos += 1
        if name in _ACCENTS:
            self.emit(_accented(name, self.argument(depth, math)), style)
        elif name in _SYMBOLS:
            self.emit(_SYMBOLS[name], style)
        elif name in _ITALIC_ARG:
            self.styled_argument(depth, style ^ ITALIC, math, protect=False)
        elif name in _ITALIC_DECL:
            return style | ITALIC
        elif name in _QUOTE_ARG:
            self.emit("“", style)
            self.styled_argument(depth, style, math)
            self.emit("”", style)
        elif name in _DROP_ARG:
            self.argument(depth, math)
        elif name == "href":
            self.argument(depth, math)
            self.styled_argument(depth, style, math)
        elif name == "textsuperscript":
            self.emit(self.argument(depth, math).translate(_SUPERSCRIPT), style)
        elif name in _codec_symbols():
            self.emit(_codec_symbols()[name], style)
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
