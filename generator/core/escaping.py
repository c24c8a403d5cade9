"""Character escaping by a few chained ``str.replace`` calls.

``str.translate`` with a table of strings looks every character of the text up in a dict;
for escaping a handful of characters, one ``replace`` per character is an order of
magnitude faster (measured: 20 us against 1.5 us for a 250-character reference), and
escaping is in the inner loop of every page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from graphlib import TopologicalSorter


def replacer(table: Mapping[str, str]) -> Callable[[str], str]:
    """A function that does what ``text.translate(str.maketrans(table))`` does.

    Characters are replaced in an order where no replacement is escaped again: '&' before
    '<' -> '&lt;', a backslash before '*' -> '\\*'. A table whose replacements need each
    other in a cycle has no such order and is refused (graphlib.CycleError).
    """
    if any(len(char) != 1 for char in table):
        raise ValueError("replacer() takes single characters")
    needs_first = {char: {other for other in table if other != char and other in table[char]} for char in table}
    steps = tuple((char, table[char]) for char in TopologicalSorter(needs_first).static_order())

    def escape(text: str) -> str:
        for char, replacement in steps:
            if char in text:
                text = text.replace(char, replacement)
        return text

    return escape
