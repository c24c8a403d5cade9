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
    """One read of a mapping (or set), as it is both recorded and replayed; a missing key reads as MISSING.

    A set reads as a mapping of each member to True, without one being made."""
    members = isinstance(data, (frozenset, set))
    if operation == "get":
        if members:
            return True if arguments[0] in data else MISSING
        return data.get(arguments[0], MISSING)
    if operation == "contains":
        return arguments[0] in data
    if operation == "len":
        return len(data)
    if operation == "keys":
        return tuple(data)
    if operation == "values":
        return (True,) * len(data) if members else tuple(data.values())
    if operation == "items":
        return tuple((member, True) for member in data) if members else tuple(data.items())
    raise ValueError(f"unknown operation {operation!r}")


class TracedMapping(Mapping[Any, Any]):
    """A read-only mapping that logs each read."""

    def __init__(self, trace: Trace, source: str, data: Mapping[Any, Any] | frozenset[Any] | set[Any]):
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
            return TracedMapping(self._trace, source, value)  # read as a mapping of each member to True
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


def _resolve(roots: Mapping[str, Any], source: str, operation: str) -> Any:
    """The object a read of ``source`` reads from: the mapping or object itself, or for a call, the object
    whose method is called."""
    head, *rest = source.split(".")
    target = roots[head]
    for name in rest[:-1] if operation == "call" else rest:
        target = getattr(target, name)
    return target


def _reader(target: Any, source: str, operation: str) -> Callable[[tuple[Any, ...]], Any]:
    """A function giving the result of one read of ``target`` for its arguments."""
    if operation == "call":
        return _Call(getattr(target, source.rsplit(".", 1)[-1]))
    if operation == "attr":
        return lambda arguments: getattr(target, arguments[0])
    if operation == "contains" and isinstance(target, (dict, frozenset, set)):
        return lambda arguments: arguments[0] in target
    if operation == "get" and isinstance(target, (frozenset, set)):
        return lambda arguments: True if arguments[0] in target else MISSING
    if operation == "get" and isinstance(target, dict):
        return _DictGet(target.get)
    return lambda arguments: read(target, operation, arguments)


class _Call:
    """The reader of calls of one method (a KeyError reads as MISSING)."""

    def __init__(self, method: Callable[..., Any]) -> None:
        self.method = method

    def __call__(self, arguments: tuple[Any, ...]) -> Any:
        try:
            return self.method(*arguments)
        except KeyError:
            return MISSING


class _DictGet:
    """The reader of lookups in a dict."""

    def __init__(self, get: Callable[[Any, Any], Any]) -> None:
        self.get = get

    def __call__(self, arguments: tuple[Any, ...]) -> Any:
        return self.get(arguments[0], MISSING)


@dataclass
class Rendered:
    template: str
    values: dict[str, Any]
    observations: list[Observation]
    markdown: str
    pieces: Any = None
    """What the page made of ``markdown`` (its text without entry marks, and where entries start), once made."""


#: A reader for a source that still reads the very object it read in the previous build.
_SAME = object()


def reader_for(
    roots: Mapping[str, Any],
    previous: Mapping[str, Any],
    source: str,
    operation: str,
    compared: dict[tuple[int, int], bool] | None = None,
) -> Any:
    """A function answering reads of ``source`` on ``roots``; _SAME when the source resolves to the very
    object it resolved to in ``previous`` (so every read answers as before: the model and the tables are
    never changed once built), or for lookups to an equal table; None when the source is gone.
    ``compared`` keeps the tables compared so far (one check runs several operations on the same pair)."""
    try:
        target = _resolve(roots, source, operation)
    except (AttributeError, KeyError):
        return None
    try:
        before = _resolve(previous, source, operation)
    except (AttributeError, KeyError):
        return _reader(target, source, operation)
    if target is before:
        return _SAME
    if operation in _LOOKUPS:
        pair = (id(target), id(before))  # both alive in the roots while the check runs
        equal = compared.get(pair) if compared is not None else None
        if equal is None:
            equal = _equal_tables(target, before)
            if compared is not None:
                compared[pair] = equal
        if equal:
            return _SAME
    return _reader(target, source, operation)


#: Reads that equal mappings and sets answer alike (not keys, values or items: equal dicts can differ in order).
_LOOKUPS = frozenset({"get", "contains", "len"})


def _equal_tables(target: Any, before: Any) -> bool:
    """Whether every lookup of ``target`` answers as one of ``before`` does: equal dicts or sets.

    Most tables are made again on each build (a theme's duplicate statements, its subthemes, the drafts)
    and come out equal; comparing them whole runs in C and takes the identical values at once, where
    replaying each lookup took a Python call apiece (50,000 for the duplicate statements at bench size L).
    """
    return type(target) is type(before) and isinstance(target, (dict, frozenset, set)) and target == before


