"""What changed, and when: a record's history read from git (a SYNTHETIC repository made here)."""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.core.history import read_history
from generator.core.project import Layout, build_site
from generator.core.render.pages import RenderOptions

from .sites import BIB, STUDY, write_tree

THEME = """type: theme
id: t1
study: s1
title: Feeling heard
kind: theme
confidence:
  level: {level}
  explanation: Synthetic.
excerpts:
  - id: t1-e1
    text: Synthetic words of a patient.
    speaker: patient
    source: interview
{more}"""
MORE = """  - id: t1-e2
    text: More synthetic words.
    speaker: patient
    source: interview
"""
IMPLICATION = """type: implication
id: listen
title: Listen first
statement: {statement}
audience: [therapists]
grounded_in: [t1-e1]
derived_by: editors
"""
GONE = """type: implication
id: advise
title: Advise early
statement: Synthetic advice.
audience: [therapists]
grounded_in: [t1]
derived_by: editors
{status}"""
LATER = """type: implication
id: secret
statement: Not public until 2099.
audience: [therapists]
grounded_in: [t1]
derived_by: editors
embargo: "2099-01-01"
"""


def git(root: Path, *args: str, day: str = "2026-01-01") -> None:
    stamp = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    command = ["git", "-c", "user.name=Synthetic", "-c", "user.email=synthetic@example.invalid", *args]
    subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)


def commit(root: Path, files: dict[str, str | bytes], day: str) -> None:
    write_tree(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"synthetic change of {day}", day=day)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history") / "repo"
    root.mkdir()
    git(root, "init", "-q")
    commit(
        root,
        {
            "bib/lib.bib": BIB,
            "findings/s1/study.yml": STUDY,
            "findings/s1/t1.yml": THEME.format(level="moderate", more=""),
            "findings/implications/listen.yml": IMPLICATION.format(statement="Listen."),
            "findings/implications/advise.yml": GONE.format(status=""),
        },
        "2026-01-05",
    )
    commit(
        root,
        {
            "findings/s1/t1.yml": THEME.format(level="high", more=MORE),
            "findings/implications/listen.yml": IMPLICATION.format(statement="Listen before you advise."),
            "findings/implications/secret.yml": LATER,
        },
        "2026-02-10",
    )
    commit(root, {"findings/implications/advise.yml": GONE.format(status="status: draft\n")}, "2026-03-15")
    return root


def test_changes_in_a_readers_words(repo: Path) -> None:
    history = read_history(repo / "findings")
    assert history.available
    assert [(c.date, c.record, c.what, c.flagged) for c in history.changes] == [
        ("2026-01-05", "advise", "implication added", False),
        ("2026-01-05", "listen", "implication added", False),
        ("2026-01-05", "s1", "study added", False),
        ("2026-01-05", "t1", "finding added", False),
        ("2026-02-10", "listen", "statement reworded", True),
        ("2026-02-10", "t1", "confidence moderate → high", True),
        ("2026-02-10", "t1", "excerpt added", False),
        ("2026-03-15", "advise", "implication withdrawn", True),
    ]  # the embargoed implication never shows


