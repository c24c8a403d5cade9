"""Index pages with Pagefind while MkDocs is still writing the site.

Indexing a finished site reads and parses every page again after MkDocs is done (about a quarter of a
5,000-page build on two cores). Instead, a one-off `mkdocs build` hands each page's HTML to a Pagefind
service process as soon as MkDocs has rendered it: the indexer parses pages on another core while MkDocs
renders the next ones, and writes the bundle at the end.

``pagefind --service`` (the binary that `pagefind[bin]` ships) reads requests on stdin and answers on
stdout, each a base64-encoded JSON object followed by a comma. The `pagefind` package's own asyncio client
reads at most one answer per 0.1 s, far too slow for thousands of pages, so this speaks to the binary
directly. The protocol is Pagefind's internal one: Pagefind is pinned to 1.4 in pyproject.toml, and
tests/test_search_feed.py checks that a fed index has exactly the files the command-line indexer writes.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import queue
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from ....core.render.text import escape_html
from .pagefind import BUNDLE_DIR, PagefindError, mend_excerpts

#: Pages sent but not yet indexed; when the indexer lags this far behind, MkDocs waits rather than
#: piling rendered pages up in memory.
IN_FLIGHT = 32
#: Longest the indexer may take to finish once every page was sent.
FINISH_TIMEOUT_S = 600


def pagefind_executable() -> Path:
    """The Pagefind binary installed with `pagefind[bin]` (or PAGEFIND_BINARY_PATH, or one on PATH)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = None
    else:
        found = get_executable()
    if found is None:
        raise PagefindError(
            "the `search: pagefind` setting needs Pagefind in the Python environment that runs MkDocs "
            "(`pip install 'pagefind[bin]'`), or set `search: material`"
        )
    return Path(found)


class _Reply:
    """One request's answer, filled in by the reading thread."""

    def __init__(self, page: str | None = None) -> None:
        self.page = page  # the page's path for AddFile requests, None for the others
        self.done = threading.Event()
        self.payload: dict[str, Any] | None = None
        self.error: str | None = None


