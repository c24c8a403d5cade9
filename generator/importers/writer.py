"""Write planned files all or nothing, never replacing a file that exists.

Every file is first written to a hidden temporary file beside its target (the findings
loader skips hidden files); only when all are written are they linked into place. A
hard link fails if the target exists, so a file that appeared meanwhile is never
overwritten. On any failure the files and folders this run created are removed again.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .plan import PlannedFile


class WriteError(Exception):
    pass


def file_mode() -> int:
    """The mode a newly created file gets here (0666 less the umask); mkstemp makes files 0600."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def place(temporary: Path, target: Path) -> None:
    """Put ``temporary`` at ``target``; raises :class:`WriteError` if ``target`` exists."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise WriteError(f"{target.as_posix()} appeared while importing; nothing was written") from None
    except OSError:
        # No hard links here (some network or FAT file systems): check, then rename.
        if target.exists():
            raise WriteError(f"{target.as_posix()} appeared while importing; nothing was written") from None
        os.replace(temporary, target)


def write_files(files: list[PlannedFile], progress: Callable[[int, int], None] | None = None) -> None:
    """Write every file or none; raises :class:`WriteError` (with nothing left behind) on failure."""
    made_dirs: list[Path] = []
    temporaries: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    total = len(files)
    mode = file_mode()
    try:
        for target in files:
            if target.path.exists():
                raise WriteError(f"{target.path.as_posix()} exists already; nothing was written")
            missing = []
            folder = target.path.parent
            while not folder.exists():
                missing.append(folder)
                folder = folder.parent
            for folder in reversed(missing):
                folder.mkdir()
                made_dirs.append(folder)
            handle, name = tempfile.mkstemp(prefix=f".{target.path.name}.", suffix=".tmp", dir=target.path.parent)
            temporaries.append((Path(name), target.path))
            os.chmod(name, mode)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(target.content)
        for index, (temporary, target_path) in enumerate(temporaries, 1):
            place(temporary, target_path)
            placed.append(target_path)
            if progress:
                progress(index, total)
    except (OSError, WriteError) as exc:
        for path in placed:
            with contextlib.suppress(OSError):
                path.unlink()
        for temporary, _ in temporaries:
            with contextlib.suppress(OSError):
                temporary.unlink()
        for folder in reversed(made_dirs):
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(exc, WriteError):
            raise
        raise WriteError(f"cannot write {getattr(exc, 'filename', '') or 'the files'}: {exc.strerror or exc}") from exc
    for temporary, _ in temporaries:
        with contextlib.suppress(OSError):
            temporary.unlink()
