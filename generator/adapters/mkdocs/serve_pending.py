"""While a large first preview converts pages in the background (deferred_pages.py), their addresses answer with
a page saying so, which reloads itself once the page is there.

With `--dirty` the first build does not even put a placeholder through the theme for those pages (5,000 of them
took a third of the start at bench size L): the site holds no file for them yet, so the server would answer 404.
This wraps the server's WSGI application (as serve_notice.py does) and answers such a 404 for a page still on its
way with a short page of its own.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from .serve_notice import HeldAnswer

#: Seconds between the waiting page's checks whether its page is there.
CHECK_EVERY = 2

#: The header of a waiting page's answer: the page checks for it, and reloads once an answer lacks it.
WAITING = "X-Findings-Waiting"

# Not a timed <meta> refresh, which reloads whatever happens (WCAG 2.2.1): the page reloads once its page is there,
# as MkDocs' live reload does when a rebuild ends.
_CHECK = (
    "<script>(function check() {{ setTimeout(function () {{"
    " fetch(location.href, {{cache: 'no-store'}}).then(function (answer) {{"
    " if (answer.headers.has('{header}')) check(); else location.reload(); }}, check); }}, {ms}); }})();</script>\n"
)


def waiting_page(title: str, home: str) -> bytes:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} (on its way)</title>\n"
        "<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}</style>\n"
        "</head>\n<body>\n<main>\n"
        f"<h1>{html.escape(title)}</h1>\n"
        '<p role="status" class="fd-pending-page">This page is on its way: the preview is converting the site\'s'
        " pages in the background, and this one reloads by itself once it is there. Only the first preview of a"
        " large site waits like this; the next one starts with the pages this one converted.</p>\n"
        f'<p><a href="{html.escape(home)}">Home</a></p>\n'
        "</main>\n" + _CHECK.format(header=WAITING, ms=CHECK_EVERY * 1000) + "</body>\n</html>\n"
    ).encode()


class PendingPages:
    """The addresses of the pages still converted in the background, set after each build, read by the server."""

    def __init__(self) -> None:
        self.titles: Mapping[str, str] = {}  # address below the site's mount path ('studies/x/y/') -> page title

    def show(self, titles: Mapping[str, str]) -> None:
        self.titles = titles  # one assignment: a request sees the old set or the new one

    def wrap(self, app: WSGIApplication, mount_path: str) -> WSGIApplication:
        """``app`` answering as before, except a 404 for a page on its way."""

        def or_waiting_page(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
            titles = self.titles
            path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
            address = path[len(mount_path) :] if path.startswith(mount_path) else None
            if address is not None and address.endswith("/index.html"):
                address = address[: -len("index.html")]
            title = None if address is None else titles.get(address) or titles.get(address + "/")
            if title is None:
                return app(environ, start_response)
            answer = HeldAnswer.of(app, environ)
            if not answer.status.startswith("404"):
                return answer.pass_on(start_response)
            answer.close()
            page = waiting_page(title, mount_path)
            start_response(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(page))),
                    ("Cache-Control", "no-store"),
                    (WAITING, "1"),
                ],
            )
            return [page]

        return or_waiting_page
