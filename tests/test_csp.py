"""The Content-Security-Policy of a page: hashes of the theme's inline scripts only, before any script."""

from __future__ import annotations

import base64
import hashlib

from generator.csp import policy, with_policy


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


CONTENT = "<p>x</p><script>alert(1)</script>"
PAGE = (
    '<html><head><meta charset="utf-8"><script>var a=1</script>'
    '<script type="application/json">{"b": 2}</script><script type="module">import "./c.js"</script>'
    '<script src="https://cdn.example.org/x.js"></script><script src="assets/own.js"></script></head>'
    f"<body><article>{CONTENT}</article><script>var d=4</script></body></html>"
)


def test_theme_scripts_are_hashed_and_content_scripts_are_not() -> None:
    sources = policy(PAGE, CONTENT).split(";")[0].split()
    assert sources[:4] == ["script-src", "'self'", "'wasm-unsafe-eval'", "https://cdn.example.org"]
    assert set(sources[4:]) == {_hash("var a=1"), _hash('import "./c.js"'), _hash("var d=4")}
    assert _hash("alert(1)") not in sources  # a script inside generated content is never allowed
    assert policy(PAGE).count("sha256-") == 4  # a hand-written page's own scripts are allowed
    assert policy(PAGE, CONTENT).endswith("; object-src 'none'; base-uri 'self'")


def test_the_policy_comes_first_in_head() -> None:
    html = with_policy(PAGE, CONTENT)
    assert html.index("Content-Security-Policy") < html.index("<script")
    assert html.startswith('<html><head><meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="')
    assert with_policy("<p>no head</p>") == "<p>no head</p>"
