"""REFI-QDA reading on hand-made (synthetic) exports: what real exports vary in, one thing at a time."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from generator.core.importers import read_export
from generator.core.importers.refi_speakers import role_of

from .conftest import DATA, make_qdpx, run_import, synthetic_qdpx

CODEBOOK = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Synthetic">
  <Codes>
    {codes}
  </Codes>
  <Sets>{sets}</Sets>
</CodeBook>
"""


def qdc(tmp_path: Path, codes: str, sets: str = "", name: str = "book.qdc") -> Path:
    path = tmp_path / name
    path.write_text(CODEBOOK.format(codes=codes, sets=sets), encoding="utf-8")
    return path


@pytest.mark.parametrize("folder", ["Sources/", "sources/"])
def test_synthetic_project(fresh: Path, tmp_path: Path, folder: str) -> None:
    run = run_import(synthetic_qdpx(tmp_path / "synthetic.qdpx", folder), fresh)
    assert run.code == 0, run.err
    assert run.errors() == []
    themes = run.themes()
    assert {i: (t["kind"], t.get("parent")) for i, t in themes.items()} == {
        "synthetic-early-alliance": ("theme", None),
        "synthetic-being-believed": ("subtheme", "synthetic-early-alliance"),
        # A third level is a subtheme too, under its own parent.
        "synthetic-being-believed-about-symptoms": ("subtheme", "synthetic-being-believed"),
        "synthetic-warmth": ("subtheme", "synthetic-early-alliance"),
        "synthetic-doubts": ("theme", None),
    }
    # Spacing in names is tidied; '@' and brackets in descriptions do not turn into citations.
    assert themes["synthetic-early-alliance"]["title"] == "Early alliance"
    assert "team\\@example.org \\[internal\\]" in themes["synthetic-early-alliance"]["summary"]
    assert themes["synthetic-being-believed"]["summary"] == "First line\\\nSecond line"
    assert "summary" not in themes["synthetic-doubts"]  # empty <Description/>
    # One selection coded twice gives an excerpt in each theme; GUID case does not matter.
    believed = themes["synthetic-being-believed"]["excerpts"]
    assert [e["text"] for e in themes["synthetic-being-believed-about-symptoms"]["excerpts"]] == [
        "she believed what I said about the pain."
    ]
    assert believed == [
        {
            "id": "synthetic-being-believed-1",
            "text": "she believed what I said about the pain.",
            "source": "interview",
            "speaker": "patient",  # the case's Role variable
            "participant": "P07",  # the case's name is a pseudonym
            "locator": "l. 3",
        }
    ]
    doubts = themes["synthetic-doubts"]["excerpts"]
    # UTF-16 positions after emoji (BOM and CRLF in the file) still select the right words.
    assert [e["text"] for e in doubts] == ["I thought she would not believe me.", "early doubts"]
    assert "speaker" not in doubts[1]  # the memo belongs to no case
    warmth = themes["synthetic-warmth"]["excerpts"]
    # "Therapist Anna" says the role but is no pseudonym: participant left out and reported.
    assert warmth == [
        {
            "id": "synthetic-warmth-1",
            "text": "Warmth matters more than technique.",
            "source": "interview",
            "speaker": "therapist",
            "dyad": "D03",
            "locator": "l. 2",
        }
    ]
    assert "Anna" not in run.err + run.out
    assert "not pseudonyms" in run.err
    assert "refer to a code that does not exist" in run.err
    assert "only white space" in run.err
    assert "'not-a-colour' is not #RRGGBB" in run.err
    text = (run.findings / "synthetic" / "synthetic-being-believed.yml").read_text()
    assert "# colour: #ff7f0e\n" in text and "# sets: Relational codes\n" in text
    study = run.records()["synthetic"]
    assert study["title"] == "Synthetic alliance study"
    assert "Relational codes (2 codes); Interviews (2 sources)" in study["summary"]


