"""Old addresses of renamed records keep working (a record's `aliases`).

A renamed study, top-level theme or implication leaves a small page at its old address that
sends the reader on to the new one (an HTML redirect, with a link for readers whose browser
does not follow it); a renamed excerpt or subtheme keeps its old anchor on its page.
Addresses assume MkDocs' directory URLs (`use_directory_urls`, the default).
"""

from __future__ import annotations

import posixpath

from ..model import Corpus
from .paths import SitePaths
from .text import escape_html


def _address(page: str) -> str:
    """Site-relative address of a generated page: 'studies/x/index.md' -> 'studies/x/', 'a/b.md' -> 'a/b/'."""
    path = page.removesuffix(".md")
    return path.removesuffix("index") if path == "index" or path.endswith("/index") else path + "/"


def page_url(page: str, anchor: str = "") -> str:
    """Site-relative address of a record: its page's folder address and its anchor."""
    return _address(page) + (f"#{anchor}" if anchor else "")


def redirect_page(old: str, target: str, title: str) -> bytes:
    """HTML at ``old`` (a site-relative folder address) that moves the reader to ``target`` (site-relative)."""
    path, _, anchor = target.partition("#")
    href = escape_html(posixpath.relpath(path or ".", old.rstrip("/") or ".") + "/")
    href += f"#{escape_html(anchor)}" if anchor else ""
    name = escape_html(title)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {name}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        "</head>\n<body>\n"
        f'<p>This page has a new address: <a href="{href}">{name}</a>.</p>\n'
        "</body>\n</html>\n"
    ).encode()


def redirect_files(corpus: Corpus, paths: SitePaths) -> dict[str, bytes]:
    """Redirect pages for the old ids of studies, top-level themes and implications, by file path."""
    files: dict[str, bytes] = {}
    base = f"{paths.prefix}/" if paths.prefix else ""

    def add(old_folder: str, record_id: str, title: str) -> None:
        target = page_url(*paths.target(record_id))
        files[f"{old_folder}index.html"] = redirect_page(old_folder, target, title)

    for study in corpus.studies.values():
        for old in study.aliases:
            add(f"{base}studies/{old}/", study.id, study.title)
            for theme_id in corpus.study_themes.get(study.id, ()):  # its themes' pages moved with it
                add(f"{base}studies/{old}/{theme_id}/", theme_id, corpus.themes[theme_id].title)
    for theme in corpus.themes.values():
        if theme.parent or theme.study not in corpus.studies:
            continue  # a subtheme is an anchor: its old id stays on the page
        for old in theme.aliases:
            add(f"{base}studies/{theme.study}/{old}/", theme.id, theme.title)
    for implication in corpus.implications.values():
        for old in implication.aliases:
            add(f"{base}implications/{old}/", implication.id, implication.title or implication.id)
    return files


def anchors(ids: tuple[str, ...]) -> str:
    """Empty elements carrying a record's old ids, so links to its old anchors still land on it."""
    return "".join(f'<div id="{escape_html(old)}" class="fd-alias"></div>\n' for old in ids)
