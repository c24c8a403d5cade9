"""Escaping in the theme's own templates, which MkDocs renders without autoescaping.

MkDocs hands the theme page titles (and table-of-contents titles) as HTML: text already escaped,
with entities as written. Jinja's ``striptags`` removes tags from such a string and then decodes
its entities, so ``{{ page.title | striptags }}`` (Material's ``<title>``) turned a record title
``</title><img src=x onerror=...>`` back into live markup, and showed ``&lt;`` written in a title
as ``<``. In the theme environment ``striptags`` gives the text escaped again: the same characters
on screen, markup-safe wherever a template puts it (element text, attribute values).
"""

from __future__ import annotations

from typing import Any

import jinja2
from markupsafe import Markup, escape


def text_of_html(value: Any) -> Markup:
    """What ``striptags`` shows (the fragment's text, whitespace collapsed), escaped for HTML.

    Returned as Markup, so a template's ``| e`` after it (Material's table of contents) leaves it alone.
    """
    html = value.__html__() if hasattr(value, "__html__") else str(value)
    return escape(Markup(html).striptags())


def install(env: jinja2.Environment) -> jinja2.Environment:
    env.filters["striptags"] = text_of_html
    return env