class PagefindFeed:
    """A Pagefind service process fed page by page: ``add`` each page, then ``finish`` to write the bundle.

    ``add`` returns at once unless :data:`IN_FLIGHT` pages await indexing. Problems (a page Pagefind
    rejects, the process dying) are collected and raised by ``finish`` as one :class:`PagefindError`.
    Call ``close`` when the build fails, so the process does not outlive it.
    """

    def __init__(self, executable: Path | None = None, in_flight: int = IN_FLIGHT) -> None:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (kept open for the process's lifetime)
        try:
            self._process = subprocess.Popen(
                [str(executable or pagefind_executable()), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
            )
        except OSError as error:
            self._stderr.close()
            raise PagefindError(f"could not start Pagefind: {error}") from error
        self._slots = threading.BoundedSemaphore(in_flight)
        self._writing: _Reply | None = None  # the WriteFiles request, once sent
        self._lock = threading.Lock()
        self._waiting: dict[int, _Reply] = {}
        self._last_id = 0
        self._failures: list[str] = []
        self.pages = 0
        self._closed = False
        # Writes go through a thread: a page (~100 kB) overfills the pipe, and MkDocs should not wait while
        # the indexer is busy with the previous one.
        self._outbox: queue.Queue[bytes | None] = queue.Queue()
        self._writer = threading.Thread(target=self._write, name="pagefind-requests", daemon=True)
        self._writer.start()
        self._reader = threading.Thread(target=self._read, name="pagefind-replies", daemon=True)
        self._reader.start()
        self._index_id = int(self._ask({"type": "NewIndex", "config": None}, timeout=60)["index_id"])

    # -- sending -------------------------------------------------------------------------------------------------

    def _send(self, payload: dict[str, Any], page: str | None = None) -> _Reply:
        reply = _Reply(page)
        with self._lock:
            self._last_id += 1
            message = {"message_id": self._last_id, "payload": payload}
            self._waiting[self._last_id] = reply
        self._outbox.put(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
        return reply

    def _write(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        while (data := self._outbox.get()) is not None:
            try:
                stdin.write(data)
                stdin.flush()
            except (BrokenPipeError, ValueError):
                self._fail_waiting("Pagefind stopped before the site was indexed")
        with contextlib.suppress(BrokenPipeError):
            stdin.close()

    def _ask(self, payload: dict[str, Any], timeout: float) -> dict[str, Any]:
        return self._wait(self._send(payload), timeout)

    def _wait(self, reply: _Reply, timeout: float) -> dict[str, Any]:
        if not reply.done.wait(timeout):
            problem = f"Pagefind did not answer within {timeout:.0f} s"
        elif reply.error is not None or reply.payload is None:
            problem = reply.error or "Pagefind gave no answer"
        else:
            return reply.payload
        tail = self._stderr_tail()
        self.close()
        raise PagefindError(problem + tail)

    def add(self, path: str, html: str) -> None:
        """Index one page; ``path`` is where it is written under site_dir (``studies/x/index.html``)."""
        if self._writing is not None:
            self._failures.append(f"{path}: sent after the bundle was asked for; it is not in the index")
        if self._failures:
            return  # finish() reports them; indexing the rest would be wasted work
        self._slots.acquire()
        self._send({"type": "AddFile", "index_id": self._index_id, "file_path": path, "file_contents": html}, path)

    # -- receiving -----------------------------------------------------------------------------------------------

    def _read(self) -> None:
        stdout = self._process.stdout
        assert isinstance(stdout, io.BufferedReader)
        pending = bytearray()
        while chunk := stdout.read1(1 << 16):
            pending += chunk
            end = pending.rfind(b",")
            if end < 0:
                continue
            for message in bytes(pending[:end]).split(b","):
                self._receive(message)
            del pending[: end + 1]
        self._fail_waiting("Pagefind stopped before the site was indexed")

    def _receive(self, message: bytes) -> None:
        try:
            answer = json.loads(base64.b64decode(message))
        except ValueError:
            return  # not a message of the protocol (Pagefind writes nothing else to stdout)
        if not isinstance(answer, dict):
            return
        payload = answer.get("payload") or {}
        message_id = answer.get("message_id")
        if message_id is None and isinstance(payload.get("original_message"), str):
            try:  # Pagefind could not read the request; it sends the request back
                message_id = json.loads(payload["original_message"]).get("message_id")
            except ValueError:
                return
        with self._lock:
            reply = self._waiting.pop(message_id, None) if isinstance(message_id, int) else None
        if reply is None:
            return
        if payload.get("type") == "Error":
            reply.error = str(payload.get("message") or "Pagefind reported an error")
        else:
            reply.payload = payload
        self._settle(reply)

    def _settle(self, reply: _Reply) -> None:
        if reply.page is not None:
            if reply.error is None:
                self.pages += 1
            else:
                self._failures.append(f"{reply.page}: {reply.error}")
            self._slots.release()
        reply.done.set()

    def _fail_waiting(self, why: str) -> None:
        with self._lock:
            replies = list(self._waiting.values())
            self._waiting.clear()
        for reply in replies:
            reply.error = why
            self._settle(reply)

    # -- the end -------------------------------------------------------------------------------------------------

    def write_soon(self, site_dir: Path, timeout: float = FINISH_TIMEOUT_S) -> None:
        """Once every page is sent: have the bundle written to ``site_dir/pagefind`` while the caller goes on.

        Waits only for the pages still in flight; :meth:`finish` waits for the bundle.
        """
        if self._writing is not None:
            return
        with self._lock:
            unanswered = list(self._waiting.values())
        deadline = time.monotonic() + timeout
        for reply in unanswered:  # Pagefind may answer out of order: write only once every page is in
            reply.done.wait(max(0.0, deadline - time.monotonic()))
        bundle = str(site_dir / BUNDLE_DIR)
        self._writing = self._send({"type": "WriteFiles", "index_id": self._index_id, "output_path": bundle})

    def finish(self, site_dir: Path, timeout: float = FINISH_TIMEOUT_S) -> str:
        """Wait for every page to be indexed and the bundle written to ``site_dir/pagefind``; a one-line summary."""
        try:
            self.write_soon(site_dir, timeout)
            assert self._writing is not None
            self._wait(self._writing, timeout)
            if self._failures:
                shown = "\n".join(self._failures[:20])
                raise PagefindError(f"Pagefind could not index {len(self._failures)} page(s):\n{shown}")
            if self.pages == 0 or not (site_dir / BUNDLE_DIR / "pagefind.js").is_file():
                raise PagefindError(f"Pagefind indexed no page of {site_dir}{self._stderr_tail()}")
            mend_excerpts(site_dir / BUNDLE_DIR)
        finally:
            self.close()
        return f"Pagefind indexed {self.pages} pages into {BUNDLE_DIR}/ while the site was written"

    def close(self) -> None:
        """Stop the process (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self._outbox.put(None)  # the writer closes stdin after what is queued; Pagefind then exits
        self._writer.join(timeout=10)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(timeout=10)
        self._stderr.close()

    def _stderr_tail(self) -> str:
        try:
            self._stderr.seek(0)
            text = self._stderr.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""
        return ":\n" + "\n".join(text.splitlines()[-20:]) if text else ""


def indexed_document(content: str, language: str, title: str) -> str:
    """What Pagefind reads of a page: its content (with the data-pagefind-body mark) in a bare document.

    Pagefind indexes only the marked element (words, filters, anchors) and takes the result's title from the
    page's first h1, so the theme's header, navigation and footer would be parsed for nothing. Like Material,
    a page whose content has no h1 gets its title as one, outside the indexed part.
    tests/test_search_feed.py checks that the index is the one Pagefind makes of the finished pages.
    """
    heading = "" if "<h1" in content else f"<h1>{escape_html(title)}</h1>"
    return (
        f'<!doctype html><html lang="{escape_html(language)}"><head><meta charset="utf-8"></head>'
        f"<body>{heading}{content}</body></html>"
    )
