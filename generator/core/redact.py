"""Words that must never be published: a redaction list kept outside the repository.

The list (one term per line, `#` comments) holds real names and other identifying
strings. Its path comes from the FINDINGS_REDACTION_LIST environment variable, e.g. a
CI secret written to a file. Messages never repeat a term: they name its line in the list.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Location

ENV_VAR = "FINDINGS_REDACTION_LIST"


@dataclass(frozen=True)
class RedactionList:
    pattern: re.Pattern[str] | None
    line_of: Mapping[str, int]  # casefolded term -> its line in the list

    def scan(self, path: str, text: str) -> list[Diagnostic]:
        if self.pattern is None:
            return []
        problems = []
        for number, line in enumerate(text.splitlines(), start=1):
            for match in self.pattern.finditer(line):
                term_line = self.line_of.get(match.group(0).casefold(), 0)
                problems.append(
                    Diagnostic(
                        Location(path, number, match.start() + 1),
                        f"output contains a redacted term (line {term_line} of the redaction list)",
                        suggestion="remove it from the record this page is built from",
                        code="redaction",
                    )
                )
        return problems


EMPTY = RedactionList(None, {})


def load_redaction_list(environ: Mapping[str, str] | None = None) -> tuple[RedactionList, list[Diagnostic]]:
    env = os.environ if environ is None else environ
    path = env.get(ENV_VAR, "").strip()
    if not path:
        return EMPTY, []
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return EMPTY, [Diagnostic(Location(f"${ENV_VAR}"), f"cannot read the redaction list: {exc}")]
    line_of: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        term = raw.strip()
        if term and not term.startswith("#"):
            line_of.setdefault(term.casefold(), number)
    if not line_of:
        return EMPTY, []
    # Longest first so a full name wins over a part of it; word boundaries avoid matching inside words.
    alternatives = "|".join(re.escape(term) for term in sorted(line_of, key=len, reverse=True))
    return RedactionList(re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE), line_of), []


def scan_outputs(redactions: RedactionList, outputs: Mapping[str, str | bytes]) -> list[Diagnostic]:
    if redactions.pattern is None:  # no list: nothing to look for (decoding every file took a while)
        return []
    problems: list[Diagnostic] = []
    for path, content in sorted(outputs.items()):
        text = content if isinstance(content, str) else content.decode("utf-8", errors="replace")
        problems += redactions.scan(path, text)
    return problems
