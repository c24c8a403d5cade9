"""The notice a preview shows on every page while the records have errors or the last rebuild failed.

The HTML is the core's; the MkDocs adapter (adapters/mkdocs/serve_notice.py) adds it to every page it serves.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic
from .text import escape_html

#: Most errors the notice lists; the terminal has them all.
LISTED = 50


def notice_html(errors: Sequence[Diagnostic], failure: str = "", *, last_good: bool = True) -> str:
    """The notice for record ``errors`` and a failed rebuild's message (``failure``); '' when there is nothing."""
    if not errors and not failure:
        return ""
    items = "".join(
        f"<li><code>{escape_html(str(d.location))}</code> {escape_html(d.message)}"
        + (f" <em>({escape_html(d.suggestion)})</em>" if d.suggestion else "")
        + "</li>"
        for d in errors[:LISTED]
    )
    more = (
        f"<p>… and {len(errors) - LISTED} more (all of them are in the terminal).</p>" if len(errors) > LISTED else ""
    )
    if errors:
        shown = "this preview still shows the last good version" if last_good else "nothing can be shown until then"
        title = f"The last save has {len(errors)} error(s); {shown}"
    else:
        title = "The last rebuild failed; pages may be missing or out of date until the next good save"
    failed = f"<p>The rebuild failed: <code>{escape_html(failure)}</code></p>" if failure else ""
    return (
        '<div class="admonition failure fd-build-errors" role="alert">'
        f'<p class="admonition-title">{title}</p>'
        f"{failed}{f'<ul>{items}</ul>' if items else ''}{more}</div>"
    )
