"""What a built site holds: the pages as Markdown, the data files and the assets the pages use.

One place for what the command line (`findings build --out`), the MkDocs plugin and the redaction scan
each put together, and for the page a preview shows while the records have errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources

from .render.kinds import Page

#: The stylesheets and script every generated page uses, published under assets/.
ASSETS = ("findings.css", "evidence.css", "findings.js")


def asset_files() -> dict[str, bytes]:
    """Site path -> content of :data:`ASSETS`."""
    return {f"assets/{name}": resources.files("generator").joinpath("assets", name).read_bytes() for name in ASSETS}


def site_contents(pages: Mapping[str, Page], files: Mapping[str, str | bytes]) -> dict[str, str | bytes]:
    """Site path -> content: the pages' Markdown, then the data files."""
    contents: dict[str, str | bytes] = {path: page.markdown for path, page in pages.items()}
    contents.update(files)
    return contents


def error_pages(prefix: str) -> dict[str, Page]:
    """The home page a preview shows while the records have errors and no build has succeeded yet."""
    path = f"{prefix}/index.md" if prefix else "index.md"
    return {
        path: Page(
            "index.md", "Errors", "# The findings have errors\n\nFix the records listed above; this page reloads.\n"
        )
    }
