"""The Jinja environment the templates in generator/templates/ render in: its settings, filters and globals."""

from __future__ import annotations

import jinja2

from ...speed.jinja_calls import QuickEnvironment
from . import aliases, counts, evidence, feed, labels, population, provenance, site_info, svg, trail
from .text import escape_html, one_line, plain, plain_lines


def template_environment(folder: str, auto_reload: bool = True) -> jinja2.Environment:
    """Jinja settings shared by every template folder under generator/.

    ``auto_reload`` False: templates are never checked for changes on disk (a one-off build; the
    check is a file system call each time a page asks for a template or imports the macros).
    """
    # Calls and imports from templates without Jinja's per-call checks (generator/speed/jinja_calls.py).
    return QuickEnvironment(
        loader=jinja2.PackageLoader("generator", folder),
        auto_reload=auto_reload,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # templates write Markdown or YAML; every text goes through an explicit filter
    )


def make_environment(auto_reload: bool = True) -> jinja2.Environment:
    env = template_environment("templates", auto_reload)
    env.filters.update(
        text=plain,
        sentence=labels.sentence_case,
        lines=plain_lines,
        html=escape_html,
        one_line=one_line,
        extract=lambda key, table: table[key],
    )
    env.globals.update(
        labels=labels,
        evidence=evidence,
        svg=svg,
        trail=trail,
        population=population,
        site_info=site_info,
        count_words=counts,
        provenance=provenance,
        aliases=aliases,
        feed=feed,
        history_of=feed.history_of,
    )
    return env
