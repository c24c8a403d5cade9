"""A fresh copy of the repository, as a clone would have it, for tests that run its commands as written.

The copy holds the files git knows (tracked, and new ones that are not ignored), never build output
or caches. Its ``.venv`` and ``node_modules`` are links to this checkout's, so nothing is installed
again: the tests that use a copy check what the repository's own files do, not that PyPI answers.
The copy is a clone whose ``make .venv/.installed`` has run: the files that stamp depends on are
dated before it, so ``make site`` builds at once instead of installing into the shared .venv (which
would point its editable install at the copy).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .sites import REPO

LINKED = (".venv", "node_modules")
STAMP = ".venv/.installed"
STAMP_INPUTS = ("requirements.lock", "pyproject.toml", "package.json")  # the Makefile's prerequisites of STAMP


def repository_files() -> list[str]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"needs a git checkout to know the repository's files ({exc})")
    names = [name for name in listed.decode("utf-8").split("\0") if name]
    return [name for name in names if (REPO / name).is_file() and name.split("/", 1)[0] not in LINKED]


def repo_copy(dest: Path) -> Path:
    """The repository copied to ``dest``, with this checkout's installed .venv (and node_modules) linked in."""
    if not (REPO / ".venv" / ".installed").exists():
        pytest.skip("needs the project's .venv (made by `make site` or `make test`)")
    for name in repository_files():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    for name in LINKED:
        if (REPO / name).exists():
            os.symlink(REPO / name, dest / name)
    installed = (REPO / STAMP).stat().st_mtime
    for name in STAMP_INPUTS:
        if (dest / name).exists():
            os.utime(dest / name, (installed - 60, installed - 60))
    fresh = subprocess.run(["make", "--question", STAMP], cwd=dest, capture_output=True, text=True)
    if fresh.returncode != 0:  # a new prerequisite: going on would reinstall into this checkout's .venv
        pytest.fail(f"`make {STAMP}` would install again in the copy; add its new prerequisite to STAMP_INPUTS")
    return dest


def environment(**extra: str) -> dict[str, str]:
    """The environment a user's shell would have: no pytest or xdist variables, no active virtualenv."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "COV_")) and key not in ("VIRTUAL_ENV", "PYTHONPATH")
    }
    return {**env, **extra}
