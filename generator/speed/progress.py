"""A one-line progress bar for long runs on a terminal; silent in CI logs and pipes."""

from __future__ import annotations

import os
import time
from typing import TextIO

MIN_ITEMS = 500  # below this a run is quick enough that a bar only flickers


class Progress:
    def __init__(self, stream: TextIO, label: str, total: int, *, min_items: int = MIN_ITEMS):
        self.stream = stream
        self.label = label
        self.total = total
        self.done = 0
        self._last = 0.0
        interactive = hasattr(stream, "isatty") and stream.isatty() and not os.environ.get("CI")
        self.enabled = interactive and total >= min_items

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.done >= self.total):
            self._last = now
            width = 30
            filled = width * self.done // max(self.total, 1)
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (len(self.label) + 45) + "\r")
            self.stream.flush()
