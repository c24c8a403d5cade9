"""Schema messages, pinned word for word."""

from __future__ import annotations

from generator.core.validate import RecordValidator, validate_record
from generator.core.yaml_source import parse_yaml

THEME = "type: theme\nid: t\nstudy: s\ntitle: x\nkind: theme\nexcerpts:\n  - id: e\n    text: x\n    source: {}\n"


def messages(text: str) -> list[str]:
    doc, problems = parse_yaml(text.encode(), "f.yml")
    assert doc is not None and problems == []
    return [str(d) for d in validate_record(doc, RecordValidator())[1]]


def test_a_real_name_where_a_pseudonym_belongs_is_flagged() -> None:
    assert messages(THEME.format("interview\n    participant: Maria Jensen")) == [
        "f.yml:10:18: error: 'excerpts[1].participant' should be a pseudonym of 1-3 letters and 1-4 digits,"
        " e.g. 'P07'; got 'Maria Jensen' (this looks like a personal name: never publish real names;"
        " use a pseudonym such as 'P07')"
    ]


def test_numbers_out_of_range() -> None:
    text = THEME.format("citation statement\n    classifier_confidence: 172")
    assert messages(text) == ["f.yml:10:28: error: 'excerpts[1].classifier_confidence' should be at most 100; got 172"]


def test_dates_must_be_real_dates() -> None:
    assert messages(THEME.format("interview") + "embargo: 2027-13-01\n") == [
        "f.yml:10:10: error: 'embargo' should be a date written YYYY-MM-DD, e.g. '2027-03-01'; got '2027-13-01'"
    ]


def test_unknown_type_suggests_the_nearest() -> None:
    assert messages("type: thme\n") == [
        "f.yml:1:7: error: 'type' should be one of: study, theme, implication, glossary, site;"
        " got text 'thme' (did you mean 'theme'?)"
    ]
