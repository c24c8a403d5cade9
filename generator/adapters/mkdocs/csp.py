"""A Content-Security-Policy for each written page: a second line of defence behind escaping.

Escaping keeps record text from ever becoming markup; this policy stops what would run if some
escaping were missed, or if a script of the theme or of Pagefind put text into the page as HTML
(Material's tooltips and Pagefind's filter panel both did). Scripts may come from the site itself
(`'self'`) and from the hosts that the theme's templates or `extra_javascript` name. An inline script
runs only if the theme's templates write it: each template's inline scripts become patterns (a
``{{ expression }}`` stands for any text that stays inside its string literal), and a page's inline
scripts that match one are allowed by their SHA-256 hash. So a ``<script>`` that record text smuggled
into the page title or navigation is not allowed, nor are event-handler attributes (``onerror=``) and
``javascript:`` URLs anywhere. A hand-written page's own scripts (in its Markdown) are allowed.
Pagefind compiles WebAssembly, hence `'wasm-unsafe-eval'`. The policy is a ``<meta http-equiv>`` tag
(a static site has no headers of its own), right after ``<meta charset>``, before any script.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import jinja2

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
#: What a template expression inside a script may become: text that cannot leave its string literal.
_EXPRESSION = r"""[^"'`<>\\\n]*"""
#: Script types a browser runs; others (application/json, text/template) are data.
_RUN_TYPES = {"", "text/javascript", "application/javascript", "module"}


def _runs(attributes: str) -> bool:
    kind = _TYPE.search(attributes)
    return kind is None or kind.group(1).lower() in _RUN_TYPES


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _host(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


class ContentPolicy:
    """The policy of the pages of one build, from the theme's templates and the site's script URLs."""

    def __init__(self, templates: Iterable[str], script_urls: Iterable[str] = ()) -> None:
        patterns: set[str] = set()
        hosts = {host for url in script_urls if (host := _host(url))}
        for source in templates:
            for attributes, body in _SCRIPT.findall(source):
                src = _SRC.search(attributes)
                if src is not None:
                    host = _host(_JINJA.sub("", src.group(1)))
                    hosts.update([host] if host else [])
                elif _runs(attributes) and body.strip():
                    static = _JINJA.split(body)
                    patterns.add(_EXPRESSION.join(re.escape(part) for part in static))
        self.scripts = re.compile("|".join(sorted(patterns)) or r"(?!)", re.S)
        self.hosts = tuple(sorted(hosts))

    @classmethod
    def of_theme(cls, env: jinja2.Environment, script_urls: Iterable[str] = ()) -> ContentPolicy:
        """The policy for pages that ``env`` (MkDocs' theme environment) renders."""
        sources = []
        loader = env.loader
        for name in env.list_templates(extensions=["html"]) if loader is not None else ():
            try:
                sources.append(loader.get_source(env, name)[0])  # type: ignore[union-attr]
            except (jinja2.TemplateNotFound, UnicodeDecodeError):
                continue
        return cls(sources, script_urls)

    def policy(self, html: str, content: str = "", own_content: bool = False) -> str:
        """The policy of one page. ``content`` is its Markdown's HTML: its scripts count only if ``own_content``
        (a hand-written page); a generated page's content has none, and any it had would not run."""
        theme = html.replace(content, "", 1) if content else html
        scripts = [
            body for attributes, body in _SCRIPT.findall(theme) if not _SRC.search(attributes) and _runs(attributes)
        ]
        hashes = {_sha256(body) for body in scripts if self.scripts.fullmatch(body)}
        if own_content and content:
            hashes |= {
                _sha256(body) for attrs, body in _SCRIPT.findall(content) if not _SRC.search(attrs) and _runs(attrs)
            }
        sources = " ".join(["'self'", "'wasm-unsafe-eval'", *self.hosts, *sorted(hashes)])
        return f"script-src {sources}; object-src 'none'; base-uri 'self'"

    def apply(self, html: str, content: str = "", own_content: bool = False) -> str:
        """The page with its policy first in ``<head>`` after the charset (unchanged when it has no head)."""
        place = _CHARSET.search(html) or _HEAD.search(html)
        if place is None:
            return html
        meta = f'<meta http-equiv="Content-Security-Policy" content="{self.policy(html, content, own_content)}">'
        return f"{html[: place.end()]}\n{meta}{html[place.end() :]}"
