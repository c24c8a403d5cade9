"""Property tests: generated records and raw bytes never crash the pipeline, and every
problem comes back as a located diagnostic. Inputs are generated, hence synthetic."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.load import read_file
from generator.core.project import Layout, build_site
from generator.core.validate import RecordValidator
from generator.schema import load_schema

from .sites import BIB, write_tree

SCHEMA = load_schema()
FIELDS = sorted({name for d in SCHEMA["$defs"].values() for name in d.get("properties", {})})
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.sampled_from(["patient", "theme", "s1", "t1", "<script>x</script>"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=20,
)
records = st.fixed_dictionaries(
    {"type": st.sampled_from(["study", "theme", "implication", "other"])},
    optional={
        name: values
        for name in (
            "id",
            "study",
            "title",
            "kind",
            "excerpts",
            "grounded_in",
            "reference",
            "audience",
            "statement",
            "derived_by",
            "parent",
            "relations",
            "confidence",
        )
    },
)
VALIDATOR = RecordValidator()


def _located(diagnostics: Any) -> None:
    for d in diagnostics:
        assert d.location.path and d.message
        assert d.location.line >= 1 or d.location.path.endswith(".bib") or d.location.path.startswith("$")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.binary(max_size=300))
def test_any_bytes_give_a_result_not_a_crash(raw: bytes) -> None:
    result = read_file(Path("r.yml"), "r.yml", VALIDATOR, raw)
    assert result.record is not None or result.diagnostics or result.kind is None
    _located(result.diagnostics)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=records)
def test_generated_records_validate_without_crashing(record: dict[str, Any]) -> None:
    raw = yaml.safe_dump(record, allow_unicode=True).encode("utf-8")
    result = read_file(Path("r.yml"), "r.yml", VALIDATOR, raw)
    _located(result.diagnostics)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(study=records, theme=records, implication=records)
def test_whole_projects_build_or_fail_with_located_errors(study: Any, theme: Any, implication: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_tree(
            Path(folder),
            {
                "bib/library.bib": BIB,
                "findings/a.yml": yaml.safe_dump(study, allow_unicode=True),
                "findings/b.yml": yaml.safe_dump(theme, allow_unicode=True),
                "findings/c.yml": yaml.safe_dump(implication, allow_unicode=True),
            },
        )
        site, result = build_site(Layout.at(root))
        assert site is not None or result.errors
        _located(result.diagnostics)
