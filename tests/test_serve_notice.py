"""The preview's error notice: its wording, where it goes in a page, and the server plumbing around it."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.exceptions import Abort, PluginError
from mkdocs.utils import CountHandler

from generator.adapters.mkdocs.serve_notice import (
    PreviewNotice,
    failure_message,
    keep_serving,
    stop_counting_warnings,
    with_notice,
)
from generator.core.diagnostics import Diagnostic, Location, Severity
from generator.core.render.notice import notice_html

TYPO = Diagnostic(
    Location("findings/s1/t1.yml", 6, 1), "unknown field 'sumary'", Severity.ERROR, "did you mean 'summary'?"
)


def test_the_notice_lists_each_error_with_its_place_and_suggestion() -> None:
    assert notice_html([TYPO]) == (
        '<div class="admonition failure fd-build-errors" role="alert">'
        '<p class="admonition-title">The last save has 1 error(s); this preview still shows the last good version</p>'
        "<ul><li><code>findings/s1/t1.yml:6:1</code> unknown field 'sumary' <em>(did you mean 'summary'?)</em></li>"
        "</ul></div>"
    )


def test_the_notice_says_when_there_is_no_good_version_and_when_a_rebuild_failed() -> None:
    assert "1 error(s); nothing can be shown until then" in notice_html([TYPO], last_good=False)
    failed = notice_html([], "hand-written page(s) would be replaced by generated ones: a<b.md")
    assert "The last rebuild failed; pages may be missing or out of date until the next good save" in failed
    assert (
        "<p>The rebuild failed: <code>hand-written page(s) would be replaced by generated ones: a&lt;b.md</code>"
        in failed
    )
    assert notice_html([]) == ""


def test_a_long_list_is_cut_and_says_so() -> None:
    many = notice_html([TYPO] * 60)
    assert many.count("<li>") == 50 and "… and 10 more (all of them are in the terminal)." in many


def test_the_notice_goes_first_in_materials_content_else_first_in_the_body() -> None:
    material = b'<body dir="ltr"><article class="md-content__inner md-typeset"><h1>T</h1></article></body>'
    assert with_notice(material, b"<N/>") == (
        b'<body dir="ltr"><article class="md-content__inner md-typeset"><N/><h1>T</h1></article></body>'
    )
    plain = b"<html><body class='x'><p>hi</p></body></html>"
    assert (
        with_notice(plain, b"<N/>")
        == b"<html><body class='x'><div class=\"md-typeset\"><N/></div><p>hi</p></body></html>"
    )
    assert with_notice(b"404 Not Found", b"<N/>") == b'<div class="md-typeset"><N/></div>404 Not Found'


def serve(app: Any, notice: str) -> tuple[str, list[tuple[str, str]], bytes]:
    preview = PreviewNotice()
    preview.show(notice)
    answer: list[Any] = []
    body = preview.wrap(app)(
        {"PATH_INFO": "/"}, lambda status, headers, exc_info=None: answer.extend([status, headers])
    )
    return answer[0], answer[1], b"".join(body)


def page_app(kind: str, content: bytes) -> Any:
    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(content)))])
        return [content]

    return app


def test_every_html_answer_carries_the_notice_with_its_new_length() -> None:
    status, headers, body = serve(page_app("text/html", b"<body><p>old page</p></body>"), "<div>errors</div>")
    assert status == "200 OK"
    assert body == b'<body><div class="md-typeset"><div>errors</div></div><p>old page</p></body>'
    assert headers == [("Content-Type", "text/html"), ("Content-Length", str(len(body)))]


def test_other_answers_and_pages_without_a_notice_are_left_alone() -> None:
    _, headers, body = serve(page_app("application/javascript", b"let x = 1;"), "<div>errors</div>")
    assert body == b"let x = 1;" and ("Content-Length", "10") in headers
    _, _, body = serve(page_app("text/html", b"<body>fine</body>"), "")
    assert body == b"<body>fine</body>"


def test_a_failed_rebuild_is_reported_instead_of_raised() -> None:
    def builder() -> None:
        raise RuntimeError("boom")

    server = SimpleNamespace(builder=builder)
    seen: list[Exception | None] = []
    keep_serving(server, seen.append)
    server.builder()  # the server would otherwise never publish the rebuild, and every request would wait
    server.builder = lambda: None
    keep_serving(server, seen.append)
    server.builder()
    assert [type(error) for error in seen] == [RuntimeError, type(None)]


def test_strict_modes_counter_is_detached() -> None:
    logger = logging.getLogger("mkdocs")
    counter = CountHandler()
    logger.addHandler(counter)
    try:
        assert stop_counting_warnings() == 1
        assert counter not in logger.handlers
        logging.getLogger("mkdocs.plugins.x").warning("not counted")
        assert counter.get_counts() == []
    finally:
        logger.removeHandler(counter)


@pytest.mark.parametrize("kind", ["text/html; charset=utf-8", "text/html"])
def test_html_is_recognised_with_or_without_a_charset(kind: str) -> None:
    _, _, body = serve(page_app(kind, b"<body></body>"), "<i>n</i>")
    assert b"<i>n</i>" in body


def test_a_plugins_error_is_named_rather_than_mkdocs_wrapping_of_it() -> None:
    try:
        try:
            raise PluginError("hand-written page(s) would be replaced")
        except PluginError:
            raise Abort("Aborted with a BuildError!") from None
    except Abort as wrapped:
        assert failure_message(wrapped) == "hand-written page(s) would be replaced"
    assert (
        failure_message(Abort("Aborted with 1 warnings in strict mode!")) == "Aborted with 1 warnings in strict mode!"
    )
    assert failure_message(RuntimeError()) == "RuntimeError"
