"""The Content-Security-Policy of a page: hashes of the inline scripts the theme's templates write, and no others."""

from __future__ import annotations

import base64
import hashlib

import jinja2

from generator.adapters.mkdocs.csp import ContentPolicy


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


TEMPLATES = {
    "base.html": '<head><meta charset="utf-8"><script>__scope=new URL("{{ base_url }}",location)</script>'
    '<script id="c" type="application/json">{{ config | tojson }}</script>'
    '<script src="https://stats.example.org/s.js?id={{ id }}"></script></head>',
    "content.html": '<script>var target=document.getElementById("x")</script>',
}
CONTENT = "<p>x</p><script>alert(1)</script>"
PAGE = (
    '<html><head><meta charset="utf-8"><script>__scope=new URL("../..",location)</script>'
    '<script id="c" type="application/json">{"b": 2}</script><script src="assets/own.js"></script>'
    "<title></title><script>PWNED=1</script></title></head>"  # a title that got out of its element
    f'<body><article>{CONTENT}</article><script>var target=document.getElementById("x")</script></body></html>'
)
POLICY = ContentPolicy(TEMPLATES.values(), ["assets/own.js", "https://cdn.example.org/x.js"])


def test_the_theme_scripts_are_allowed_and_no_others() -> None:
    sources = POLICY.policy(PAGE, CONTENT).split(";")[0].split()
    assert sources[:5] == [
        "script-src",
        "'self'",
        "'wasm-unsafe-eval'",
        "https://cdn.example.org",
        "https://stats.example.org",
    ]
    assert set(sources[5:]) == {
        _hash('__scope=new URL("../..",location)'),
        _hash('var target=document.getElementById("x")'),
    }
    assert POLICY.policy(PAGE, CONTENT).endswith("; object-src 'none'; base-uri 'self'")


def test_a_template_expression_cannot_leave_its_string() -> None:
    page = '<head><meta charset="utf-8"><script>__scope=new URL("x",alert(1),"",location)</script></head>'
    assert "sha256" not in POLICY.policy(page)


def test_a_hand_written_page_may_have_scripts_of_its_own() -> None:
    assert _hash("alert(1)") not in POLICY.policy(PAGE, CONTENT)  # generated content never has any
    assert _hash("alert(1)") in POLICY.policy(PAGE, CONTENT, own_content=True)


def test_the_policy_comes_first_in_head() -> None:
    html = POLICY.apply(PAGE, CONTENT)
    assert html.index("Content-Security-Policy") < html.index("<script")
    assert html.startswith('<html><head><meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="')
    assert POLICY.apply("<p>no head</p>") == "<p>no head</p>"


def test_the_policy_reads_the_theme_environment() -> None:
    env = jinja2.Environment(loader=jinja2.DictLoader({**TEMPLATES, "icon.svg": "<svg/>"}))
    assert ContentPolicy.of_theme(env).policy(PAGE) == ContentPolicy(TEMPLATES.values()).policy(PAGE)
