"""Pandoc-style citations become APA in-text citations linked to the reference list."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from generator.core.diagnostics import Diagnostic
from generator.core.references import (
    Library,
    citations,
    cited_keys,
    narrative_citation,
    parenthetical_citation,
    render_citations,
)
from generator.core.render.text import markdown_field

from .conftest import load_text

Fixture = tuple[Library, list[Diagnostic]]


def href(key: str) -> str:
    return f"../references.md#ref-{key}"


def title(lib: Library, key: str) -> str:
    ref = lib.get(key)
    assert ref is not None
    return ref.text.replace("&", "&amp;").replace('"', "&quot;")


def test_parenthetical(fixture_library: Fixture) -> None:
    lib = fixture_library[0]
    out = render_citations("Alliance matters [@sly2014one].", lib, href)
    assert (
        out.markdown == f'Alliance matters ([Sly, 2014](../references.md#ref-sly2014one "{title(lib, "sly2014one")}")).'
    )
    assert out.keys == ("sly2014one",)
    assert out.unknown == ()


def test_group_with_prefix_and_locator(fixture_library: Fixture) -> None:
    lib = fixture_library[0]
    out = render_citations("[see @rabu2020two, p. 12; @binder2011hyphen]", lib, href)
    assert out.markdown == (
        f'(see [Råbu &amp; Moltu, 2020, p. 12](../references.md#ref-rabu2020two "{title(lib, "rabu2020two")}"); '
        f'[Binder et al., 2011](../references.md#ref-binder2011hyphen "{title(lib, "binder2011hyphen")}"))'
    )
    assert out.keys == ("rabu2020two", "binder2011hyphen")


def test_group_sorted_and_same_authors_collapsed(fixture_library: Fixture) -> None:
    lib = fixture_library[0]
    out = render_citations("[@sly2014one; @lavik2018third; @lavik2018first]", lib, lambda k: k)
    assert out.markdown == (
        f'([Lavik, Frøysa, et al., 2018a](lavik2018first "{title(lib, "lavik2018first")}"), '
        f'[2018b](lavik2018third "{title(lib, "lavik2018third")}"); '
        f'[Sly, 2014](sly2014one "{title(lib, "sly2014one")}"))'
    )
    assert out.keys == ("sly2014one", "lavik2018third", "lavik2018first")


def test_narrative_and_suppressed_author(fixture_library: Fixture) -> None:
    lib = fixture_library[0]
    out = render_citations("As @rabu2020two [p. 3] and @dejong2017particle showed [-@sly2014one].", lib, lambda k: k)
    assert out.markdown == (
        f'As [Råbu and Moltu (2020, p. 3)](rabu2020two "{title(lib, "rabu2020two")}") and '
        f'[de Jong and Delgadillo (2017)](dejong2017particle "{title(lib, "dejong2017particle")}") showed '
        f'([2014](sly2014one "{title(lib, "sly2014one")}")).'
    )


def test_unknown_keys_are_reported_with_offsets(fixture_library: Fixture) -> None:
    text = "Known [@sly2014one; @nope2020] and @missing."
    out = render_citations(text, fixture_library[0], lambda k: k)
    assert out.unknown == (("nope2020", text.index("@nope")), ("missing", text.index("@missing")))
    assert "**nope2020?**" in out.markdown
    assert out.markdown.endswith("and **missing?**.")


@pytest.mark.parametrize(
    "text",
    [
        "Write to someone@example.org about it.",
        "Run `grep @sly2014one` in a shell.",
        "```\n[@sly2014one]\n```\n",
        "See <https://medium.com/@sly2014one> or https://x.org/@sly2014one.",
        "A [link](https://x.org/@sly2014one) here.",
        "No citation here.",
    ],
)
def test_not_citations(text: str, fixture_library: Fixture) -> None:
    out = render_citations(text, fixture_library[0], lambda k: k)
    assert out.markdown == text
    assert out.keys == () and out.unknown == ()


def test_quotes_in_titles_are_escaped(tmp_path: object) -> None:
    from pathlib import Path

    from generator.core.references import load_library

    root = Path(str(tmp_path))
    (root / "q.bib").write_text(
        '@book{q, author = {Quote, Q.}, title = {Say "hi" & <b>}, year = 2001}', encoding="utf-8"
    )
    lib, _ = load_library([root / "q.bib"])
    out = render_citations("[@q]", lib, lambda k: "x.md#" + k)
    assert out.markdown == '([Quote, 2001](x.md#q "Quote, Q. (2001). Say &quot;hi&quot; &amp; &lt;b&gt;."))'


def test_title_only_work_cited_by_title(tmp_path: object) -> None:
    from pathlib import Path

    from generator.core.references import load_library

    root = Path(str(tmp_path))
    (root / "t.bib").write_text(
        "@book{anon, title = {The Rites of Passage: A Study}, year = 1960}\n"
        "@article{anon2, title = {Seven Ways}, journal = {J}, year = 1999}\n",
        encoding="utf-8",
    )
    lib, _ = load_library([root / "t.bib"])
    out = render_citations("[@anon] [@anon2]", lib, lambda k: k)
    assert out.markdown.startswith("([*The Rites of Passage*, 1960](anon ")
    assert "([“Seven Ways”, 1999](anon2 " in out.markdown


@pytest.mark.parametrize(
    "text",
    [
        "Known [@sly2014one; @nope2020] and @missing.",
        "[see @rabu2020two, p. 12; @binder2011hyphen] then @rabu2020two again [-@sly2014one].",
        "[@sly2014one; @lavik2018third; @lavik2018first] and @{dejong2017particle} [p. 3].",
        "Run `grep @sly2014one` in a shell; mail someone@example.org; <https://x.org/@nope>.",
        "No citation here.",
    ],
)
def test_cited_keys_finds_what_rendering_finds(text: str, fixture_library: Fixture) -> None:
    """The library-free scan (checks, back-links) reads citations exactly as rendering does."""
    lib = fixture_library[0]
    out = render_citations(text, lib, lambda k: k)
    found = cited_keys(text)
    assert tuple(dict.fromkeys(k for k, _ in found if k in lib.entries)) == out.keys
    assert tuple((k, o) for k, o in found if k not in lib.entries) == out.unknown


def test_narrative_citation_is_what_rendering_makes_of_the_key_alone(fixture_library: Fixture) -> None:
    """The shortcut pages use to cite a study by key gives the same Markdown as the full scan."""
    lib = fixture_library[0]
    shortcut = 0
    for key in lib.entries:
        fast = narrative_citation(key, lib, href)
        if fast is not None:
            shortcut += 1
            assert fast == render_citations(f"@{key}", lib, href).markdown
    assert shortcut >= 5  # the fixture's keys are plain words: the shortcut is taken, not skipped
    assert narrative_citation("nope2020", lib, href) is None  # not in the library: the long way reports it


def test_parenthetical_citation_is_what_rendering_makes_of_the_key_alone(fixture_library: Fixture) -> None:
    """The shortcut pages use to cite a study after its name gives the Markdown the full scan gives."""
    lib = fixture_library[0]
    shortcut = 0
    for key in lib.entries:
        fast = parenthetical_citation(key, lib, href)
        if fast is not None:
            shortcut += 1
            assert fast == render_citations(markdown_field(f"[@{key}]"), lib, href).markdown
    assert shortcut >= 5
    assert parenthetical_citation("nope2020", lib, href) is None


def test_first_authors_sharing_a_surname_are_cited_with_initials(tmp_path: Path) -> None:
    """APA 8.20: across the library, whatever the year or the co-authors (synthetic entries)."""
    lib, diags = load_text(
        tmp_path,
        "@article{js, author = {Smith, John}, title = {Synthetic one}, journal = {J}, year = 2020}\n"
        "@article{as, author = {Smith, Anna and Lee, Kim}, title = {Synthetic two}, journal = {J}, year = 2019}\n"
        "@article{jas, author = {Smith, J. and Lee, K. and Ng, B.}, title = {Synthetic 3}, journal = {J}, year = 2021}"
        "\n"
        "@article{lh, author = {Hedges, L.}, title = {Synthetic four}, journal = {J}, year = 2010}\n"
        "@article{lvh, author = {Hedges, Larry V.}, title = {Synthetic five}, journal = {J}, year = 1981}\n",
    )
    assert diags == []
    out = render_citations("[@js; @as] and @jas; [@lh] [@lvh]", lib, lambda key: f"#{key}")
    labels = re.findall(r"\[([^\]]*)\]\(#", out.markdown)
    assert labels == [
        "A. Smith &amp; Lee, 2019",
        "J. Smith, 2020",
        "J. Smith et al. (2021)",
        "Hedges, 2010",
        "Hedges, 1981",
    ]


def test_text_the_skip_pattern_cannot_match_is_read_in_one_span_with_the_same_result() -> None:
    """The shortcut of `_render`: where `_MAY_SKIP` finds nothing, `_SKIP` must find nothing either."""
    rng = random.Random(22)
    alphabet = "`~<>[]()@:/!-_ \nahtpsfmilo0123456789"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(20_000)]
    texts += ["see [@a; @b, p. 3] and @c", "`@code`", "~~~\n@x\n~~~", "<b>@x</b>", "[l](http://x/@y)", "ftp://h/@k"]
    for text in texts:
        if citations._SKIP.search(text):
            assert citations._MAY_SKIP.search(text), text
    scan = [citations.cited_keys(text) for text in texts]
    citations.cited_keys.cache_clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(citations, "_MAY_SKIP", re.compile("|".join(["^", "$"])))  # always scan for _SKIP
        assert [citations.cited_keys(text) for text in texts] == scan
    citations.cited_keys.cache_clear()
