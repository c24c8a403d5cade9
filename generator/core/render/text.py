"""Make researcher-written text safe to place in generated Markdown.

Two kinds of text reach a page: verbatim text (excerpts, titles, labels), which must
show exactly as written, and Markdown fields (summaries, statements), which may use
Markdown formatting and citations but never raw HTML, attribute lists or script URLs.
"""

from __future__ import annotations

import re

from ..escaping import replacer

# Characters Python-Markdown (and its common extensions) may treat as syntax get a backslash;
# & and < become entities so no HTML can form.
VERBATIM_ESCAPES = {"&": "&amp;", "<": "&lt;", **{c: "\\" + c for c in "\\`*_{}[]()#|"}}
_escape_verbatim = replacer(VERBATIM_ESCAPES)
# These mean something only at the start of a line (lists, quotes, rules, numbered lists).
_LINE_START = re.compile(r"^(\s*)([-+>=]|\d+(?=[.)]))")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_LINK_TARGET = re.compile(r"(\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?)([^)\s>]*)", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_QUOTE_START = re.compile(r"^(\s{0,3})&gt;", re.MULTILINE)
_KEPT_AUTOLINK = re.compile("\x00(\\d+)\x00")


def escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def plain(text: str) -> str:
    """Verbatim text as inline Markdown that renders to exactly these characters."""
    escaped = _escape_verbatim(text)
    start = escaped.lstrip()[:1]  # what _LINE_START looks at; most text starts with none of its marks
    if not start or (start not in "-+>=" and not start.isdecimal()):
        return escaped
    return _LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    lead, mark = match.group(1), match.group(2)
    if mark[0].isdigit():
        return f"{lead}{mark}\\"  # "1." -> "1\." so it is not a numbered list
    if mark == "=":
        return f"{lead}&#61;"  # a line of '=' would underline the line above into a heading
    return f"{lead}\\{mark}"


def plain_lines(text: str) -> list[str]:
    """Verbatim multi-line text, one escaped Markdown line per source line (runs of blank lines kept as one)."""
    lines = [plain(line.strip()) for line in text.strip().splitlines()]
    result: list[str] = []
    for line in lines:
        if line or (result and result[-1]):
            result.append(line)
    return result


def _safe_url(url: str) -> bool:
    lowered = re.sub(r"[\s\x00-\x1f]", "", url).lower()
    if ":" not in lowered.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return True  # relative link or anchor
    return lowered.startswith(_SAFE_SCHEMES)


def markdown_field(text: str) -> str:
    """Researcher Markdown with raw HTML shown as text, attribute lists disabled and unsafe URLs removed."""
    autolinks: list[str] = []

    def keep_autolink(match: re.Match[str]) -> str:
        autolinks.append(match.group(1))
        return f"\x00{len(autolinks) - 1}\x00"

    text = text.replace("\x00", "")
    if "<" in text:
        text = _AUTOLINK.sub(keep_autolink, text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("{", "\\{").replace("}", "\\}")

    def check(match: re.Match[str]) -> str:
        return match.group(1) + (match.group(2) if _safe_url(match.group(2)) else "#unsafe-link-removed")

    if "]" in text:  # every link target follows a ']'
        text = _LINK_TARGET.sub(check, text)
    # Lines starting with '&gt;' were blockquotes before escaping; keep them blockquotes.
    if "&gt;" in text:
        text = _QUOTE_START.sub(r"\1>", text)
    if autolinks:
        text = _KEPT_AUTOLINK.sub(lambda m: f"<{autolinks[int(m.group(1))]}>", text)
    return text


def one_line(text: str) -> str:
    """Collapse whitespace so text can sit in a heading, table cell or link."""
    return " ".join(text.split())
