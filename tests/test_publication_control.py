"""Unpublished data stays out: drafts, embargoes, consent and the redaction list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.core.project import Layout, build_site

from .sites import findings_build, project_files

DRAFT_THEME = """type: theme
id: t9
study: s1
title: Secret draft finding
kind: theme
status: draft
excerpts:
  - id: t9-e1
    text: Words nobody may read yet.
    speaker: patient
    source: interview
"""


def all_output(site_pages: dict[str, str], files: dict[str, bytes]) -> str:
    return "\n".join(site_pages.values()) + "\n".join(f.decode() for f in files.values())


def test_drafts_leave_no_trace_in_the_public_build(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files(**{"findings/s1/t9.yml": DRAFT_THEME}))
    site, result = build_site(Layout.at(root))
    assert site is not None, result.diagnostics
    text = all_output({p: page.markdown for p, page in site.pages.items()}, site.files)
    assert "Secret draft finding" not in text and "t9" not in text and "nobody may read" not in text
    preview, _ = build_site(Layout.at(root), include_drafts=True)
    assert preview is not None
    page = preview.pages["studies/s1/t9.md"].markdown
    assert '!!! warning "Draft"' in page and "Secret draft finding" in page


def test_embargo_lifts_on_its_date(project, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    embargoed = DRAFT_THEME.replace("status: draft", "embargo: 2030-06-01")
    root = project(project_files(**{"findings/s1/t9.yml": embargoed}))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1906502399")  # 2030-05-31T23:59:59Z
    site, _ = build_site(Layout.at(root))
    assert site is not None and "studies/s1/t9.md" not in site.pages
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1906502400")  # 2030-06-01T00:00:00Z
    site, _ = build_site(Layout.at(root))
    assert site is not None and "studies/s1/t9.md" in site.pages


def test_redaction_list_fails_the_build_without_echoing_the_term(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = project(
        project_files(
            **{
                "findings/s1/t1.yml": project_files()["findings/s1/t1.yml"].replace(  # type: ignore[union-attr]
                    "Synthetic words of a patient.", "Synthetic words, said to Dr Imaginary Person."
                )
            }
        )
    )
    secret = tmp_path / "redact.txt"
    secret.write_text("# real names (synthetic for this test)\nNobody Here\nimaginary person\n", encoding="utf-8")
    run = findings_build(root, "out", env={"FINDINGS_REDACTION_LIST": str(secret)}, expect=1)
    assert "studies/s1/t1.md:" in run.stderr
    assert "error: output contains a redacted term (line 3 of the redaction list)" in run.stderr
    assert "Imaginary" not in run.stderr and "imaginary" not in run.stderr
    assert not (root / "out").exists()


def test_redaction_matches_whole_words_only(project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "redact.txt"
    secret.write_text("Ann\n", encoding="utf-8")
    monkeypatch.setenv("FINDINGS_REDACTION_LIST", str(secret))
    root = project(project_files())  # contains "Synthetic", "annotated"-like words but not the word Ann
    site, result = build_site(Layout.at(root))
    assert site is not None, [str(d) for d in result.diagnostics]


def test_findings_json_has_no_draft(project) -> None:  # type: ignore[no-untyped-def]
    root = project(project_files(**{"findings/s1/t9.yml": DRAFT_THEME}))
    site, _ = build_site(Layout.at(root))
    assert site is not None
    data = json.loads(site.files["findings.json"])
    assert [t["id"] for t in data["themes"]] == ["t1"]
