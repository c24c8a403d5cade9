"""Which Chromium the browser tests (and bench/search.py) drive: found, not assumed.

In order: ``$FINDINGS_CHROMIUM`` (a path or a command name; the word ``playwright`` means
Playwright's own download), then ``chromium``, ``chromium-browser``, ``google-chrome`` and
``google-chrome-stable`` on PATH, then the Chromium that ``python -m playwright install
chromium`` put in its cache. Ubuntu's ``chromium-browser`` that only hands over to a snap is
passed over: Playwright cannot drive a snap's confined browser reliably.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

ENV = "FINDINGS_CHROMIUM"
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PLAYWRIGHT = "playwright"
HOW_TO_INSTALL = (
    f"install one (Debian: `apt-get install chromium`; anywhere: `.venv/bin/python -m playwright install chromium`)"
    f" or set {ENV} to its path"
)


@dataclass(frozen=True)
class Found:
    path: Path | None
    how: str  # where it came from, or why none was found (what was tried)


def _is_snap_wrapper(path: Path) -> bool:
    """Ubuntu's transitional chromium-browser (a short script that starts the snap), or the snap itself."""
    if path.as_posix().startswith("/snap/"):
        return True
    try:
        if path.resolve().as_posix().startswith("/snap/"):
            return True
        if path.stat().st_size > 64 * 1024:
            return False  # a real browser binary
        head = path.read_bytes()
    except OSError:
        return False
    return head.startswith(b"#!") and b"/snap/" in head


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_chromium(
    playwright_path: Callable[[], str | None],
    environ: Mapping[str, str] = os.environ,
    which: Callable[[str], str | None] = shutil.which,
) -> Found:
    """The browser to launch. ``playwright_path()``: where Playwright's own Chromium would be, or None."""
    wanted = environ.get(ENV, "").strip()
    if wanted:
        if wanted == PLAYWRIGHT:
            own = playwright_path()
            if own and _executable(Path(own)):
                return Found(Path(own), f"{ENV}=playwright")
            return Found(None, f"{ENV}=playwright, but Playwright's Chromium is not installed ({own or 'no path'})")
        path = Path(wanted) if os.sep in wanted else Path(which(wanted) or wanted)
        if _executable(path):
            return Found(path, f"{ENV}={wanted}")
        # Named on purpose: falling back to another browser would hide the mistake.
        return Found(None, f"{ENV}={wanted}, which is not an executable file")
    skipped: list[str] = []
    for name in NAMES:
        found = which(name)
        if not found:
            continue
        if _is_snap_wrapper(Path(found)):
            skipped.append(f"{found} (starts a snap)")
            continue
        return Found(Path(found), f"{name} on PATH")
    own = playwright_path()
    if own and _executable(Path(own)):
        return Found(Path(own), "Playwright's own Chromium")
    tried = [f"{ENV} (not set)", ", ".join(NAMES) + " on PATH", f"Playwright's own ({own or 'no path'})"]
    if skipped:
        tried.append("passed over: " + ", ".join(skipped))
    return Found(None, "no Chromium found; tried " + "; ".join(tried))
