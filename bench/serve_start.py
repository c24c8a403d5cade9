"""How long `mkdocs serve --dirty` takes to serve its first page, with and without what a last preview kept.

    .venv/bin/python bench/serve_start.py ROOT [--rounds N]

ROOT is a project folder (a corpus from bench/corpus.py). Each round starts the preview twice, one after
the other: first with no `.cache` (as the very first preview of a project), then again with the page
cache and the HTML the first one kept (`html_cache`). Prints, per start, the wall time from process start
to the home page served, then to a theme page served in full (a large first preview serves placeholders
while it converts most pages in the background), the CPU time of the server and its children, and the medians.
The folder's `.cache` is removed at the end. Uses the `mkdocs` of this Python.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _interruptible() -> None:
    """In the server, before it starts: Ctrl-C stops it (a shell's background job inherits it ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stop(server: subprocess.Popen[bytes]) -> os.struct_rusage | Any:
    """Ctrl-C (MkDocs removes its temporary site), harder if need be; the server's resource usage."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        server.send_signal(sig)
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline:
            pid, _, usage = os.wait4(server.pid, os.WNOHANG)
            if pid:
                server.returncode = 0  # reaped here: Popen must not wait for it again
                return usage
            time.sleep(0.1)
    raise SystemExit("the preview did not stop")


PLACEHOLDER = "fd-pending-page"  # the class of a page the preview still converts


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read()).decode("utf-8", errors="replace")
    except OSError:
        return None


def _theme_url(root: Path) -> str:
    """The address of one theme page, from the preview's page cache."""
    for page in sorted((root / ".cache/findings-pages/studies").glob("*/*.md")):
        if page.name != "index.md":
            return f"studies/{page.parent.name}/{page.stem}/"
    raise SystemExit(f"no theme page in {root / '.cache/findings-pages'}")


def start(root: Path) -> tuple[float, float, float]:
    """(seconds until the home page is served, until a theme page is served in full, CPU seconds of the server
    and its children by then)."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    began = time.perf_counter()
    with (root / "serve-start.log").open("wb") as log:
        server = subprocess.Popen(
            command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_interruptible
        )
        seconds = complete = None
        while time.perf_counter() - began < 1800 and server.poll() is None:
            if seconds is None and _fetch(f"http://127.0.0.1:{port}/") is not None:
                seconds = time.perf_counter() - began
                theme = _theme_url(root)
            if seconds is not None and PLACEHOLDER not in (_fetch(f"http://127.0.0.1:{port}/{theme}") or PLACEHOLDER):
                complete = time.perf_counter() - began
                break
            time.sleep(0.2)
        usage = _stop(server)
    if seconds is None or complete is None:
        raise SystemExit(f"the preview served nothing; see {root / 'serve-start.log'}")
    return seconds, complete, usage.ru_utime + usage.ru_stime  # CPU until stopped: it idles once complete


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    figures: dict[str, list[tuple[float, float, float]]] = {"first preview": [], "next preview": []}
    try:
        for round_number in range(1, args.rounds + 1):
            shutil.rmtree(args.root / ".cache", ignore_errors=True)
            for kind in figures:
                seconds, complete, cpu = start(args.root)
                figures[kind].append((seconds, complete, cpu))
                print(f"round {round_number}, {kind}: {seconds:.1f} s, every page {complete:.1f} s (CPU {cpu:.1f} s)")
    finally:
        shutil.rmtree(args.root / ".cache", ignore_errors=True)
    medians = {kind: tuple(statistics.median(column) for column in zip(*v, strict=True)) for kind, v in figures.items()}
    for kind, (seconds, complete, cpu) in medians.items():
        print(f"{kind}: median {seconds:.1f} s, every page {complete:.1f} s, CPU {cpu:.1f} s")
    first, following = medians["first preview"], medians["next preview"]
    print(f"next / first: {following[0] / first[0]:.2f} (wall), {following[2] / first[2]:.2f} (CPU)")


if __name__ == "__main__":
    main()
