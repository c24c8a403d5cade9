"""Results of a pure function of immutable records, kept while it is called with the very same records.

A `mkdocs serve` rebuild reads again only the record files that changed; every other record is the very
object the last build had. A function of a group of records (the repeats among one work's citation
statements) then gets the same objects again, and its last result still holds. Identity, not equality,
decides: checking it costs a pointer comparison per record, where equality would compare every field.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class SameInputs(Generic[Item, Result]):
    """``function(items)`` remembered for the most recent ``size`` distinct sequences of items.

    The items are kept with the result, so their ids cannot be taken by other objects while remembered.
    Callers must not change a result they get (it is handed out again).
    """

    def __init__(self, function: Callable[..., Result], size: int = 20_000) -> None:
        self.function = function
        self.size = size
        self.kept: OrderedDict[tuple[int, ...], tuple[tuple[Item, ...], Result]] = OrderedDict()

    def __call__(self, items: Sequence[Item], *helpers: Any) -> Result:
        """``helpers`` go to the function unkeyed: they may make it faster, never change what it returns."""
        key = tuple(map(id, items))
        hit = self.kept.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], items, strict=True)):
            self.kept.move_to_end(key)
            return hit[1]
        result = self.function(items, *helpers)
        self.kept[key] = (tuple(items), result)
        if len(self.kept) > self.size:
            self.kept.popitem(last=False)
        return result
