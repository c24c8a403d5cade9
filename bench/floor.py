"""The floor of `findings build --out`, as a whole process: the least any generator must do.

    python bench/floor.py --pack PAGES PACK      # once: pack the files PAGES holds into one file
    python bench/floor.py PACK FINDINGS OUT      # timed: parse every record, write the same bytes

The timed run is a fresh interpreter that imports only PyYAML, parses every YAML file under
FINDINGS with the C loader and writes the bytes of every output file into OUT. It reads those
bytes from one pre-packed file (marshal), so reading inputs costs little. bench/targets.py times
it beside `findings build --out` on the same corpus (issue 22: at most 1.5x at size L).
Kept apart from bench/run.py so that its start-up is only that of Python and PyYAML.
"""

from __future__ import annotations

import marshal
import os
import sys

import yaml


def pack(pages: str, target: str) -> int:
    """Write every file under ``pages`` (relative path -> bytes) into ``target``; returns the count."""
    outputs: dict[str, bytes] = {}
    for folder, _, names in os.walk(pages):
        for name in names:
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                outputs[os.path.relpath(path, pages)] = handle.read()
    with open(target, "wb") as handle:
        marshal.dump(dict(sorted(outputs.items())), handle)
    return len(outputs)


def floor(packed: str, findings: str, out: str) -> None:
    with open(packed, "rb") as handle:
        outputs: dict[str, bytes] = marshal.load(handle)
    for folder, _, names in os.walk(findings):
        for name in names:
            if name.endswith((".yml", ".yaml")):
                with open(os.path.join(folder, name), "rb") as handle:
                    yaml.load(handle.read(), Loader=yaml.CSafeLoader)
    made: set[str] = set()
    for relative, data in outputs.items():
        target = os.path.join(out, relative)
        parent = os.path.dirname(target)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        with open(target, "wb") as handle:
            handle.write(data)


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "--pack":
        print(pack(argv[1], argv[2]))
        return 0
    if len(argv) == 3:
        floor(*argv)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
