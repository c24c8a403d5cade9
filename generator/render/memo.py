"""Re-render only the pages whose inputs changed (`mkdocs serve` rebuilds).

While a page renders, every read it makes of the corpus and of the renderer's derived tables goes
through a tracing view, which logs the read and its result (an "observation"). On the next build a
page's old Markdown is reused when its template, its explicit values and every observation give
equal results on the new data; otherwise it is rendered again. This is the verifying-trace idea
of build systems: nothing has to declare what a page depends on, so a new template or helper
cannot forget a dependency. Results are compared with ``==`` (the model is frozen dataclasses,
compared by value), and identical objects compare at once.

Every view returns plain values (records, tuples, strings); it never hands out an untraced mapping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

#: What a lookup that raised KeyError is recorded as.
MISSING = object()

Observation = tuple[str, str, tuple[Any, ...], Any]  # (source, operation, arguments, result)


class Trace:
    """The observations of one page render, in order."""

    def __init__(self) -> None:
        self.observations: list[Observation] = []

    def note(self, source: str, operation: str, arguments: tuple[Any, ...], result: Any) -> Any:
        self.observations.append((source, operation, arguments, result))
        return result


def read(data: Any, operation: str, arguments: tuple[Any, ...]) -> Any:
    """One read of a mapping (or set), as it is both recorded and replayed; a missing key reads as MISSING."""
    if isinstance(data, (frozenset, set)):
        data = dict.fromkeys(data, True)
    if operation == "get":
        return data.get(arguments[0], MISSING)
    if operation == "contains":
        return arguments[0] in data
    if operation == "len":
        return len(data)
    if operation == "keys":
        return tuple(data)
    if operation == "values":
        return tuple(data.values())
    if operation == "items":
        return tuple(data.items())
    raise ValueError(f"unknown operation {operation!r}")


class TracedMapping(Mapping[Any, Any]):
    """A read-only mapping that logs each read."""

    def __init__(self, trace: Trace, source: str, data: Mapping[Any, Any]):
        self._trace, self._source, self._data = trace, source, data

    def _read(self, operation: str, *arguments: Any) -> Any:
        return self._trace.note(self._source, operation, arguments, read(self._data, operation, arguments))

    def __getitem__(self, key: Any) -> Any:
        value = self._read("get", key)
        if value is MISSING:
            raise KeyError(key)
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        value = self._read("get", key)
        return default if value is MISSING else value

    def __contains__(self, key: object) -> bool:
        return bool(self._read("contains", key))

    def __iter__(self) -> Iterator[Any]:
        return iter(self._read("keys"))

    def __len__(self) -> int:
        return int(self._read("len"))

    def keys(self) -> Any:
        return self._read("keys")

    def values(self) -> Any:
        return self._read("values")

    def items(self) -> Any:
        return self._read("items")


class TracedObject:
    """An object whose attribute reads and method calls are logged; mappings come back traced too."""

    def __init__(self, trace: Trace, source: str, target: Any, wrap: tuple[type, ...] = ()):
        self._trace, self._source, self._target, self._wrap = trace, source, target, wrap

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        source = f"{self._source}.{name}"
        if isinstance(value, self._wrap):  # objects read piecemeal (a library), not compared whole
            return TracedObject(self._trace, source, value, self._wrap)
        if isinstance(value, Mapping):
            return TracedMapping(self._trace, source, value)
        if callable(value):
            return _traced_call(self._trace, source, value)
        if isinstance(value, (frozenset, set)):
            return TracedMapping(self._trace, source, dict.fromkeys(value, True))  # read() replays it the same way
        return self._trace.note(self._source, "attr", (name,), value)


def _traced_call(trace: Trace, source: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def call(*arguments: Any) -> Any:
        try:
            result = function(*arguments)
        except KeyError:
            trace.note(source, "call", arguments, MISSING)
            raise
        return trace.note(source, "call", arguments, result)

    return call


def replay(roots: Mapping[str, Any], source: str, operation: str, arguments: tuple[Any, ...]) -> Any:
    """The result the same read gives on new data (``roots`` maps a source's first name to its object)."""
    head, *rest = source.split(".")
    target = roots[head]
    for name in rest[:-1] if operation == "call" else rest:
        target = getattr(target, name)
    if operation == "call":
        try:
            return getattr(target, rest[-1])(*arguments)
        except KeyError:
            return MISSING
    if operation == "attr":
        return getattr(target, arguments[0])
    return read(target, operation, arguments)


@dataclass
class Rendered:
    template: str
    values: dict[str, Any]
    observations: list[Observation]
    markdown: str


@dataclass
class RenderMemo:
    """Pages of the previous build with what they read; owned by a long-lived adapter (serve)."""

    pages: dict[str, Rendered] = field(default_factory=dict)
    key: Any = None
    """What every page depends on (the render options); a change empties the memo."""
    reused: int = 0
    rendered: int = 0

    def start(self, key: Any) -> None:
        if key != self.key:
            self.pages.clear()
            self.key = key
        self.reused = self.rendered = 0


class Replayer:
    """Checks old observations against new data, computing each distinct read once per build."""

    def __init__(self, roots: Mapping[str, Any]):
        self.roots = roots
        self._results: dict[tuple[str, str, tuple[Any, ...]], Any] = {}

    def still_valid(self, observations: list[Observation]) -> bool:
        results = self._results  # inlined lookups: a preview rebuild at bench size M checks ~10^5 observations
        for source, operation, arguments, old in observations:
            key = (source, operation, arguments)
            try:
                new = results[key]
            except KeyError:
                try:
                    new = results[key] = replay(self.roots, source, operation, arguments)
                except (AttributeError, TypeError, ValueError):  # gone or unreadable: render again
                    return False
            except TypeError:  # unhashable arguments
                return False
            if new is not old and new != old:
                return False
        return True
