"""Navigation for the generated pages, in reading order (MkDocs' `nav` format)."""

from __future__ import annotations

from typing import Any

from .pages import Page, RenderOptions
from .text import escape_html


def site_nav(pages: dict[str, Page], options: RenderOptions) -> list[Any]:
    """Home, Implications, Studies (each with its themes), References.

    Titles are HTML-escaped: themes render nav titles as markup, and a record's title is text.
    """
    prefix = f"{options.prefix}/" if options.prefix else ""
    studies: dict[str, list[Any]] = {}
    for path, page in pages.items():
        rest = path.removeprefix(prefix)
        if rest.startswith("studies/") and rest.count("/") == 2:
            study = rest.split("/")[1]
            entry = studies.setdefault(study, [])
            if rest.endswith("/index.md"):
                entry.insert(0, {"__title": escape_html(page.title), "__path": path})
            else:
                entry.append({escape_html(page.title): path})
    study_sections: list[Any] = [prefix + "studies/index.md"]
    for entries in studies.values():
        head = entries[0]
        study_sections.append({head["__title"]: [head["__path"], *entries[1:]]})
    statements = [
        {escape_html(page.title): path} for path, page in pages.items() if path.startswith(prefix + "statements/")
    ]
    return [
        {"Home": prefix + "index.md"},
        {"Implications": prefix + "implications.md"},
        {"Strength of evidence": prefix + "evidence.md"},
        {"Studies": study_sections},
        {"References": [prefix + "references.md", *statements]},
    ]
