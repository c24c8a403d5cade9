"""The validator's yes-or-no answer (compiled from the schema) agrees with its full walk.

A record the quick check passes is never walked again, so a value it wrongly passed would be an
error nobody is told about. These tests compare the two on every record the tests know and on
thousands of broken variants of them (mutations drawn from a fixed seed).
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.core.diagnostics import Diagnostic
from generator.core.validate import RecordValidator
from generator.core.yaml_source import YamlDocument, parse_yaml

from .conftest import REPO
from .sites import synthetic_site

#: Values a mutation may put anywhere: wrong types, empty and blank text, out-of-range numbers.
ODD_VALUES: tuple[Any, ...] = (None, "", "   ", "x", "bogus value", 0, -1, 101, 12.5, True, [], {}, ["x"], {"a": 1})


def _records(tmp_path: Path) -> Iterator[YamlDocument]:
    files = sorted((REPO / "findings").rglob("*.yml"))
    site = synthetic_site("XS", tmp_path / "synthetic", seed=5)
    files += sorted((site / "findings").rglob("*.yml"))
    for path in files:
        doc, _ = parse_yaml(path.read_bytes(), path.name)
        if doc is not None:
            yield doc
    for case in sorted((REPO / "tests" / "cases").glob("*.yaml")):
        for name, text in yaml.safe_load(case.read_text(encoding="utf-8"))["files"].items():
            if name.endswith((".yml", ".yaml")) and isinstance(text, str):
                doc, _ = parse_yaml(text.encode("utf-8"), name)
                if doc is not None:
                    yield doc


def _walk_answers(validator: RecordValidator, doc: YamlDocument, kind: str) -> tuple[bool, bool]:
    """(quick answer, full walk found nothing) for one document."""
    node = validator.schema["$defs"][kind]
    problems: list[Diagnostic] = []
    validator._check(doc, doc.data, node, (), problems)
    return validator._passes(node)(doc.data), not problems


def _places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


def _mutate(data: Any, rng: random.Random) -> Any:
    """A deep copy of ``data`` with one or two things broken."""
    data = copy.deepcopy(data)
    for _ in range(rng.choice((1, 1, 2))):
        path = rng.choice([p for p in _places(data) if p])
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        action = rng.randrange(6)
        if action == 0 and isinstance(parent, dict):
            del parent[last]  # a missing field
        elif action == 1 and isinstance(parent, dict):
            parent[rng.choice(("notes", "tittle", "id2", "extra"))] = "x"  # an unknown field
        elif action == 2 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))  # a repeated item
        elif action == 3 and isinstance(parent[last], str):
            parent[last] = parent[last] * 400  # too long, perhaps
        else:
            parent[last] = rng.choice(ODD_VALUES)
    return data


@pytest.mark.slow
def test_the_quick_check_and_the_full_walk_agree_on_known_and_broken_records(tmp_path: Path) -> None:
    validator = RecordValidator()
    kinds = set(validator.schema["properties"]["type"]["enum"])
    rng = random.Random(20261202)
    agreed = {True: 0, False: 0}
    for doc in _records(tmp_path):
        if not isinstance(doc.data, dict) or doc.data.get("type") not in kinds:
            continue
        kind = doc.data["type"]
        quick, clean = _walk_answers(validator, doc, kind)
        assert quick == clean, f"{doc.path}: quick check says {quick}"
        agreed[clean] += 1
        for _ in range(12):
            broken = YamlDocument(doc.path, _mutate(doc.data, rng), doc.positions, doc.key_positions)
            if not isinstance(broken.data, dict):
                continue
            quick, clean = _walk_answers(validator, broken, kind)
            assert quick == clean, f"{doc.path} mutated to {broken.data!r}: quick check says {quick}"
            agreed[clean] += 1
    assert agreed[True] > 200 and agreed[False] > 1000  # both answers were really put to the test


def test_a_record_that_passes_the_quick_check_gets_no_problems() -> None:
    text = b"type: study\nid: s1\ntitle: A study\nreference: key2020\ndesign: interviews\n"
    doc, _ = parse_yaml(text, "f.yml")
    assert doc is not None
    validator = RecordValidator()
    assert validator._passes(validator.schema["$defs"]["study"])(doc.data)
    problems: list[Diagnostic] = []
    validator.validate(doc, "study", problems)
    assert problems == []
    doc.data["design"] = ""
    validator.validate(doc, "study", problems)
    assert [p.message for p in problems] == ["'design' should not be empty"]
