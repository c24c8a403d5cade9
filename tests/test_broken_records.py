"""Records with errors still hold their ids: what is read from them, and what references to them say."""

from __future__ import annotations

from pathlib import Path

from generator.core.broken import Claim, from_text
from generator.core.diagnostics import Location
from generator.core.project import Layout, check

from .sites import project_files, write_tree


def errors(root: Path) -> list[str]:
    return [str(d) for d in check(Layout.at(root)).diagnostics if d.is_error]


def test_ids_are_read_from_a_file_yaml_cannot_parse() -> None:
    text = "type: theme\nid: 't1'\nstudy: s1\ntitle: [open\nexcerpts:\n  - id: t1-e1 # first\n  - id: bad id\n"
    remains = from_text(text, "r.yml")
    assert remains is not None
    assert remains.claims == (
        Claim("t1", "theme", Location("r.yml", 2, 1)),
        Claim("t1-e1", "excerpt", Location("r.yml", 6, 1)),
    )


def test_a_study_file_claims_no_excerpts_and_text_without_ids_claims_nothing() -> None:
    remains = from_text("type: study\nid: s1\nitems:\n  - id: x1\n", "r.yml")
    assert remains is not None and [c.id for c in remains.claims] == ["s1"]
    assert from_text("title: [open\n", "r.yml") is None


def test_a_record_of_unreadable_type_satisfies_any_reference(tmp_path: Path) -> None:
    # 'type: studdy' hides what the record is: the theme pointing at it reports nothing of its own.
    study = "type: studdy\nid: s1\ntitle: Synthetic study\n"
    root = write_tree(tmp_path, project_files(**{"findings/s1/study.yml": study}))
    assert errors(root) == [
        "findings/s1/study.yml:1:7: error: 'type' should be one of: study, theme, implication, glossary, site;"
        " got text 'studdy' (did you mean 'study'?)"
    ]


def test_a_broken_record_with_a_taken_id_is_told_so_and_hides_nothing(tmp_path: Path) -> None:
    # Its file sorts first, yet the valid t1 keeps its id (and its excerpts theirs: no cascade).
    broken = "type: theme\nid: t1\nstudy: s1\ntitle: Again\nkind: theem\n"
    root = write_tree(tmp_path, project_files(**{"findings/s1/a-t1.yml": broken}))
    assert errors(root) == [
        "findings/s1/a-t1.yml:1:1: error: duplicate id 't1' (already used at findings/s1/t1.yml:1:1)"
        " (ids must be unique across all studies, themes, excerpts and implications)",
        "findings/s1/a-t1.yml:5:7: error: 'kind' should be one of: overarching, theme, subtheme, metatheme;"
        " got text 'theem' (did you mean 'theme'?)",
    ]


def test_the_kind_of_a_broken_record_still_counts(tmp_path: Path) -> None:
    # An implication grounded in a (broken) study is told so, as it would be if the study were valid.
    study = "type: study\nid: s1\ntitle: Synthetic study\nreference: smith2020alliance\ndesing: x\n"
    implication = "type: implication\nid: listen\nstatement: Listen.\naudience: [therapists]\n"
    implication += "grounded_in: [t1-e1, s1]\nderived_by: editors\n"
    files = project_files(**{"findings/s1/study.yml": study, "findings/implications/listen.yml": implication})
    root = write_tree(tmp_path, files)
    assert errors(root) == [
        "findings/implications/listen.yml:5:22: error: grounded_in 's1' is a study; expected a theme or excerpt id",
        "findings/s1/study.yml:5:1: error: unknown field 'desing' (did you mean 'design'?)",
    ]
