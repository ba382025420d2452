"""The no-change fast path: when nothing a build reads has changed since the last successful build
into the same output folder, and no date has passed that changes the site, the output is already
right, and the last result is the answer. `build` asks it before site.yaml is parsed or any
parser, template engine or the rest of the engine is imported, so this module and those it
imports stay light (os, json, sqlite3 and the scan of content/).

Its record, in the store (`quick`), is a digest of what the build saw when it began, with the
list of what to look at again beyond content/ and site.yaml (the `Watch`):
- the code: Masthead's version and the name, size and time stamp of every module of the package
  (they fix the shape of the model too), and the build options that change the output;
- site.yaml, and every file the scan of content/ lists, with the scan's warnings;
- the theme chain: each theme's theme.yaml (there or not), every file of its template and static
  folders and of the site's own, and whether each folder that would take a theme's place is
  there (the site's `themes/<name>` comes before a packaged theme of that name).
Files are compared by name, size and time stamp; a file changed less than `SLACK_NS` before the
build began is not recorded at all (a later change in the same tick of a coarse clock could keep
both). The record holds from the build's "now" until the next date that changes the site
(a scheduled article's, one leaving the news sitemap), and only while the output folder and the
writer's record of it are still there.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from array import array
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path

from generator import __version__
from generator.core.errors import BuildError
from generator.core.hashing import digest
from generator.core.layout import CACHE_DIR, CONFIG_FILE, CONTENT_DIR, MANIFEST, PACKAGE
from generator.engine.options import BuildOptions, BuildResult, Report
from generator.engine.store import quick_record
from generator.load.inventory import Inventory, Stats, scan
from generator.output.guard import dangerous_output

RESULT_FIELDS = ("warnings", "articles", "sections", "held_back", "drafts", "files", "pages")
SLACK_NS = 2 * 10**9  # a time stamp this close to the build's start may not move at the next
# change (coarse clocks; file systems with 2-second stamps)
ABSENT = (-1, -1)  # the size and time stamp of a file that is not there


@dataclass(frozen=True, slots=True)
class Watch:
    """What a build reads besides content/ and site.yaml, as the record lists it."""

    files: tuple[str, ...]  # looked at whether there or not: each theme's theme.yaml
    trees: tuple[str, ...]  # folders whose every file is read: templates and static files
    folders: tuple[str, ...]  # folders whose appearance or removal changes the theme chain


@dataclass(frozen=True, slots=True)
class Scanned:
    """The scan of content/, with the size and time stamp of every file it lists, taken once per
    build: for this fast path and for the parse stage, which re-reads only the files that differ
    from the cache."""

    inventory: Inventory
    stats: Stats
    begun_ns: int  # taken before the scan: the build's start


@dataclass(frozen=True, slots=True)
class Seen:
    """What a build saw when it began: the scan, and every other input as a line of text."""

    scanned: Scanned
    lines: tuple[str, ...]
    newest: int  # the latest time stamp among them


def scan_content(options: BuildOptions) -> Scanned:
    """The scan of content/ (a BuildError when it fails), timed from before it began."""
    begun_ns = time.time_ns()
    stats: Stats = {}
    inventory = scan(options.site / CONTENT_DIR, stats)
    return Scanned(inventory, stats, begun_ns)


def look(options: BuildOptions) -> tuple[Scanned | None, BuildResult | None]:
    """The scan of content/, and the last build's result if nothing changed since (None: build).
    A build that keeps no cache or cleans the output folder only scans."""
    try:
        scanned = scan_content(options)
    except BuildError:
        return None, None  # the engine scans again, and reports in its order
    if not options.cache or options.clean:
        return scanned, None
    if dangerous_output(options.out_dir, options.site):
        return scanned, None  # the engine says why
    now = options.now or datetime.now(UTC)
    return scanned, answer(quick_record(options.site / CACHE_DIR), options, scanned, now)


def answer(
    record: str | None, options: BuildOptions, scanned: Scanned, now: datetime
) -> BuildResult | None:
    """The last build's result when nothing changed since, else None."""
    try:
        saved = json.loads(record or "null")
        since, until = (saved[k] and datetime.fromisoformat(saved[k]) for k in ("since", "until"))
        if now < since or (until is not None and now >= until):
            return None
        seen = see(options, Watch(*(tuple(paths) for paths in saved["watch"])), scanned)
        if stamp(seen, saved["saved_ns"]) != saved["stamp"]:
            return None
        result = {k: saved["result"][k] for k in RESULT_FIELDS}
        result["warnings"], result["drafts"] = tuple(result["warnings"]), tuple(result["drafts"])
    except (ValueError, KeyError, TypeError):
        return None
    out = options.out_dir
    if not out.is_dir() or not (work_dir(options.site, out) / MANIFEST).is_file():
        return None
    return BuildResult(**result, unchanged=result["files"], out=out, report=Report(quick=True))


