"""The preview's server answers the address of a page still converted in the background (deferred_pages.py)
with a page saying so, which reloads itself; every other answer is left alone."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.adapters.mkdocs.serve_pending import WAITING, PendingPages, waiting_page


def site(files: dict[str, bytes]) -> Any:
    """A stand-in for MkDocs' server: the files it has, else 404."""

    def app(environ: dict[str, str], start_response: Any) -> Iterable[bytes]:
        body = files.get(environ["PATH_INFO"])
        if body is None:
            start_response("404 Not Found", [("Content-Type", "text/html")])
            return [b"no such page"]
        start_response("200 OK", [("Content-Type", "text/html")])
        return [body]

    return app


def ask(app: Any, path: str) -> tuple[str, bytes]:
    answer: list[str] = []
    headers: list[tuple[str, str]] = []

    def start_response(status: str, sent: list[tuple[str, str]], exc_info: Any = None) -> None:
        answer.append(status)
        headers.extend(sent)

    body = b"".join(app({"PATH_INFO": path}, start_response))
    assert ((WAITING, "1") in headers) == (b"on its way" in body)  # the page checks for the header
    return answer[0], body


def test_a_page_on_its_way_is_answered_with_its_title_and_reloads_itself() -> None:
    pending = PendingPages()
    pending.show({"studies/a/theme/": "Trust <early>"})
    app = pending.wrap(site({"/mount/": b"home"}), "/mount/")
    for path in ("/mount/studies/a/theme/", "/mount/studies/a/theme/index.html", "/mount/studies/a/theme"):
        status, body = ask(app, path)
        assert status == "200 OK"
        assert body == waiting_page("Trust <early>", "/mount/")
    assert b"<h1>Trust &lt;early&gt;</h1>" in body  # the title is text
    assert f"answer.headers.has('{WAITING}')".encode() in body  # it checks, and reloads once its page is there
    assert b'href="/mount/"' in body  # the way home


def test_other_addresses_and_pages_already_there_are_answered_as_before() -> None:
    pending = PendingPages()
    pending.show({"studies/a/theme/": "Trust"})
    app = pending.wrap(site({"/studies/a/theme/": b"the page itself"}), "/")
    assert ask(app, "/studies/a/theme/") == ("200 OK", b"the page itself")  # built meanwhile
    assert ask(app, "/studies/b/theme/") == ("404 Not Found", b"no such page")
    pending.show({})  # every page is there
    app = pending.wrap(site({}), "/")
    assert ask(app, "/studies/a/theme/") == ("404 Not Found", b"no such page")
