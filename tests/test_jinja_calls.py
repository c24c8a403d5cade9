"""Calls from templates through the quick context (generator/speed/jinja_calls.py) give what Jinja's own give."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jinja2
import pytest

from generator.core.render.environment import make_environment
from generator.speed.jinja_calls import QuickCallContext, quicken


@jinja2.pass_context
def with_context(context: Any, word: str) -> str:
    return f"{word} in {context.get('place')}"


@jinja2.pass_environment
def with_environment(env: jinja2.Environment, word: str) -> str:
    return f"{word} with {type(env).__name__}"


@jinja2.pass_eval_context
def with_eval_context(eval_ctx: Any, word: str) -> str:
    return f"{word} autoescape={eval_ctx.autoescape}"


class MarkedCallable:
    @jinja2.pass_context
    def __call__(self, context: Any, word: str) -> str:
        return f"{word} called in {context.get('place')}"


class Counter:
    def __init__(self) -> None:
        self.n = 0

    def more(self, step: int = 1) -> int:
        self.n += step
        return self.n


def exhausted() -> str:
    iterator: Iterator[str] = iter(())
    return next(iterator)


TEMPLATE = """\
{% macro shout(word, end='!') %}{{ word | upper }}{{ end }}{% endmacro %}
{% macro wrap(word) %}<{{ word }}:{{ caller() }}>{% endmacro %}
{{ plain('a') }} {{ marked_context('b') }} {{ marked_env('c') }} {{ marked_eval('d') }} {{ callable_object('e') }}
{{ counter.more() }} {{ counter.more(step=2) }} {{ len([1, 2]) }} {{ 'x,y'.split(',') }} {{ shout('f', end='?') }}
{% for item in ['g', 'h'] %}{{ marked_context(item) }} {{ shout(item) }}
{% call wrap('i') %}j{{ shout(item) }}{% endcall %}{% endfor %}
{% set made = plain('k') %}{{ made }} {{ exhausted() is undefined }}
"""


def _render(env: jinja2.Environment) -> str:
    values = {
        "plain": lambda word: word * 2,
        "marked_context": with_context,
        "marked_env": with_environment,
        "marked_eval": with_eval_context,
        "callable_object": MarkedCallable(),
        "counter": Counter(),
        "len": len,
        "exhausted": exhausted,
        "place": "here",
    }
    return env.from_string(TEMPLATE).render(values)


@pytest.mark.parametrize("autoescape", [False, True])
def test_every_kind_of_call_renders_as_with_jinjas_context(autoescape: bool) -> None:
    plain = jinja2.Environment(autoescape=autoescape, undefined=jinja2.StrictUndefined)
    quick = quicken(jinja2.Environment(autoescape=autoescape, undefined=jinja2.StrictUndefined))
    assert quick.context_class is QuickCallContext
    expected = _render(plain)
    assert "b in here" in expected and "e called in here" in expected and "True" in expected
    assert _render(quick) == expected


def test_errors_from_a_call_are_the_same() -> None:
    def broken(word: str) -> str:
        raise ValueError(f"cannot read {word}")

    for env in (jinja2.Environment(), quicken(jinja2.Environment())):
        with pytest.raises(ValueError, match="cannot read z"):
            env.from_string("{{ broken('z') }}").render(broken=broken)
        with pytest.raises(TypeError):
            env.from_string("{{ plain() }}").render(plain=lambda word: word)


def test_the_site_templates_render_through_the_quick_context() -> None:
    assert make_environment().context_class is QuickCallContext
