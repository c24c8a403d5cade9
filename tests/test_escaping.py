"""The chained-replace escapers give exactly what str.translate would give."""

from __future__ import annotations

import graphlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.core.escaping import replacer
from generator.core.references.richtext import MD_ESCAPES, TITLE_ESCAPES
from generator.core.render.text import VERBATIM_ESCAPES

TABLES = {"verbatim": VERBATIM_ESCAPES, "markdown": MD_ESCAPES, "link title": TITLE_ESCAPES}


@pytest.mark.parametrize("name", sorted(TABLES))
@given(text=st.text(alphabet=st.sampled_from("&<>\"'\\`*_{}[]()#|;ampltgquot92 é\n")))
def test_same_as_translate(name: str, text: str) -> None:
    table = TABLES[name]
    assert replacer(table)(text) == text.translate(str.maketrans(table))


def test_an_order_is_found_whatever_the_table_order() -> None:
    backwards = dict(reversed(list(MD_ESCAPES.items())))  # '&' last: it must still go first
    assert replacer(backwards)("<*&>") == "&lt;\\*&amp;&gt;"


def test_tables_that_cannot_be_chained_are_refused() -> None:
    with pytest.raises(graphlib.CycleError):
        replacer({"a": "b", "b": "a"})
    with pytest.raises(ValueError, match="single characters"):
        replacer({"ab": "c"})


@given(st.text(alphabet=" -+>=1²٣\u00a0\t\nab*_.)#", max_size=12) | st.text(max_size=30))
def test_plain_text_skips_the_line_start_pattern_only_where_it_cannot_match(text: str) -> None:
    from generator.core.render import text as module

    scanned = module._LINE_START.sub(module._escape_line_start, module._escape_verbatim(text))
    assert module.plain(text) == scanned
