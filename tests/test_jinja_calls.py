"""Calls and imports from templates in the quick environment (generator/speed/jinja_calls.py), as in Jinja's own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jinja2
import pytest

from generator.core.render.environment import make_environment
from generator.speed.jinja_calls import QuickCallContext, QuickEnvironment


@jinja2.pass_context
def with_context(context: Any, word: str) -> str:
    return f"{word} in {context.get('place')}"


@jinja2.pass_environment
def with_environment(env: jinja2.Environment, word: str) -> str:
    return f"{word} with an environment: {isinstance(env, jinja2.Environment)}"


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
    quick = QuickEnvironment(autoescape=autoescape, undefined=jinja2.StrictUndefined)
    assert quick.context_class is QuickCallContext
    expected = _render(plain)
    assert "b in here" in expected and "e called in here" in expected and "True" in expected
    assert _render(quick) == expected


def test_errors_from_a_call_are_the_same() -> None:
    def broken(word: str) -> str:
        raise ValueError(f"cannot read {word}")

    for env in (jinja2.Environment(), QuickEnvironment()):
        with pytest.raises(ValueError, match="cannot read z"):
            env.from_string("{{ broken('z') }}").render(broken=broken)
        with pytest.raises(TypeError):
            env.from_string("{{ plain() }}").render(plain=lambda word: word)


def test_imports_with_and_without_context_and_new_globals_render_as_with_jinja() -> None:
    sources = {
        "macros": "{% macro hello(who) %}hello {{ who }} from {{ where }}{% endmacro %}",
        "page": (
            '{% from "macros" import hello %}{% import "macros" as m %}'
            '{% from "macros" import hello as greet with context %}{{ hello(1) }} {{ m.hello(2) }} {{ greet(3) }}'
        ),
    }
    outputs = []
    for cls in (jinja2.Environment, QuickEnvironment):
        env = cls(loader=jinja2.DictLoader(sources))
        env.globals["where"] = "the environment"
        page = env.get_template("page", globals={"where": "the page", "extra": 1})
        outputs.append((page.render(), page.render(where="a value"), env.get_template("page").render()))
        assert set(page.globals.keys()) == {"where", "extra", *jinja2.Environment().globals}
        assert page.globals["where"] == "the page" and env.get_template("macros").globals["where"] == "the environment"
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == "hello 1 from the environment hello 2 from the environment hello 3 from the page"


def test_the_site_templates_render_in_the_quick_environment() -> None:
    env = make_environment()
    assert isinstance(env, QuickEnvironment) and env.context_class is QuickCallContext
