"""Benchmarks of the findings generator and the MkDocs site, each figure against a baseline.

    python bench/run.py [--sizes S,M] [--repeat 3] [--json results.json]

For every size (see bench/corpus.py) this builds a corpus in a scratch folder and measures, in one
run, side by side:

1. generator work (load + validate + render + write) against the floor (parse every YAML file with
   CSafeLoader and write the same page bytes);
2. `mkdocs build` with the findings plugin against a build of the same pages pre-written as plain
   Markdown (no plugin), and the generator's share of the build;
3. peak memory (max RSS) of both builds;
4. edit-to-reload of `mkdocs serve --dirty` after changing one theme's title, against `mkdocs serve`
   without --dirty; then (--dirty only) after changing the text of one of its excerpts;
5. the search index a browser downloads (bytes, gzipped bytes).

Ratios are the figures to compare between runs and machines; absolute seconds drift with the
machine and its load. See bench/README.md.
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import corpus as bench_corpus  # noqa: E402  (bench/corpus.py, a sibling script)

# bench/targets.py imports this module as `run`; run as a script it is `__main__`, and a second copy would
# have its own ENV (no snapshot). Registering it under both names keeps one.
sys.modules.setdefault("run", sys.modules[__name__])
import targets  # noqa: E402  (bench/targets.py: the issue-22 figures against their targets)

# Embargoes compare with the build date: pin it (2026-01-01) so every run shows the same records.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
MIB = 1024 * 1024
REPO = BENCH.parent
CWD: dict[str, Path] = {"dir": Path.cwd()}  # where subprocesses run (outside the repo when using a snapshot)


def snapshot_code(work: Path) -> str:
    """Copy the generator package into ``work`` and make every subprocess import that copy.

    Other people edit the code while a run takes minutes; a snapshot keeps one run consistent.
    Subprocesses run in ``work`` so `python -m` does not put the repository first on sys.path.
    """
    target = work / "_code"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(REPO / "generator", target / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(target), ENV.get("PYTHONPATH", "")]))
    CWD["dir"] = work
    return describe_code()


def describe_code() -> str:
    """The commit, and whether generator/ has uncommitted changes (read-only git commands)."""
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "generator"], capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "generator code (no git information)"
    return f"generator code at {head}" + (" plus uncommitted changes" if dirty else "")


# -- child processes ------------------------------------------------------------------------------
# Everything that loads a corpus runs in a child: the in-process timings then start cold (like
# `findings build`), and this parent stays small. That matters for memory figures: a process
# started with vfork/posix_spawn (what subprocess uses) reports at least its parent's peak RSS.


def _generator_api() -> tuple[Callable[..., Any], Callable[..., Any]]:
    """(build, write): build returns {output path: str | bytes}, pages and data files, or raises."""
    from generator.core import project
    from generator.core.write import write_pages

    def build(layout: Any) -> dict[str, Any]:
        if hasattr(project, "build_site"):  # pages plus data files, what the plugin publishes
            site, result = project.build_site(layout)
            if site is None:
                raise SystemExit(f"corpus has {len(result.errors)} error(s)")
            outputs: dict[str, Any] = {path: page.markdown for path, page in site.pages.items()}
            outputs.update(site.files)
            return outputs
        pages, result = project.build_pages(layout)
        if pages is None:
            raise SystemExit(f"corpus has {len(result.errors)} error(s)")
        return dict(pages)

    def write(outputs: dict[str, Any], out: Path) -> None:
        try:  # the build mode is explicit since generator/speed/executor.py
            from generator.speed.executor import ONE_OFF
        except ImportError:
            write_pages(outputs, out)  # str, bytes or Page values, whichever the API above returned
        else:
            write_pages(outputs, out, ONE_OFF.executor())

    return build, write


def cpu_seconds() -> float:
    """CPU time of this process and of its waited-for children (the generator forks workers on every core)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def child_generator(root: Path, out: Path, phases: bool) -> dict[str, Any]:
    """Time generator work (build_site/build_pages + write_pages into a fresh folder).

    With ``phases``, the pipeline's steps are timed by wrapping the functions that
    generator.core.project calls (check, render_pages, data_files, redaction scans) in place.
    """
    from generator.core import project

    build, write = _generator_api()
    layout = project.Layout.at(root)
    spent: dict[str, float] = {}
    if phases:
        for name in ("check", "render_pages", "data_files", "load_redaction_list", "scan_outputs"):
            original = getattr(project, name, None)
            if callable(original):

                def timed(*args: Any, _f: Callable[..., Any] = original, _n: str = name, **kwargs: Any) -> Any:
                    t = time.perf_counter()
                    try:
                        return _f(*args, **kwargs)
                    finally:
                        spent[_n] = spent.get(_n, 0.0) + time.perf_counter() - t

                setattr(project, name, timed)
    c0, t0 = cpu_seconds(), time.perf_counter()
    outputs = build(layout)
    t1 = time.perf_counter()
    write(outputs, out)
    c2, t2 = cpu_seconds(), time.perf_counter()
    result: dict[str, Any] = {"seconds": t2 - t0, "cpu": c2 - c0, "outputs": len(outputs)}
    if phases:
        spent["other"] = (t1 - t0) - sum(spent.values())
        spent["write"] = t2 - t1
        result["phases"] = spent
    result["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return result


def child_floor(root: Path, pages_dir: Path, out: Path) -> dict[str, Any]:
    """The least any generator must do: parse every YAML file (C loader) and write the same output bytes."""
    outputs = {
        str(p.relative_to(pages_dir)): p.read_bytes()  # loaded before timing: the bytes to write
        for p in sorted(pages_dir.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }
    c0, t0 = cpu_seconds(), time.perf_counter()
    files = sorted(p for p in (root / "findings").rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())
    for path in files:
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    for name, data in outputs.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    c1, t1 = cpu_seconds(), time.perf_counter()
    return {
        "seconds": t1 - t0,
        "cpu": c1 - c0,
        "files": len(files),
        "outputs": len(outputs),
        "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def edit_target(site: Path, corpus: Any) -> dict[str, str]:
    """The theme whose record the serve figures edit (the middle top-level theme) and its page's URL path."""
    from generator.core.render.paths import SitePaths

    top_ids = sorted(t for ids in corpus.study_themes.values() for t in ids)
    theme = corpus.themes[top_ids[len(top_ids) // 2]]
    page = SitePaths(corpus).theme_page(theme.id)
    return {"edit_record": str(site / theme.source.path), "edit_url": page.removesuffix(".md") + "/"}


def child_prepare(site: Path, plain: Path) -> dict[str, Any]:
    """Counts, the theme to edit, and plain/mkdocs.yml plus assets for the pre-written build.

    The plain config is what the plugin makes of the site's mkdocs.yml (MkDocs runs the plugin's
    on_config and on_files here): same theme and extensions, the plugin's nav, stylesheets and
    scripts, and (through a hook) its Python navigation writer, without the plugin.
    plain/docs must already hold `findings build` output.
    """
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from generator.core.project import Layout, check

    layout = Layout.at(site)
    checked = check(layout)
    if not checked.ok or checked.corpus is None:
        shown = "\n".join(str(d) for d in checked.errors[:20])
        raise SystemExit(f"corpus has {len(checked.errors)} error(s):\n{shown}")
    corpus = checked.corpus

    config = load_config(config_file=str(site / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    docs = plain / "docs"
    added, differ = [], []
    for file in files:
        target = docs / file.src_uri
        if target.exists():
            if file.generated_by and target.read_bytes() != file.content_bytes:
                differ.append(file.src_uri)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.content_bytes)
        added.append(file.src_uri)
    extensions = [
        {name: config.mdx_configs[name]} if config.mdx_configs.get(name) else name
        for name in config.markdown_extensions
    ]
    raw = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    # Plugins the findings plugin left in place (with Pagefind it drops `search`), under their mkdocs.yml names.
    kept = list(config.plugins)
    plugins = []
    for entry in raw.get("plugins", []):
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name != "findings" and any(k == name or k.endswith("/" + name) for k in kept):
            plugins.append(entry)
    findings_plugin = config.plugins.get("findings")
    engine = str(getattr(getattr(findings_plugin, "search", None), "engine", "material"))
    plain_config: dict[str, Any] = {
        "site_name": f"{raw['site_name']} (pre-written pages, no findings plugin)",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": raw["theme"],
        "plugins": plugins,
        "markdown_extensions": extensions,
        "extra_css": [str(item) for item in config.extra_css],
        "extra_javascript": [str(item) for item in config.extra_javascript],
        "nav": config.nav,
    }
    if "validation" in raw:
        plain_config["validation"] = raw["validation"]
    if getattr(getattr(findings_plugin, "config", None), "python_nav", False):
        # The plugin writes Material's navigation in Python; the baseline gets the same theme rendering.
        (plain / "python_nav_hook.py").write_text(
            "from generator.adapters.mkdocs.material_nav import install\n\n\ndef on_env(env, config, files):\n"
            "    return install(env, config)\n",
            encoding="utf-8",
        )
        plain_config["hooks"] = ["python_nav_hook.py"]
    (plain / "mkdocs.yml").write_text(
        "# Benchmark baseline: the same pages, pre-written by `findings build`, built without the findings plugin.\n"
        + yaml.safe_dump(plain_config, sort_keys=False, allow_unicode=True, width=120),
        encoding="utf-8",
    )
    return {
        "counts": {
            "studies": len(corpus.studies),
            "themes": len(corpus.themes),
            "excerpts": len(corpus.excerpts),
            "implications": len(corpus.implications),
            "references": len(corpus.library.ordered),
            "check_warnings": len(checked.diagnostics),
            "yaml_files": sum(1 for _ in layout.findings_dir.rglob("*.y*ml")),
        },
        "search_engine": engine,
        **edit_target(site, corpus),
        "plain_added": added,
        "plain_differ": differ,
    }


def search_figures(built: Path) -> dict[str, Any]:
    """What a browser downloads to search: Material's whole index, or Pagefind's bundle and per-query parts."""
    index = built / "search" / "search_index.json"
    if index.is_file():
        data = index.read_bytes()
        return {
            "engine": "material",
            "bytes": len(data),
            "gzip_bytes": len(gzip.compress(data, compresslevel=6, mtime=0)),
            "entries": len(json.loads(data)["docs"]),
        }
    bundle = built / "pagefind"
    if not bundle.is_dir():
        return {"engine": "none"}

    def sizes(pattern: str) -> list[int]:
        return [p.stat().st_size for p in bundle.glob(pattern) if p.is_file()]

    base = sum(sizes("pagefind.js")) + sum(sizes("pagefind-entry.json")) + sum(sizes("*.pf_meta"))
    base += max(sizes("wasm.*.pagefind") or [0])
    chunks, fragments = sizes("index/*"), sizes("fragment/*")
    mean_chunk = statistics.mean(chunks) if chunks else 0.0
    mean_fragment = statistics.mean(fragments) if fragments else 0.0
    return {
        "engine": "pagefind",
        "bytes": sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()),
        "files": sum(1 for p in bundle.rglob("*") if p.is_file()),
        "base_bytes": base,
        "index_chunks": len(chunks),
        "mean_chunk_bytes": mean_chunk,
        "fragments": len(fragments),
        "mean_fragment_bytes": mean_fragment,
        # One query: the fixed part, about two index chunks, and the fragments of the first five results.
        "query_bytes": base + 2 * mean_chunk + 5 * mean_fragment,
    }


def child_search(built: Path, plain: Path) -> dict[str, Any]:
    """Search figures of both builds, and what else the plugin build wrote."""
    return {
        "search": search_figures(built),
        "search_plain": search_figures(plain),
        "html_pages": sum(1 for _ in built.rglob("*.html")),
        "html_pages_plain": sum(1 for _ in plain.rglob("*.html")),
        "site_bytes": sum(p.stat().st_size for p in built.rglob("*") if p.is_file()),
    }


def settle() -> None:
    """Flush what earlier runs wrote, so the next run does not pay for their write-back.

    Runs that write hundreds of megabytes leave them for the kernel to write back later; with
    runs back to back, the next one (the floor or the generator, whichever came second) paid
    for it in system time: the same write phase took 0.6-5.7 s.
    """
    if hasattr(os, "sync"):
        os.sync()


def run_child(args: list[str], timeout: float) -> dict[str, Any]:
    settle()
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=CWD["dir"],
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"child {args[0]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# -- subprocess with its own rusage ---------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system seconds of the child
    maxrss: int  # bytes
    returncode: int
    log: str
    warnings: int


def run_measured(cmd: Sequence[str], log_path: Path, timeout: float) -> Run:
    """Run ``cmd``; wall time and this child's own peak RSS (os.wait4), output to ``log_path``."""
    settle()
    with log_path.open("wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=log, stderr=subprocess.STDOUT, env=ENV, cwd=CWD["dir"])
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    text = log_path.read_text(encoding="utf-8", errors="replace")
    warnings = sum(1 for line in text.splitlines() if line.startswith("WARNING"))
    if time.perf_counter() > deadline:
        text += f"\n[bench] killed after {timeout:.0f} s\n"
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss * 1024, proc.returncode, text, warnings)


def mkdocs(*args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args]


# -- serve: edit one record, wait for the new title over HTTP ----------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body: bytes = response.read()
            return body.decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_until(
    predicate: Callable[[], bool], timeout: float, alive: Callable[[], bool], interval: float
) -> float | None:
    """Seconds until ``predicate()`` holds, or None on timeout or when the server died."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        if not alive():
            return None
        time.sleep(interval)
    return None


PLACEHOLDER = "fd-pending-page"  # the class of a page the preview still converts (deferred_pages.py, serve_pending.py)
_LIVERELOAD = re.compile(r"livereload\((\d+), (\d+)\)")


def livereload_epoch(page: str) -> tuple[str, str] | None:
    """The (epoch, request id) that MkDocs' live-reload script in a served page waits on."""
    match = _LIVERELOAD.search(page)
    return (match.group(1), match.group(2)) if match else None


def wait_for_reload(
    base: str, url: str, token: str, epoch: tuple[str, str] | None, timeout: float, alive: Callable[[], bool]
) -> float | None:
    """Seconds until the page holds ``token``, seen as a browser sees it: MkDocs' live-reload request
    (``/livereload/<epoch>/<id>``) returns when a newer build is served, then the page is fetched.

    Polling the page every few milliseconds instead would make the server start a thread per request
    and slow the build it measures (by 0.1-0.5 s at M). Without the script (no live reload), it polls.
    """
    start = time.perf_counter()
    if epoch is None:
        return wait_until(lambda: token in (fetch(url) or ""), timeout, alive, 0.02)
    while time.perf_counter() - start < timeout and alive():
        answer = fetch(f"{base}livereload/{epoch[0]}/{epoch[1]}")
        if answer is None or not answer.strip().isdigit():
            time.sleep(0.02)
            continue
        if int(answer) > int(epoch[0]):
            body = fetch(url) or ""
            if token in body:
                return time.perf_counter() - start
            epoch = livereload_epoch(body) or (answer.strip(), epoch[1])
    return None


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server we started: Ctrl-C first (mkdocs then removes its temporary site), then harder."""
    for sig, grace in ((signal.SIGINT, 20.0), (signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        if proc.poll() is not None:
            return
        proc.send_signal(sig)
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass
class ServeResult:
    startup: float | None = None  # until the home page is served
    complete: float | None = None  # until the edited page is served in full (not a placeholder still converting)
    reloads: list[float] = field(default_factory=list)  # title edits
    excerpt_reloads: list[float] = field(default_factory=list)  # excerpt-text edits (serve --dirty only)
    error: str = ""


def serve_reload(
    config: Path,
    record: Path,
    url_path: str,
    dirty: bool,
    edits: int,
    startup_timeout: float,
    reload_timeout: float,
    excerpts: bool = True,
) -> ServeResult:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    url = base + url_path
    cmd = mkdocs("serve", "-a", f"127.0.0.1:{port}", "-f", str(config), *(["--dirty"] if dirty else []))
    log_path = config.parent / f"serve-{'dirty' if dirty else 'full'}.log"
    original = record.read_text(encoding="utf-8")
    result = ServeResult()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=ENV, cwd=CWD["dir"])
        try:

            def alive() -> bool:
                return proc.poll() is None

            result.startup = wait_until(lambda: fetch(base) is not None, startup_timeout, alive, 0.2)
            # A large first preview serves placeholders for most pages while it converts them in the background
            # (deferred_pages.py); the edits are timed once the edited page is in place.
            in_place = lambda: PLACEHOLDER not in (fetch(url) or PLACEHOLDER)  # noqa: E731
            waited = wait_until(in_place, startup_timeout, alive, 0.2) if result.startup is not None else None
            result.complete = None if waited is None or result.startup is None else result.startup + waited
            if result.startup is None or result.complete is None:
                result.error = "server did not serve the page in time" if alive() else "server exited"
                return result
            # Title edits (the title shows on the study, implications and reference pages too), then, with
            # --dirty, edits to one excerpt's text (shown on the theme page, and wherever it is quoted).
            plan = [("title", n) for n in range(1, edits + 1)] + [
                ("excerpt", n) for n in range(1, edits + 1) if dirty and excerpts
            ]
            titled = original
            for kind, n in plan:
                token = f"benchedit{n}{'d' if dirty else 'f'}{kind[0]}"
                if kind == "title":
                    text, count = re.subn(
                        r"^title: .*$", f'title: "Bench edit {token}"', original, count=1, flags=re.MULTILINE
                    )
                else:  # on top of the last title edit, so only the excerpt changes
                    text, count = re.subn(r'(\n  - id: [^\n]+\n    text: ")', rf"\g<1>{token} ", titled, count=1)
                if not count:
                    result.error = f"no {kind} line in {record}"
                    return result
                if kind == "title":
                    titled = text
                epoch = livereload_epoch(fetch(url) or "")
                start = time.perf_counter()
                record.write_text(text, encoding="utf-8")
                seconds = wait_for_reload(base, url, token, epoch, reload_timeout, alive)
                if seconds is None:
                    result.error = f"edit {n} not visible after {reload_timeout:.0f} s"
                    return result
                (result.reloads if kind == "title" else result.excerpt_reloads).append(time.perf_counter() - start)
                time.sleep(1.5)  # let the watcher settle before the next edit
        finally:
            record.write_text(original, encoding="utf-8")
            stop(proc)
    if result.error:
        result.error += f" (log: {log_path})"
    return result


# -- one size ---------------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def bench_size(size: str, work: Path, repeat: int, seed: int, serve: bool, builds: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"size": size, "repeat": repeat}
    folder = work / size
    if folder.exists():
        shutil.rmtree(folder)
    site = folder / "site-src"
    t0 = time.perf_counter()
    counts = bench_corpus.make_site(size, site, seed)
    out["corpus_seconds"] = time.perf_counter() - t0
    print(f"[{size}] corpus written in {out['corpus_seconds']:.1f} s: {counts}", flush=True)

    # Pre-written pages for the plain build, through the command line as a user would.
    pages_dir = folder / "pages"
    cli = run_measured(
        [sys.executable, "-m", "generator", "build", "--root", str(site), "--out", str(pages_dir)],
        folder / "findings-build.log",
        timeout=3600,
    )
    if cli.returncode != 0:
        raise SystemExit(f"[{size}] findings build failed:\n{cli.log[-3000:]}")
    out["cli_build_seconds"] = cli.seconds
    out["cli_build_maxrss"] = cli.maxrss
    out["outputs"] = sum(1 for p in pages_dir.rglob("*") if p.is_file() and not p.name.startswith("."))
    out["pages"] = sum(1 for _ in pages_dir.rglob("*.md"))
    plain = folder / "plain"
    shutil.copytree(pages_dir, plain / "docs")
    prepared = run_child(["prepare", str(site), str(plain)], timeout=3600)
    out.update(counts=prepared["counts"], plain_added=prepared["plain_added"], plain_differ=prepared["plain_differ"])
    out["search_engine"] = prepared["search_engine"]

    # 1. generator vs floor, interleaved, each in a fresh interpreter.
    gen_runs, floor_runs = [], []
    for rep in range(repeat):
        target = folder / f"gen-{rep}"
        gen_runs.append(run_child(["generator", str(site), str(target)], timeout=3600))
        if rep == 0:
            mismatch = compare_trees(pages_dir, target)
            out["generator_output_mismatch"] = mismatch[:10]
        shutil.rmtree(target)
        target = folder / f"floor-{rep}"
        floor_runs.append(run_child(["floor", str(site), str(pages_dir), str(target)], timeout=3600))
        shutil.rmtree(target)
    target = folder / "gen-phases"
    out["phases"] = run_child(["generator", str(site), str(target), "phases"], timeout=3600)["phases"]
    shutil.rmtree(target)
    out["generator"] = [r["seconds"] for r in gen_runs]
    out["floor"] = [r["seconds"] for r in floor_runs]
    out["generator_cpu"] = [r["cpu"] for r in gen_runs]
    out["floor_cpu"] = [r["cpu"] for r in floor_runs]
    out["generator_maxrss"] = max(r["maxrss"] for r in gen_runs)
    out["floor_maxrss"] = max(r["maxrss"] for r in floor_runs)
    print(f"[{size}] generator {median(out['generator']):.2f} s, floor {median(out['floor']):.2f} s", flush=True)

    # 2./3. mkdocs build with the plugin vs pre-written pages, interleaved.
    if builds:
        plugin_runs: list[Run] = []
        plain_runs: list[Run] = []
        for rep in range(repeat):
            for runs, root, name in ((plugin_runs, site, "plugin"), (plain_runs, plain, "plain")):
                site_dir = folder / f"built-{name}"
                if site_dir.exists():
                    shutil.rmtree(site_dir)
                run = run_measured(
                    mkdocs("build", "-f", str(root / "mkdocs.yml"), "-d", str(site_dir)),
                    folder / f"build-{name}-{rep}.log",
                    timeout=3600,
                )
                if run.returncode != 0:
                    raise SystemExit(f"[{size}] mkdocs build ({name}) failed:\n{run.log[-3000:]}")
                if name == "plain" and prepared["search_engine"] == "pagefind":
                    # The plugin indexes its site with Pagefind inside `mkdocs build`; index the plain site too.
                    extra = run_measured(
                        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind"],
                        folder / f"pagefind-plain-{rep}.log",
                        timeout=3600,
                    )
                    if extra.returncode != 0:
                        raise SystemExit(f"[{size}] pagefind on the plain site failed:\n{extra.log[-3000:]}")
                    out.setdefault("plain_pagefind", []).append(extra.seconds)
                    run = Run(
                        run.seconds + extra.seconds,
                        run.cpu + extra.cpu,
                        max(run.maxrss, extra.maxrss),
                        run.returncode,
                        run.log,
                        run.warnings,
                    )
                runs.append(run)
        out["build_plugin"] = [r.seconds for r in plugin_runs]
        out["build_plain"] = [r.seconds for r in plain_runs]
        out["build_plugin_cpu"] = [r.cpu for r in plugin_runs]
        out["build_plain_cpu"] = [r.cpu for r in plain_runs]
        out["build_plugin_maxrss"] = max(r.maxrss for r in plugin_runs)
        out["build_plain_maxrss"] = max(r.maxrss for r in plain_runs)
        for name, runs in (("plugin", plugin_runs), ("plain", plain_runs)):
            out[f"build_{name}_warnings"] = runs[-1].warnings
            sample = [line for line in runs[-1].log.splitlines() if line.startswith("WARNING")][:5]
            if sample:
                out[f"build_{name}_warning_sample"] = sample
        print(
            f"[{size}] mkdocs build plugin {median(out['build_plugin']):.1f} s, "
            f"plain {median(out['build_plain']):.1f} s",
            flush=True,
        )
        # 5. search index (read in a child, to keep this process small)
        out.update(run_child(["search", str(folder / "built-plugin"), str(folder / "built-plain")], timeout=600))
        for name in ("built-plugin", "built-plain"):
            shutil.rmtree(folder / name)

    # 4. edit-to-reload with serve --dirty vs serve
    if serve:
        record, url_path = Path(prepared["edit_record"]), prepared["edit_url"]
        plain_build = median(out.get("build_plain", [60.0]))
        startup_timeout = min(3600.0, 60 + 10 * plain_build)
        reload_timeout = min(1800.0, 30 + 5 * plain_build)
        out["serve_page"] = url_path
        for mode, dirty in (("dirty", True), ("full", False)):
            result = serve_reload(
                site / "mkdocs.yml", record, url_path, dirty, max(1, repeat), startup_timeout, reload_timeout
            )
            out[f"serve_{mode}_startup"] = result.startup
            out[f"serve_{mode}_reloads"] = result.reloads
            if result.excerpt_reloads:
                out[f"serve_{mode}_excerpt_reloads"] = result.excerpt_reloads
            if result.error:
                out[f"serve_{mode}_error"] = result.error
                print(f"[{size}] serve ({mode}): {result.error}", flush=True)
            else:
                print(f"[{size}] serve ({mode}): reload {median(result.reloads):.2f} s", flush=True)
        shutil.rmtree(site / ".cache", ignore_errors=True)
    out["harness_maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return out


def compare_trees(a: Path, b: Path) -> list[str]:
    """Relative paths of output files that differ or exist on one side only.

    Hidden files and assets/ are left out: `findings build` also writes the stylesheets and script
    that the plugin serves itself, which are not generator output.
    """

    def names(root: Path) -> set[str]:
        return {
            str(p.relative_to(root))
            for p in root.rglob("*")
            if p.is_file() and not p.name.startswith(".") and p.relative_to(root).parts[0] != "assets"
        }

    names_a, names_b = names(a), names(b)
    differ = sorted(names_a ^ names_b)
    differ += sorted(n for n in names_a & names_b if not filecmp.cmp(a / n, b / n, shallow=False))
    return differ


# -- report -----------------------------------------------------------------------------------------


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0 or a != a or b != b:
        return "-"
    return f"{a / b:.2f}x"


def _secs(values: Sequence[float] | None) -> str:
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:.2f} s"
    return f"{median(values):.2f} s ({min(values):.2f}-{max(values):.2f})"


def _mib(value: int | None) -> str:
    return "-" if value is None else f"{value / MIB:.0f} MiB"


def search_rows(found: dict[str, Any], plain: dict[str, Any], excerpts: int) -> list[tuple[str, str, str, str]]:
    if found.get("engine") == "material":
        raw, gz = found["bytes"], found["gzip_bytes"]
        return [
            (
                "search index (Material): plugin / pre-written",
                f"{raw:,} B",
                f"{plain.get('bytes', 0):,} B",
                _ratio(raw, plain.get("bytes")),
            ),
            ("  gzipped (level 6) / raw", f"{gz:,} B", f"{raw:,} B", _ratio(gz, raw)),
            ("  entries | raw bytes per excerpt", f"{found['entries']:,}", "", f"{raw / max(1, excerpts):,.0f} B"),
        ]
    if found.get("engine") == "pagefind":
        return [
            (
                "search bundle (Pagefind): plugin / pre-written",
                f"{found['bytes']:,} B in {found['files']:,} files",
                f"{plain.get('bytes', 0):,} B",
                _ratio(found["bytes"], plain.get("bytes")),
            ),
            ("  one query downloads about (estimate)", f"{found['query_bytes']:,.0f} B", "", ""),
            ("  of which fixed (js, wasm, entry, meta)", f"{found['base_bytes']:,} B", "", ""),
            (
                "  index chunks | fragments (mean size)",
                f"{found['index_chunks']:,} ({found['mean_chunk_bytes']:,.0f} B)",
                f"{found['fragments']:,} ({found['mean_fragment_bytes']:,.0f} B)",
                "",
            ),
        ]
    return [("search", "none found", "", "")]


def report(result: dict[str, Any]) -> str:
    c = result["counts"]
    rows: list[tuple[str, str, str, str]] = [("figure", "measured", "baseline", "ratio")]

    def pair(name: str, a: Sequence[float], b: Sequence[float]) -> None:
        rows.append((name, _secs(a), _secs(b), _ratio(median(a), median(b))))

    def memory(name: str, a: int | None, b: int | None) -> None:
        rows.append((name, _mib(a), _mib(b), _ratio(a, b)))

    pair("generator work / floor: wall", result["generator"], result["floor"])
    pair("  same, CPU time", result["generator_cpu"], result["floor_cpu"])
    phases = result["phases"]
    total = sum(phases.values()) or 1.0
    for name, seconds in phases.items():
        rows.append((f"  phase {name}", f"{seconds:.2f} s", "", f"{seconds / total:.0%} of generator work"))
    memory("  peak RSS generator / floor process", result["generator_maxrss"], result["floor_maxrss"])
    if "build_plugin" in result:
        build, plain = median(result["build_plugin"]), median(result["build_plain"])
        pair("mkdocs build: plugin / pre-written: wall", result["build_plugin"], result["build_plain"])
        pair("  same, CPU time", result["build_plugin_cpu"], result["build_plain_cpu"])
        rows.append(("  generator share: (plugin - plain) / plugin", "", "", f"{(build - plain) / build:.0%}"))
        build_cpu, plain_cpu = median(result["build_plugin_cpu"]), median(result["build_plain_cpu"])
        rows.append(("  same, CPU time", "", "", f"{(build_cpu - plain_cpu) / build_cpu:.0%}"))
        gen = median(result["generator"])
        rows.append(("  generator share: generator work / plugin", "", "", f"{gen / build:.0%}"))
        memory(
            "peak RSS mkdocs build: plugin / pre-written", result["build_plugin_maxrss"], result["build_plain_maxrss"]
        )
        rows.append(
            (
                "  mkdocs warnings: plugin | pre-written",
                str(result["build_plugin_warnings"]),
                str(result["build_plain_warnings"]),
                "",
            )
        )
        rows += search_rows(result["search"], result["search_plain"], c["excerpts"])
        rows.append(
            ("  whole site", f"{result['site_bytes'] / MIB:,.1f} MiB, {result['html_pages']:,} HTML pages", "", "")
        )
    if "serve_dirty_reloads" in result:
        dirty, full = result["serve_dirty_reloads"], result["serve_full_reloads"]
        rows.append(
            (
                "edit-to-reload: serve --dirty / serve",
                _secs(dirty) if dirty else "failed",
                _secs(full) if full else "failed",
                _ratio(median(dirty), median(full)) if dirty and full else "-",
            )
        )
        if result.get("serve_dirty_excerpt_reloads"):
            rows.append(("  excerpt-text edit: serve --dirty", _secs(result["serve_dirty_excerpt_reloads"]), "", ""))
        if "build_plain" in result and dirty:
            rows.append(
                ("  --dirty reload / pre-written build", "", "", _ratio(median(dirty), median(result["build_plain"])))
            )
        dirty_up, full_up = (result[f"serve_{m}_startup"] for m in ("dirty", "full"))
        rows.append(
            (
                "  serve start-up (first page): --dirty | full",
                _secs([dirty_up]) if dirty_up else "failed",
                _secs([full_up]) if full_up else "failed",
                "",
            )
        )
    rows.append(("findings build CLI, end to end", _secs([result["cli_build_seconds"]]), "", ""))
    rows.append(("corpus generation (bench/corpus.py)", _secs([result["corpus_seconds"]]), "", ""))

    lines = [
        "",
        f"== {result['size']}: {c['studies']} studies, {c['themes']} themes, {c['excerpts']} excerpts, "
        f"{c['implications']} implications, {c['references']} references (published) -> {result['pages']} pages, "
        f"{result['outputs']} files ==",
        f"   seconds: median (min-max) of {result['repeat']}; absolute seconds DRIFT with machine and load, "
        "compare the ratios",
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    for key in ("serve_dirty_error", "serve_full_error"):
        if key in result:
            lines.append(f"  ! {key}: {result[key]}")
    if result.get("generator_output_mismatch"):
        mismatch = ", ".join(result["generator_output_mismatch"][:5])
        lines.append(f"  ! generator output differs from `findings build` output on the same input: {mismatch}")
    for name in ("plugin", "plain"):
        for line in result.get(f"build_{name}_warning_sample", []):
            lines.append(f"  ! {name} build: {line}")
    if result.get("plain_differ"):
        lines.append(f"  ! plugin and `findings build` disagree on: {', '.join(result['plain_differ'][:5])}")
    lines.append(
        f"  (RSS figures include at least this harness's own peak, {_mib(result['harness_maxrss'])}; "
        f"plugin files `findings build` does not write, copied for the pre-written build: "
        f"{', '.join(result['plain_added'][:6]) or 'none'})"
    )
    return "\n".join(lines)


def search_summary(found: dict[str, Any]) -> str:
    if found.get("engine") == "material":
        return f"{found['gzip_bytes'] / 1024:,.0f} KiB gz (whole index)"
    if found.get("engine") == "pagefind":
        return f"~{found['query_bytes'] / 1024:,.0f} KiB per query (Pagefind)"
    return "-"


def summary(results: list[dict[str, Any]]) -> str:
    head = (
        "size",
        "gen/floor (wall)",
        "gen/floor",
        "build/plain",
        "gen share of build",
        "RSS plugin/plain",
        "dirty/full reload",
        "search download",
    )
    rows: list[tuple[str, ...]] = [head]
    for r in results:
        dirty, full = r.get("serve_dirty_reloads"), r.get("serve_full_reloads")
        built = "build_plugin" in r
        build, plain = median(r.get("build_plugin_cpu", [])), median(r.get("build_plain_cpu", []))
        rows.append(
            (
                r["size"],
                _ratio(median(r["generator"]), median(r["floor"])),
                _ratio(median(r["generator_cpu"]), median(r["floor_cpu"])),
                _ratio(median(r["build_plugin_cpu"]), median(r["build_plain_cpu"])) if built else "-",
                f"{(build - plain) / build:.0%}" if built else "-",
                _ratio(r.get("build_plugin_maxrss"), r.get("build_plain_maxrss")),
                _ratio(median(dirty), median(full)) if dirty and full else "-",
                search_summary(r.get("search", {})),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = [
        "",
        "== summary: ratios (CPU time where timed, children included; comparable across runs; lower is better) ==",
        "   gen/floor (wall): the generator reads, renders and writes on every core, the floor on one",
    ]
    lines += ["  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)).rstrip() for row in rows]
    return "\n".join(lines)


# -- main -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the findings generator and the MkDocs site.")
    parser.add_argument(
        "--sizes", help="comma-separated sizes: S, XS, M, L (default S,M; with --targets, the target sizes)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; medians are reported (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpora (default 1)")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (corpora, logs)")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve edit-to-reload figure")
    parser.add_argument("--no-build", action="store_true", help="skip mkdocs builds (and search, serve timeouts)")
    parser.add_argument("--json", type=Path, help="also write the raw figures as JSON here")
    parser.add_argument(
        "--no-snapshot", action="store_true", help="use generator/ as it changes, not a copy taken at the start"
    )
    parser.add_argument("--report", type=Path, help="only print the tables again from a --json file")
    parser.add_argument("--targets", action="store_true", help="only the issue-22 figures against their targets")
    parser.add_argument("--target-sizes", default="M,L", help="sizes of the target figures (default M,L)")
    parser.add_argument("--no-targets", action="store_true", help="skip the target figures after the full benchmark")
    parser.add_argument("--edits", type=int, default=2, help="title edits per serve start in the targets (default 2)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        kind, *rest = args.child
        if kind == "generator":
            result = child_generator(Path(rest[0]), Path(rest[1]), phases="phases" in rest)
        elif kind == "floor":
            result = child_floor(Path(rest[0]), Path(rest[1]), Path(rest[2]))
        elif kind == "prepare":
            result = child_prepare(Path(rest[0]), Path(rest[1]))
        elif kind == "pick":
            result = targets.child_pick(Path(rest[0]))
        else:
            result = child_search(Path(rest[0]), Path(rest[1]))
        print(json.dumps(result))
        return 0

    if args.report:
        saved: list[dict[str, Any]] = json.loads(args.report.read_text(encoding="utf-8"))
        sized = [result for result in saved if result.get("kind") != "targets"]
        for result in sized:
            print(report(result))
        if sized:
            print(summary(sized))
        if len(sized) < len(saved):
            print(targets.report([result for result in saved if result.get("kind") == "targets"]))
        return 0

    try:
        sizes = [] if args.targets else targets.parse_sizes(args.sizes or "S,M")
        target_sizes = (
            []
            if args.no_targets
            else targets.parse_sizes(args.sizes if args.targets and args.sizes else args.target_sizes)
        )
    except ValueError as error:
        parser.error(str(error))
    if args.repeat < 1 or args.edits < 1:
        parser.error("--repeat and --edits must be at least 1")
    work = args.work or Path(tempfile.mkdtemp(prefix="findings-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    code = describe_code() + " (live)" if args.no_snapshot else snapshot_code(work) + ", snapshot taken now"
    print(f"scratch folder: {work}; python {sys.version.split()[0]}; {os.cpu_count()} CPUs; {code}", flush=True)
    results: list[dict[str, Any]] = []
    aimed: list[dict[str, Any]] = []
    try:
        for size in sizes:
            result = bench_size(size, work, args.repeat, args.seed, serve=not args.no_serve, builds=not args.no_build)
            results.append(result)
            print(report(result), flush=True)
        if results:
            print(summary(results), flush=True)
        for size in target_sizes:
            aimed.append(targets.bench_targets(size, work, args.repeat, args.seed, args.edits, not args.no_serve))
            if aimed[-1].get("interrupted"):
                break
            if not args.keep:  # frees the disk before the next size
                shutil.rmtree(work / f"targets-{size}", ignore_errors=True)
        if aimed:
            print(targets.report(aimed))
    finally:
        if args.json and (results or aimed):
            args.json.write_text(json.dumps(results + aimed, indent=2) + "\n", encoding="utf-8")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
