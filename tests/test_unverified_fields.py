"""Bibliographic details marked `unverified` or `inferred` in BibTeX (SYNTHETIC entries).

The two fields survive a Zotero round trip through Better BibTeX (unknown fields become
`tex.<field>: value` lines in Extra on import and fields again on export), so the marks are
checked here where the site shows them: reference entry, citation tooltip, exports, `findings check`.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.core.diagnostics import Location
from generator.core.project import Layout, build_site, check
from generator.core.references.verification import Marks, read_marks, sentence

from .sites import IMPLICATION, STUDY, THEME, findings, project_files

BIB = """% SYNTHETIC test library
@article{smith2020alliance,
  author = {Smith, Jane and Doe, John},
  title = {A synthetic study of alliance},
  journal = {Synthetic Journal},
  year = {2020},
  volume = {3},
  unverified = {year, Volume},
  inferred = {journal; issue},
}
"""


def test_marks_keep_fields_the_entry_has_and_report_the_rest() -> None:
    fields = {"year": "2020", "volume": "3", "journal": "J", "unverified": "year, Volume", "inferred": "journal; issue"}
    marks, problems = read_marks("k", fields, {"author": ()}, Location("lib.bib", 4))
    assert marks == Marks(("year", "volume"), ("journal",))
    assert [str(p) for p in problems] == [
        "lib.bib:4: warning: entry 'k' marks 'issue' as inferred, but has no 'issue' field"
        " (remove 'issue' from 'inferred', or add the field)"
    ]
    assert sentence(marks) == "Not confirmed in a source: year (unverified), volume (unverified), journal (inferred)."
    assert sentence(Marks()) == ""


def test_check_warns_and_strict_fails(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files(**{"bib/library.bib": BIB}))
    warnings = [str(d) for d in check(Layout.at(root)).diagnostics if d.code == "unverified"]
    assert warnings == [
        "bib/library.bib:2: warning: entry 'smith2020alliance' has details not confirmed in a source:"
        " year, volume unverified; journal inferred"
        " (confirm them at the publisher or in Crossref, then take them out of 'unverified' or 'inferred')",
        "bib/library.bib:2: warning: entry 'smith2020alliance' marks 'issue' as inferred, but has no 'issue' field"
        " (remove 'issue' from 'inferred', or add the field)",
    ]
    findings("check", cwd=root, expect=0)
    findings("check", "--strict", cwd=root, expect=1)


def test_pages_tooltips_and_exports_show_the_marks(project) -> None:  # type: ignore[no-untyped-def]
    files = {"bib/library.bib": BIB, "findings/s1/study.yml": STUDY, "findings/s1/t1.yml": THEME}
    root = project({**files, "findings/implications/listen.yml": IMPLICATION})
    site, _ = build_site(Layout.at(root))
    assert site is not None
    note = (
        "Not confirmed in a source: year (unverified), volume (unverified), journal (inferred).\n{: .fd-unconfirmed }"
    )
    assert note in site.pages["references.md"].markdown
    assert note in site.pages["studies/s1/index.md"].markdown
    # The citation in the study's summary: its tooltip (the link title) carries the marks.
    assert (
        '"Smith, J., &amp; Doe, J. (2020). A synthetic study of alliance. Synthetic Journal, 3.'
        ' [Not confirmed in a source: year, volume unverified; journal inferred]")'
    ) in site.pages["studies/s1/index.md"].markdown
    files_out = site.files
    bibtex = files_out["references/export/smith2020alliance.bib"].decode()
    assert "unverified = {year, Volume}" in bibtex and "inferred   = {journal; issue}" in bibtex
    ris = files_out["references/export/smith2020alliance.ris"].decode()
    assert ris.endswith("N1  - Not confirmed in a source: year, volume unverified; journal inferred\nER  - \n")
    csl = json.loads(files_out["references/export/smith2020alliance.json"])
    assert csl["note"] == "tex.unverified: year, volume\ntex.inferred: journal"
    findings = json.loads(files_out["findings.json"])
    assert findings["references"]["smith2020alliance"]["reference"].endswith(
        "[Not confirmed in a source: year, volume unverified; journal inferred]"
    )


def test_example_marks_what_the_sources_could_not_confirm() -> None:
    library = check(Layout.at(Path(__file__).resolve().parents[1])).corpus
    assert library is not None
    marked = {
        key: (ref.unverified, ref.inferred)
        for key, ref in library.library.entries.items()
        if ref.unverified or ref.inferred
    }
    assert marked == {
        "levari2023facilitators": (("year",), ()),
        "lavik2018first": (("author",), ("journal",)),
        "lavik2022relationship": ((), ("volume",)),
        "rabu2020people": (("year",), ()),
    }
