"""Time one-off commands as a user runs them: whole processes, interleaved, medians, wall and CPU.

    .venv/bin/python bench/oneoff_time.py ROOT [--repeat 3] [--code DIR ...] [--cache]

In ROOT (a corpus folder from bench/corpus.py), round after round: the floor (a fresh Python that
parses every record with yaml.CSafeLoader and writes the same bytes `findings build --out` writes),
then for each code tree (default: this checkout; ``--code DIR`` adds another `generator/` parent, e.g.
an older commit from `git archive`, run through PYTHONPATH) `findings build --out` into an empty
folder and `findings check`. Prints medians (min-max) of wall and CPU (user + system, children
included) and each build's ratio to the floor, measured in the same rounds. SOURCE_DATE_EPOCH is
pinned as bench/run.py pins it; written data is flushed (os.sync) before each timed run.

Code that keeps records between runs (`record_cache`, `--no-cache`) is timed with `--no-cache`.
``--cache`` adds, in the same rounds, a "cold" row (ROOT/.cache/findings-records removed just
before) and a "warm" row (run again at once, finding what the cold run kept) for each command.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = """
import sys, yaml
from pathlib import Path
root, pages, out = map(Path, sys.argv[1:4])
outputs = {str(p.relative_to(pages)): p.read_bytes() for p in sorted(pages.rglob("*"))
           if p.is_file() and not p.name.startswith(".")}
for path in sorted(p for p in (root / "findings").rglob("*") if p.suffix in (".yml", ".yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
for name, data in outputs.items():
    target = out / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
"""


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one process and its children."""
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _no_cache(code: str | None) -> list[str]:
    """``--no-cache`` for code that keeps records between runs, else nothing (older code keeps none)."""
    tree = Path(code) if code else Path(__file__).resolve().parent.parent
    cli = tree / "generator" / "adapters" / "cli.py"
    return ["--no-cache"] if cli.is_file() and "--no-cache" in cli.read_text(encoding="utf-8") else []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--code", action="append", default=[], help="another code tree to time (PYTHONPATH)")
    parser.add_argument("--no-check", action="store_true")
    parser.add_argument("--cache", action="store_true", help="also time runs with the record cache, cold and warm")
    args = parser.parse_args()
    root = args.root.resolve()
    python = sys.executable
    base_env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1767225600")}
    trees = [("this", None), *((f"code{n}:{d}", d) for n, d in enumerate(args.code, 1))]
    figures: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="oneoff-time-") as scratch:
        work = Path(scratch)
        expected = work / "expected"
        subprocess.run(
            [python, "-m", "generator", "build", "--out", str(expected), *_no_cache(None)],
            cwd=root,
            env=base_env,
            check=True,
            capture_output=True,
        )
        floor_script = work / "floor.py"
        floor_script.write_text(FLOOR)
        for _ in range(args.repeat):
            out = work / "out"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            figures.setdefault("floor", []).append(
                timed([python, str(floor_script), str(root), str(expected), str(out)], root, base_env)
            )
            for label, code in trees:
                env = dict(base_env)
                if code:
                    env["PYTHONPATH"] = str(Path(code).resolve())
                commands = {"build": ["build", "--out", str(out)], **({} if args.no_check else {"check": ["check"]})}
                for name, command in commands.items():
                    states = [("", _no_cache(code))]
                    if args.cache and _no_cache(code):
                        states += [(" cold", []), (" warm", [])]
                    for state, extra in states:
                        shutil.rmtree(out, ignore_errors=True)
                        if state == " cold":
                            shutil.rmtree(root / ".cache" / "findings-records", ignore_errors=True)
                        figures.setdefault(f"{name} {label}{state}", []).append(
                            timed([python, "-m", "generator", *command, *extra], root, env)
                        )
    print(f"{root}: medians of {args.repeat} (min-max), wall and CPU seconds")
    for label, rows in figures.items():
        walls, cpus = [w for w, _ in rows], [c for _, c in rows]
        line = (
            f"  {label:<40} wall {statistics.median(walls):6.2f} ({min(walls):.2f}-{max(walls):.2f})"
            f"  cpu {statistics.median(cpus):6.2f}"
        )
        if label.startswith("build"):
            ratios = [w / f for (w, _), (f, _) in zip(rows, figures["floor"], strict=True)]
            line += f"  x floor {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
