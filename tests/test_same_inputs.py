"""Results kept while a function gets the very same records (generator/speed/same_inputs.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from generator.core.diagnostics import Location
from generator.core.model import Excerpt
from generator.core.statements import duplicate_of
from generator.speed.same_inputs import SameInputs


@dataclass(frozen=True)
class Record:
    text: str


def test_a_result_is_kept_for_the_very_same_records_only() -> None:
    calls: list[tuple[str, ...]] = []

    def texts(records: Sequence[Record]) -> tuple[str, ...]:
        calls.append(tuple(r.text for r in records))
        return tuple(r.text for r in records)

    kept: SameInputs[Record, tuple[str, ...]] = SameInputs(texts, size=2)
    a, b = Record("a"), Record("b")
    assert kept([a, b]) == ("a", "b") and kept((a, b)) == ("a", "b")
    assert len(calls) == 1  # the same objects, in a list or a tuple
    assert kept([a, Record("b")]) == ("a", "b") and len(calls) == 2  # an equal record read again: not the same
    assert kept([b, a]) == ("b", "a") and len(calls) == 3  # order counts
    kept([Record("c")])  # a third sequence: the least recently used one goes
    assert len(kept.kept) == 2
    kept([b, a])
    assert len(calls) == 4  # [b, a] was kept ([a, Record("b")] was used after it)


def test_duplicate_of_hands_out_its_own_copy() -> None:
    first = Excerpt("s1", "t1", "The same sentence.", "citation statement", Location("findings/t1.yml", 3))
    second = replace(first, id="s2")
    group = [first, second]
    repeats = duplicate_of(group)
    assert repeats == {"s2": "s1"}
    repeats.clear()
    assert duplicate_of(group) == {"s2": "s1"}
    assert duplicate_of([first, replace(second, text="Another sentence altogether.")]) == {}
