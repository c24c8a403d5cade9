"""SitePaths: every path it derives from the corpus is worked out when it is made, none filled in later."""

from __future__ import annotations

import copy

import pytest

from generator.core.project import Layout, check
from generator.core.render.paths import SitePaths

from .sites import BIB, SUBTHEME, project_files


def test_paths_hold_no_state_filled_in_by_reading_them(project) -> None:  # type: ignore[no-untyped-def]
    second = "@book{weber2018, author = {Weber, Ann}, title = {A synthetic book}, year = {2018}, publisher = {P}}\n"
    root = project(project_files(**{"findings/s1/t1a.yml": SUBTHEME, "bib/library.bib": BIB + second}))
    corpus = check(Layout.at(root)).corpus
    assert corpus is not None
    paths = SitePaths(corpus, "lib", references_per_page=1)
    before = copy.copy(vars(paths))
    assert paths.theme_page("t1a") == paths.theme_page("t1") == "lib/studies/s1/t1.md"  # a subtheme: its parent's
    assert paths.target("t1a-e1") == ("lib/studies/s1/t1.md", "t1a-e1")
    assert [part.path for part in paths.reference_parts] == ["lib/references/01-smith.md", "lib/references/02-weber.md"]
    assert paths.reference_page("weber2018") == "lib/references/02-weber.md"
    assert vars(paths) == before  # reading computed nothing new and kept nothing
    with pytest.raises(KeyError):
        paths.theme_page("no-such-theme")
    with pytest.raises(TypeError):
        paths._theme_pages["t9"] = "x"  # type: ignore[index]
    assert vars(paths) == before
    assert SitePaths(corpus, "lib", references_per_page=1) == paths  # equal over what it was made from
