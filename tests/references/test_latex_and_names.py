"""LaTeX decoding, sentence case, names, anchors and field normalisation."""

from __future__ import annotations

import pytest

from generator.core.references import anchor_for
from generator.core.references.fields import doi_of, edition_label
from generator.core.references.latex import ITALIC, PROTECTED, decode, plain
from generator.core.references.names import initials_of
from generator.core.references.richtext import escape_md, periodical_case, rich_markdown, sentence_case


@pytest.mark.parametrize(
    ("src", "text"),
    [
        (r"{\"u}ber \"{U}ber \"o", "über Über ö"),
        (r"{\o}st \O{} \aa{}se \AA", "øst Ø åse Å"),
        ('Sch{\\\\"u}pbach', "Schüpbach"),
        (r"Mar{\'\i}n-Mart{\'\i}nez", "Marín-Martínez"),
        (r"\c{C}a\v{s} \k{a} \H{o} {\ss}", "Çaš ą ő ß"),
        (r"pages 1--2 and---dash", "pages 1–2 and—dash"),
        (r"Smith \& Wesson 5\% \$3 \#1 a\_b", "Smith & Wesson 5% $3 #1 a_b"),
        (r"$\alpha$ and $\chi^2$ and {$I^2$}", "α and χ² and I²"),
        (r"``quoted'' `single'", "“quoted” ‘single'"),
        (r"\mkbibquote{Hi} \enquote{there}", "“Hi” “there”"),
        (r"\texttimes{} \textendash{} \ldots", "× – …"),
        (r"\unknowncommand{kept} \bare", "kept"),
        ("}{ unbalanced {{ \\", "unbalanced"),
        ("plain text", "plain text"),
    ],
)
def test_decode(src: str, text: str) -> None:
    assert decode(src).text == text


def test_styles() -> None:
    rich = decode(r"A \emph{b} {C}")
    assert rich.styles is not None
    assert rich.text == "A b C"
    assert rich.styles[2] == ITALIC  # a formatting command is not case protection
    assert rich.styles[4] == PROTECTED and rich.styles[0] == 0
    assert decode(r"\emph{{b}}").styles == bytes([ITALIC | PROTECTED])


@pytest.mark.parametrize(
    ("src", "markdown"),
    [
        # Better BibTeX: italics as \emph, case protection as double braces.
        (r"What \emph{Actually} Helps", "What *actually* helps"),
        (r"What \emph{{Actually}} Helps", "What *Actually* helps"),
        (
            r"Reshaping {{Reasoning}} in {{LLMs}}: {{A Theoretical Analysis}}",
            "Reshaping Reasoning in LLMs: A Theoretical Analysis",
        ),
        (r"Life in \emph{Caf{\'e}s} and \textbf{Bars}", "Life in *cafés* and Bars"),
        (r"Hands-on Programming with \textsf{R}", "Hands-on programming with R"),  # other commands protect
        (r"\emph{{\"U}ber} Mensch", "*Über* mensch"),
    ],
)
def test_formatting_commands_do_not_protect_case(src: str, markdown: str) -> None:
    assert rich_markdown(sentence_case(decode(src))) == markdown


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("Rules of Engagement: Qualitative Experiences", "Rules of engagement: Qualitative experiences"),
        ("Alliance-Outcome Links", "Alliance-outcome links"),
        ("The {COVID}-19 Pandemic in {Norway}", "The COVID-19 pandemic in Norway"),
        ("DNA Testing by McLeod", "DNA testing by McLeod"),
        ("THE WHOLE TITLE IN CAPITALS", "The whole title in capitals"),
        ("What I Learned? Lessons", "What I learned? Lessons"),
        ("searching for solidness: a dyadic study", "Searching for solidness: A dyadic study"),
    ],
)
def test_sentence_case(src: str, expected: str) -> None:
    assert sentence_case(decode(src)).text == expected


@pytest.mark.parametrize(
    ("given", "initials"),
    [
        (["Per-Einar"], "P.-E."),
        (["C", "A"], "C. A."),
        (["J.", "Hubert"], "J. H."),
        (["{\\O}ystein"], "Ø."),
        (["{Th}omas"], "Th."),
        (["Julian", "PT"], "J. P. T."),  # Google Scholar glues initials
        (["JR"], "J. R."),  # BibDesk-style "JR Anderson"
        (["Bo"], "B."),
    ],
)
def test_initials(given: list[str], initials: str) -> None:
    assert initials_of(given) == initials


