"""Exports of one entry, and the ``findings refs`` command."""

from __future__ import annotations

import io
import json
from pathlib import Path

from generator.core.diagnostics import Diagnostic
from generator.core.references import Library
from generator.core.references.cli import refs_command

from .conftest import DATA, load_text

Fixture = tuple[Library, list[Diagnostic]]


def test_exports(fixture_library: Fixture) -> None:
    ref = fixture_library[0].entries["sly2014one"]
    assert ref.bibtex.startswith("@article{sly2014one,\n  author  = {Sly, Richard},\n  title   = {Rules of Engagement")
    assert "TY  - JOUR\nAU  - Sly, Richard\n" in ref.ris
    assert "SP  - 233\nEP  - 243\n" in ref.ris and ref.ris.endswith("ER  - \n")
    assert dict(ref.csl) == {
        "id": "sly2014one",
        "type": "article-journal",
        "author": [{"family": "Sly", "given": "Richard"}],
        "title": "Rules of Engagement: Qualitative Experiences of Therapeutic Alliance",
        "issued": {"date-parts": [[2014]]},
        "container-title": "Eating Disorders",
        "volume": "22",
        "issue": "3",
        "page": "233-243",
        "DOI": "10.1080/10640266.2013.867742",
    }
    group = fixture_library[0].entries["apa2013dsm"].csl
    assert group["author"] == [{"literal": "American Psychiatric Association"}]
    particle = fixture_library[0].entries["vanderberg2015particle"].csl
    assert particle["author"] == [{"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"}]


def test_refs_command_json() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert refs_command(DATA / "apa-cases.bib", as_json=True, out=out, err=err) == 0
    data = json.loads(out.getvalue())
    assert data["rabu2020two"] == {
        "reference": "Råbu, M., & Moltu, C. (2020). People engaging each other. Journal of Contemporary Psychotherapy.",
        "citation": "(Råbu & Moltu, 2020)",
    }
    assert err.getvalue() == ""


def test_refs_command_text_and_markdown(tmp_path: object) -> None:
    from pathlib import Path

    bib = Path(str(tmp_path)) / "x.bib"
    bib.write_text(
        "@book{b, author = {Sly, R.}, title = {T}, year = 2000}\n@book{b, title = {dup}}\n", encoding="utf-8"
    )
    out, err = io.StringIO(), io.StringIO()
    assert refs_command(bib, fmt="markdown", out=out, err=err) == 1
    assert out.getvalue() == "Sly, R. (2000). *T*.\n    (Sly, 2000)\n\n"
    assert "duplicate entry key 'b'" in err.getvalue()
    out = io.StringIO()
    assert refs_command(bib, fmt="text", out=out, err=io.StringIO()) == 1
    assert out.getvalue().startswith("Sly, R. (2000). T.\n")


def test_ris_keeps_one_line_per_tag_whatever_breaks_a_field(tmp_path: Path) -> None:
    """A field holding a line break of any kind (CR, U+2028, ...) cannot start a tag or end the record early."""
    breaks = "\r\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    title = "".join(f"Part {n}{char}ER  - " for n, char in enumerate(breaks))
    journal = "Journal\rTY  - JOUR"
    bib = (
        "% synthetic\n@article{k,\n  author = {Roe, Rita},\n"
        f"  title = {{{title}}},\n  journal = {{{journal}}},\n  year = {{2020}},\n}}\n"
    )
    library, problems = load_text(tmp_path, bib)
    assert problems == []
    lines = library.entries["k"].ris.splitlines()
    assert [line[:6] for line in lines] == ["TY  - ", "AU  - ", "TI  - ", "T2  - ", "PY  - ", "ID  - ", "ER  - "]
