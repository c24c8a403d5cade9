"""`findings check` reads the references without formatting them, and still reports every problem check() does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.adapters import cli
from generator.core.project import Layout, check, diagnose
from generator.core.references import library

from .conftest import REPO
from .sites import STUDY, THEME, project_files, synthetic_site

#: SYNTHETIC entries that exercise every problem the library reports without formatting anything.
TRICKY_BIB = """% SYNTHETIC test library
@string{syn = {Synthetic Journal}}
@article{smith2020alliance,
  author = {Smith, Jane and Doe, John},
  title = {A synthetic study of alliance},
  journal = syn,
  year = {2020},
  unverified = {year, volume},
}
@article{Smith2020Alliance,
  author = {Other, Ann},
  title = {A duplicate key in another case},
  year = {2021},
}
@incollection{lee2019chapter,
  author = {Lee, Kim},
  title = {A chapter},
  crossref = {missingbook},
  year = {2019},
}
@set{bundle, entryset = {smith2020alliance, lee2019chapter}}
@book{never2018cited,
  author = {Nobody, Nils},
  title = {A book nobody cites},
  year = {2018},
  inferred = {publisher},
}
@article{broken2017,
  author = {Broken, Bo},
  title = {An entry that does not close},
"""

THEME_CITING = THEME.replace(
    "title: Feeling heard", "title: Feeling heard\nsummary: As [@bundle; @nokey] and @lee2019chapter say."
)


def _tricky(project) -> Path:  # type: ignore[no-untyped-def]
    return project(  # type: ignore[no-any-return]
        project_files(
            **{
                "bib/library.bib": TRICKY_BIB,
                "bib/more.bib": b"% SYNTHETIC\n@misc{latin2016, title = {Caf\xe9}, year = {2016}}\n",
                "findings/s1/study.yml": STUDY,
                "findings/s1/t1.yml": THEME_CITING,
            }
        )
    )


def test_check_command_reports_what_a_full_check_reports(project) -> None:  # type: ignore[no-untyped-def]
    layout = Layout.at(_tricky(project))
    full = check(layout).diagnostics
    codes = {d.code for d in full}
    assert {"bib-duplicate", "bib-crossref", "unverified", "bib-encoding"} <= codes  # the case covers them
    assert any("never cited" in d.message for d in full)
    assert any("'@bundle'" in d.message and d.is_error for d in full)  # a @set is no work of its own
    assert diagnose(layout) == full


def test_same_problems_on_the_example_and_a_synthetic_corpus(tmp_path: Path) -> None:
    assert diagnose(Layout.at(REPO)) == check(Layout.at(REPO)).diagnostics
    layout = Layout.at(synthetic_site("XS", tmp_path / "xs", seed=3))
    found = diagnose(layout)
    assert found and found == check(layout).diagnostics


def test_check_command_formats_no_reference(
    project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files())

    def refuse(*args: object) -> object:
        raise AssertionError("formatted a reference")

    monkeypatch.setattr(library, "format_reference", refuse)
    assert "bib-format" in {d.code for d in check(Layout.at(root)).errors}  # a build formats, and stops
    assert cli.main(["check", "--root", str(root)]) == cli.EXIT_OK
    assert "cannot format" not in capsys.readouterr().err


def test_the_command_as_a_process_says_everything_before_it_exits(project) -> None:  # type: ignore[no-untyped-def]
    # The command leaves without the interpreter's teardown (os._exit): what it printed must all be out.
    root = _tricky(project)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--format", "json"], cwd=root, capture_output=True, text=True
    )
    assert done.returncode == cli.EXIT_ERRORS
    found = json.loads(done.stdout)["diagnostics"]
    assert [item["message"] for item in found] == [d.message for d in diagnose(Layout.at(root))]
    text = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root, capture_output=True, text=True)
    assert text.stderr.endswith("5 error(s), 6 warning(s)\n")
