"""A live preview that never lies and never stalls (the MkDocs adapter side of `mkdocs serve`).

While the records have errors, or the last rebuild failed, every HTML page the preview serves carries a
notice listing the problems. It is added as the server answers a request, not written into the pages:
with `--dirty` MkDocs rewrites only the pages whose source changed, so a notice written into pages would
be missing from all the others, and would stay on them after the fix. The notice wraps the server's WSGI
application (the standard library's `set_app`), so it reaches every page, hand-written ones and 404s too.

MkDocs' server answers a request only once the rebuild in progress has ended well: after a rebuild that
raised, every request waited forever ("the server will appear stuck"). Rebuilds therefore never raise here;
a failure is logged and listed in the notice. For the same reason strict mode is off while previewing
(`mkdocs build` stays strict): `--dirty`'s own warning would abort the first build, and a record error,
logged as an error, would abort every rebuild that ought to show it. MkDocs' own warnings (a broken link in a
hand-written page) stay in the terminal only: with `--dirty` they are logged only when their page is rebuilt,
so a notice of them would come and go with unrelated saves.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from mkdocs.exceptions import Abort, BuildError
from mkdocs.utils import CountHandler

#: Most problems one notice lists; the terminal has them all.
#: Where Material's page content starts; the notice goes first inside it, styled like the content.
_CONTENT_START = re.compile(rb'<article\b[^>]*\bclass="[^"]*\bmd-content__inner\b[^>]*>')
_BODY_START = re.compile(rb"<body\b[^>]*>")


def failure_message(error: Exception) -> str:
    """What stopped a rebuild, in words: MkDocs wraps a plugin's error in 'Aborted with a BuildError!'."""
    if isinstance(error, Abort) and isinstance(error.__context__, BuildError):
        error = error.__context__
    return str(error) or type(error).__name__


def with_notice(page: bytes, notice: bytes) -> bytes:
    """``page`` (HTML) with ``notice`` at the top of its content, or else at the top of its body."""
    found = _CONTENT_START.search(page)
    if found is None:
        found = _BODY_START.search(page)
        notice = b'<div class="md-typeset">' + notice + b"</div>"
    at = found.end() if found else 0
    return page[:at] + notice + page[at:]


@dataclass
class HeldAnswer:
    """A WSGI application's answer, held back so that a wrapper can pass it on as it is or answer otherwise."""

    status: str
    headers: list[tuple[str, str]]
    exc_info: Any
    written: list[bytes]  # what the application wrote through `start_response`'s write callable
    body: Iterable[bytes]

    @classmethod
    def of(cls, app: WSGIApplication, environ: WSGIEnvironment) -> HeldAnswer:
        answer: list[Any] = []
        written: list[bytes] = []

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], object]:
            answer[:] = [status, headers, exc_info]
            return written.append

        body = app(environ, hold)
        status, headers, exc_info = answer
        return cls(status, headers, exc_info, written, body)

    def pass_on(self, start_response: StartResponse) -> Iterable[bytes]:
        start_response(self.status, self.headers, self.exc_info)
        return [*self.written, *self.body] if self.written else self.body

    def content(self) -> bytes:
        """The whole body; the application's iterable is closed, as a server would."""
        try:
            return b"".join([*self.written, *self.body])
        finally:
            self.close()

    def close(self) -> None:
        close = getattr(self.body, "close", None)
        if close is not None:
            close()


class PreviewNotice:
    """The notice the preview's pages carry now; set after each build, read by the server's threads."""

    def __init__(self) -> None:
        self.html = b""

    def show(self, notice: str) -> None:
        self.html = notice.encode("utf-8")  # one assignment: a request sees the old notice or the new one

    def wrap(self, app: WSGIApplication) -> WSGIApplication:
        """``app`` answering as before, with the notice added to every HTML page while there is one."""

        def with_current_notice(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
            notice = self.html
            if not notice:
                return app(environ, start_response)
            answer = HeldAnswer.of(app, environ)
            kind = next((value for name, value in answer.headers if name.lower() == "content-type"), "")
            if not kind.startswith("text/html"):
                return answer.pass_on(start_response)
            page = with_notice(answer.content(), notice)
            headers = [(name, value) for name, value in answer.headers if name.lower() != "content-length"]
            start_response(answer.status, [*headers, ("Content-Length", str(len(page)))], answer.exc_info)
            return [page]

        return with_current_notice


def keep_serving(server: Any, rebuilt: Callable[[Exception | None], None]) -> None:
    """Have MkDocs' live-reload ``server`` call ``rebuilt`` after each rebuild, with what it raised, if anything.

    The rebuild then ends normally, so the server publishes it and its waiting requests are answered.
    ``builder`` is the server's public attribute (the callable it was made with); it is looked up at each rebuild.
    """
    builder = server.builder

    def rebuild(*args: Any, **kwargs: Any) -> None:
        try:
            builder(*args, **kwargs)
        except Exception as error:  # anything that escaped would stall every request
            rebuilt(error)
        else:
            rebuilt(None)

    server.builder = rebuild


def stop_counting_warnings() -> int:
    """Detach the counter MkDocs' strict mode attached for this build; returns how many there were."""
    logger = logging.getLogger("mkdocs")
    counters = [handler for handler in logger.handlers if isinstance(handler, CountHandler)]
    for counter in counters:
        logger.removeHandler(counter)
    return len(counters)