def see(options: BuildOptions, watch: Watch, scanned: Scanned) -> Seen:
    """Every input but content/ looked at now; content/ as `scanned` saw it."""
    code = [(path, _stat(path)) for path in code_files()]
    found = [(str(options.site / CONFIG_FILE), _stat(options.site / CONFIG_FILE))]
    found += [(path, _stat(path)) for path in watch.files]
    found += [(path, _stat(path)) for tree in watch.trees for path in tree_files(Path(tree))]
    lines = [f"{__version__}\0{options.output_key()!r}"]
    lines += [f"{path}\0{size}\0{mtime}" for path, (size, mtime) in code + found]
    lines += [f"{folder}\0{os.path.isdir(folder)}" for folder in watch.folders]
    newest = max((mtime for _, (_, mtime) in found), default=0)  # (not the code's: a module
    # saved just before a build must not keep the next one from being answered)
    return Seen(scanned, tuple(lines), newest)


def stamp(seen: Seen, saved_ns: int) -> str | None:
    """A digest of what `seen` holds; None when something changed too close to `saved_ns` (the
    build's start) to be told apart from a later change."""
    inventory, stats = seen.scanned.inventory, seen.scanned.stats
    newest = max(seen.newest, max((m for _, m in stats.values()), default=0))
    if newest >= saved_ns - SLACK_NS:
        return None
    h = hashlib.blake2b("\n".join(seen.lines).encode(), digest_size=16)
    h.update("\0".join(stats).encode())  # (names, then numbers: ten thousand files in 2 ms)
    h.update(array("q", chain.from_iterable(stats.values())))
    h.update(repr(inventory.warnings).encode())
    return h.hexdigest()


def record(
    seen: Seen,
    watch: Watch,
    window: tuple[datetime, datetime | None],
    result: BuildResult,
) -> str | None:
    """This build's record for `window` (from its "now" until a date changes the site); None
    when there is none to keep. `seen` is what the build saw when it began: a file changed
    since no longer matches it."""
    found = stamp(seen, seen.scanned.begun_ns)
    if found is None or not result.ok:
        return None
    since, until = window
    data = {
        "stamp": found,
        "saved_ns": seen.scanned.begun_ns,
        "since": since.isoformat(),
        "until": until.isoformat() if until else None,
        "watch": [watch.files, watch.trees, watch.folders],
        "result": {k: getattr(result, k) for k in RESULT_FIELDS},
    }
    return json.dumps(data)


def code_files() -> list[str]:
    """Every module of the package, in a stable order: a build by other code is not answered
    from the record (the shape of the model, `keys.model_shape`, is fixed by them)."""
    found = []
    for folder, subfolders, names in os.walk(PACKAGE):
        subfolders[:] = sorted(n for n in subfolders if n != "__pycache__")
        found += [f"{folder}/{n}" for n in sorted(names) if n.endswith(".py")]
    return found


def tree_files(folder: Path) -> list[str]:
    """Every file under `folder` (none when it is not there), in a stable order."""
    return sorted(str(p) for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def work_dir(site_dir: Path, out: Path) -> Path:
    """The writer's folder for `out` in the site's cache: the record of what it wrote there,
    its staging folder and its journal. Nothing is written outside the output folder but here."""
    return site_dir / CACHE_DIR / f"out-{digest(str(out.resolve()).encode())[:16]}"


def _stat(path: str | Path) -> tuple[int, int]:
    try:
        found = os.stat(path)
    except OSError:
        return ABSENT
    return (found.st_size, found.st_mtime_ns)
