"""What a build is asked to do, and what it did."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from generator.core.errors import SourceError
from generator.core.model import Progress


@dataclass(frozen=True, slots=True)
class BuildOptions:
    site: Path
    out: Path | None = None
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    clean: bool = False
    now: datetime | None = None  # "now" for scheduling; tests fix it
    jobs: int | None = None  # worker processes; default: the number of cores
    cache: bool = True  # use and keep .masthead-cache/
    progress: Progress | None = None  # called with (phase, done, total)
    changed: tuple[str, ...] | None = None  # site paths that alone changed since the last
    # build of the same Engine (the watcher knows); None: look at everything
    commit: str | None = None  # how the writer commits: "exchange", "journal" or "rename";
    # None: the safest this system allows (a seam for tests and unusual file systems)

    @property
    def out_dir(self) -> Path:
        return self.out if self.out is not None else self.site / "output"

    @property
    def workers(self) -> int:
        return max(1, self.jobs or os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class BuildResult:
    errors: tuple[SourceError, ...] = ()
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    articles: int = 0
    sections: int = 0
    held_back: int = 0
    files: int = 0  # files of the built site
    pages: int = 0  # pages among them (the rest are copies)
    parsed: int = 0  # sources parsed (the others came from the cache)
    rendered: int = 0  # pages rendered (the others were reused)
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    cleaned: tuple[str, ...] = ()
    seconds: float = 0.0
    out: Path | None = None
    stats: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def reused(self) -> int:
        return self.pages - self.rendered
