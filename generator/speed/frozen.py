"""Make frozen dataclass instances without their ``__init__``'s cost, for the model objects made by the ten thousand.

A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` (the class forbids plain
assignment), a call per field: at size L, the 50,000 excerpts alone took a tenth of a second that way.
:func:`maker` gives a function taking the same keyword arguments that fills the instance's dictionary
directly, in field order, defaults and default factories included; the instance is the same (a test
compares them for every model class). Classes with ``__post_init__``, ``__slots__`` or fields left out
of ``__init__`` are given back unchanged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def maker(cls: type[T]) -> Callable[..., T]:
    """A keyword-only constructor for the frozen dataclass ``cls`` (``cls`` itself where that would not be the same)."""
    if (
        not dataclasses.is_dataclass(cls)
        or hasattr(cls, "__post_init__")
        or "__slots__" in cls.__dict__
        or any(not f.init for f in dataclasses.fields(cls))
    ):
        return cls
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_missing": dataclasses.MISSING}
    params, lines = [], []
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            namespace[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
            lines.append(f"    d[{f.name!r}] = {f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            namespace[f"_f_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_missing")
            lines.append(f"    d[{f.name!r}] = _f_{f.name}() if {f.name} is _missing else {f.name}")
        else:
            params.append(f.name)
            lines.append(f"    d[{f.name!r}] = {f.name}")
    if not params:
        return cls
    source = "\n".join(
        [f"def make(*, {', '.join(params)}):", "    obj = _new(_cls)", "    d = obj.__dict__", *lines, "    return obj"]
    )
    exec(source, namespace)  # the source is made above from the class's own field names
    make: Callable[..., T] = namespace["make"]
    make.__doc__ = f"{cls.__name__}(...) without its __init__ (see generator/speed/frozen.py)."
    return make
