"""What search should know about a site beyond its words: abbreviations, synonyms, who each page is about, and
which pages matter most. Both engines get the same: Material's index is rewritten after its plugin writes it;
Pagefind reads hidden, weighted text in each page, and its search box searches for an abbreviation's term.

- A page that says "anorexia nervosa" is found by "AN", and one that says "AN" by "anorexia nervosa" (the glossary's
  abbreviations); one that says "self-disclosure" by "disclose" (its synonyms).
- An implication (and, for Material, a study) is about its population (conditions, age groups, settings, phases):
  those words and their abbreviations are indexed with a title's weight, so "anorexia" finds its implications first.
- Implications, then themes, rank above studies, and those above reference and index pages.
- lunr (Material's engine) drops English stop words when it indexes; an abbreviation that is one ("AN", "IT") would
  never be found, so the filter is left out of the pipeline for such a site.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from ....core.model import Corpus, Population
from ....core.render.kinds import KINDS, Page, SearchRank

#: lunr's English stop words (lunr.stopWordFilter), which its index drops.
LUNR_STOP_WORDS = frozenset(
    """a able about across after all almost also am among an and any are as at be because been but by can cannot could
    dear did do does either else ever every for from get got had has have he her hers him his how however i if in into
    is it its just least let like likely may me might most must my neither no nor not of off often on only or other our
    own rather said say says she should since so some than that the their them then there these they this tis to too
    twas us wants was we were what when where which while who whom why will with would yet you your""".split()  # noqa: SIM905
)

#: Document boost by kind of page: implications first, index and reference pages last.
BOOSTS = {"implication": 4.0, "theme": 2.0, "study": 1.5, "glossary": 0.5, "index": 0.5, "reference": 0.3}
#: Weight of the words naming who a page is about: that of a title in Material's index.
TOPIC_BOOST = 1e3
#: Weight of the words a page is found by through the glossary: above a passing mention in the text (an implication
#: that says "self-disclosure" comes before one whose quote says "disclosed" for "disclose").
SYNONYM_BOOST = 10


@dataclass(frozen=True)
class Expansions:
    """Words -> the other words a page holding them is also found by."""

    rules: tuple[tuple[re.Pattern[str], str], ...]
    stop_word_abbreviations: bool
    """Some abbreviation is a lunr stop word: the index must keep stop words."""

    def words_for(self, text: str) -> str:
        """The extra words a text is found by (each once, in rule order), or ''."""
        found = dict.fromkeys(extra for pattern, extra in self.rules if pattern.search(text))
        return " ".join(found)


def expansions(corpus: Corpus) -> Expansions:
    rules: list[tuple[re.Pattern[str], str]] = []
    stop = False
    for term in corpus.glossary.terms:
        if not term.abbreviations:
            continue
        names = [term.term, *term.forms]
        rules.append((_words(names, case=False), " ".join(term.abbreviations)))
        rules.append((_words(list(term.abbreviations), case=True), " ".join(names)))
        stop = stop or any(a.casefold() in LUNR_STOP_WORDS for a in term.abbreviations)
    for word, means in corpus.glossary.synonyms:
        rules.append((_words(list(means), case=False), word))
    return Expansions(tuple(rules), stop)


def _words(words: list[str], case: bool) -> re.Pattern[str]:
    body = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", 0 if case else re.IGNORECASE)


def topic_words(corpus: Corpus, population: Population) -> str:
    """Who a page is about, as words to index: 'anorexia nervosa AN adults first sessions'."""
    words: list[str] = []
    for part in (population.conditions, population.age_groups, population.settings, population.phases):
        for value in part:
            words.append(value)
            for term in corpus.glossary.terms:
                if value.casefold() in (term.term.casefold(), *(f.casefold() for f in term.forms)):
                    words.extend(term.abbreviations)
    return " ".join(dict.fromkeys(words))


def page_topic(corpus: Corpus, page: Page) -> str:
    """Who a generated page is about: the population of the record its key names, when its kind has a topic
    (core/render/kinds.py); '' for other pages."""
    kind = KINDS.get(page.kind)
    if kind is None:  # the error page a preview shows
        return ""
    if kind.topic == "implication" and page.key in corpus.implications:
        return topic_words(corpus, corpus.implications[page.key].population)
    if kind.topic == "study" and page.key in corpus.studies:
        return topic_words(corpus, corpus.studies[page.key].population)
    return ""


def page_kinds(corpus: Corpus, pages: Mapping[str, Page]) -> dict[str, tuple[SearchRank, str]]:
    """Site URL of each generated page (directory style, as in Material's index) -> (its rank, topic words).

    Both come from the page's kind (core/render/kinds.py) and the record its key names, never from its path.
    """
    return {
        _url(path): (KINDS[page.kind].search, page_topic(corpus, page))
        for path, page in pages.items()
        if page.kind in KINDS
    }


def _url(path: str) -> str:
    """A page's address in Material's index: 'studies/x/index.md' -> 'studies/x/', 'evidence.md' -> 'evidence/'."""
    if path == "index.md":
        return ""
    return path.removesuffix("index.md") if path.endswith("/index.md") else path.removesuffix(".md") + "/"


def tune_material_index(index: dict[str, Any], corpus: Corpus, pages: Mapping[str, Page]) -> dict[str, Any]:
    """Material's search_index.json with synonyms, topics and boosts added (see the module's docstring)."""
    rules = expansions(corpus)
    kinds = page_kinds(corpus, pages)
    config = index.setdefault("config", {})
    fields = config.setdefault("fields", {})
    fields.setdefault("topic", {"boost": TOPIC_BOOST})
    fields.setdefault("synonyms", {"boost": SYNONYM_BOOST})
    if rules.stop_word_abbreviations and "stopWordFilter" in (config.get("pipeline") or []):
        config["pipeline"] = [step for step in config["pipeline"] if step != "stopWordFilter"]
    for doc in index.get("docs", []):
        kind, topic = kinds.get(str(doc.get("location", "")).split("#", 1)[0], ("", ""))  # '': a hand-written page
        if kind:
            doc["boost"] = doc.get("boost", 1) * BOOSTS[kind]
        if topic and "#" not in str(doc.get("location", "")):
            doc["topic"] = topic
        extra = rules.words_for(f"{doc.get('title', '')} {_TAGS.sub(' ', str(doc.get('text', '')))}")
        if extra:
            doc["synonyms"] = extra
    return index


_TAGS = re.compile(r"<[^>]+>")


def pagefind_marks(rules: Expansions, topic: str, html: str) -> str:
    """Hidden text that carries a page's topic (at Pagefind's top weight) and synonyms into Pagefind's index."""
    marks = []
    if topic:
        marks.append(_pagefind_words(topic, ' data-pagefind-weight="10"'))  # Pagefind's most
    extra = rules.words_for(_TAGS.sub(" ", html))
    if extra:
        marks.append(_pagefind_words(extra, ""))
    return "".join(marks)


def _pagefind_words(words: str, weight: str) -> str:
    # As text, not an indexed attribute: Pagefind gives attribute words no weight of their own. Hidden text is
    # still read by Pagefind (it reads the HTML, not the rendered page).
    return f"<span hidden{weight}>{escape(words)}</span>"


def abbreviations(corpus: Corpus) -> dict[str, str]:
    """Abbreviation -> the term it stands for: Pagefind's box searches 'AN' as 'anorexia nervosa' (Pagefind
    ignores case, so the word 'an' of every page would otherwise outrank the pages about the condition)."""
    return {a: term.term for term in corpus.glossary.terms for a in term.abbreviations}
