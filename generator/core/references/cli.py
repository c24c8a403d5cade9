"""``findings refs FILE.bib [--format text|markdown] [--json]``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from generator.core.diagnostics import sorted_diagnostics
from generator.core.references.library import load_library


def refs_command(
    bib: Path, fmt: str = "text", as_json: bool = False, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Print every entry's reference and parenthetical citation; 1 if any error."""
    out = out or sys.stdout
    err = err or sys.stderr
    if fmt not in ("text", "markdown"):
        print(f"unknown format {fmt!r}: use text or markdown", file=err)
        return 2
    library, diags = load_library([bib], root=Path.cwd())
    for diag in sorted_diagnostics(diags):
        print(diag, file=err)
    if as_json:
        data = {
            ref.key: {"reference": ref.markdown if fmt == "markdown" else ref.text, "citation": ref.citation}
            for ref in library.ordered
        }
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for ref in library.ordered:
            reference = ref.markdown if fmt == "markdown" else ref.text
            out.write(f"{reference}\n    {ref.citation}\n\n")
    return 1 if any(d.is_error for d in diags) else 0