def test_pages_flag_changes_list_history_and_publish_a_feed(repo: Path) -> None:
    site, _ = build_site(Layout.at(repo), RenderOptions(history=True, site_url="https://example.org/s/"))
    assert site is not None
    implication = site.pages["implications/listen.md"].markdown
    assert (
        "**Changed 10 February 2026:** statement reworded ([what's new](../whats-new.md)).\n{: .fd-flag }"
        in implication
    )
    assert "<summary>Last changed 10 February 2026: history of this page</summary>" in implication
    assert "- 10 February 2026: **statement reworded**\n- 5 January 2026: implication added" in implication
    assert "**Changed 10 February 2026:** statement reworded" in site.pages["implications/index.md"].markdown
    theme = site.pages["studies/s1/t1.md"].markdown
    assert "**Changed 10 February 2026:** confidence moderate → high" in theme
    evidence = site.pages["evidence.md"].markdown
    assert "Moderate confidence" not in evidence and "High confidence</span> **changed 10 February 2026** |" in evidence
    news = site.pages["whats-new.md"].markdown
    assert "## 15 March 2026\n\n- Implication: Advise early: **implication withdrawn**" in news  # no link: gone
    assert "- Implication: [Listen first](implications/listen.md): **statement reworded**" in news
    assert "secret" not in news and "2099" not in news
    feed = ET.fromstring(site.files["whats-new.xml"])
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert [e.findtext(f"{atom}title") for e in entries][:2] == [
        "Implication: Advise early (implication withdrawn)",
        "Implication: Listen first (statement reworded)",
    ]
    assert feed.findtext(f"{atom}updated") == "2026-03-15T12:00:00Z"
    links = [link.get("href") for e in entries for link in e.findall(f"{atom}link")]
    assert "https://example.org/s/implications/listen/" in links
    again, _ = build_site(Layout.at(repo), RenderOptions(history=True, site_url="https://example.org/s/"))
    assert again is not None and again.files["whats-new.xml"] == site.files["whats-new.xml"]
    assert {p: again.pages[p].markdown for p in again.pages} == {p: site.pages[p].markdown for p in site.pages}


def test_a_shallow_clone_says_history_is_unavailable(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    history = read_history(clone / "findings")
    assert not history.available
    assert history.reason == "this copy of the repository is shallow (fetched without its history)"
    site, result = build_site(Layout.at(clone), RenderOptions(history=True))
    assert site is not None, result.diagnostics
    assert "The history of this site's findings and implications is unavailable: this copy of the repository" in (
        site.pages["whats-new.md"].markdown
    )
    assert "history of this page" not in site.pages["implications/listen.md"].markdown


def test_outside_git_there_is_no_history(tmp_path: Path) -> None:
    write_tree(tmp_path, {"findings/s1/study.yml": STUDY})
    assert read_history(tmp_path / "findings").reason == "the records are not in a git repository"


def test_pages_and_feed_give_the_title_a_record_has_now(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    theme = THEME.format(level="low", more="")
    files: dict[str, str | bytes] = {"bib/lib.bib": BIB, "findings/s1/study.yml": STUDY, "findings/s1/t1.yml": theme}
    commit(root, files, "2026-01-05")
    commit(root, {"findings/s1/t1.yml": theme.replace("Feeling heard", "Being heard")}, "2026-01-06")
    site, _ = build_site(Layout.at(root), RenderOptions(history=True))
    assert site is not None
    news = site.pages["whats-new.md"].markdown
    assert "- Finding: [Being heard](studies/s1/t1.md): renamed" in news
    assert "Feeling heard" not in news and b"Feeling heard" not in site.files["whats-new.xml"]


def test_the_feed_keeps_any_title_as_text(tmp_path: Path) -> None:
    """A title that would close the feed's elements or open new ones stays the text of one <title>."""
    hostile = "</title></entry><entry><title>injected</title><script>PWNED=1</script> &amp; &lt;b&gt; ]]>"
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    theme = THEME.format(level="low", more="")
    files: dict[str, str | bytes] = {"bib/lib.bib": BIB, "findings/s1/study.yml": STUDY, "findings/s1/t1.yml": theme}
    commit(root, files, "2026-01-05")
    quoted = '"' + hostile.replace("\\", "\\\\").replace('"', '\\"') + '"'
    commit(root, {"findings/s1/t1.yml": theme.replace("Feeling heard", quoted)}, "2026-01-06")
    site, result = build_site(Layout.at(root), RenderOptions(history=True))
    assert site is not None, result.diagnostics
    feed = ET.fromstring(site.files["whats-new.xml"])  # well-formed, whatever the title holds
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    titles = [entry.findtext(f"{atom}title") or "" for entry in entries]
    assert any(hostile in title for title in titles), titles
    assert all(entry.find(f"{atom}script") is None and len(entry.findall(f"{atom}title")) == 1 for entry in entries)
