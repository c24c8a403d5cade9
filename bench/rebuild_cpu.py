"""CPU time of `mkdocs serve --dirty` rebuilds, in process: the build MkDocs runs on each save.

    python bench/rebuild_cpu.py CORPUS [EDITS]

CORPUS is a copy of a bench/corpus.py site (the script edits one theme's title and puts it back).
It loads the config and builds as `mkdocs serve --dirty` does on every save (a new config each time,
the plugin kept), with a server-like thread alive so the plugin behaves as when serving. It prints,
per title edit, the main thread's CPU time, the process's and the wall time: CPU time drifts much less
than wall time on a loaded machine. Compare two versions of the code side by side in one run with
PYTHONPATH=<other checkout> (see bench/DIARY.md).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"


def main() -> None:
    root = Path(sys.argv[1]).resolve()
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    os.chdir(root)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    logging.basicConfig(level=logging.ERROR)
    site = tempfile.mkdtemp(prefix="rebuild-cpu-")

    def config():  # type: ignore[no-untyped-def]
        loaded = load_config(config_file=str(root / "mkdocs.yml"), site_dir=site)
        loaded.site_url = SERVE_URL
        return loaded

    # `mkdocs serve` rebuilds run beside the server's threads (the plugin forks only when alone).
    threading.Thread(target=lambda: time.sleep(10**6), daemon=True).start()
    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    start = time.perf_counter()
    build(first, serve_url=SERVE_URL, dirty=True)
    print(f"first build {time.perf_counter() - start:.1f} s", flush=True)
    themes = sorted(
        p
        for p in root.glob("findings/*/*.yml")
        if p.name != "study.yml" and "\ntype: theme" in "\n" + p.read_text() and "\nparent:" not in p.read_text()
    )
    theme = themes[len(themes) // 3]
    text = theme.read_text(encoding="utf-8")
    title = re.search(r"^title: .*$", text, re.M)
    assert title is not None
    try:
        for n in range(edits):
            time.sleep(3)  # past the preview's young-generation collection, as between two saves
            theme.write_text(text.replace(title.group(0), f"title: Edited {n}", 1), encoding="utf-8")
            cpu, wall, main_cpu = time.process_time(), time.perf_counter(), time.thread_time()
            build(config(), serve_url=SERVE_URL, dirty=True)
            print(
                f"edit {n}: main-thread CPU {time.thread_time() - main_cpu:.2f} s, "
                f"process CPU {time.process_time() - cpu:.2f} s, wall {time.perf_counter() - wall:.2f} s",
                flush=True,
            )
    finally:
        theme.write_text(text, encoding="utf-8")
        first.plugins.on_shutdown()
        shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
