"""Sentence casing and Markdown rendering of decoded field text."""

from __future__ import annotations

import functools
import re
import unicodedata

from generator.core.escaping import replacer
from generator.core.references.latex import ITALIC, PROTECTED, Rich

# Hyphen parts are separate words so "Alliance-Outcome" becomes "Alliance-outcome".
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SUBTITLE_MARK = re.compile(r"(?:[:?!]|(?<=[^\W\d_]{2})\.)\s+[\"“‘'(\[]*$|[:?!][\"“‘'(\[]*$")

MD_ESCAPES = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "{": "\\{",
    "}": "\\}",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
}
TITLE_ESCAPES = {
    "&": "&amp;",
    '"': "&quot;",
    "<": "&lt;",
    ">": "&gt;",
    "\\": "&#92;",
}
_escape_md = replacer(MD_ESCAPES)
_escape_title = replacer(TITLE_ESCAPES)
_LINE_START = re.compile(r"^(?:[#>+=|-]|\d+\.)")
_URL_UNSAFE = re.compile(r"[\s\"<>\\`()\[\]{}^|]")


def escape_md(text: str) -> str:
    """Field text as inert Markdown: no HTML and no emphasis/link syntax."""
    return _escape_md(text)


def escape_title(text: str) -> str:
    """Text for a Markdown link title in double quotes."""
    return _escape_title(text)


