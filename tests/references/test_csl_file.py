"""The library's CSL-JSON file, put together from each reference's own CSL-JSON text."""

from __future__ import annotations

import json

from generator.core.diagnostics import Diagnostic
from generator.core.references import Library
from generator.core.render.data import csl_item, csl_json


def test_the_csl_file_is_json_dumps_of_every_item(fixture_library: tuple[Library, list[Diagnostic]]) -> None:
    library, _ = fixture_library
    items = [dict(ref.csl) for ref in library.ordered]
    texts = [json.dumps(item, ensure_ascii=False) for item in items]
    assert len(items) > 10 and any(not text.isascii() for text in texts)
    expected = (json.dumps(items, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    assert csl_json(library) == expected
    assert csl_json(library, [csl_item(ref) for ref in library.ordered]) == expected


def test_an_empty_library_gives_an_empty_list() -> None:
    assert csl_json(Library({})) == b"[]\n" == (json.dumps([], indent=1) + "\n").encode()


def test_items_with_line_breaks_quotes_and_nesting_are_indented_as_json_dumps_would() -> None:
    items = [
        {"title": 'A "quoted"\nline\\break', "author": [{"family": "Ø", "given": ""}], "note": {}},
        {"issued": {"date-parts": [[2020, 1]]}, "empty": [], "number": 3.5, "flag": None},
        {},
    ]
    texts = [json.dumps(item, ensure_ascii=False, indent=1, sort_keys=True) for item in items]
    expected = (json.dumps(items, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    assert csl_json(Library({}), texts) == expected
