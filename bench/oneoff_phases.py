"""Where a one-off `findings check` or `findings build --out` spends its CPU, phase by phase.

    FINDINGS_WORKERS=1 .venv/bin/python bench/oneoff_phases.py ROOT [--build OUT] [--repeat N]

Runs the command's own code in this process, serially (FINDINGS_WORKERS=1, so every phase runs
here and is timed here), and prints CPU seconds per phase: imports, record files (read, parse,
validate, build the record, find its Markdown), the bibliography (parse, format), assembling the
corpus, then for --build the history, the pages, the data files, the feed, the redaction scan and
the write. The phases of a forked run are the same work shared by two processes. Phases nest (a
record's parse is part of "records"); "other" is what no phase covers. Each repeat is a fresh
process; the medians are printed. This is CPU time (time.process_time), so load on the machine
changes it less than wall time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

START = time.process_time()
PHASES: dict[str, float] = {}


def _timed(module: Any, name: str, label: str) -> None:
    func = getattr(module, name, None)
    if func is None:  # not in this version of the code
        return

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        began = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            PHASES[label] = PHASES.get(label, 0.0) + time.process_time() - began

    setattr(module, name, wrapper)


def _once(root: str, out: str | None) -> dict[str, float]:
    """One measured run in this process (a child of main)."""
    os.environ["FINDINGS_WORKERS"] = "1"
    began = time.process_time()
    import generator.adapters.cli as cli
    import generator.core.load as load
    import generator.core.project as project
    import generator.core.references.library as library

    PHASES["imports"] = time.process_time() - began
    wraps: list[tuple[Any, str, str]] = [
        (project, "discover", "records: find files"),
        (project, "load_records", "records"),
        (load, "parse_yaml", "records: parse"),
        (load, "validate_record", "records: validate"),
        (load, "build_record", "records: model"),
        (load, "_markdown_fields", "records: markdown fields"),
        (project, "load_library", "bibliography"),
        (library, "parse_bib", "bibliography: parse"),
        (library, "build_library", "bibliography: format"),
        (project, "library_keys", "bibliography"),
        (project, "assemble", "assemble corpus"),
        (project, "read_history", "history"),
        (project, "render_pages", "render pages"),
        (project, "data_files", "data files (findings.json, CSL-JSON, exports)"),
        (project, "atom_feed", "feed"),
        (project, "scan_outputs", "redaction scan"),
        (cli, "site_contents", "write: gather"),
        (cli, "asset_files", "write: gather"),
        (cli, "write_pages", "write"),
        (cli, "report", "report diagnostics"),
    ]
    for module, name, label in wraps:
        _timed(module, name, label)
    argv = ["build", "--root", root, "--out", out] if out else ["check", "--root", root]
    with open(os.devnull, "w") as devnull:
        saved, sys.stderr = sys.stderr, devnull
        try:
            cli.main(argv)
        finally:
            sys.stderr = saved
    PHASES["total"] = time.process_time() - START
    return PHASES


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root")
    parser.add_argument("--build", metavar="OUT", help="time `build --out OUT` (emptied first) instead of check")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        for label, seconds in _once(args.root, args.build).items():
            print(f"{label}\t{seconds}")
        return 0
    runs: list[dict[str, float]] = []
    for _ in range(args.repeat):
        if args.build:
            shutil.rmtree(args.build, ignore_errors=True)
        env = {
            **os.environ,
            "FINDINGS_WORKERS": "1",
            "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1767225600"),
        }
        command = [sys.executable, __file__, args.root, "--child", *(["--build", args.build] if args.build else [])]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        runs.append({label: float(value) for label, value in (line.split("\t") for line in done.stdout.splitlines())})
    labels = list(runs[0])
    median: Callable[[str], float] = lambda label: statistics.median(run.get(label, 0.0) for run in runs)  # noqa: E731
    total = median("total")
    print(f"CPU seconds, median of {len(runs)} runs (FINDINGS_WORKERS=1)")
    for label in labels:
        share = median(label) / total if total else 0.0
        print(f"  {label:<50} {median(label):6.2f}  {share:5.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
