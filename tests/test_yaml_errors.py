"""YAML syntax errors explained: the less common causes (the common ones are golden cases),
where no heuristic applies, and damaged records never crash the explanation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.load import read_file
from generator.core.validate import RecordValidator
from generator.core.yaml_errors import explain
from generator.core.yaml_source import parse_yaml


def message(text: str) -> str:
    doc, problems = parse_yaml(text.encode("utf-8"), "r.yml")
    assert doc is None and len(problems) == 1, problems
    return str(problems[0])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "type: theme\ntitle: @smith said so\n",
            "r.yml:2:8: error: YAML syntax error: a value cannot start with '@' in YAML (put the value in quotes)",
        ),
        (
            "type: theme\ntitle: `code`\n",
            "r.yml:2:8: error: YAML syntax error: a value cannot start with '`' in YAML (put the value in quotes)",
        ),
        (
            "type: theme\ntitle: *starred\n",
            "r.yml:2:8: error: YAML syntax error: a value cannot start with '*' in YAML (put the value in quotes)",
        ),
        (
            'type: theme\ntitle: "C:\\path"\n',
            "r.yml:2:11: error: YAML syntax error: '\\p' is not a valid escape inside double quotes"
            " (write a backslash as \\\\, or put the value in single quotes)",
        ),
        (
            "type: theme\nsummary: | Text on the indicator line\n",
            "r.yml:2:12: error: YAML syntax error: text on the same line as '|'"
            " (start the text on the next line, indented; or remove the '|' to write a short value)",
        ),
        (
            "type: theme\nexcerpts:\n  - id: e1\n    cites: {key: smith2020, page: p. 3\n    source: publication\n",
            "r.yml:4:12: error: YAML syntax error: the mapping opened with '{' here is not closed"
            " (close it with '}', or put the value in quotes if the '{' is part of the text)",
        ),
        (
            "type: theme\nexcerpts:\n  - id: e1\n    text: |\n    Not indented under its key.\n",
            "r.yml:5:5: error: YAML syntax error: the text of 'text: |' (line 4) is not indented"
            " (indent every line of the text more than 'text')",
        ),
        (
            "type: theme\nid: t1\n---\ntype: theme\n",
            "r.yml:3:1: error: a second YAML document starts here; a record file holds exactly one"
            " (remove the '---' line, or move the second record to its own file)",
        ),
    ],
)
def test_less_common_causes_in_plain_words(text: str, expected: str) -> None:
    assert message(text) == expected


def test_intended_multi_line_quotes_are_not_called_unclosed() -> None:
    # The quoted text spans two lines on purpose (its second line is indented); the mistake is after it.
    text = 'type: theme\nsummary: "one line\n  and the next" and more\nkind: theme\n'
    assert message(text) == (
        "r.yml:3:15: error: YAML syntax error: text continues after the closing double quote"
        ' (inside double quotes write a quote as \\", or put the value in single quotes)'
    )


def test_no_heuristic_keeps_pyyamls_facts() -> None:
    # A list item after the list has ended: no heuristic claims to know why.
    text = "type: theme\nexcerpts:\n- id: e1\n  text: x\nkind: theme\n- id: e2\n"
    assert message(text) == (
        "r.yml:6:1: error: YAML syntax error: did not find expected key"
        " (parsing a block mapping that starts at line 1, column 1)"
        " (check the indentation of this line and the one before)"
    )


RECORD = """type: theme
id: t1
study: s1
title: "Feeling heard"
kind: theme
summary: |
  Patients felt heard [@smith2020].
excerpts:
  - id: t1-e1
    text: 'Synthetic words.'
    speaker: patient
    cites: {key: smith2020, page: p. 3}
relations:
  - kind: supports
    theme: t2
"""
DAMAGE = ['"', "'", "\t", ":", ": ", " ", "  ", "- ", "[", "{", "|", "#", "\n", "@", "*", "\\"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(RECORD)), st.sampled_from(DAMAGE), st.integers(0, 2)), min_size=1, max_size=3
    )
)
def test_damaged_records_are_explained_in_the_file_never_crash(edits: list[tuple[int, str, int]]) -> None:
    text = RECORD
    for at, insert, delete in edits:
        text = text[:at] + insert + text[at + delete :]
    doc, problems = parse_yaml(text.encode("utf-8"), "r.yml")
    lines = text.count("\n") + 1
    for problem in problems:
        assert 1 <= problem.location.line <= lines + 1, (text, str(problem))
        assert problem.location.column >= 1
    if doc is None:
        assert problems and problems[0].message.startswith(("YAML", "a second YAML document"))


def test_a_quote_closed_lines_later_is_named_when_the_record_parses(tmp_path: Path) -> None:
    # The next quote happens to end a line, so the file parses, and 'kind' becomes part of the title.
    raw = b'type: theme\nid: t1\nstudy: s1\ntitle: "Feeling heard\nkind: theme\nsummary: it ends with a quote"\n'
    result = read_file(tmp_path / "t1.yml", "t1.yml", RecordValidator(), raw)
    assert [str(d) for d in result.diagnostics] == [
        "t1.yml:4:8: error: unclosed double quote: the text runs on over 'kind' (line 5) to the next \" on line 6"
        " (close it with \" at the end of this value, or write text over several lines as a block scalar ('|'))",
        "t1.yml:1:1: error: missing required field 'kind'"
        " (add 'kind:' with one of: overarching, theme, subtheme, metatheme)",
    ]


def _golden_yaml_errors() -> list[tuple[str, str]]:
    found = []
    for case in sorted((Path(__file__).parent / "cases").glob("yaml-*.yaml")):
        for name, text in yaml.safe_load(case.read_text(encoding="utf-8"))["files"].items():
            if name.endswith(".yml") and parse_yaml(text.encode("utf-8"), name)[0] is None:
                found.append((name, text))
    return found


@pytest.mark.parametrize(("name", "text"), _golden_yaml_errors())
def test_without_libyaml_the_same_causes_are_named(name: str, text: str) -> None:
    # A PyYAML built without libyaml words and places some errors differently; the explanation must not change.
    loader = yaml.SafeLoader(text)
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        loader.get_single_node()
    assert str(explain(raised.value, text, name)) == str(parse_yaml(text.encode("utf-8"), name)[1][0])
