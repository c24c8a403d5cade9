"""What's new: recent changes to findings and implications, as a page and as an Atom feed (RFC 4287)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator

from ..history import Change, History
from ..model import Corpus
from .labels import implication_title
from .site_info import page_address
from .text import escape_html

FEED_ENTRIES = 50  # a feed reader needs the recent changes only
PAGE_CHANGES = 100
FEED_FILE = "whats-new.xml"


def reader_changes(corpus: Corpus) -> list[Change]:
    """Changes to findings (themes) and implications, newest first."""
    history = corpus.history
    if history is None or not history.available:
        return []
    wanted = [c for c in history.changes if c.kind in ("theme", "implication")]
    return sorted(wanted, key=lambda c: (-c.timestamp, c.record, c.what))


def current_title(corpus: Corpus, change: Change) -> str:
    """A record's title as the site shows it now; the title it had then only for a record that is gone.

    (An old title may hold words since removed, a name on the redaction list say: they stay in git, not here.)
    """
    if change.record in corpus.implications:
        return implication_title(corpus.implications[change.record])
    if change.record in corpus.themes:
        return corpus.themes[change.record].title
    return change.title


def history_of(history: History, record_ids: list[str]) -> list[Change]:
    """The changes of several records (a theme and its subthemes), newest first."""
    found = [change for record_id in record_ids for change in history.of(record_id)]
    return sorted(found, key=lambda change: (-change.timestamp, change.record, change.what))


def by_day(changes: list[Change]) -> Iterator[tuple[str, list[Change]]]:
    day, group = "", list[Change]()
    for change in changes:
        if change.date != day and group:
            yield day, group
            group = []
        day = change.date
        group.append(change)
    if group:
        yield day, group


def feed_path(prefix: str) -> str:
    return f"{prefix}/{FEED_FILE}" if prefix else FEED_FILE


def atom_feed(corpus: Corpus, prefix: str, site_url: str, page_of: dict[str, str], title: str) -> bytes:
    """The feed; ``page_of`` maps a record id to its page (and anchor) in the site, for links."""
    changes = reader_changes(corpus)[:FEED_ENTRIES]
    base = site_url.rstrip("/") + "/" if site_url else ""
    home = page_address(site_url, f"{prefix}/whats-new.md" if prefix else "whats-new.md") if site_url else "whats-new/"
    updated = _stamp(changes[0].timestamp) if changes else "1970-01-01T00:00:00Z"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape_html(title)}: what's new</title>",
        f'  <link rel="alternate" type="text/html" href="{escape_html(home)}"/>',
        f"  <id>{escape_html(base + feed_path(prefix)) if base else 'urn:findings-site:whats-new'}</id>",
        f"  <updated>{updated}</updated>",
    ]
    for change in changes:
        target = page_of.get(change.record, "")
        link = f"{base}{target}" if base and target else target
        noun = "Implication" if change.kind == "implication" else "Finding"
        lines += [
            "  <entry>",
            f"    <title>{escape_html(f'{noun}: {current_title(corpus, change)} ({change.what})')}</title>",
            f"    <id>urn:findings-site:change:{change.commit}:{change.record}:{_digest(change.what)}</id>",
            f"    <updated>{_stamp(change.timestamp)}</updated>",
            *([f'    <link rel="alternate" type="text/html" href="{escape_html(link)}"/>'] if link else []),
            f"    <summary>{escape_html(change.what[:1].upper() + change.what[1:])} on {change.date}.</summary>",
            "    <author><name>Site editors</name></author>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode()


def _digest(text: str) -> str:
    """A short stable token for a change's wording (an Atom id is an IRI: no spaces)."""
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _stamp(seconds: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))
