"""Write planned files all or nothing, never replacing a file that anyone else wrote.

Every file is first written to a hidden temporary file beside its target (the findings
loader skips hidden files); only when all are written are they linked into place. A
hard link fails if the target exists, so a file that appeared meanwhile is never
overwritten. An update replaces a file only if it still holds the text it held when the
import was planned. On any failure the files and folders this run created are removed
and the files it replaced get their text back.
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


def _current(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def write_files(
    files: list[PlannedFile],
    progress: Callable[[int, int], None] | None = None,
    updates: list[PlannedFile] | tuple[PlannedFile, ...] = (),
) -> None:
    """Write every file or none; raises :class:`WriteError` (with nothing left behind) on failure."""
    made_dirs: list[Path] = []
    temporaries: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    replaced: list[tuple[Path, str]] = []
    total = len(files) + len(updates)
    mode = file_mode()
    try:
        for target in updates:
            if _current(target.path) != target.replaces:
                raise WriteError(f"{target.path.as_posix()} changed while importing; nothing was written")
            handle, name = tempfile.mkstemp(prefix=f".{target.path.name}.", suffix=".tmp", dir=target.path.parent)
            temporaries.append((Path(name), target.path))
            os.chmod(name, mode)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(target.content)
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
            if index <= len(updates):
                old = updates[index - 1].replaces or ""
                if _current(target_path) != old:
                    raise WriteError(f"{target_path.as_posix()} changed while importing; nothing was written")
                os.replace(temporary, target_path)
                replaced.append((target_path, old))
            else:
                place(temporary, target_path)
                placed.append(target_path)
            if progress:
                progress(index, total)
    except (OSError, WriteError) as exc:
        for path in placed:
            with contextlib.suppress(OSError):
                path.unlink()
        for path, old in replaced:
            with contextlib.suppress(OSError):
                path.write_text(old, encoding="utf-8", newline="")
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
