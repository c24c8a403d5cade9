"""Every real export in ../shared/corpora imports into a fresh project that then checks clean.

The counts below were verified by reading the files (see each corpus's SOURCE.txt and
the notes at each test). Some exports hold offensive or unlicensed text: these tests
compare it with itself, hashed, and never write it anywhere but a temporary folder.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from .conftest import Run, corpus, kinds, new_project, run_import

NVIVO = ("qdpx-oltas", "oltas0517.qdpx")
NS = "{urn:QDA-XML:project:1.0}"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, ...], Run]:
    """Each export is imported once per module (into its own project) and shared by the tests."""

    class Imports(dict[tuple[str, ...], Run]):
        def __missing__(self, parts: tuple[str, ...]) -> Run:
            path = corpus(*parts)
            root = new_project(tmp_path_factory.mktemp(re.sub(r"\W+", "-", "-".join(parts))))
            self[parts] = run = run_import(path, root)
            return run

    return Imports()


def assert_checks_clean(run: Run) -> None:
    assert run.code == 0, run.err
    assert run.errors() == []


# --- NVivo: 152 codes, 303 PlainTextSelections, UTF-16 positions, Sources/, BOM + CRLF ---


def test_nvivo_project_codes_and_selections(imported: dict[tuple[str, ...], Run]) -> None:
    run = imported[NVIVO]
    assert_checks_clean(run)
    # 152 <Code> elements: 12 top-level categories, 140 below them (up to four levels deep).
    assert kinds(run) == Counter({"theme": 12, "subtheme": 140})
    # 303 <PlainTextSelection>, one <Coding>/<CodeRef> each, none empty.
    assert len(run.excerpts()) == 303
    themes = run.themes()
    parents = {t.get("parent") for t in themes.values()}
    # SOURCE.txt: 10 codings point at parent (non-leaf) codes.
    assert sum(len(t.get("excerpts", ())) for i, t in themes.items() if i in parents) == 10
    # 82 codes carry a <Description>.
    assert sum("summary" in t for t in themes.values()) == 82
    assert "UTF-16 code units" in run.out
    for theme in themes.values():
        if theme.get("parent"):
            assert theme["kind"] == "subtheme" and theme["parent"] in themes
        for excerpt in theme.get("excerpts", ()):
            assert excerpt["id"].startswith(theme["id"] + "-")
            assert excerpt["source"] == "interview" and re.fullmatch(r"l\. \d+(-\d+)?", excerpt["locator"])


def _independent_slices(path: Path) -> tuple[Counter[str], dict[tuple[int, int], str]]:
    """What the selections select, computed here without the importer: UTF-16 units after the BOM."""
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        expected: Counter[str] = Counter()
        by_span: dict[tuple[int, int], str] = {}
        for source in root.iter(NS + "TextSource"):
            selections = source.findall(NS + "PlainTextSelection")
            if not selections:
                continue
            text = archive.read(f"Sources/{source.get('guid')}.txt").decode("utf-8-sig")
            units = text.encode("utf-16-le")
            for selection in selections:
                start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
                words = units[2 * start : 2 * end].decode("utf-16-le").replace("\r\n", "\n").strip()
                by_span[(start, end)] = words
                expected[words] += len(selection.findall(NS + "Coding"))
    return expected, by_span


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_nvivo_excerpts_are_the_selected_text(imported: dict[tuple[str, ...], Run]) -> None:
    run = imported[NVIVO]
    expected, by_span = _independent_slices(corpus(*NVIVO))
    assert Counter(e["text"] for e in run.excerpts()) == expected
    # Checked by hand (context printed and read, then hashed here so the words stay out of the repo):
    # each is one whole comment on its own line, ending in emoji.
    hand_checked = {
        (2780, 2808): (26, "af3b78330afe82d0bbb1c311b3d11393f232933c61228f51ee3ba7970b7f0157"),  # 3 emoji before
        (76817, 76844): (23, "7e78753336c8e7d4dd3da2423ccc44bc478829649554a239c7c7722ee941acd1"),  # 75 before
        (22863, 22942): (77, "e0cf8bd32ca562a4dc6162199515532906f81cd0007749637a5c6ef18703343e"),  # ends in a ZWJ
    }
    texts = {e["text"] for e in run.excerpts()}
    for span, (length, digest) in hand_checked.items():
        words = by_span[span]
        assert (len(words), _digest(words)) == (length, digest)
        assert words in texts
    with zipfile.ZipFile(corpus(*NVIVO)) as archive:
        raw = archive.read("Sources/68bbdc14-c361-4432-b4dd-ae1dbfc12890.txt").decode("utf-8-sig")
    # Read as code points, the later selections drift: the importer must not have done that.
    assert raw[76817:76844].strip() not in texts
    assert raw[2780:2808].strip() not in texts


def test_nvivo_project_qde_alone_gives_only_themes(imported: dict[tuple[str, ...], Run]) -> None:
    run = imported[("qdpx-oltas", "oltas0517.project.qde")]
    assert_checks_clean(run)
    assert kinds(run) == Counter({"theme": 12, "subtheme": 140})
    assert run.excerpts() == []
    assert "303 coded selection(s) skipped" in run.err


# --- MAXQDA: 307 codes in two levels, colours and descriptions on all, 2 Sets of sources -------


@pytest.mark.parametrize("name", ["ICLS_Conf_Themes_ALL_just10.qdpx", "project.qde"])
def test_maxqda_codebook(imported: dict[tuple[str, ...], Run], name: str) -> None:
    run = imported[("qde-maxqda-icls", name)]
    assert_checks_clean(run)
    # 307 <Code>: 18 parent categories and 289 child codes; no codings in this export.
    assert kinds(run) == Counter({"theme": 18, "subtheme": 289})
    assert run.excerpts() == []
    themes = run.themes()
    assert all("summary" in t for t in themes.values())
    colours = [p for p in run.findings.rglob("*.yml") if re.search(r"^# colour: #[0-9a-f]{6}$", p.read_text(), re.M)]
    assert len(colours) == 307
    study = next(r for r in run.records().values() if r["type"] == "study")
    assert "ICLS 2024 (5 sources); ICLS 2025 (5 sources)" in study["summary"]
    titles = {t["title"] for t in themes.values()}
    assert {"Additional Themes and Ideas", "THEME - Affinity Spaces (Gee)", "Technologies"} <= titles


# --- ATLAS.ti: a blank project, and one parent code with two children -------------------------


def test_atlas_ti_projects(imported: dict[tuple[str, ...], Run], tmp_path: Path) -> None:
    run = imported[("qdpx-atlasti-ponte", "target-atlas-project.qdpx")]
    assert_checks_clean(run)
    themes = run.themes()
    assert kinds(run) == Counter({"theme": 1, "subtheme": 2})
    (parent,) = (t for t in themes.values() if t["kind"] == "theme")
    assert parent["title"] == "Commits"
    assert {t["title"] for t in themes.values() if t.get("parent") == parent["id"]} == {
        "2022-05-10T02:05:59Z 19e4dce",
        "2022-02-11T10:39:25Z cdbfd92",
    }
    blank = run_import(corpus("qdpx-atlasti-ponte", "blank-atlas-project.qdpx"), new_project(tmp_path / "blank"))
    assert blank.code == 1
    assert "no codes" in blank.err
    assert list(blank.findings.iterdir()) == []
    assert blank.errors() == []


# --- Taguette: 3 flat codes, upper-case GUIDs, no colours or descriptions, empty Sets ----------


def test_taguette_codebook(imported: dict[tuple[str, ...], Run]) -> None:
    run = imported[("qdc-taguette-utotag", "codebook.qdc")]
    assert_checks_clean(run)
    themes = run.themes()
    assert sorted(t["title"] for t in themes.values()) == ["CodeBook", "Variables", "xsd:element name"]
    assert all(t["kind"] == "theme" and "summary" not in t for t in themes.values())
    assert [t["order"] for t in sorted(themes.values(), key=lambda t: t["title"])] == [2, 3, 1]


# --- codebook CSVs ------------------------------------------------------------------------------


def test_gennovate_csv(imported: dict[tuple[str, ...], Run]) -> None:
    run = imported[("codebook-csv-gennovate", "codebook.csv")]
    assert_checks_clean(run)
    # 31 rows under 10 indicators; NRM_MOB is spelt with and without a trailing space.
    assert kinds(run) == Counter({"theme": 10, "subtheme": 31})
    themes = run.themes()
    mobility = themes["codebook-nrm-mob"]
    assert mobility["title"].endswith("ii) Norms restricting young women’s mobility")
    assert sorted(i for i, t in themes.items() if t.get("parent") == "codebook-nrm-mob") == [
        "codebook-nrm-mob-c",
        "codebook-nrm-mob-n",
        "codebook-nrm-mob-o",
    ]
    # Double spaces inside values are single in titles.
    assert themes["codebook-nrm-dec-n"]["title"] == "Nuancing norms limiting women’s decision-making power and agency"


def test_tiktok_csv(imported: dict[tuple[str, ...], Run]) -> None:
    run = imported[("codebook-csv-tiktok-womenshealth", "codebook.csv")]
    assert_checks_clean(run)
    # "Themes " lists 15 themes down the column; "Sub-Categories" and the unnamed columns
    # after it give 18 subthemes; the " " cell and the other variables are not themes.
    assert kinds(run) == Counter({"theme": 15, "subtheme": 18})
    themes = run.themes()
    children = {t["title"] for t in themes.values() if t.get("parent") == "codebook-support-networks"}
    assert children == {"family", "sharing someone else's story", "community forums", "how to support"}
    assert themes["codebook-poor-medical-care"]["title"] == "Poor Medical Care"
    assert "columns not read: Coder, Video Link" in run.out
