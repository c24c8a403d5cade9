"""What every page MkDocs writes goes through last: the redaction scan and the Content-Security-Policy.

The core checked its own pages for redacted terms before the build; this also covers hand-written pages and
what the theme adds. The policy (csp.py) is made from the theme when its environment is ready (on_env).
"""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page as MkDocsPage

from ...core.redact import EMPTY, load_redaction_list
from .csp import ContentPolicy


class WrittenPages:
    """The redaction list and the theme's policy for one build's written pages."""

    def __init__(self, log: Any) -> None:
        self.log = log
        self.redactions = EMPTY
        self.csp: ContentPolicy | None = None  # the pages' Content-Security-Policy, made from the theme

    def read_redactions(self) -> None:
        self.redactions, _ = load_redaction_list()  # its problems were reported by the core's build

    def scan(self, output: str, page: MkDocsPage) -> str:
        """The page unchanged; a redacted term in it stops the build before anything is written."""
        problems = self.redactions.scan(page.file.dest_uri, output)
        if problems:
            for problem in problems:
                self.log.error(str(problem))
            raise PluginError(f"{len(problems)} redacted term(s) in {page.file.dest_uri}; the site was not written")
        return output

    def with_policy(self, output: str, page: MkDocsPage, own_content: bool) -> str:
        """The page with its policy (``own_content``: a hand-written page's scripts run too)."""
        return output if self.csp is None else self.csp.apply(output, page.content or "", own_content=own_content)

    def theme_page(self, output: str, template_name: str) -> str:
        """A page of the theme's own (404.html) with the policy too."""
        return self.csp.apply(output) if self.csp is not None and template_name.endswith(".html") else output
