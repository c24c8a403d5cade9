"""Jinja's calls from templates, without asking each plain function whether it wants the context.

Every call a template makes (``{{ labels.sentence(x) }}``, a macro) goes through ``Context.call``, which
asks the callable, and its ``__call__``, whether it was marked to receive the context, the evaluation
context or the environment: three ``hasattr`` and two helper calls each time, and at size L the site's
pages make about 430,000 calls. Functions, methods, builtins and macros cannot carry that mark on their
``__call__``, so for them one look at the callable itself is enough; everything else, and every marked
callable, goes the usual way. Same results, same errors (a test compares them).
"""

from __future__ import annotations

import types
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


def quicken(env: jinja2.Environment) -> jinja2.Environment:
    """``env`` with :class:`QuickCallContext` for its templates' contexts (templates compiled after this)."""
    env.context_class = QuickCallContext
    return env