def test_anchor_is_safe_and_injective() -> None:
    assert anchor_for("lavik2018first") == "ref-lavik2018first"
    assert anchor_for("westfahl:space") == "ref-westfahl_3a_space"
    keys = ["a:b", "a_3a_b", "a.b", "a b", "a_b", "a-b"]
    anchors = [anchor_for(k) for k in keys]
    assert len(set(anchors)) == len(keys)
    assert all(a.replace("-", "").replace("_", "").isalnum() for a in anchors)


@pytest.mark.parametrize(
    "doi",
    [
        "10.1037/int0000101",
        "doi:10.1037/int0000101",
        "https://doi.org/10.1037/int0000101",
        "http://dx.doi.org/10.1037/int0000101",
        "DOI: 10.1037/int0000101",
        "{10.1037/int0000101}",
    ],
)
def test_doi_normalised(doi: str) -> None:
    assert doi_of({"doi": doi}) == "10.1037/int0000101"


def test_doi_from_url_and_eprint() -> None:
    assert doi_of({"url": "https://doi.org/10.1/x"}) == "10.1/x"
    assert doi_of({"eprinttype": "doi", "eprint": "10.1/y"}) == "10.1/y"
    assert doi_of({"doi": "not a doi"}) == ""


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("2", "2nd ed."),
        ("second", "2nd ed."),
        ("3rd edition", "3rd ed."),
        ("11", "11th ed."),
        ("1", ""),
        ("Revised", "Rev. ed."),
    ],
)
def test_edition(value: str, label: str) -> None:
    assert edition_label(value) == label


def test_escape_md() -> None:
    assert escape_md("<b>*x*_y_[z](u)`c`\\ & &amp;") == "&lt;b&gt;\\*x\\*\\_y\\_\\[z\\](u)\\`c\\`\\\\ &amp; &amp;amp;"
    assert plain("no latex") == "no latex"


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("Qualitative research in psychology", "Qualitative Research in Psychology"),
        ("Arteriosclerosis, thrombosis, and vascular biology", "Arteriosclerosis, Thrombosis, and Vascular Biology"),
        ("the journal of philosophy", "The Journal of Philosophy"),
        ("PLoS one", "PLoS one"),  # a capital after the first letter: written on purpose
        ("Journal of {ACM} things", "Journal of ACM things"),  # protected text: left alone
        ("Bmj", "Bmj"),
    ],
)
def test_periodical_case(src: str, expected: str) -> None:
    assert periodical_case(decode(src)).text == expected


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("Meta-Analysis with R", "Meta-analysis with R"),
        ("Network Meta-Analysis Using R Software", "Network meta-analysis using R software"),
        ("A Study of Vitamin D", "A study of vitamin D"),
        ("Why I Left: A Study", "Why I left: A study"),
        ("Title with A Capital Article", "Title with a capital article"),
    ],
)
def test_lone_capitals_keep_their_case(src: str, expected: str) -> None:
    assert sentence_case(decode(src)).text == expected


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        # Already in sentence case (Zotero, Paperpile): capitals are proper nouns and stay.
        ("Path integration in desert ants, Cataglyphis fortis", "Path integration in desert ants, Cataglyphis fortis"),
        (
            "Employers and apprenticeships in England: Costs, risks and policy reforms",
            "Employers and apprenticeships in England: Costs, risks and policy reforms",
        ),
        (
            "Skill, task discretion, and new technology: Trends in Britain",
            "Skill, task discretion, and new technology: Trends in Britain",
        ),
        # Title case: lowered, even beside a short sentence-case word.
        ("Dynamic Documents with R and knitr", "Dynamic documents with R and knitr"),
        ("Hamiltonian Monte Carlo for hierarchical Models", "Hamiltonian monte carlo for hierarchical models"),
        # A title-case title joined to a sentence-case subtitle: each part on its own.
        (
            "In Touch with the Future: The sense of touch from cognitive neuroscience to virtual reality",
            "In touch with the future: The sense of touch from cognitive neuroscience to virtual reality",
        ),
    ],
)
def test_titles_already_in_sentence_case_keep_their_capitals(src: str, expected: str) -> None:
    assert sentence_case(decode(src)).text == expected
    assert sentence_case(decode(src + " {X}")).text == expected + " X"  # the styled path agrees
