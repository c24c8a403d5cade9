"""Reading YAML: positions, encodings and hostile input, with exact messages."""

from __future__ import annotations

from generator.core.yaml_source import MAX_BYTES, parse_yaml


def messages(raw: bytes) -> list[str]:
    return [str(d) for d in parse_yaml(raw, "r.yml")[1]]


def test_positions_of_values_and_keys() -> None:
    doc, problems = parse_yaml(b"a: 1\nb:\n  - x\n  - {c: y}\n", "r.yml")
    assert problems == [] and doc is not None
    assert doc.data == {"a": 1, "b": ["x", {"c": "y"}]}
    assert doc.positions[("b", 1, "c")] == (4, 9)
    assert doc.key_positions[("b",)] == (2, 1)
    assert str(doc.location(("b", 5))) == "r.yml:3:3"  # unknown index: nearest parent (the list)


def test_byte_order_mark_and_crlf_are_fine() -> None:
    doc, problems = parse_yaml(b"\xef\xbb\xbfa: 1\r\nb: two\r\n", "r.yml")
    assert problems == [] and doc is not None and doc.data == {"a": 1, "b": "two"}


def test_not_utf8_names_line_and_column() -> None:
    assert messages(b"a: 1\nb: caf\xe9\n") == [
        "r.yml:2:7: error: file is not valid UTF-8 (byte 0xe9) (re-save the file as UTF-8)"
    ]


def test_utf16_is_refused_with_advice() -> None:
    assert messages("a: 1\n".encode("utf-16")) == [
        "r.yml:1:1: error: file is UTF-16 encoded; records must be UTF-8 (re-save the file as UTF-8)"
    ]


def test_duplicate_key_names_both_lines() -> None:
    assert messages(b"a: 1\nb: 2\na: 3\n") == [
        "r.yml:3:1: error: duplicate key 'a' (first defined on line 1)"
        " (remove one of them; YAML would silently keep only the last)"
    ]


def test_unsafe_tags_are_refused() -> None:
    assert messages(b"a: !!python/object/apply:os.system [echo hi]\n") == [
        "r.yml:1:4: error: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' (remove the tag)"
    ]
    assert messages(b"a: !custom x\n") == [
        "r.yml:1:4: error: unsupported YAML tag '!custom'"
        " (remove the tag; records hold only text, numbers, lists and mappings)"
    ]


def test_alias_bomb_is_bounded() -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    assert messages("\n".join(lines).encode()) == [
        "r.yml:1:1: error: file expands to more than 250,000 values (aliases repeated too often?)"
        " (write the record without YAML aliases)"
    ]


def test_huge_file_is_refused_before_parsing() -> None:
    raw = b"a: " + b"x" * (MAX_BYTES + 1)
    assert messages(raw) == [
        f"r.yml:1:1: error: file is {len(raw):,} bytes; a record may be at most {MAX_BYTES:,}"
        " (split it into one record per file)"
    ]


def test_empty_file_has_no_document() -> None:
    doc, problems = parse_yaml(b"", "r.yml")
    assert problems == [] and doc is not None and doc.data is None


def test_dates_stay_text_and_numbers_are_numbers() -> None:
    doc, _ = parse_yaml(b"d: 2027-01-31\nn: 18\nf: 0.5\nb: true\nz: ~\n", "r.yml")
    assert doc is not None
    assert doc.data == {"d": "2027-01-31", "n": 18, "f": 0.5, "b": True, "z": None}


def test_syntax_error_says_where_the_construct_began() -> None:
    assert messages(b"a: 1\nb: [x,\nc: 2\n") == [
        "r.yml:2:4: error: YAML syntax error: the list opened with '[' here is not closed"
        " (close it with ']', or put the value in quotes if the '[' is part of the text)"
    ]


def test_multiple_documents_are_an_error() -> None:
    assert messages(b"a: 1\n---\nb: 2\n") == [
        "r.yml:2:1: error: a second YAML document starts here; a record file holds exactly one"
        " (remove the '---' line, or move the second record to its own file)"
    ]


def test_lean_resolver_tags_every_scalar_as_pyyaml_does() -> None:
    # yaml_source resolves tags itself for speed; any drift from PyYAML would change values silently.
    import yaml

    from generator.core.yaml_source import _Composer

    scalars = [
        "", "~", "null", "Null", "NULL", "yes", "No", "on", "OFF", "true", "False", "y", "n", "0", "-12", "+3",
        "0x1F", "0o17", "0b101", "1_000", "1:20", "1.5", "-.5", ".inf", "-.Inf", ".NaN", "1e3", "6.8523015e+5",
        "2020-01-01", "2001-12-14t21:59:43.10-05:00", "=", "<<", "text", "'quoted'", '"1"', "a - dash", "x@at",
        "ünïcode", "12 angry men", "3.", "0.1.2", "+.inf", ".", "NaN", "-5e-3",
    ]  # fmt: skip
    source = "\n".join(f"k{i}: {value}" for i, value in enumerate(scalars)) + "\nl: [a, 1]\nm: {a: b}\n"

    def tags(loader: type) -> list[str]:
        root = yaml.compose(source, Loader=loader)
        return [value.tag for _, value in root.value] + [item.tag for item in root.value[-2][1].value]

    assert tags(_Composer) == tags(yaml.SafeLoader)
