"""The glossary: records validated and located, a page of definitions, each term explained where it appears."""

from __future__ import annotations

import re
from pathlib import Path

from generator.core.model import Glossary, GlossaryTerm
from generator.core.project import Layout, check
from generator.core.render.pages import render_pages
from generator.core.render.terms import annotate, matcher
from generator.speed.executor import Serial

from .conftest import REPO
from .sites import project_files, write_tree

HERE = GlossaryTerm("x", "", source=None)  # type: ignore[arg-type]
GLOSSARY = Glossary(
    (
        GlossaryTerm("anorexia nervosa", "An eating disorder.", HERE.source, abbreviations=("AN",)),
        GlossaryTerm("dyad", 'A "pair" <of> people.', HERE.source, forms=("dyads",)),
        GlossaryTerm("overarching theme", "A theme over themes.", HERE.source),
    )
)


def explain(html: str) -> str:
    terms = matcher(GLOSSARY)
    assert terms is not None
    return annotate(html, terms, lambda term: f"../glossary/#{term.anchor}")


def test_each_occurrence_becomes_a_link_titled_with_the_definition() -> None:
    html = explain("<p>Two dyads; one dyad. Dyad again.</p>")
    assert html.count('class="fd-term"') == 3
    definition = 'title="A &quot;pair&quot; &lt;of&gt; people."'
    assert f'<a class="fd-term" href="../glossary/#term-dyad" {definition}>dyads</a>' in html
    assert ">Dyad</a>" in html  # whatever its case


def test_abbreviations_match_only_as_written_and_words_only_whole() -> None:
    html = explain("<p>In AN, an alliance; ANX and dyadic and anorexia\nnervosa.</p>")
    assert '#term-anorexia-nervosa" title="An eating disorder.">AN</a>' in html
    assert ", an alliance" in html and "ANX" in html and ">dyadic<" not in html
    assert ">anorexia\nnervosa</a>" in html  # across a line break


def test_links_headings_code_and_pictures_are_left_alone() -> None:
    html = (
        '<h2 id="dyad">Dyad</h2><p><a href="x">a dyad</a> <code>dyad</code></p>'
        "<svg><title>dyad</title><text>dyad</text></svg><p>dyad</p>"
    )
    assert explain(html).count('class="fd-term"') == 1


def test_longest_term_wins() -> None:
    terms = matcher(Glossary((*GLOSSARY.terms, GlossaryTerm("theme", "A pattern.", HERE.source))))
    assert terms is not None
    html = annotate("<p>An overarching theme.</p>", terms, lambda term: "#" + term.anchor)
    assert '#term-overarching-theme" title="A theme over themes.">overarching theme</a>' in html


GLOSSARY_RECORD = """type: glossary
terms:
  - term: dyad
    definition: A synthetic pair.
  - term: rupture
    definition: A synthetic strain.
  - term: widget
    defintion: misspelt
"""


def test_glossary_records_are_validated_with_locations(tmp_path: Path) -> None:
    root = write_tree(tmp_path, project_files(**{"findings/glossary.yml": GLOSSARY_RECORD}))
    messages = [str(d) for d in check(Layout.at(root)).errors]
    assert messages == [  # the misspelt field is the one mistake: no second line for the missing one
        "findings/glossary.yml:8:5: error: unknown field 'defintion' in terms[3] (did you mean 'definition'?)",
    ]


def test_a_term_defined_twice_is_an_error_where_the_second_is(tmp_path: Path) -> None:
    record = "type: glossary\nterms:\n  - term: dyad\n    definition: One.\n  - term: Dyad\n    definition: Two.\n"
    root = write_tree(tmp_path, project_files(**{"findings/glossary.yml": record}))
    messages = [str(d) for d in check(Layout.at(root)).errors]
    assert messages == [
        "findings/glossary.yml:5:5: error: term 'Dyad' is defined twice (first at findings/glossary.yml:3:5) (keep one)"
    ]


def test_the_example_glossary_page_defines_the_terms_the_issue_named() -> None:
    corpus = check(Layout.at(REPO)).corpus
    assert corpus is not None
    page = render_pages(corpus, Serial())["glossary.md"].markdown
    for term in (
        "Dyad",
        "Metatheme",
        "Overarching theme",
        "Citation statement",
        "Stance",
        "Mentioning",
        "GRADE-CERQual",
        "Own \\(evidence matrix\\)",
        "Extends \\(evidence matrix\\)",
        "Supports \\(evidence matrix\\)",
        "Tally bar",
    ):
        assert f"\n## {term} {{: #term-" in page, term
    assert "| AN | anorexia nervosa |" in page  # the search synonyms, documented


def test_the_matrix_words_and_the_tally_bar_are_explained_where_they_are() -> None:
    corpus = check(Layout.at(REPO)).corpus
    assert corpus is not None
    pages = render_pages(corpus, Serial())
    evidence = pages["evidence.md"].markdown
    assert (
        '| [Own](glossary.md#term-own-evidence-matrix "In the evidence matrix: the finding comes from this study.")'
        in (evidence)
    )
    assert "[Extends](glossary.md#term-extends-evidence-matrix" in evidence
    references = pages["references.md"].markdown
    bar = re.search(r'\[<svg [^\]]*class="fd-bar"[^\]]*</svg>\]\(glossary\.md#term-tally-bar "([^"]+)"\)', references)
    assert bar is not None and "citation statements" in bar.group(1)
    assert '<span class="fd-bar-legend">0 supporting · 3 mentioning · 0 contrasting</span>' in references
