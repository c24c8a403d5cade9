"""Every .qdc that `findings export` writes is valid against the REFI-QDA Codebook schema.

QualCoder refuses a codebook that fails this schema, so these tests validate what we write: each
study of the example site, and codebooks imported from real exports then exported again. The
schema is the copy in ../shared/standards (see its SOURCE.txt); it is not part of a user's clone.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
import xmlschema

from generator.adapters.cli import main
from generator.core.importers import export_command, read_export
from generator.core.importers.qdc_export import export_qdc, themes_in
from generator.core.project import Layout, check

from .conftest import DATA, REPO, corpus, new_project, run_import

XSD = REPO.parent / "shared" / "standards" / "refi-qda-codebook-1.0.xsd"
CODEBOOK_NS = "{urn:QDA-XML:codebook:1.0}"


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    if not XSD.exists():
        pytest.skip(f"{XSD} is not here: ../shared is not in a user's clone (development and CI machines have it)")
    return xmlschema.XMLSchema(str(XSD))


def assert_valid(schema: xmlschema.XMLSchema, path: Path) -> None:
    problems = [f"{error.path}: {error.reason}" for error in schema.iter_errors(str(path))]
    assert problems == [], f"{path.name} is not a valid REFI-QDA codebook: {problems}"


def descriptions(path: Path) -> list[str]:
    return [d.text or "" for d in xmlschema.XMLResource(str(path)).root.iter(CODEBOOK_NS + "Description")]


def test_the_schema_refuses_what_we_used_to_write(schema: xmlschema.XMLSchema) -> None:
    """The check can fail: an empty <Sets/> (Taguette writes one) is not a valid codebook."""
    assert not schema.is_valid(str(corpus("qdc-taguette-utotag", "codebook.qdc")))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example site's records and library: export reads and never writes them, but stay safe."""
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(REPO / "findings", root / "findings")
    shutil.copytree(REPO / "bib", root / "bib")
    return root


def test_every_study_of_the_example_site_exports_a_valid_codebook(
    schema: xmlschema.XMLSchema, example: Path, tmp_path: Path
) -> None:
    result = check(Layout.at(example))
    assert result.corpus is not None
    studies = sorted({theme.study for theme in result.corpus.themes.values()})
    assert len(studies) >= 5
    for study in studies:
        out, err = io.StringIO(), io.StringIO()
        target = tmp_path / f"{study}.qdc"
        code = export_command(example / "findings", study, target, out, err, bib=example / "bib")
        assert code == 0, err.getvalue()
        assert err.getvalue() == ""
        assert_valid(schema, target)
        assert "<Sets" not in target.read_text(encoding="utf-8")  # no theme of the example is in a set
        for text in descriptions(target):
            assert not re.search(r"\[-?@|@\w", text), f"{study}: citation markup left in {text!r}"


@pytest.mark.parametrize(
    ("study", "citation"), [("sly-2014", "(Sly et al., 2014)"), ("rabu-2020", "(Råbu & Moltu, 2020)")]
)
def test_citations_in_descriptions_are_readable_text(example: Path, tmp_path: Path, study: str, citation: str) -> None:
    target = tmp_path / "out.qdc"
    out, err = io.StringIO(), io.StringIO()
    assert export_command(example / "findings", study, target, out, err, bib=example / "bib") == 0
    texts = descriptions(target)
    assert texts and all(citation in text for text in texts), texts


def test_a_cited_key_missing_from_the_library_is_written_as_the_key_and_reported(example: Path, tmp_path: Path) -> None:
    empty = tmp_path / "no-bib"
    empty.mkdir()
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "sly.qdc"
    assert export_command(example / "findings", "sly-2014", target, out, err, bib=empty) == 0
    assert all("(sly2014rules)" in text for text in descriptions(target))
    assert err.getvalue() == (
        "findings export: warning: reference 'sly2014rules' is not in the bibliography;"
        " its key is written in its place\n"
    )


@pytest.mark.parametrize(
    "parts",
    [
        ("qdc-taguette-utotag", "codebook.qdc"),  # its empty <Sets/> must not come back out
        ("qde-maxqda-icls", "project.qde"),
        ("qdpx-oltas", "oltas0517.project.qde"),
        ("qdpx-atlasti-ponte", "target-atlas-project.qdpx"),
        ("codebook-csv-gennovate", "codebook.csv"),
        ("codebook-csv-tiktok-womenshealth", "codebook.csv"),
    ],
)
def test_real_codebooks_export_valid_after_import(
    schema: xmlschema.XMLSchema, tmp_path: Path, parts: tuple[str, ...]
) -> None:
    first = run_import(corpus(*parts), new_project(tmp_path / "a"), study="rt")
    assert first.code == 0, first.err
    exported = tmp_path / "exported.qdc"
    assert export_qdc(themes_in(first.findings, "rt"), exported, root=first.root) == len(first.themes())
    assert_valid(schema, exported)
    # The imported project itself, exported without records in between, is valid too.
    direct = tmp_path / "direct.qdc"
    export_qdc(read_export(corpus(*parts)), direct)
    assert_valid(schema, direct)


def test_sets_are_written_as_the_codebook_schema_names_them(schema: xmlschema.XMLSchema, tmp_path: Path) -> None:
    first = run_import(DATA / "synthetic-project.qde", new_project(tmp_path / "a"), study="rt")
    exported = tmp_path / "exported.qdc"
    export_qdc(themes_in(first.findings, "rt"), exported, root=first.root)
    assert_valid(schema, exported)
    xml = exported.read_text(encoding="utf-8")
    assert "<Sets>" in xml and '<MemberCode guid="' in xml
    # ... and they come back in on import, as sets of the same codes.
    again = read_export(exported)
    assert [(g.name, len(g.codes)) for g in again.groupings] == [
        (g.name, len(g.codes)) for g in read_export(DATA / "synthetic-project.qde").groupings if g.codes
    ]


def test_the_command_reads_the_bibliography_beside_the_records(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no bib/ here: the one beside --findings is meant
    assert main(["export", "sly.qdc", "--study", "sly-2014", "--findings", str(example / "findings")]) == 0
    assert capsys.readouterr().err == ""
    assert all("(Sly et al., 2014)" in text for text in descriptions(tmp_path / "sly.qdc"))
