"""Jinja's calls and imports from templates, without the per-call checks and set arithmetic they do each time.

Every call a template makes (``{{ labels.sentence(x) }}``, a macro) goes through ``Context.call``, which
asks the callable, and its ``__call__``, whether it was marked to receive the context, the evaluation
context or the environment: three ``hasattr`` and two helper calls each time, and at size L the site's
pages make about 430,000 calls. Functions, methods, builtins and macros cannot carry that mark on their
``__call__``, so for them one look at the callable itself is enough; everything else, and every marked
callable, goes the usual way. Same results, same errors (a test compares them).

Each ``{% from "_macros.md.j2" import x %}`` of each page also subtracts the imported template's global
names from the page's (to see whether the cached macro module will do): a set minus a ``ChainMap``'s
keys, which Python does one name at a time through ``ChainMap.__contains__``. :class:`QuickEnvironment`
gives templates a ``ChainMap`` whose ``keys()`` is a plain dictionary view, which the subtraction takes
in C; the names are the same.
"""

from __future__ import annotations

import types
from collections import ChainMap
from collections.abc import KeysView, MutableMapping
from typing import Any

import jinja2
from jinja2.runtime import Context, Macro

#: Callables whose ``__call__`` is never marked: only the callable itself can ask for the context.
_PLAIN = frozenset(
    {types.FunctionType, types.BuiltinFunctionType, types.MethodType, types.MethodWrapperType}
    | ({Macro} if getattr(Macro.__call__, "jinja_pass_arg", None) is None else set())
)


class QuickCallContext(Context):
    """A template context whose :meth:`call` takes the short way for plain functions, methods and macros."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # Jinja's own signature
        if type(__obj) not in _PLAIN or getattr(__obj, "jinja_pass_arg", None) is not None:
            return Context.call(__self, __obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class _Globals(ChainMap[str, Any]):
    """A template's globals over the environment's, as Jinja makes them; ``keys()`` a dict view of the same names."""

    def keys(self) -> KeysView[str]:
        names: dict[str, None] = {}
        for mapping in reversed(self.maps):
            names.update(dict.fromkeys(mapping))
        return names.keys()


class QuickEnvironment(jinja2.Environment):
    """A Jinja environment whose templates call through :class:`QuickCallContext` and import with :class:`_Globals`."""

    context_class = QuickCallContext

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return _Globals({} if d is None else d, self.globals)
