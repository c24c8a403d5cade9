"""Pagefind for a built site: the indexer run, the header search UI's assets, and Material's search taken out.

Pagefind writes its index as many small files under ``site/pagefind/`` and the browser fetches only the
fragments a query needs. It cannot work from ``file://`` URLs: browsers refuse those fetches (and the
WebAssembly module) from local files, so a Pagefind site must be served over http(s), e.g.
``python -m http.server -d site`` or ``mkdocs serve``. Material's search has the same limitation.

Nothing here imports MkDocs; the plugin passes in the pieces of its configuration.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, MutableMapping
from importlib import resources
from pathlib import Path
from typing import Any

#: The folder inside site_dir where Pagefind writes its bundle (the UI script loads it from there).
BUNDLE_DIR = "pagefind"
#: Our header button and dialog around Pagefind's UI, published under assets/ like the plugin's other assets.
UI_ASSETS = ("pagefind-search.css", "pagefind-search.js")
#: Longest a Pagefind run may take before the build fails (an M corpus takes a few seconds).
TIMEOUT_S = 600
#: Scheduling priority added to Pagefind while it indexes a preview (19 is the lowest priority).
BACKGROUND_NICENESS = 10


class PagefindError(Exception):
    """Pagefind could not index the site; the message says why and what to do."""


#: Pagefind 1.4's pagefind.js writes result excerpts as HTML from a page's text, escaping `<` and `>` but not
#: `&`: text written as "&lt;b&gt;" showed as "<b>" in a result. The bundle's script is mended to escape `&` first
#: (tests/browser/test_hostile_contexts.py searches such text); a Pagefind without this line is left as it is.
_EXCERPT_SOURCE = 'fragment.raw_content=fragment.content.replace(/</g,"&lt;")'
_EXCERPT_MENDED = 'fragment.raw_content=fragment.content.replace(/&/g,"&amp;").replace(/</g,"&lt;")'


def mend_excerpts(bundle: Path) -> bool:
    """Make the bundle's result excerpts show a page's text as written; whether the script was changed."""
    script = bundle / "pagefind.js"
    text = script.read_text(encoding="utf-8")
    if _EXCERPT_SOURCE not in text:
        return False
    script.write_text(text.replace(_EXCERPT_SOURCE, _EXCERPT_MENDED, 1), encoding="utf-8")
    return True


def ui_asset_files() -> dict[str, bytes]:
    """Site path -> content of the search UI's assets (assets/pagefind-search.{css,js})."""
    return {f"assets/{name}": resources.files("generator").joinpath("assets", name).read_bytes() for name in UI_ASSETS}


def add_ui_assets(extra_css: list[Any], extra_javascript: list[Any]) -> None:
    """Link the search UI's assets from every page (once, even when on_config runs again under `mkdocs serve`)."""
    for path in ui_asset_files():
        target = extra_javascript if path.endswith(".js") else extra_css
        if path not in [str(item) for item in target]:
            target.append(path)


def _noop(*args: Any, **kwargs: Any) -> None:
    return None


def drop_search_plugins(plugins: MutableMapping[str, Any]) -> list[str]:
    """Take Material's (or MkDocs') `search` plugin out of a MkDocs plugin collection; returns the names dropped.

    Without it in ``config.plugins`` Material's header shows no search box and no search index is written.
    MkDocs registered the plugin's event handlers when it loaded the collection (``plugins.events``); they are
    replaced by no-ops in place, so that the `config` event MkDocs may be running right now goes on undisturbed.
    """
    names = [name for name in plugins if name == "search" or name.endswith("/search")]
    events: MutableMapping[str, list[Callable[..., Any]]] = getattr(plugins, "events", {})
    for name in names:
        plugin = plugins.pop(name)
        for handlers in events.values():
            for index, handler in enumerate(handlers):
                if getattr(handler, "__self__", None) is plugin:
                    handlers[index] = _noop
    return names


_PAGES = re.compile(r"Indexed (\d+) pages?")


