"""Build progress for the terminal: a bar on a TTY, a few plain lines elsewhere; silent for
builds shorter than a second."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

DELAY = 1.0  # seconds before anything is shown
WIDTH = 30


class Progress:
    """Called as `progress(phase, done, total)` by the build."""

    def __init__(
        self, stream: TextIO = sys.stderr, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream, self.clock = stream, clock
        self.started = clock()
        self.tty = stream.isatty()
        self.shown: dict[str, int] = {}  # phase -> last quarter printed (plain mode)
        self.drawn = False

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.clock() - self.started < DELAY or total <= 0:
            return
        if self.tty:
            filled = WIDTH * done // total
            bar = "#" * filled + "-" * (WIDTH - filled)
            self.stream.write(f"\r{phase:<10} [{bar}] {done}/{total}")
            self.drawn = True
            if done == total:
                self.stream.write("\n")
                self.drawn = False
        else:
            quarter = 4 * done // total
            if quarter > self.shown.get(phase, 0) or done == total:
                if self.shown.get(phase) != 4:
                    self.stream.write(f"{phase}: {done}/{total}\n")
                self.shown[phase] = quarter
        self.stream.flush()

    def close(self) -> None:
        """End a bar left unfinished (a failed build), so the next line starts clean."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
