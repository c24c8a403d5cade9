"""While previewing, the HTML of each generated page is kept on disk from one `mkdocs serve` to the next.

Converting Markdown is most of a preview's start: at bench size L the generated pages hold 64 MB of
Markdown, about 45 s of CPU, nearly all of it unchanged since the last preview. The first build of a
preview looks each generated page up by its path, its Markdown and what else its HTML depends on (the
Markdown extensions and their options, the URL style, the link checks' levels, the versions of the
converting packages); a page found is put back as MkDocs' conversion left it (HTML, table of contents,
anchors, the log records of its broken links, and the HTML of its entries for the entry memo) as long as
its links still find the same files. The others are converted as usual and kept for next time; pages no
longer in the site are forgotten. Later rebuilds of the same preview convert only changed pages anyway
(`--dirty`, the entry memo), so only the first build uses the store. `mkdocs build` never does: what it
publishes is converted afresh.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ... import __version__
from ...core.render.kinds import Page
from ...speed.disk_store import DiskStore
from .converted_pages import ConvertedPage
from .entry_memo import EntryHtml, markdown_settings

#: Changed when what is stored for a page changes.
FORMAT = 1
STORE_FILE = "pages.sqlite"


@dataclass(frozen=True)
class KeptPage:
    converted: ConvertedPage
    entries: dict[str, EntryHtml] | None  # the page's entries' HTML, for the entry memo (None: no entries)

    def to_bytes(self) -> bytes:
        entries = None if self.entries is None else {k: [e.html, sorted(e.anchors)] for k, e in self.entries.items()}
        return json.dumps({"page": self.converted.to_json(), "entries": entries}).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> KeptPage:
        loaded = json.loads(data)
        entries = loaded["entries"]
        return cls(
            ConvertedPage.from_json(loaded["page"]),
            None if entries is None else {k: EntryHtml(html, frozenset(a)) for k, (html, a) in entries.items()},
        )


def conversion_settings(config: MkDocsConfig) -> str:
    """Everything besides a page's Markdown and its links that its HTML and log records depend on."""
    modules = {str(e).split(".")[0] for e in config.markdown_extensions if isinstance(e, str)}
    distributions = importlib.metadata.packages_distributions()
    versions = sorted(
        (name, importlib.metadata.version(name)) for module in modules for name in distributions.get(module, ())
    )
    parts = (FORMAT, __version__, mkdocs.__version__, markdown.__version__, versions)
    # Excluded, draft and unlisted pages log broken links at other levels.
    inclusion = [str(config.get(name)) for name in ("exclude_docs", "draft_docs", "not_in_nav")]
    return repr((parts, markdown_settings(config), repr(config.validation), inclusion))


class KeptHtml:
    """The store of one preview's first build: pages found in it, pages to keep for the next preview."""

    def __init__(self, folder: Path, config: MkDocsConfig, warn: Any) -> None:
        self.store = DiskStore(folder / STORE_FILE, warn)
        self._settings = hashlib.blake2b(conversion_settings(config).encode(), digest_size=20)  # each key's start
        self.keys: dict[str, str] = {}  # src_uri -> key, for every generated page of this build
        self.new: dict[str, bytes] = {}  # key -> value, pages converted in this build
        self.found = 0

    def key(self, src_uri: str, markdown_text: str) -> str:
        digest = self._settings.copy()
        digest.update(f"\0{src_uri}\0".encode())
        digest.update(markdown_text.encode())
        return digest.hexdigest()

    def look_up(self, pages: Mapping[str, Page], src_uris: Iterable[str], files: Files) -> dict[str, KeptPage]:
        """The pages of ``src_uris`` kept from an earlier preview whose links still find the same files."""
        self.keys = {uri: self.key(uri, pages[uri].markdown) for uri in src_uris}
        stored = self.store.get_many(self.keys.values())
        found = {}
        for uri, key in self.keys.items():
            value = stored.get(key)
            if value is None:
                continue
            try:
                kept = KeptPage.from_bytes(value)
            except (ValueError, KeyError, TypeError):  # written by other code: convert the page again
                continue
            if kept.converted.same_lookups(files):
                found[uri] = kept
        self.found = len(found)
        return found

    def summary(self, found: int, pages: int) -> str:
        """What the preview's start takes from the last preview, for its log."""
        if found:
            return f"preview: {found:,} of {pages:,} generated pages as the last preview converted them"
        if not self.store.usable:
            return f"preview: converting all {pages:,} generated pages to HTML"
        return (
            f"preview: converting all {pages:,} generated pages to HTML (kept in {self.store.path.parent}:"
            " the next preview converts only pages that change)"
        )

    def keep(self, src_uri: str, converted: ConvertedPage, entries: dict[str, EntryHtml] | None) -> None:
        key = self.keys.get(src_uri)
        if key is not None:
            self.new[key] = KeptPage(converted, entries).to_bytes()

    def save(self) -> None:
        """Keep the pages converted in this build, forget the pages the site no longer has."""
        self.store.replace_all(self.new, self.keys.values())
        self.close()

    def close(self) -> None:
        self.store.close()
