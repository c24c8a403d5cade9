"""Random field text and random BibTeX source never make loading raise."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.references import load_library, render_citations
from generator.core.references.latex import decode

ALPHABET = st.sampled_from(list("aZ09 {}\\$\"'`~-_^@#%&,=()[]*<>:;.\n") + ["\\emph{", '\\"', "{\\o}", "--", "é", "Ø"])
TEXT = st.lists(ALPHABET, max_size=40).map("".join)
FIELDS = [
    "author",
    "editor",
    "title",
    "journal",
    "year",
    "date",
    "pages",
    "volume",
    "doi",
    "url",
    "edition",
    "booktitle",
    "publisher",
    "pubstate",
    "urldate",
    "month",
    "crossref",
    "type",
    "number",
]
TYPES = ["article", "book", "incollection", "inproceedings", "phdthesis", "techreport", "online", "misc", "set"]

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load(source: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.bib"
        path.write_bytes(source if isinstance(source, bytes) else source.encode("utf-8", "surrogatepass"))
        library, _ = load_library([path], root=Path(tmp))
        for ref in library.ordered:
            assert isinstance(ref.markdown, str) and isinstance(ref.text, str)
        render_citations("[@a; @b] @c [-@d]", library, lambda k: k)


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.sampled_from(TYPES),
            st.sampled_from(["a", "b", "c", "A"]),
            st.dictionaries(st.sampled_from(FIELDS), TEXT, max_size=6),
        ),
        max_size=4,
    )
)
def test_random_field_text(entries: list[tuple[str, str, dict[str, str]]]) -> None:
    parts = []
    for kind, key, fields in entries:
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
        parts.append(f"@{kind}{{{key},\n{body}\n}}\n")
    _load("".join(parts))


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200) | TEXT.map(lambda t: "@article{k, title = " + t))
def test_random_source(source: str) -> None:
    _load(source)


@SETTINGS
@given(st.binary(max_size=120))
def test_random_bytes(data: bytes) -> None:
    _load(data)


@SETTINGS
@given(TEXT)
def test_decode_never_raises(text: str) -> None:
    assert isinstance(decode(text).text, str)