def escape_url(url: str) -> str:
    """Percent-encode what would end or confuse a Markdown link destination."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def md_link(text: str, url: str, title: str = "") -> str:
    suffix = f' "{escape_title(title)}"' if title else ""
    return f"[{escape_md(text)}]({escape_url(url)}{suffix})"


def guard_line_start(markdown: str) -> str:
    """Stop a reference that starts with '#', '1.' etc. from becoming a block."""
    m = _LINE_START.match(markdown)
    if not m:
        return markdown
    end = m.end()
    return markdown[: end - 1] + "\\" + markdown[end - 1 :]


def sentence_case(rich: Rich) -> Rich:
    """APA sentence case: first word and first word after ':' '?' '!' capitalised.

    Protected text (braces, math) is left alone, and so are unprotected words
    with capitals after their first letter (acronyms like DNA, names like
    McLeod), unless the whole title is in capitals. A title already in sentence
    case keeps its capitals: they are proper nouns (see :func:`_in_sentence_case`).
    """
    text = rich.text
    styles = rich.styles
    if not text:
        return rich
    if styles is None:
        return Rich(_sentence_case_plain(text))
    chars = list(text)
    free = [not s & PROTECTED for s in styles]
    shouting = not any(c.islower() for c, ok in zip(text, free, strict=True) if ok)
    parts = _in_sentence_case(text, free)
    first = True
    prev_end = 0
    for m in _WORD.finditer(text):
        start, end = m.span()
        word = m.group()
        capitalise = first or bool(_SUBTITLE_MARK.search(text, prev_end, start))
        first = False
        prev_end = end
        if _kept_capital(word) or not any(free[start:end]):
            continue
        keep_inner = _as_written(parts, start) or (
            not shouting and any(c.isupper() and free[k] for k, c in enumerate(word[1:], start + 1))
        )
        for k in range(start, end):
            if not free[k]:
                continue
            if k == start and capitalise:
                chars[k] = chars[k].upper()
            elif not keep_inner:
                chars[k] = chars[k].lower()
    return Rich("".join(chars), styles)


# Words that title-case styles (Chicago, journals' own) leave in lower case despite their length.
_LONG_MINOR = (
    "about above across after against along among around before behind below beneath beside between beyond "
    "despite down during except from inside into like near onto outside over past since than that then "
    "through throughout toward towards under until upon versus when with within without"
)
_LOWER_IN_TITLES = frozenset(_LONG_MINOR.split())
_WORD_START = re.compile(r"(?:^|(?<=[\s\"“‘'(\[/]))[^\W\d_]")


def _in_sentence_case(text: str, free: list[bool] | None) -> list[tuple[int, bool]]:
    """For each part of a title (main title, subtitles), whether it is already in sentence case.

    Returns ``(start offset, verdict)`` per part. Zotero, Paperpile and many journals store
    titles in sentence case; there a capital marks a proper noun ("Path integration in
    desert ants, Cataglyphis fortis"), which sentence casing must not lower. In title case
    ("What Actually Helps") every long word but a few prepositions is capitalised. A part
    is taken as sentence case when more of its long words start in lower case than not;
    exports often join a title-case title to a sentence-case subtitle, so parts are judged
    apart, and a part with too few long words to tell goes with the whole title.
    """
    if not any(c.isupper() for c in text[1:]):
        return [(0, False)]  # nothing a verdict would keep (most titles in sentence case)
    counts: list[tuple[int, int, int]] = []  # (start, lower, upper) per part
    lower = upper = 0
    part_start = 0
    prev_end = -1
    for m in _WORD.finditer(text):
        start, end = m.span()
        word = m.group()
        leading = prev_end < 0
        if not leading and _SUBTITLE_MARK.search(text, prev_end, start):
            counts.append((part_start, lower, upper))
            lower = upper = 0
            part_start, leading = start, True
        prev_end = end
        if leading or len(word) < 4 or not _WORD_START.match(text, start):
            continue
        if free is not None and not all(free[start:end]):
            continue
        if word[0].isupper():
            upper += 1
        elif word.lower() not in _LOWER_IN_TITLES:
            lower += 1
    counts.append((part_start, lower, upper))
    whole = sum(c[1] for c in counts) > sum(c[2] for c in counts)
    # A short part ("Trends in Britain") says little: it follows the whole title.
    return [(start, lo > up or (whole and not (up >= 2 and up > lo))) for start, lo, up in counts]


def _as_written(parts: list[tuple[int, bool]], offset: int) -> bool:
    verdict = False
    for start, value in parts:
        if start > offset:
            break
        verdict = value
    return verdict


def _kept_capital(word: str) -> bool:
    """ "I", "I'm", and a lone capital other than the article "A" ("R package", "vitamin D")."""
    return (len(word) == 1 and word.isupper() and word != "A") or word.startswith(("I'", "I’"))


def _sentence_case_plain(text: str) -> str:
    """Fast path of :func:`sentence_case` for text without protected parts."""
    shouting = not any(c.islower() for c in text)
    parts = _in_sentence_case(text, None)
    out: list[str] = []
    pos = 0
    for m in _WORD.finditer(text):
        start, end = m.span()
        word = m.group()
        capitalise = not out or bool(_SUBTITLE_MARK.search(text, pos, start))
        out.append(text[pos:start])
        pos = end
        if _kept_capital(word):
            out.append(word)
        elif _as_written(parts, start) or (not shouting and any(c.isupper() for c in word[1:])):
            out.append(word[0].upper() + word[1:] if capitalise else word)
        else:
            out.append(word[0].upper() + word[1:].lower() if capitalise else word.lower())
    out.append(text[pos:])
    return "".join(out)


# APA 6.17: minor words (short conjunctions, articles, short prepositions) stay lower case.
_MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "if",
        "in",
        "nor",
        "of",
        "off",
        "on",
        "or",
        "per",
        "so",
        "the",
        "to",
        "up",
        "via",
        "yet",
    ]
)
_CLAUSE_START = re.compile(r"(?:^|[:?!—–]\s*)[\"“‘'(\[]*$")


def periodical_case(rich: Rich) -> Rich:
    """Title case for a periodical name exported in lower case (APA 9.25).

    Google Scholar and Paperpile export "Qualitative research in psychology"; a name with
    any capital after its first letter, or any protected text, is left as written.
    """
    text = rich.text
    if rich.styles and any(s & PROTECTED for s in rich.styles):
        return rich
    if " " not in text.strip() or any(c.isupper() for c in text[1:]):
        return rich
    chars = list(text)
    for m in _WORD.finditer(text):
        start = m.start()
        lead = _CLAUSE_START.search(text, 0, start) is not None
        if lead or m.group().lower() not in _MINOR_WORDS:
            chars[start] = chars[start].upper()
    return Rich("".join(chars), rich.styles)


def capitalise_first(rich: Rich) -> Rich:
    """Upper-case the first letter (used when a title moves to the author slot)."""
    text = rich.text
    for i, c in enumerate(text):
        if c.isalpha():
            if rich.styles and rich.styles[i] & PROTECTED:
                return rich
            return Rich(text[:i] + c.upper() + text[i + 1 :], rich.styles)
    return rich


def rich_markdown(rich: Rich, italic: bool = False) -> str:
    """Render with ``*...*`` for italic runs; ``\\emph`` inside italics is roman."""
    text = rich.text
    if not rich.styles:
        return _wrap(escape_md(text), italic)
    out: list[str] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or (rich.styles[i] & ITALIC) != (rich.styles[start] & ITALIC):
            run_italic = bool(rich.styles[start] & ITALIC) != italic
            out.append(_wrap(escape_md(text[start:i]), run_italic))
            start = i
    return "".join(out)


def _wrap(md: str, italic: bool) -> str:
    if not italic or not md.strip():
        return md
    core = md.strip()
    lead = md[: len(md) - len(md.lstrip())]
    trail = md[len(md.rstrip()) :]
    return f"{lead}*{core}*{trail}"


_FOLD = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
    }
)


@functools.lru_cache(maxsize=8192)
def sort_text(text: str) -> str:
    """Accent-free, case-free text for ordering ("Öst" sorts with "Ost")."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()