def index_site(site_dir: Path, *, timeout: float = TIMEOUT_S) -> str:
    """Run the Pagefind indexer over a built site (bundle in ``site_dir/pagefind``); returns a one-line summary.

    Raises :class:`PagefindError` when Pagefind is missing, fails, times out or indexes no page.
    """
    command = _command(site_dir, "--output-subdir", BUNDLE_DIR)
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as error:
        raise PagefindError(f"Pagefind did not finish indexing {site_dir} within {timeout:.0f} s") from error
    output = (run.stdout + run.stderr).strip()
    if run.returncode != 0:
        if "No module named pagefind" in output:
            raise PagefindError(
                "the `search: pagefind` setting needs Pagefind in the Python environment that runs MkDocs "
                "(`pip install 'pagefind[bin]'`), or set `search: material`"
            )
        raise PagefindError(f"Pagefind failed to index {site_dir} (exit code {run.returncode}):\n{_tail(output)}")
    found = _PAGES.findall(output)
    pages = int(found[-1]) if found else None
    if pages == 0 or not (site_dir / BUNDLE_DIR / "pagefind.js").is_file():
        raise PagefindError(f"Pagefind indexed no page of {site_dir}:\n{_tail(output)}")
    mend_excerpts(site_dir / BUNDLE_DIR)
    return f"Pagefind indexed {pages if pages is not None else 'the'} pages into {BUNDLE_DIR}/"


def _command(site_dir: Path, *output: str) -> list[str]:
    """The Pagefind indexer over ``site_dir``, from this Python environment (pip's `pagefind[bin]`)."""
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), *output]


def _tail(output: str, lines: int = 20) -> str:
    return "\n".join(output.splitlines()[-lines:])


class BackgroundIndex:
    """Pagefind over a written site in a background process, for `mkdocs serve`.

    Indexing a whole site takes seconds (4-5 s at bench size M), longer than the rest of a preview
    rebuild; the browser reloads without waiting and search catches up moments later. The bundle is
    written next to the live one and swapped in when complete, so search never sees half an index.
    `stop()` (called when the next rebuild starts, and on shutdown) ends a run in progress: the next
    rebuild indexes again.
    """

    def __init__(self, report: Callable[[str], None], warn: Callable[[str], None]) -> None:
        self.report = report
        self.warn = warn
        self.process: subprocess.Popen[str] | None = None
        self.thread: threading.Thread | None = None
        self.stopped = False

    def start(self, site_dir: Path) -> None:
        self.stop()
        staging = site_dir / f".{BUNDLE_DIR}-next"
        shutil.rmtree(staging, ignore_errors=True)
        self.stopped = False
        command = _command(site_dir, "--output-path", str(staging))
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if hasattr(os, "setpriority"):  # behind the browser's reload and the next rebuild, on every core
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, process.pid, BACKGROUND_NICENESS)
        self.process = process
        self.thread = threading.Thread(target=self._finish, args=(process, site_dir, staging), daemon=True)
        self.thread.start()

    def _finish(self, process: subprocess.Popen[str], site_dir: Path, staging: Path) -> None:
        output, _ = process.communicate()
        if self.stopped:
            shutil.rmtree(staging, ignore_errors=True)
            return
        found = _PAGES.findall(output)
        if process.returncode != 0 or not (staging / "pagefind.js").is_file():
            shutil.rmtree(staging, ignore_errors=True)
            self.warn(f"search index not updated: Pagefind exit code {process.returncode}:\n{_tail(output)}")
            return
        mend_excerpts(staging)
        live, old = site_dir / BUNDLE_DIR, site_dir / f".{BUNDLE_DIR}-old"
        shutil.rmtree(old, ignore_errors=True)
        if live.exists():
            live.rename(old)
        staging.rename(live)
        shutil.rmtree(old, ignore_errors=True)
        self.report(f"search index updated: Pagefind indexed {found[-1] if found else 'the'} pages")

    def stop(self) -> None:
        """End a run in progress (its partial bundle is discarded) and wait for it."""
        self.stopped = True
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
        if self.thread is not None:
            self.thread.join()
        self.process = self.thread = None

    def wait(self) -> None:
        """Let a run in progress finish (tests, and anyone who needs the index now)."""
        if self.thread is not None:
            self.thread.join()
