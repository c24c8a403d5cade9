"""Search in the browser, side by side: Material's built-in search against Pagefind, on a synthetic corpus.

    .venv/bin/python bench/search.py                      # size M, 3 runs per figure, two network profiles
    .venv/bin/python bench/search.py --size L --repeat 1  # about 5,000 pages; the builds take several minutes
    .venv/bin/python bench/search.py --work /tmp/bench-search --keep   # keep the corpus and both built sites

The corpus comes from bench/corpus.py (SYNTHETIC: invented filler, not research findings). It is built twice with
`mkdocs build`, once with the findings plugin's `search: material` and once with `search: pagefind`. Each site is
served on 127.0.0.1 by a small server that gzips text (level 6, as a typical web server does; Pagefind's index
files are gzipped already) and, in the throttled profile, shares one link of the given bandwidth between all
connections and waits the given latency before each response.

Per run, a fresh Chromium profile (cold cache; the browser tests' Chromium, see tests/browser/chromium.py) opens
the home page and, as soon as it has loaded, opens search and types a phrase taken from an excerpt; the run ends
when the first result is shown. Then it types a second phrase (a warm query). Figures, as medians over the runs
(engines interleaved):

* bytes: what the server sent (after gzip) from navigation to the first result: the search's own files
  (Material: search/search_index.json and its search worker, which Material fetches on every page load;
  Pagefind: pagefind/* and assets/pagefind-search.*) and everything (page, theme, search); then what the second
  query added.
* time to first result: from the first key typed, and from navigation start (the reader searches right away),
  both read from the page's own clock at the first frame after a result became visible.

Requests that would leave 127.0.0.1 are blocked and counted (expected: none). Absolute times depend on the machine;
compare the two engines within one run.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))
from corpus import SIZES, make_site

from tests.browser.chromium import HOW_TO_INSTALL, find_chromium

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ENGINES = ("material", "pagefind")
GZIP_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")
TIMEOUT_MS = 180_000


# -- the sites -------------------------------------------------------------------------------------------------------


def engine_config(corpus: Path, engine: str) -> Path:
    """A copy of the corpus's mkdocs.yml with the findings plugin's `search` option set; returns its path."""
    config = yaml.safe_load((corpus / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins: list[Any] = []
    for item in config["plugins"]:
        if item == "findings" or (isinstance(item, dict) and "findings" in item):
            options = dict(item["findings"] or {}) if isinstance(item, dict) else {}
            plugins.append({"findings": {**options, "search": engine}})
        else:
            plugins.append(item)
    config["plugins"] = plugins
    path = corpus / f"mkdocs-{engine}.yml"
    text = "# SYNTHETIC benchmark site (bench/search.py)\n" + yaml.safe_dump(config, sort_keys=False, width=120)
    path.write_text(text, encoding="utf-8")
    return path


def build(config: Path, site: Path) -> float:
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "--site-dir", str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    if run.returncode != 0:
        raise SystemExit(f"mkdocs build -f {config} failed:\n{run.stderr[-4000:]}")
    return time.perf_counter() - started


def phrases(corpus: Path, count: int = 2) -> list[str]:
    """Three consecutive words from the first excerpt of a few themes spread over the corpus (deterministic)."""
    themes = sorted(
        p for p in (corpus / "findings").rglob("*.yml") if p.name != "study.yml" and "implications" not in p.parts
    )
    found: list[str] = []
    for path in themes[len(themes) // 3 :: max(1, len(themes) // 7)]:
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        excerpts = record.get("excerpts") or []
        words = excerpts[0]["text"].split() if excerpts else []
        if len(words) >= 8:
            found.append(" ".join(words[4:7]))
        if len(found) == count:
            return found
    raise SystemExit("no excerpt with enough words in the corpus")


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -- the server -------------------------------------------------------------------------------------------------------


class Link:
    """One shared link: bandwidth (bytes/s, 0 for unlimited) and a latency before each response."""

    def __init__(self, mbps: float, latency_ms: float) -> None:
        self.rate = mbps * 1e6 / 8
        self.latency = latency_ms / 1000 if mbps else 0.0
        self._free_at = 0.0
        self._lock = threading.Lock()

    def send(self, write: Any, data: bytes) -> None:
        chunk = 16_384
        for start in range(0, len(data), chunk):
            piece = data[start : start + chunk]
            if self.rate:
                with self._lock:
                    begin = max(time.perf_counter(), self._free_at)
                    self._free_at = begin + len(piece) / self.rate
                    done = self._free_at
                delay = done - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            write(piece)


@dataclass
class Traffic:
    sent: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.sent.append((path, size))

    def mark(self) -> int:
        with self.lock:
            return len(self.sent)

    def since(self, mark: int) -> list[tuple[str, int]]:
        with self.lock:
            return list(self.sent[mark:])


class Handler(SimpleHTTPRequestHandler):
    link: ClassVar[Link]
    traffic: ClassVar[Traffic]
    cache: ClassVar[dict[Path, bytes]]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path + "/")
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        compress = path.suffix in GZIP_TYPES and "gzip" in self.headers.get("Accept-Encoding", "")
        if compress:
            if path not in self.cache:
                self.cache[path] = gzip.compress(body, compresslevel=6, mtime=0)
            body = self.cache[path]
        if self.link.latency:
            time.sleep(self.link.latency)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.link.send(self.wfile.write, body)
        self.traffic.add(unquote(urlsplit(self.path).path), len(body))


@contextmanager
def serve(root: Path, link: Link) -> Iterator[tuple[str, Traffic]]:
    traffic = Traffic()
    handler = type("SiteHandler", (Handler,), {"link": link, "traffic": traffic, "cache": {}})

    def make(*args: Any, **kwargs: Any) -> Any:
        return handler(*args, directory=str(root), **kwargs)

    server = ThreadingHTTPServer(("127.0.0.1", 0), make)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", traffic
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- the browser ------------------------------------------------------------------------------------------------------

#: (open search, search box, first shown result) per engine
UI = {
    "material": ("input.md-search__input", "input.md-search__input", ".md-search-result__item"),
    "pagefind": (".fd-search-button", "input.pagefind-ui__search-input", ".pagefind-ui__result-link"),
}


#: Installed just before the first key: notes, in the page's own clock, the first frame after a result became visible.
#: (Asking from Python after Playwright's wait would add its polling and round trips, up to a few hundred ms.)
WATCH_FIRST_RESULT = """selector => {
  window.__firstResultAt = undefined;
  const visible = () => Array.from(document.querySelectorAll(selector)).some(el => el.getClientRects().length > 0);
  const observer = new MutationObserver(() => {
    if (window.__firstResultAt === undefined && visible()) {
      observer.disconnect();
      requestAnimationFrame(() => { window.__firstResultAt = performance.now(); });
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, attributes: true});
  return performance.now();
}"""


def is_search_file(engine: str, path: str) -> bool:
    if engine == "material":
        return path.startswith("/search/") or "/workers/search" in path
    return path.startswith("/pagefind/") or "/pagefind-search." in path


@dataclass
class Run:
    search_bytes: int
    total_bytes: int
    requests: int
    first_ms: float  # from the first key typed
    first_from_nav_ms: float
    second_bytes: int
    second_ms: float
    outside: int


def one_run(browser: Any, engine: str, base: str, traffic: Traffic, queries: list[str]) -> Run:
    open_sel, box_sel, result_sel = UI[engine]
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    outside: list[str] = []

    def block(route: Any) -> None:
        outside.append(route.request.url)
        route.abort()

    context.route(lambda url: urlsplit(url).hostname not in ("127.0.0.1", None), block)
    page = context.new_page()
    try:
        mark = traffic.mark()
        page.goto(base, wait_until="load")
        page.click(open_sel)
        box = page.locator(box_sel)
        box.wait_for(state="visible")
        started = page.evaluate(WATCH_FIRST_RESULT, result_sel)
        box.press_sequentially(queries[0])
        page.wait_for_selector(result_sel, state="visible", timeout=TIMEOUT_MS)
        shown = page.evaluate("window.__firstResultAt")
        first = traffic.since(mark)
        mark = traffic.mark()
        box.press("Control+a")
        box.press("Backspace")  # keys, not fill(): Material searches on keyup
        page.wait_for_selector(result_sel, state="detached", timeout=TIMEOUT_MS)
        started2 = page.evaluate(WATCH_FIRST_RESULT, result_sel)
        box.press_sequentially(queries[1])
        page.wait_for_selector(result_sel, state="visible", timeout=TIMEOUT_MS)
        shown2 = page.evaluate("window.__firstResultAt")
        page.wait_for_load_state("networkidle")
        second = traffic.since(mark)
    finally:
        context.close()
    return Run(
        search_bytes=sum(size for path, size in first if is_search_file(engine, path)),
        total_bytes=sum(size for _, size in first),
        requests=len(first),
        first_ms=shown - started,
        first_from_nav_ms=shown,
        second_bytes=sum(size for _, size in second),
        second_ms=shown2 - started2,
        outside=len(outside),
    )


# -- report -----------------------------------------------------------------------------------------------------------


def _mb(value: float) -> str:
    return f"{value / 1e6:,.2f} MB" if value >= 1e5 else f"{value / 1e3:,.1f} kB"


def _s(ms: float) -> str:
    return f"{ms / 1000:,.2f} s"


def report(profile: str, runs: dict[str, list[Run]]) -> str:
    def med(engine: str, name: str) -> float:
        return float(statistics.median(getattr(r, name) for r in runs[engine]))

    rows = [
        ("search bytes to first result", "search_bytes", _mb),
        ("all bytes to first result", "total_bytes", _mb),
        ("requests to first result", "requests", lambda v: f"{v:,.0f}"),
        ("time to first result (from first key)", "first_ms", _s),
        ("time to first result (from navigation)", "first_from_nav_ms", _s),
        ("second query: bytes", "second_bytes", _mb),
        ("second query: time to first result", "second_ms", _s),
        ("requests leaving 127.0.0.1", "outside", lambda v: f"{v:,.0f}"),
    ]
    lines = [
        f"\n{profile}: median of {len(runs['material'])} run(s)",
        f"{'':42}{'Material':>14}{'Pagefind':>14}{'ratio':>9}",
    ]
    for label, name, fmt in rows:
        a, b = med("material", name), med("pagefind", name)
        ratio = f"{a / b:,.1f}x" if b else "-"
        lines.append(f"{label:42}{fmt(a):>14}{fmt(b):>14}{ratio:>9}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--size", choices=[s for s in SIZES if s != "S"], default="M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mbps", default="0,10", help="comma-separated link speeds in Mbit/s; 0 is unthrottled")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="wait before each response when throttled")
    parser.add_argument("--work", type=Path, help="folder for the corpus and sites (reused if it holds them)")
    parser.add_argument("--keep", action="store_true", help="keep --work (a temporary folder otherwise)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        found = find_chromium(lambda: playwright.chromium.executable_path)
    if found.path is None:
        print(f"needs Chromium ({found.how}); {HOW_TO_INSTALL}", file=sys.stderr)
        return 2

    work = args.work or Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        corpus = work / f"corpus-{args.size}"
        if not (corpus / "mkdocs.yml").exists():
            counts = make_site(args.size, corpus, args.seed)
            print(
                f"SYNTHETIC corpus {args.size} (seed {args.seed}): " + ", ".join(f"{v} {k}" for k, v in counts.items())
            )
        sites = {}
        for engine in ENGINES:
            site = work / f"site-{engine}"
            if not (site / "index.html").exists():
                seconds = build(engine_config(corpus, engine), site)
                print(f"mkdocs build with search: {engine}: {seconds:.1f} s", flush=True)
            sites[engine] = site
        pages = sum(1 for _ in sites["material"].rglob("index.html"))
        index = sites["material"] / "search" / "search_index.json"
        print(
            f"{pages:,} HTML pages; Material's index {_mb(index.stat().st_size)} raw, "
            f"{_mb(len(gzip.compress(index.read_bytes(), 6, mtime=0)))} gzipped; "
            f"Pagefind's bundle {_mb(dir_bytes(sites['pagefind'] / 'pagefind'))} on disk "
            f"in {sum(1 for p in (sites['pagefind'] / 'pagefind').rglob('*') if p.is_file()):,} files"
        )
        queries = phrases(corpus)
        print(f"queries (from excerpts): {queries[0]!r}, then {queries[1]!r}")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(found.path), args=CHROMIUM_ARGS)
            try:
                for mbps in (float(v) for v in args.mbps.split(",")):
                    link = Link(mbps, args.latency_ms)
                    profile = f"{mbps:g} Mbit/s shared, {args.latency_ms:g} ms per response" if mbps else "loopback"
                    runs: dict[str, list[Run]] = {engine: [] for engine in ENGINES}
                    with (
                        serve(sites["material"], link) as (m_base, m_traffic),
                        serve(sites["pagefind"], link) as (p_base, p_traffic),
                    ):
                        for _ in range(args.repeat):
                            runs["material"].append(one_run(browser, "material", m_base, m_traffic, queries))
                            runs["pagefind"].append(one_run(browser, "pagefind", p_base, p_traffic, queries))
                    print(report(profile, runs), flush=True)
            finally:
                browser.close()
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