@dataclass
class RenderMemo:
    """Pages of the previous build with what they read; owned by a long-lived adapter (serve).

    Reads are also indexed by what was read (``reads``), so a rebuild replays each distinct read once
    and finds the pages it invalidates, instead of walking every page's observations: at bench size L
    that is 1.4x10^5 distinct reads against 4x10^5 observations, and a source still resolving to the
    very same object (the bibliography, while no .bib file changed) is skipped whole.
    """

    pages: dict[str, Rendered] = field(default_factory=dict)
    key: Any = None
    """What every page depends on (the render options); a change empties the memo."""
    reused: int = 0
    rendered: int = 0
    roots: Mapping[str, Any] = field(default_factory=dict)
    """The roots (corpus, paths, tables) of the last build: every kept page's reads answer the same there."""
    reads: dict[tuple[str, str], dict[tuple[Any, ...], tuple[Any, set[str]]]] = field(default_factory=dict)
    """(source, operation) -> arguments -> (result, pages that made this read)."""
    unindexed: set[str] = field(default_factory=set)
    """Pages with a read whose arguments cannot be a key: rendered again each time."""

    def start(self, key: Any) -> None:
        if key != self.key:
            self.pages.clear()
            self.reads.clear()
            self.unindexed.clear()
            self.roots = {}
            self.key = key
        self.reused = self.rendered = 0

    def remember(self, page: str, rendered: Rendered) -> None:
        self.forget(page)
        self.pages[page] = rendered
        reads = self.reads
        for source, operation, arguments, result in rendered.observations:
            group = reads.get((source, operation))
            if group is None:
                group = reads[source, operation] = {}
            try:
                entry = group.get(arguments)
            except TypeError:
                self.unindexed.add(page)
                continue
            if entry is None:
                group[arguments] = (result, {page})
            elif entry[0] is result:
                entry[1].add(page)
            else:
                # The page read this build's result; the others sharing the read either answered the same
                # in `stale` or render again now. Keeping the old result would let a later change back to
                # it pass for no change.
                entry[1].add(page)
                group[arguments] = (result, entry[1])

    def forget(self, page: str) -> None:
        old = self.pages.pop(page, None)
        if old is None:
            return
        self.unindexed.discard(page)
        for source, operation, arguments, _ in old.observations:
            group = self.reads.get((source, operation))
            try:
                entry = group.get(arguments) if group is not None else None
            except TypeError:
                continue
            if entry is not None and group is not None:
                entry[1].discard(page)
                if not entry[1]:
                    del group[arguments]

    def stale(self, roots: Mapping[str, Any]) -> set[str]:
        """Pages with a read that answers differently on ``roots`` than it did when they were kept."""
        stale = set(self.unindexed)
        compared: dict[tuple[int, int], bool] = {}
        for (source, operation), group in self.reads.items():
            reader = reader_for(roots, self.roots, source, operation, compared)
            if reader is _SAME:
                continue
            if reader is None:
                for _, pages in group.values():
                    stale |= pages
                continue
            for pages in _changed(reader, group):
                stale |= pages
        return stale


def _changed(reader: Any, group: dict[tuple[Any, ...], tuple[Any, set[str]]]) -> Iterator[set[str]]:
    """The pages of each read in ``group`` that ``reader`` answers differently now.

    Method calls and dict lookups, most of the reads, are replayed in loops of their own: a Python call
    less per read (tens of thousands per rebuild at bench size L).
    """
    if type(reader) is _DictGet:
        get = reader.get
        for arguments, (old, pages) in group.items():
            new = get(arguments[0], MISSING)
            if new is not old and new != old:
                yield pages
        return
    if type(reader) is _Call:
        method = reader.method
        for arguments, (old, pages) in group.items():
            try:
                new = method(*arguments)
            except KeyError:
                new = MISSING
            except Exception:  # unreadable now: render again
                yield pages
                continue
            if new is not old and new != old:
                yield pages
        return
    for arguments, (old, pages) in group.items():
        try:
            new = reader(arguments)
        except Exception:  # unreadable now: render again
            yield pages
            continue
        if new is not old and new != old:
            yield pages


class Replayer:
    """Checks one page's observations against new data: the check `RenderMemo.stale` makes for every
    page of a rebuild, for a single page (tests use it to pin what counts as a change)."""

    def __init__(self, roots: Mapping[str, Any], previous: Mapping[str, Any] | None = None):
        self.roots = roots
        self.previous = previous or {}

    def still_valid(self, observations: list[Observation]) -> bool:
        memo = RenderMemo(roots=self.previous)
        memo.remember("", Rendered("", {}, observations, ""))
        return not memo.stale(self.roots)
