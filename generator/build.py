"""The one entry the CLI and the preview call: build a site once."""

from __future__ import annotations

from generator.engine.engine import Engine
from generator.engine.options import BuildOptions, BuildResult

__all__ = ["BuildOptions", "BuildResult", "build"]


def build(options: BuildOptions) -> BuildResult:
    """One build; a user error anywhere leaves the output folder untouched."""
    return Engine()(options)
