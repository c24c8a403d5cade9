"""Explain each defined term where it appears: HTML text becomes a link to the glossary whose title is the definition.

Material shows a link's title as a tooltip on hover and on keyboard focus (`content.tooltips`); on a touch screen
the first tap focuses the link and shows it (generator/assets/findings.js), a second follows it. Runs on a page's
converted HTML, so it sees exactly the words a reader sees, and leaves alone text where a link cannot go or would
mislead: inside links, headings, code, form controls and pictures.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..model import Glossary, GlossaryTerm
from .text import escape_html

#: Elements whose text is never annotated (links cannot nest; headings are anchors of their own).
SKIP = frozenset(
    [
        "a",
        "abbr",
        "button",
        "code",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "kbd",
        "label",
        "option",
        "pre",
        "samp",
        "script",
        "select",
        "style",
        "svg",
        "textarea",
        "title",
    ]
)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")


@dataclass(frozen=True)
class TermMatcher:
    pattern: re.Pattern[str]
    by_abbreviation: dict[str, GlossaryTerm]
    by_word: dict[str, GlossaryTerm]

    def term(self, match: re.Match[str]) -> GlossaryTerm:
        if match.group("abbr"):
            return self.by_abbreviation[match.group("abbr")]
        return self.by_word[" ".join(match.group("word").casefold().split())]


def matcher(glossary: Glossary) -> TermMatcher | None:
    """One regular expression for every word the glossary defines; None without terms.

    Words and their forms match whatever their case ('Metatheme' is 'metatheme'); abbreviations only as written,
    so the abbreviation 'AN' is explained and the article 'an' is not.
    """
    by_word: dict[str, GlossaryTerm] = {}
    by_abbreviation: dict[str, GlossaryTerm] = {}
    for term in glossary.terms:
        for word in (term.term, *term.forms):
            if "(" not in word:  # 'Own (evidence matrix)': placed by templates, not found in running text
                by_word.setdefault(" ".join(word.casefold().split()), term)
        for abbreviation in term.abbreviations:
            by_abbreviation.setdefault(abbreviation, term)
    if not by_word and not by_abbreviation:
        return None

    def alternatives(words: list[str]) -> str:
        ordered = sorted(words, key=len, reverse=True)  # the longest first: 'overarching themes' before 'theme'
        return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered) or "(?!)"

    pattern = re.compile(
        rf"(?<![\w-])(?:(?P<abbr>{alternatives(list(by_abbreviation))})|(?i:(?P<word>{alternatives(list(by_word))})))"
        r"(?![\w-])"
    )
    return TermMatcher(pattern, by_abbreviation, by_word)


def annotate(html: str, terms: TermMatcher, href: Callable[[GlossaryTerm], str]) -> str:
    """``html`` with every occurrence of a defined term outside :data:`SKIP` elements made a glossary link."""
    if terms.pattern.search(html) is None:  # most pages of a large site: no walk through their tags
        return html
    out: list[str] = []
    open_skips: dict[str, int] = {}
    position = 0

    def explain(match: re.Match[str]) -> str:
        term = terms.term(match)
        title = escape_html(term.definition)
        return f'<a class="fd-term" href="{escape_html(href(term))}" title="{title}">{match.group(0)}</a>'

    for tag in _TAG.finditer(html):
        text = html[position : tag.start()]
        out.append(text if any(open_skips.values()) or not text.strip() else terms.pattern.sub(explain, text))
        out.append(tag.group(0))
        position = tag.end()
        name_match = _TAG_NAME.match(tag.group(0))
        if name_match is None:
            continue
        name = name_match.group(1).lower()
        if name not in SKIP or tag.group(0).endswith("/>"):
            continue
        if tag.group(0).startswith("</"):
            open_skips[name] = max(open_skips.get(name, 0) - 1, 0)
        else:
            open_skips[name] = open_skips.get(name, 0) + 1
    rest = html[position:]
    out.append(rest if any(open_skips.values()) else terms.pattern.sub(explain, rest))
    return "".join(out)
