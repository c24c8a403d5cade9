"""Small text helpers shared by the importers: labels, slugs, Markdown escaping, a source file's encoding."""

from __future__ import annotations

import codecs
import re
import unicodedata

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PSEUDONYM = re.compile(r"^[A-Za-z]{1,3}-?[0-9]{1,4}$")
DYAD = re.compile(r"^[A-Za-z]{0,3}-?[0-9]{1,4}$")
MAX_ID = 80

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'})
# Letters NFKD does not take apart into ASCII.
_ASCII = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l"})


def clean_label(text: str) -> str:
    """A label as shown: runs of white space (also non-breaking ones) become one space, ends trimmed."""
    return _SPACES.sub(" ", text).strip()


def label_key(text: str) -> str:
    """What two spellings of one label share: case, spacing and curly/straight quotes ignored."""
    return clean_label(text).translate(_QUOTES).casefold()


def slugify(text: str, limit: int = MAX_ID) -> str:
    """Lower-case ASCII letters, digits and single hyphens, cut at a hyphen to at most ``limit``."""
    text = re.sub(r"(?<=\w)['’](?=\w)", "", text)  # "someone's" -> "someones"
    ascii_text = unicodedata.normalize("NFKD", text.translate(_ASCII)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[:limit]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[limit // 2 :] else cut
        slug = slug.strip("-")
    return slug


_MD_SPECIAL = re.compile(r"([\\`*\[\]@<])")
_MD_LINE_START = re.compile(r"^([ \t]*)([#>])", re.M)


def escape_markdown(text: str) -> str:
    """Plain text (a code's description) as Markdown that shows the same words.

    '@' and brackets would otherwise read as citations; a line break stays a line break.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    # One newline is a hard line break in the source tools; two end a paragraph.
    return re.sub(r"(?<!\n)\n(?!\n)", "\\\\\n", text)


def unescape_markdown(text: str) -> str:
    """The plain text back from :func:`escape_markdown` (and from hand-written simple Markdown)."""
    return re.sub(r"\\([\n!-/:-@\[-`{-~])", r"\1", text)


def bibtex_text(text: str) -> str:
    """Text safe inside a braced BibTeX field: braces dropped, LaTeX specials escaped."""
    text = clean_label(text).replace("{", "").replace("}", "").replace("\\", "")
    return re.sub(r"([&%$#_])", r"\\\1", text)


def decode_text(data: bytes) -> tuple[str, str]:
    """A source's text without its byte-order mark, and a note when the encoding had to be guessed."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), ""
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "is not UTF-8; read as Windows-1252"
