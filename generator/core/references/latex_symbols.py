"""What LaTeX's accents, symbol commands and escapes stand for, and which commands style or drop their argument."""

from __future__ import annotations

import functools
import re

ACCENTS = {
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
BARE_ACCENT = {'"': '"', "'": "'", "`": "`", "^": "^", "~": "~", "=": "=", ".": "."}

SYMBOLS = {
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
    SYMBOLS.setdefault(_name, chr(0x3B1 + _i + (1 if _i >= 17 else 0)))
    SYMBOLS.setdefault(_name.capitalize(), chr(0x391 + _i + (1 if _i >= 17 else 0)))
SYMBOLS["varepsilon"] = "ε"
SYMBOLS["varphi"] = "φ"
SYMBOLS["vartheta"] = "ϑ"

ESCAPED = {
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

ITALIC_ARG = {"emph", "textit", "textsl", "mkbibemph", "mathit"}
ITALIC_DECL = {"em", "it", "itshape", "sl", "slshape"}
QUOTE_ARG = {"mkbibquote", "enquote", "mkbibquote*"}
DROP_ARG = {"cite", "citep", "citet", "noopsort", "label", "ref", "footnote", "index", "nocite"}
SUPERSCRIPT = str.maketrans("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ")
SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
SCRIPT_CHARS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")


@functools.lru_cache(maxsize=1)
def codec_symbols() -> dict[str, str]:
    """Extra control words from latexcodec's table, for rarely used symbols."""
    from latexcodec.codec import load_unicode_latex_table

    table: dict[str, str] = {}
    for item in load_unicode_latex_table():
        m = re.fullmatch(r"\\([A-Za-z]+)", item.latex)
        if item.decode and m:
            table.setdefault(m.group(1), item.unicode)
    return table
