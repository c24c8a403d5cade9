"""The figures issue 22 sets targets for, each printed beside its target with pass or FAIL.

    python bench/run.py --targets [--sizes M,L] [--repeat 3]     # only these figures
    python bench/run.py                                          # the full benchmark, then these at M and L

Per size, in a fresh synthetic corpus (bench/corpus.py), ``--repeat`` rounds, each running in turn:

1. `findings build --out` into a fresh folder, as a whole process as a user runs it (start-up and
   imports included): wall time and CPU time (user + system, its forked workers included);
2. the floor as a whole process (bench/floor.py): a fresh Python that parses every record with
   PyYAML's C loader and writes the same output bytes, read from one pre-packed file;
3. `findings check`, a whole process;
4. `mkdocs serve --dirty` (no page cache or kept HTML left from a previous run): the seconds from
   process start to the first theme page served, then ``edits`` edits of that theme's title, each
   timed from the write until the live-reload request reports a newer build and the page serves the
   new title (bench/run.py serve_reload, as a browser showing the page sees it); the record is put
   back as it was when the server stops;
5. the next preview of the same records: `mkdocs serve --dirty` again, starting from the page cache
   and the HTML the first one kept (`html_cache`), with as many edits.

Medians of the rounds are compared with the targets (the edit-to-reload median is over every edit
of every round). Everything runs in subprocesses that import the snapshot bench/run.py takes.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import corpus as bench_corpus

# bench/run.py is imported where it is used (as `run`: run.py registers itself under that name, so these
# use its ENV and snapshot), which leaves this module's report importable without run.py's side effects.

BENCH = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Target:
    figure: str  # its row in the report
    size: str
    limit: float  # the median must not exceed it
    unit: str  # "s" or "x"


TARGETS = (
    Target("reload", "M", 0.5, "s"),
    Target("reload", "L", 1.5, "s"),
    Target("serve_start", "L", 30.0, "s"),
    Target("reload_next", "M", 0.5, "s"),
    Target("reload_next", "L", 1.5, "s"),
    Target("serve_start_next", "L", 30.0, "s"),
    Target("build_ratio", "L", 1.5, "x"),
    Target("check", "L", 2.0, "s"),
)


def findings_command() -> list[str]:
    """`findings` as a user runs it (the script next to this Python), else `python -m generator`."""
    script = Path(sys.executable).parent / "findings"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "generator"]


def child_pick(site: Path) -> dict[str, str]:
    """(in a child process) the theme record to edit and its page, as the full benchmark picks them."""
    import run

    from generator.core.project import Layout, check

    checked = check(Layout.at(site))
    if not checked.ok or checked.corpus is None:
        raise SystemExit(f"corpus has {len(checked.errors)} error(s)")
    return run.edit_target(site, checked.corpus)


def _measured(cmd: Sequence[str], log: Path, what: str) -> Any:
    import run

    result = run.run_measured(cmd, log, timeout=3600)
    if result.returncode != 0:
        raise SystemExit(f"{what} failed ({result.returncode}):\n{result.log[-3000:]}")
    return result


def bench_targets(size: str, work: Path, repeat: int, seed: int, edits: int, serve: bool = True) -> dict[str, Any]:
    import run

    folder = work / f"targets-{size}"
    if folder.exists():
        shutil.rmtree(folder)
    site = folder / "site-src"
    started = time.perf_counter()
    bench_corpus.make_site(size, site, seed)
    out: dict[str, Any] = {"kind": "targets", "size": size, "repeat": repeat, "edits": edits}
    out["corpus_seconds"] = time.perf_counter() - started
    findings = findings_command()
    out["command"] = " ".join(Path(findings[0]).name if i == 0 else part for i, part in enumerate(findings))

    # The bytes the floor writes: one build's output, packed once into a single file.
    pages, packed = folder / "pages", folder / "outputs.marshal"
    _measured([*findings, "build", "--root", str(site), "--out", str(pages)], folder / "build-first.log", "build")
    subprocess.run(
        [sys.executable, str(BENCH / "floor.py"), "--pack", str(pages), str(packed)],
        check=True,
        capture_output=True,
        env=run.ENV,
        cwd=run.CWD["dir"],
    )
    shutil.rmtree(pages)
    picked = run.run_child(["pick", str(site)], timeout=3600)
    record, url_path = Path(picked["edit_record"]), picked["edit_url"]
    out["serve_page"] = url_path
    print(f"[targets {size}] corpus ready in {out['corpus_seconds']:.1f} s; {repeat} round(s)", flush=True)

    keys = ("build", "build_cpu", "floor", "floor_cpu", "check", "check_cpu", "serve_start", "reload")
    for key in (*keys, "serve_start_next", "reload_next"):
        out[key] = []
    out["rounds"] = 0
    try:
        for rep in range(repeat):
            line = _round(out, rep, folder, findings, packed, serve, (record, url_path))
            out["rounds"] = rep + 1
            print(f"[targets {size}] round {rep + 1}: {line}", flush=True)
    except KeyboardInterrupt:  # Ctrl-C: the table shows the rounds done (a server running was stopped)
        out["interrupted"] = True
        print(f"[targets {size}] interrupted after {out['rounds']} round(s)", flush=True)
    shutil.rmtree(site / ".cache", ignore_errors=True)
    return out


def _round(
    out: dict[str, Any], rep: int, folder: Path, findings: list[str], packed: Path, serve: bool, edit: tuple[Path, str]
) -> str:
    """One round of every figure, in turn; adds them to ``out``, returns a line saying what they were."""
    import run

    site, target = folder / "site-src", folder / "out"
    record = edit[0]
    original = record.read_text(encoding="utf-8")
    # As a researcher runs them after a save: one record changed since the last check, the others' results kept
    # (record_cache); then with nothing kept (--no-cache), as on a fresh clone. The check before the save is not
    # timed (the last round's preview started from an empty .cache).
    _measured([*findings, "check", "--root", str(site)], folder / f"check-before-{rep}.log", "check")
    record.write_text(re.sub(r"^title: .*$", f'title: "Bench round {rep}"', original, count=1, flags=re.M), "utf-8")
    try:
        runs = {}
        for key, extra in (("build", []), ("build_fresh", ["--no-cache"])):
            runs[key] = _measured(
                [*findings, "build", "--root", str(site), "--out", str(target), *extra],
                folder / f"{key}-{rep}.log",
                key,
            )
            shutil.rmtree(target)
        runs["floor"] = _measured(
            [sys.executable, str(BENCH / "floor.py"), str(packed), str(site / "findings"), str(target)],
            folder / f"floor-{rep}.log",
            "floor",
        )
        shutil.rmtree(target)
        for key, extra in (("check", []), ("check_fresh", ["--no-cache"])):
            runs[key] = _measured([*findings, "check", "--root", str(site), *extra], folder / f"{key}-{rep}.log", key)
    finally:
        record.write_text(original, encoding="utf-8")
    parts = []
    for key, measured in runs.items():
        out.setdefault(key, []).append(measured.seconds)
        out.setdefault(f"{key}_cpu", []).append(measured.cpu)
        parts.append(f"{key} {measured.seconds:.2f} s (CPU {measured.cpu:.2f} s)")
    if serve:
        shutil.rmtree(site / ".cache", ignore_errors=True)  # no page cache or kept HTML from the last round
    # The first preview, then the next one of the same records, starting from what the first one kept.
    for suffix, label in (("", "serve start"), ("_next", "next serve start")):
        if not serve or "serve_error" in out:
            break
        result = run.serve_reload(site / "mkdocs.yml", *edit, True, int(out["edits"]), 1800.0, 600.0, excerpts=False)
        if result.startup is not None:
            out[f"serve_start{suffix}"].append(result.startup)
        if result.complete is not None:
            out.setdefault(f"serve_complete{suffix}", []).append(result.complete)
        out[f"reload{suffix}"] += result.reloads
        if result.error:
            out["serve_error"] = result.error
        every = result.complete or float("nan")
        parts.append(f"{label} {result.startup or float('nan'):.1f} s (every page {every:.1f} s)")
        parts.append("reloads " + ", ".join(f"{seconds:.2f} s" for seconds in result.reloads))
    return ", ".join(parts)


# -- report -----------------------------------------------------------------------------------------


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def _spread(values: Sequence[float], unit: str = "s") -> str:
    if not values:
        return "-"
    middle = statistics.median(values)
    if len(values) == 1:
        return f"{middle:.2f} {unit}"
    return f"{middle:.2f} {unit} ({min(values):.2f}-{max(values):.2f}, n={len(values)})"


def _verdict(figure: str, size: str, value: float | None) -> tuple[str, str]:
    """(the target, pass/FAIL) of one figure at one size; empty when it has no target there."""
    for target in TARGETS:
        if target.figure == figure and target.size == size:
            shown = f"<= {target.limit:g} {target.unit}" if target.unit == "s" else f"<= {target.limit:g}x"
            if value is None:
                return shown, "FAIL (not measured)"
            return shown, "pass" if value <= target.limit else "FAIL"
    return "", ""


def report(results: Sequence[dict[str, Any]]) -> str:
    rows: list[tuple[str, ...]] = [("figure", "size", "measured: median (min-max)", "CPU time", "target", "")]
    verdicts: list[str] = []

    def add(figure: str, size: str, label: str, value: float | None, shown: str, cpu: str = "") -> None:
        target, verdict = _verdict(figure, size, value)
        rows.append((label, size, shown, cpu, target, verdict))
        if verdict:
            verdicts.append(verdict)

    for r in results:
        size = r["size"]
        add("reload", size, "edit-to-reload, serve --dirty (theme title)", _median(r["reload"]), _spread(r["reload"]))
        add("serve_start", size, "serve --dirty start (first page served)", *_figure(r["serve_start"]))
        if r.get("serve_complete"):  # a large first preview converts most pages after it starts serving
            add("serve_complete", size, "  every page in place", *_figure(r["serve_complete"]))
        if "serve_start_next" in r:  # figures of earlier runs lack the next preview
            reloads = r["reload_next"]
            add("reload_next", size, "  next preview: edit-to-reload", _median(reloads), _spread(reloads))
            add("serve_start_next", size, "  next preview: start (HTML kept)", *_figure(r["serve_start_next"]))
        build, floor = _median(r["build"]), _median(r["floor"])
        ratio = build / floor if build is not None and floor else None
        cpu_ratio = _ratio(r["build_cpu"], r["floor_cpu"])
        kept = "after an edit, records kept" if "build_fresh" in r else "whole process"  # earlier runs: no cache
        add("build_ratio", size, f"findings build --out / floor ({kept})", ratio, _x(ratio), f"{cpu_ratio} (CPU)")
        add("build", size, "  findings build --out (whole process)", *_figure(r["build"]), _spread(r["build_cpu"]))
        if "build_fresh" in r:
            fresh = _median(r["build_fresh"])
            fresh_ratio = fresh / floor if fresh is not None and floor else None
            cpu_fresh = f"{_ratio(r['build_fresh_cpu'], r['floor_cpu'])} (CPU)"
            add(
                "build_fresh_ratio",
                size,
                "  / floor, nothing kept (--no-cache)",
                fresh_ratio,
                _x(fresh_ratio),
                cpu_fresh,
            )
        add("floor", size, "  floor (whole process)", *_figure(r["floor"]), _spread(r["floor_cpu"]))
        add("check", size, f"findings check ({kept})", *_figure(r["check"]), _spread(r["check_cpu"]))
        if "check_fresh" in r:
            add(
                "check_fresh",
                size,
                "  nothing kept (--no-cache)",
                *_figure(r["check_fresh"]),
                _spread(r["check_fresh_cpu"]),
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    repeat = "; ".join(
        f"{r['size']}: {r.get('rounds', r['repeat'])} round(s)"
        + (f" of {r['repeat']}, interrupted" if r.get("interrupted") else "")
        + f", {r['edits']} edit(s) per server"
        for r in results
    )
    lines = [
        "",
        "== issue 22 targets (" + repeat + "); seconds drift with the machine's load ==",
    ]
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    for r in results:
        if r.get("serve_error"):
            lines.append(f"  ! {r['size']} serve: {r['serve_error']}")
    passed = sum(v == "pass" for v in verdicts)
    if verdicts:
        lines.append(f"  {passed} of {len(verdicts)} targets met (each on a median); issue 22 sets them at M and L")
    else:
        lines.append("  no targets at these sizes: issue 22 sets them at M and L")
    return "\n".join(lines)


def _figure(values: Sequence[float]) -> tuple[float | None, str]:
    return _median(values), _spread(values)


def _ratio(a: Sequence[float], b: Sequence[float]) -> str:
    top, bottom = _median(a), _median(b)
    return _x(top / bottom if top is not None and bottom else None)


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def parse_sizes(text: str) -> list[str]:
    sizes = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in bench_corpus.SIZES]
    if unknown:
        raise ValueError(f"unknown size(s) {unknown}; choose from {', '.join(bench_corpus.SIZES)}")
    return sizes
