"""Where each record lives in the generated site, and relative links between pages."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..model import Corpus
from ..references import anchor_for


@dataclass(frozen=True)
class SitePaths:
    """Page paths (relative to the docs folder) for one corpus; ``prefix`` nests them in a folder."""

    corpus: Corpus
    prefix: str = ""

    def _page(self, path: str) -> str:
        return posixpath.join(self.prefix, path) if self.prefix else path

    @property
    def home(self) -> str:
        return self._page("index.md")

    @property
    def implications(self) -> str:
        return self._page("implications.md")

    @property
    def studies(self) -> str:
        return self._page("studies/index.md")

    @property
    def references(self) -> str:
        return self._page("references.md")

    @property
    def evidence(self) -> str:
        return self._page("evidence.md")

    def statements(self, key: str) -> str:
        return self._page(f"statements/{anchor_for(key).removeprefix('ref-')}.md")

    def study(self, study_id: str) -> str:
        return self._page(f"studies/{study_id}/index.md")

    def theme_page(self, theme_id: str) -> str:
        """The page a theme is shown on: its own, or its top-level ancestor's."""
        top = self.corpus.top_theme(theme_id)
        return self._page(f"studies/{top.study}/{top.id}.md")

    def target(self, record_id: str) -> tuple[str, str]:
        """(page, anchor) for any record id; the anchor is empty for a whole page."""
        corpus = self.corpus
        if record_id in corpus.studies:
            return self.study(record_id), ""
        if record_id in corpus.themes:
            page = self.theme_page(record_id)
            return page, "" if corpus.top_theme(record_id).id == record_id else record_id
        if record_id in corpus.excerpts:
            return self.theme_page(corpus.excerpts[record_id].theme), record_id
        if record_id in corpus.implications:
            return self.implications, record_id
        raise KeyError(record_id)


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """Markdown link target from one page to another (MkDocs resolves and checks .md links).

    Both paths are relative to the docs folder, so this is plain path arithmetic
    (posixpath.relpath would ask the operating system for the working folder each call).
    """
    if to_page == from_page:
        return f"#{anchor}" if anchor else posixpath.basename(to_page)
    source = from_page.split("/")[:-1]
    target = to_page.split("/")
    common = 0
    while common < len(source) and common < len(target) - 1 and source[common] == target[common]:
        common += 1
    link = "/".join([".."] * (len(source) - common) + target[common:])
    return f"{link}#{anchor}" if anchor else link
