"""A map's forked worker sends each batch's results as soon as it has them; the parent takes them between its own.

Sent all at once when the worker finished, the results were unpickled by the parent after both processes
were done (at size L, a tenth of a second of a two-second `findings check` with one core idle). Sent
batch by batch, the parent unpickles them between its own batches while the worker goes on, so that cost
is shared like the rest of the map. Frames on a pipe: kind (1 byte), batch number (4), length (8), payload.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import traceback
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows, where nothing forks
    fcntl = None  # type: ignore[assignment]

_HEADER = struct.Struct("<BIQ")
_SIDE, _BATCH, _DONE, _FAILED = range(4)
#: Pipe buffer asked for (Linux allows up to 1 MiB without privileges): a batch of results fits, so the
#: worker rarely waits for the parent to come and read.
_PIPE_SIZE = 1 << 20
_SET_PIPE_SIZE: int | None = getattr(fcntl, "F_SETPIPE_SZ", None)


def open_pipe() -> tuple[int, int]:
    """A pipe (read end, write end) with the largest buffer the system gives without asking twice."""
    read_end, write_end = os.pipe()
    if _SET_PIPE_SIZE is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(write_end, _SET_PIPE_SIZE, _PIPE_SIZE)
    return read_end, write_end


def send_work(
    write_end: int,
    side_job: Callable[[], Any] | None,
    batches: Iterator[int],
    compute: Callable[[int], list[Any]],
) -> None:
    """In the worker: the side job's value, then each batch's results, then done (or the traceback)."""
    with os.fdopen(write_end, "wb") as pipe:
        try:
            if side_job is not None:
                _send(pipe, _SIDE, 0, pickle.dumps(side_job(), pickle.HIGHEST_PROTOCOL))
            for batch in batches:
                _send(pipe, _BATCH, batch, pickle.dumps(compute(batch), pickle.HIGHEST_PROTOCOL))
            _send(pipe, _DONE, 0, b"")
        except BaseException:  # anything, even SystemExit, goes back to the parent
            _send(pipe, _FAILED, 0, traceback.format_exc().encode("utf-8", "replace"))


def _send(pipe: BinaryIO, kind: int, batch: int, payload: bytes) -> None:
    pipe.write(_HEADER.pack(kind, batch, len(payload)))
    pipe.write(payload)
    pipe.flush()


class Inbox:
    """In the parent: what one worker has sent, taken as it comes (:meth:`take`) or to the end (:meth:`finish`)."""

    def __init__(self, pid: int, read_end: int):
        self.pid = pid
        self._fd = read_end
        self._buffer = bytearray()
        self._ended = False
        self._done = False
        self._status = 0
        self.failure: str | None = None
        """The worker's traceback, or why it sent no result; None if it finished its share."""

    def take(self, on_side: Callable[[Any], None], on_batch: Callable[[int, Any], None]) -> None:
        """Unpickle every whole frame that has arrived, without waiting for more."""
        if not self._ended:
            os.set_blocking(self._fd, False)
            with contextlib.suppress(BlockingIOError):
                while chunk := os.read(self._fd, _PIPE_SIZE):
                    self._buffer += chunk
        self._unpack(on_side, on_batch)

    def finish(self, on_side: Callable[[Any], None], on_batch: Callable[[int, Any], None]) -> None:
        """Read to the end, wait for the worker to exit, unpickle the rest; sets :attr:`failure` if any."""
        if not self._ended:
            os.set_blocking(self._fd, True)
            with os.fdopen(self._fd, "rb") as pipe:
                self._buffer += pipe.read()
            _, self._status = os.waitpid(self.pid, 0)
            self._ended = True
        self._unpack(on_side, on_batch)
        if self.failure is None and not self._done:  # it died on the way (killed, out of memory)
            self.failure = f"the worker (pid {self.pid}) ended without a result (wait status {self._status})"

    def _unpack(self, on_side: Callable[[Any], None], on_batch: Callable[[int, Any], None]) -> None:
        offset = 0
        view = memoryview(self._buffer)
        try:
            while len(view) - offset >= _HEADER.size:
                kind, batch, length = _HEADER.unpack_from(view, offset)
                start = offset + _HEADER.size
                if len(view) - start < length:
                    break
                if kind == _SIDE:
                    on_side(pickle.loads(view[start : start + length]))
                elif kind == _BATCH:
                    on_batch(batch, pickle.loads(view[start : start + length]))
                elif kind == _FAILED:
                    self.failure = bytes(view[start : start + length]).decode("utf-8", "replace")
                else:
                    self._done = True
                offset = start + length
        finally:
            view.release()
        del self._buffer[:offset]
