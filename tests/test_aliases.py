"""Renamed records keep their old addresses (`aliases`), built with real MkDocs (SYNTHETIC records)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.core.project import Layout, check

from .sites import BIB, MKDOCS_YML, mkdocs_build, write_tree

STUDY = """type: study
id: s1
aliases: [old-study]
title: Synthetic study
reference: smith2020alliance
design: qualitative interview study
excerpts_cleared: true
"""
THEME = """type: theme
id: t1
aliases: [old-theme]
study: s1
title: Feeling heard
kind: theme
excerpts:
  - id: t1-e1
    aliases: [old-excerpt]
    text: Synthetic words of a patient.
    speaker: patient
    source: interview
"""
SUB = """type: theme
id: t1-sub
aliases: [old-sub]
study: s1
parent: t1
title: Being believed
kind: subtheme
excerpts:
  - id: t1-sub-e1
    text: Synthetic words of a therapist.
    speaker: therapist
    source: interview
"""
IMPLICATION = """type: implication
id: listen
aliases: [hear-first]
statement: Listen before you advise [@smith2020alliance].
audience: [therapists]
grounded_in: [t1-e1]
derived_by: editors
"""


def files(**extra: str) -> dict[str, str | bytes]:
    return {
        "mkdocs.yml": MKDOCS_YML,
        "docs/guide.md": "# Guide\n\nA hand-written page.\n",
        "bib/library.bib": BIB,
        "findings/s1/study.yml": STUDY,
        "findings/s1/t1.yml": THEME,
        "findings/s1/t1-sub.yml": SUB,
        "findings/implications/listen.yml": IMPLICATION,
        **extra,
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("aliases"), files())
    mkdocs_build(root, "--site-dir", "site")
    return root / "site"


def redirect_of(site: Path, folder: str) -> str:
    html = (site / folder / "index.html").read_text(encoding="utf-8")
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)
    link = re.search(r'<a href="([^"]+)">', html)
    assert refresh and link and refresh.group(1) == link.group(1), html
    return refresh.group(1)


@pytest.mark.slow
def test_old_page_addresses_redirect_to_the_new_ones(site: Path) -> None:
    assert redirect_of(site, "studies/old-study") == "../s1/"
    assert redirect_of(site, "studies/old-study/t1") == "../../s1/t1/"
    assert redirect_of(site, "studies/s1/old-theme") == "../t1/"
    assert redirect_of(site, "implications/hear-first") == "../listen/"
    for folder, target in (
        ("studies/old-study", "studies/s1"),
        ("studies/old-study/t1", "studies/s1/t1"),
        ("studies/s1/old-theme", "studies/s1/t1"),
        ("implications/hear-first", "implications/listen"),
    ):
        resolved = (site / folder / redirect_of(site, folder)).resolve()
        assert resolved == (site / target).resolve() and (resolved / "index.html").is_file()


@pytest.mark.slow
def test_old_anchors_still_land_on_the_record(site: Path) -> None:
    theme = (site / "studies/s1/t1/index.html").read_text(encoding="utf-8")
    assert (
        '<div class="fd-alias" id="old-excerpt"></div>' in theme
        or '<div id="old-excerpt" class="fd-alias"></div>' in theme
    )
    assert 'id="old-sub"' in theme
    overview = (site / "implications/index.html").read_text(encoding="utf-8")
    assert 'id="hear-first"' in overview


def test_an_alias_is_reserved_like_an_id(project) -> None:  # type: ignore[no-untyped-def]
    clash = IMPLICATION.replace("aliases: [hear-first]", "aliases: [t1]")
    root = project({k: v for k, v in files(**{"findings/implications/listen.yml": clash}).items()})
    errors = [str(d) for d in check(Layout.at(root)).diagnostics if d.is_error]
    assert errors == [
        "findings/implications/listen.yml:1:1: error: duplicate id 't1' (already used at findings/s1/t1.yml:1:1)"
        " (ids must be unique across all studies, themes, excerpts and implications)"
    ]
