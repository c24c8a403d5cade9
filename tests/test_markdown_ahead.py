"""`mkdocs build` converts part of the generated pages in a second process: same site, same warnings."""

from __future__ import annotations

import filecmp
import logging
import os
import time
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.pages import Page

from generator.adapters.mkdocs import markdown_ahead
from generator.adapters.mkdocs.conversion import Conversion
from generator.adapters.mkdocs.markdown_ahead import MarkdownAhead
from generator.speed.parallel import Background

from .sites import BIB, IMPLICATION, MKDOCS_YML, STUDY, THEME, copy_example, example_config, mkdocs_build, write_tree

TWO_WORKERS = {"FINDINGS_WORKERS": "2", "SOURCE_DATE_EPOCH": "1767225600"}


def differences(left: Path, right: Path) -> list[str]:
    found = []
    compared = filecmp.dircmp(left, right)
    found += [f"{left}: only {name}" for name in compared.left_only + compared.right_only]
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    found += [str(left / name) for name in mismatch + errors]
    for name in compared.common_dirs:
        found += differences(left / name, right / name)
    return found


@pytest.mark.slow
def test_the_example_site_is_the_same_converted_ahead_or_not(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "src")
    ahead = mkdocs_build(root, "-d", str(tmp_path / "ahead"), quiet=False, env=TWO_WORKERS)
    assert "converted in a second process" in ahead.stderr
    (root / "mkdocs.yml").write_text(example_config("convert_ahead: false"), encoding="utf-8")
    here = mkdocs_build(root, "-d", str(tmp_path / "here"), quiet=False, env=TWO_WORKERS)
    assert "converted in a second process" not in here.stderr
    assert differences(tmp_path / "ahead", tmp_path / "here") == []


def test_warnings_of_pages_converted_ahead_still_fail_a_strict_build(tmp_path: Path) -> None:
    themes = {
        f"findings/s1/t{n}.yml": THEME.replace("t1", f"t{n}").replace("Feeling heard", f"Theme {n}")
        + "summary: See [the notes](nowhere.md).\n"
        for n in range(1, 5)
    }
    write_tree(
        tmp_path,
        {
            "mkdocs.yml": MKDOCS_YML,
            "bib/library.bib": BIB,
            "findings/s1/study.yml": STUDY,
            "findings/implications/listen.yml": IMPLICATION,
            "docs/.keep": "",
            **themes,
        },
    )
    run = mkdocs_build(tmp_path, "-d", str(tmp_path / "site"), quiet=False, env=TWO_WORKERS, expect=None)
    assert run.returncode != 0
    assert "converted in a second process" in run.stderr
    broken = [line for line in run.stderr.splitlines() if "nowhere.md" in line and line.startswith("WARNING")]
    assert len(broken) == 4, run.stderr  # one per theme page, wherever it was converted


def small_site(tmp_path: Path) -> tuple[list[Page], Files, object]:
    write_tree(
        tmp_path,
        {
            "mkdocs.yml": "site_name: Synthetic\nmarkdown_extensions: [toc, attr_list]\n",
            "docs/a.md": "# Page A\n\nSee [B](b.md#part) and [nothing](none.md).\n\n## Part {: #own }\n",
            "docs/b.md": "# Page B\n\n## Part\n\nText.\n",
        },
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    pages = [Page(None, file, config) for file in files.documentation_pages()]
    return pages, files, config


def test_a_page_converted_ahead_is_left_as_rendering_it_here_would(tmp_path: Path) -> None:
    pages, files, config = small_site(tmp_path)
    ahead = MarkdownAhead(pages, config, files, share=1.0)  # type: ignore[arg-type]
    assert ahead.ahead == {"a.md", "b.md"}
    for page in pages:
        converted = ahead.take(page)
        assert converted is not None
        page.read_source(config)  # type: ignore[arg-type]
        page.render(config, files)  # type: ignore[arg-type]
        expected = (page.content, str(page.toc), page.title, page.present_anchor_ids, page.links_to_anchors)
        page.content, page.toc, page.present_anchor_ids = None, None, None  # type: ignore[assignment]
        assert ahead.apply(page, converted) == expected[0]
        assert (expected[0], str(page.toc), page.title, page.present_anchor_ids, page.links_to_anchors) == expected
    assert ahead.take(pages[0]) is None  # each result is handed over once


def test_log_records_of_a_page_converted_ahead_are_logged_here(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    pages, files, config = small_site(tmp_path)
    ahead = MarkdownAhead(pages, config, files, share=1.0)  # type: ignore[arg-type]
    converted = ahead.take(pages[0])
    assert converted is not None
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        ahead.apply(pages[0], converted)
    assert any("none.md" in record.getMessage() for record in caplog.records)


def test_a_failed_second_process_leaves_the_pages_to_this_one(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*_: object) -> None:
        raise RuntimeError("synthetic failure")

    monkeypatch.setattr(markdown_ahead, "_convert", broken)
    pages, files, config = small_site(tmp_path)
    ahead = MarkdownAhead(pages, config, files, share=1.0)  # type: ignore[arg-type]
    assert ahead.take(pages[0]) is None
    assert "synthetic failure" in ahead.failure


def test_only_about_the_share_is_converted_ahead_and_it_is_the_last_pages(tmp_path: Path) -> None:
    pages, files, config = small_site(tmp_path)
    half = MarkdownAhead(pages, config, files, share=0.5)  # type: ignore[arg-type]
    assert half.ahead == {"b.md"}  # b.md is the shorter, last page
    half.cancel()
    none = MarkdownAhead(pages, config, files, share=0.0)  # type: ignore[arg-type]
    assert none.ahead == set()
    assert none.take(pages[0]) is None
    # A preview converts the pages whose entries it keeps here: the other process takes more of the rest.
    both = MarkdownAhead(pages, config, files, share=0.5, converted_here=200)  # type: ignore[arg-type]
    assert both.ahead == {"a.md", "b.md"}
    both.cancel()


def test_pages_converted_ahead_but_never_asked_for_stop_the_other_process() -> None:
    """A --dirty rebuild renders only changed pages; the job converting the others must not wait for ever."""

    def forever() -> None:
        time.sleep(120)  # bounded: a regression fails the test instead of hanging the suite

    conversion = Conversion(logging.getLogger("test"))
    job = Background(forever, workers=2)
    ahead = MarkdownAhead.__new__(MarkdownAhead)  # only what finish() touches: the running job
    ahead._job = job
    conversion.ahead = ahead
    assert job._child is not None
    pid = job._child[0]
    conversion.finish()
    assert conversion.ahead is None and job._child is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # stopped and reaped