def test_qde_without_sources_keeps_inline_text(fresh: Path) -> None:
    run = run_import(DATA / "synthetic-project.qde", fresh)
    assert run.code == 0
    excerpts = run.excerpts()
    assert [e["text"] for e in excerpts] == ["early doubts"]  # the memo's <PlainTextContent>
    assert "import the .qdpx archive" in run.err


def test_codebook_levels_colours_and_sets(fresh: Path, tmp_path: Path) -> None:
    codes = """
    <Code guid="11111111-1111-4111-8111-111111111111" name="Parent" isCodable="true" color="#AABBCC">
      <Description>  </Description>
      <Code guid="22222222-2222-4222-8222-222222222222" name="Child" isCodable="true">
        <Code guid="33333333-3333-4333-8333-333333333333" name="Grandchild &amp; more" isCodable="true"/>
      </Code>
    </Code>"""
    sets = """<Set guid="44444444-4444-4444-8444-444444444444" name="Group A">
      <MemberCode targetGUID="33333333-3333-4333-8333-333333333333"/></Set>"""
    run = run_import(qdc(tmp_path, codes, sets), fresh)
    assert run.code == 0, run.err
    themes = run.themes()
    assert themes["book-grandchild-more"]["parent"] == "book-child"
    assert themes["book-grandchild-more"]["title"] == "Grandchild & more"
    assert "summary" not in themes["book-parent"]
    assert "# sets: Group A" in (run.findings / "book" / "book-grandchild-more.yml").read_text()
    assert "# colour: #aabbcc" in (run.findings / "book" / "book-parent.yml").read_text()
    assert run.errors() == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes>", "not well-formed XML"),
        (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><CodeBook/>", "DTD"),
        (b"<Other/>", "not a REFI-QDA"),
    ],
)
def test_bad_xml_is_reported_and_nothing_written(fresh: Path, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.qdc"
    path.write_bytes(content)
    run = run_import(path, fresh)
    assert run.code == 1
    assert message in run.err
    assert list(run.findings.iterdir()) == []


def test_broken_archives(fresh: Path, tmp_path: Path) -> None:
    not_zip = tmp_path / "broken.qdpx"
    not_zip.write_bytes(b"PK\x03\x04 this is no zip")
    run = run_import(not_zip, fresh)
    assert run.code == 1 and "not a readable .qdpx" in run.err
    run = run_import(make_qdpx(tmp_path / "empty.qdpx", b"", {}), fresh)
    assert run.code == 1 and "not well-formed XML" in run.err
    no_project = tmp_path / "noqde.qdpx"
    with zipfile.ZipFile(no_project, "w") as archive:
        archive.writestr("sources/a.txt", "text")
    run = run_import(no_project, fresh)
    assert run.code == 1 and "no .qde file" in run.err
    assert list(run.findings.iterdir()) == []


def test_missing_source_file_in_archive(fresh: Path, tmp_path: Path) -> None:
    qde = (DATA / "synthetic-project.qde").read_bytes()
    run = run_import(make_qdpx(tmp_path / "nosrc.qdpx", qde, {}), fresh)
    assert run.code == 0
    assert "is not in the archive" in run.err
    assert [e["text"] for e in run.excerpts()] == ["early doubts"]


def test_positions_in_code_points_are_read_as_such(fresh: Path, tmp_path: Path) -> None:
    text = "A: 🙂 first part here.\nB: 😅 second part there.\n"
    start = text.index("second")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" origin="Another tool">
 <CodeBook><Codes><Code guid="A1000000-0000-4000-8000-000000000001" name="Parts" isCodable="true"/></Codes></CodeBook>
 <Sources><TextSource guid="B1000000-0000-4000-8000-000000000001" name="s" plainTextPath="internal://s.txt">
  <PlainTextSelection guid="C1000000-0000-4000-8000-000000000001" startPosition="{start}" endPosition="{start + 11}">
   <Coding guid="D1000000-0000-4000-8000-000000000001">
    <CodeRef targetGUID="A1000000-0000-4000-8000-000000000001"/></Coding>
  </PlainTextSelection>
  <PlainTextSelection guid="C1000000-0000-4000-8000-000000000003" startPosition="40" endPosition="400">
   <Coding guid="D1000000-0000-4000-8000-000000000003">
    <CodeRef targetGUID="A1000000-0000-4000-8000-000000000001"/></Coding>
  </PlainTextSelection>
  <PlainTextSelection guid="C1000000-0000-4000-8000-000000000004" startPosition="x" endPosition="4">
   <Coding guid="D1000000-0000-4000-8000-000000000004">
    <CodeRef targetGUID="A1000000-0000-4000-8000-000000000001"/></Coding>
  </PlainTextSelection>
  <PlainTextSelection guid="C1000000-0000-4000-8000-000000000002" startPosition="5" endPosition="15">
   <Coding guid="D1000000-0000-4000-8000-000000000002">
    <CodeRef targetGUID="A1000000-0000-4000-8000-000000000001"/></Coding>
  </PlainTextSelection>
 </TextSource></Sources>
</Project>"""
    run = run_import(make_qdpx(tmp_path / "cp.qdpx", qde.encode(), {"sources/s.txt": text.encode()}), fresh)
    assert [e["text"] for e in run.excerpts()] == ["first part", "second part"]
    assert "cp.qdpx/project.qde:9: warning: 2 selection(s) have positions that do not fit their text" in run.err


def test_read_export_never_raises(tmp_path: Path) -> None:
    for content in (b"", b"\x00\x01\x02", b"<", b"PK\x05\x06" + b"\x00" * 18, "ä;ö\n".encode("latin-1")):
        path = tmp_path / "x.csv"
        path.write_bytes(content)
        project = read_export(path)
        assert project.diagnostics or project.codes is not None


@pytest.mark.parametrize(
    ("label", "whole", "role"),
    [
        ("Patient", True, "patient"),
        ("therapist", True, "therapist"),
        ("Family member", True, "family member"),
        ("other", True, "other"),
        ("Patient 03", True, ""),
        ("Patient 03", False, "patient"),
        ("Mother of P3", False, "family member"),
        ("Patient and therapist", False, ""),
        ("Patience", False, ""),
        ("Counsellor T2", False, "therapist"),
    ],
)
def test_roles_only_when_clearly_named(label: str, whole: bool, role: str) -> None:
    assert role_of(label, whole=whole) == role


def test_awkward_text_survives_yaml(fresh: Path, tmp_path: Path) -> None:
    words = [
        "  leading spaces and trailing ones  \n  second line \t",
        "--- not a document\n# not a comment\n- not a list",
        "control \x7f del, zero\u200bwidth, line\u2028separator, next\x85line, bom\ufeffinside",
        "<script>alert(1)</script> {{ jinja }} {% raw %} @key [@key]",
        "'single' \"double\" `back` : colon # hash",
    ]
    text = "\n\n".join(words)
    selections = []
    for n, part in enumerate(words, 1):
        start = text.index(part)
        selections.append(
            f'<PlainTextSelection guid="C1000000-0000-4000-8000-00000000000{n}" startPosition="{start}" '
            f'endPosition="{start + len(part)}"><Coding guid="D1000000-0000-4000-8000-00000000000{n}">'
            '<CodeRef targetGUID="A1000000-0000-4000-8000-000000000001"/></Coding></PlainTextSelection>'
        )
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" origin="Synthetic">
 <CodeBook><Codes><Code guid="A1000000-0000-4000-8000-000000000001" name="- : #odd name" isCodable="true"/></Codes>
 </CodeBook>
 <Sources><TextSource guid="B1000000-0000-4000-8000-000000000001" name="s">
  <PlainTextContent>{text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")}</PlainTextContent>
  {"".join(selections)}
 </TextSource></Sources>
</Project>"""
    path = tmp_path / "odd.qde"
    path.write_text(qde, encoding="utf-8")
    run = run_import(path, fresh)
    assert run.code == 0, run.err
    (theme,) = run.themes().values()
    assert theme["title"] == "- : #odd name"
    assert [e["text"] for e in theme["excerpts"]] == [w.strip() for w in words]
    assert run.errors() == []
