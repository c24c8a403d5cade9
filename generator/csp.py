"""A Content-Security-Policy for each written page: a second line of defence behind escaping.

Escaping keeps record text from ever becoming markup; this policy stops what would run if some
escaping were missed, or if a script of the theme or of Pagefind put text into the page as HTML
(Material's tooltips and Pagefind's filter panel both did). Scripts may come from the site itself
(`'self'`), from the hosts of the theme's own external scripts, and inline only when they are the
theme's: each inline script outside the generated page's content is allowed by its SHA-256 hash.
Event-handler attributes (``onerror=``) and ``javascript:`` URLs never run, and neither does an
inline script inside a generated page's content (it has none). Pagefind compiles WebAssembly, hence
`'wasm-unsafe-eval'`. The policy is a ``<meta http-equiv>`` tag, as a static site has no headers of
its own; it goes right after ``<meta charset>``, before any script.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
#: Script types a browser runs; others (application/json, text/template) are data.
_RUN_TYPES = {"", "text/javascript", "application/javascript", "module"}


def policy(html: str, content: str = "") -> str:
    """The policy for a page's HTML; inline scripts inside ``content`` (the generated part) get no hash."""
    theme = html.replace(content, "", 1) if content else html
    hashes: set[str] = set()
    hosts: set[str] = set()
    for attributes, body in _SCRIPT.findall(theme):
        kind = _TYPE.search(attributes)
        if kind is not None and kind.group(1).lower() not in _RUN_TYPES:
            continue
        src = _SRC.search(attributes)
        if src is None:
            hashes.add("'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'")
            continue
        parts = urlsplit(src.group(1))
        if parts.scheme in ("http", "https") and parts.netloc:
            hosts.add(f"{parts.scheme}://{parts.netloc}")
    sources = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(hosts), *sorted(hashes)])
    return f"script-src {sources}; object-src 'none'; base-uri 'self'"


def with_policy(html: str, content: str = "") -> str:
    """The page with its policy as the first thing in ``<head>`` after the charset (unchanged without a head)."""
    place = _CHARSET.search(html) or _HEAD.search(html)
    if place is None:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, content)}">'
    return f"{html[: place.end()]}\n{meta}{html[place.end() :]}"
