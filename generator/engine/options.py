"""What a build is asked to do, and what it did."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core.errors import SourceError, failure

if TYPE_CHECKING:  # types only: `masthead build` answers "nothing changed" without them
    from generator.core.model import Progress
    from generator.output.commit import Strategy

PARSE_IN_WORKERS = 48  # fewer files parse faster in this process than through workers
RENDER_IN_WORKERS = 200  # and fewer pages render faster here


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
    commit: str | Strategy | None = None  # how the writer commits: "exchange", "journal",
    # "rename", or a strategy object;
    # None: the safest this system allows (a seam for tests and unusual file systems)
    parallel_from: int | None = None  # use worker processes from this many files to parse or
    # pages to render; None: PARSE_IN_WORKERS files, RENDER_IN_WORKERS pages (a seam for tests)
    search: bool = True  # False: no search index, page or field, whatever site.yaml says (a
    # seam for tests that are not about search: Pagefind's service takes a third of a second)

    @property
    def out_dir(self) -> Path:
        return self.out if self.out is not None else self.site / "output"

    @property
    def workers(self) -> int:
        return max(1, self.jobs or os.cpu_count() or 1)

    def output_key(self) -> tuple:
        """The options that change the output: the one place to add such an option."""
        return (
            self.drafts,
            self.future,
            self.base_url,
            self.search,
            str(self.out_dir.resolve()),
            str(self.site.resolve()),
        )

    def workers_for(self, count: int, default_from: int) -> int:
        """Worker processes for `count` files or pages: 1 (this process) when they are few."""
        start = self.parallel_from if self.parallel_from is not None else default_from
        return self.workers if count >= max(2, start) else 1


@dataclass(frozen=True, slots=True)
class Report:
    """What the phases of a build did, for tests and tools to observe."""

    read: tuple[str, ...] = ()  # ids of the sources read from disk (parsed, or same bytes)
    planned: bool = False  # every page planned (False: the last plan was reused)
    rendered: tuple[str, ...] = ()  # paths of the pages rendered
    parse_workers: int = 0  # processes that parsed (1: this one; 0: nothing to parse)
    render_workers: int = 0  # processes that rendered
    quick: bool = False  # nothing changed: the no-change fast path answered
    images_made: int = 0  # source images made into renditions (the others: from the cache)
    images_reused: int = 0  # source images whose renditions the cache held
    image_workers: int = 0  # processes that made them (0: nothing to make)
    image_seconds: float = 0.0  # time spent making renditions
    indexed: int = 0  # article pages in the search index made by this build (0: none made)


@dataclass(frozen=True, slots=True)
class BuildResult:
    errors: tuple[SourceError, ...] = ()  # the first MAX_ERRORS
    error_total: int = 0  # errors found, when more than shown
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    articles: int = 0
    sections: int = 0
    held_back: int = 0
    drafts: tuple[str, ...] = ()  # the files of the drafts held back
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
    report: Report = Report()

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def failure(self) -> str:
        """How many errors failed the build: "3 error(s)", or "50 of 102 errors shown"."""
        return failure(len(self.errors), max(self.error_total, len(self.errors)))

    @property
    def reused(self) -> int:
        return self.pages - self.rendered
