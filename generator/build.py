"""The one entry the CLI and the preview call: build a site once.

Only the no-change fast path is imported before it has answered: when nothing changed, a build
in a new process ends before site.yaml is parsed or the engine, Jinja or Markdown is loaded."""

from __future__ import annotations

import time
from dataclasses import replace

from generator.engine import fastpath
from generator.engine.lock import locked
from generator.engine.options import BuildOptions, BuildResult

__all__ = ["BuildOptions", "BuildResult", "build"]


def build(options: BuildOptions) -> BuildResult:
    """One build; a user error anywhere leaves the output folder untouched."""
    started = time.perf_counter()

    def run() -> BuildResult:
        scanned, unchanged = fastpath.look(options)
        if unchanged is not None:
            return replace(unchanged, seconds=time.perf_counter() - started)
        from generator.engine.engine import Engine  # here: only a build with work loads it

        return Engine().build(options, started, scanned)

    return locked(options, started, run)
