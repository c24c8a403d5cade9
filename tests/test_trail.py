"""The evidence trail of an implication: each excerpt once, under its theme, with link text that adds something."""

from __future__ import annotations

import re
from pathlib import Path

from generator.core.project import Layout, check
from generator.core.render.pages import render_pages
from generator.core.render.trail import opening
from generator.speed.executor import Serial

from .sites import project_files, write_tree

THEMES = """type: theme
id: t2
study: s1
title: Being believed
kind: theme
excerpts:
  - id: t2-e1
    text: Synthetic words that a therapist said about being believed in the first session of all.
    speaker: therapist
    participant: T01
    source: interview
  - id: t2-e2
    text: Other synthetic words.
    source: interview
"""
IMPLICATION = """type: implication
id: listen
statement: Listen before you advise.
audience: [therapists]
grounded_in: [t1, t1-e1, t2-e1]
derived_by: editors
"""


def trail_of(tmp_path: Path) -> str:
    root = write_tree(
        tmp_path, project_files(**{"findings/s1/t2.yml": THEMES, "findings/implications/listen.yml": IMPLICATION})
    )
    corpus = check(Layout.at(root)).corpus
    assert corpus is not None
    markdown = render_pages(corpus, Serial())["implications/listen.md"].markdown
    return markdown.split("## Evidence trail", 1)[1]


def test_each_excerpt_is_listed_once_under_its_theme(tmp_path: Path) -> None:
    trail = trail_of(tmp_path)
    links = re.findall(r"\]\(([^)]+)\)", trail)
    excerpt_links = [link for link in links if re.search(r"#t\d-e\d$", link)]
    assert sorted(excerpt_links) == sorted(set(excerpt_links)), trail
    assert [link.rsplit("#", 1)[1] for link in excerpt_links] == ["t1-e1", "t2-e1"]
    lines = trail.splitlines()
    theme_two = next(i for i, line in enumerate(lines) if "[Being believed]" in line)
    assert "1 excerpt of it" in lines[theme_two]  # only the excerpt named, not the whole theme
    assert lines[theme_two + 1].startswith("    - ") and "t2-e1" in lines[theme_two + 1]


def test_excerpt_links_name_the_speaker_and_open_the_quote_never_the_title(tmp_path: Path) -> None:
    trail = trail_of(tmp_path)
    assert "[Therapist T01: “Synthetic words that a therapist said about being believed …”]" in trail
    assert "[Patient: “Synthetic words of a patient.”]" in trail
    for title in ("Feeling heard", "Being believed"):
        assert trail.count(title) == 1, trail  # the theme's own line, never again in an excerpt's link


def test_opening_cuts_at_a_word() -> None:
    assert opening("short words") == "short words"
    assert opening("one two three four five", limit=12) == "one two …"
