"""Exports of one entry, and the ``findings refs`` command."""

from __future__ import annotations

import io
import json

from generator.diagnostics import Diagnostic
from generator.references import Library
from generator.references.cli import refs_command

from .conftest import DATA

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
