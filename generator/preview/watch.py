"""Rebuild on change: a pure classifier of site paths, a debounce, and a watchdog-driven loop.

`classify` says what kind of source a site-relative path is (or None: not a source, an editor's
temporary file, the output). `Debounce` collapses a burst of changes into one batch; it is pure
and takes the time as an argument. A file closed after writing, or renamed into place, is
complete: a batch of complete files is built after a short pause, one with a file still being
written, or gone (an editor's save may first move the old version away), after a longer one.
`Rebuilder` runs the build for each batch on one thread and never dies; `Session` adds watchdog
and the first build. The caller gets a `Rebuild` record per build and shows it; nothing here
prints but the traceback of a listener that raised.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path, PurePath, PurePosixPath

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from generator.build import BuildOptions, BuildResult
from generator.core.config import load_config
from generator.core.errors import SourceError
from generator.core.layout import AUTHORS_DIR, CONFIG_FILE, CONTENT_DIR, I18N_DIR, PAGES_DIR
from generator.engine.engine import Engine
from generator.load.inventory import ignored
from generator.render.theme import load_theme

QUIET = 0.05  # seconds without a new change before a batch is built
SETTLED = 0.01  # the same, when every file of the batch was last seen complete
LONGEST = 0.5  # a batch is built at the latest this long after its first change
SOURCE_DIRS = (CONTENT_DIR, PAGES_DIR, AUTHORS_DIR, "templates", "static", I18N_DIR, "themes")
EVENTS = [
    FileClosedEvent,  # closed after writing: the file is whole
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]  # not opened, nor closed without writing: the build itself reads every source

BuildFn = Callable[[BuildOptions], BuildResult]


class ChangeKind(StrEnum):
    CONTENT = "content"
    TEMPLATE = "template"
    STATIC = "static"
    CONFIG = "config"


def classify(path: str | PurePath) -> ChangeKind | None:
    """The kind of source a path relative to the site folder is, or None when a change to it
    cannot change the site (output and cache folders, `.git`, editors' temporary files)."""
    parts = PurePosixPath(PurePath(path).as_posix()).parts
    if not parts:
        return None
    if parts[0] in (CONTENT_DIR, PAGES_DIR, AUTHORS_DIR):  # the build skips hidden and
        # private names at any depth
        return None if any(ignored(p) for p in parts[1:]) else ChangeKind.CONTENT
    if _editor_temp(parts[-1]):
        return None
    if parts == (CONFIG_FILE,):
        return ChangeKind.CONFIG
    if parts[0] in ("templates", I18N_DIR):
        return ChangeKind.TEMPLATE
    if parts[0] == "static":
        return ChangeKind.STATIC
    if parts[0] == "themes":
        return _theme_kind(parts[2:])
    return None


def _editor_temp(name: str) -> bool:
    """`content.ignored` without its rule for private `_names`: `templates/_card.html` is a
    partial, not a private file."""
    return ignored(name) and not name.startswith("_")


def _theme_kind(inside: tuple[str, ...]) -> ChangeKind | None:
    """A path inside `themes/<name>/`; the folder itself or its theme.yaml can change the chain."""
    if not inside or inside == ("theme.yaml",):
        return ChangeKind.CONFIG
    kinds = {"templates": ChangeKind.TEMPLATE, I18N_DIR: ChangeKind.TEMPLATE}
    return {**kinds, "static": ChangeKind.STATIC}.get(inside[0])


@dataclass(frozen=True, slots=True)
class Change:
    path: str  # relative to the site folder, with `/`
    kind: ChangeKind


def describe(changes: Iterable[Change]) -> str:
    paths = list(dict.fromkeys(c.path for c in changes))
    if not paths:
        return "first build"
    if len(paths) <= 2:
        return " and ".join(paths) + " changed"
    return f"{len(paths)} files changed ({paths[0]}, {paths[1]}, ...)"


class Debounce:
    """Collects changes until `quiet` seconds pass without one (`settled` seconds when each
    file was last seen complete), or `longest` seconds after the first. Pure: the caller passes
    the time, and holds any lock."""

    def __init__(
        self, quiet: float = QUIET, longest: float = LONGEST, settled: float = SETTLED
    ) -> None:
        self.quiet, self.longest, self.settled = quiet, longest, settled
        self._pending: dict[Change, None] = {}
        self._open: set[Change] = set()  # last seen being written, or gone
        self._first = self._last = 0.0

    def add(self, changes: Iterable[Change], now: float, complete: bool = False) -> None:
        """Note `changes` seen at `now`; `complete`: each is a file closed after writing, or
        renamed into place."""
        for change in changes:
            if not self._pending:
                self._first = now
            self._pending[change] = None
            (self._open.discard if complete else self._open.add)(change)
            self._last = now

    def due_in(self, now: float) -> float | None:
        """Seconds until the batch is due (0 when due now), or None when nothing is pending."""
        if not self._pending:
            return None
        quiet = self.quiet if self._open else self.settled
        due = min(self._last + quiet, self._first + self.longest)
        return max(0.0, due - now)

    def take(self) -> tuple[Change, ...]:
        batch = tuple(self._pending)
        self._pending.clear()
        self._open.clear()
        return batch


@dataclass(frozen=True, slots=True)
class Rebuild:
    number: int  # 0 for the first build
    changes: tuple[Change, ...]
    result: BuildResult
    ms: float
    trace: str | None = None  # the traceback when the build raised instead of returning

    def describe(self) -> str:
        r = self.result
        took = f"in {self.ms:.0f} ms"
        if not r.ok:
            outcome = f"build failed with {r.failure} {took}; the last good pages stay"
        else:
            outcome = f"{r.written} written, {r.removed} removed {took}"
        return f"{describe(self.changes)}: {outcome}"


class Rebuilder:
    """Runs `build(options)` once per debounced batch of changes, on the thread that calls
    `run()`. Changes that arrive during a build make one more build after it. An exception from
    the build becomes an error in the `Rebuild` passed to `on_rebuild`; the loop goes on."""

    def __init__(
        self,
        options: BuildOptions,
        on_rebuild: Callable[[Rebuild], None],
        build: BuildFn | None = None,
        debounce: Debounce | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.options, self.on_rebuild = options, on_rebuild
        self.build = build or Engine(persist_every_build=False)
        self._debounce = debounce or Debounce()
        self._clock = clock
        self._wake = threading.Condition()
        self._stopping = False
        self._count = 0

    def add(self, changes: Iterable[Change], complete: bool = False) -> None:
        """Thread-safe: queue changes for the next build (`complete`: see `Debounce.add`)."""
        with self._wake:
            self._debounce.add(changes, self._clock(), complete)
            self._wake.notify()

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify()

    def run(self) -> None:
        while (batch := self._next_batch()) is not None:
            self.rebuild(batch)

    def _next_batch(self) -> tuple[Change, ...] | None:
        with self._wake:
            while not self._stopping:
                wait = self._debounce.due_in(self._clock())
                if wait == 0:
                    return self._debounce.take()
                self._wake.wait(wait)
        return None

    def rebuild(self, changes: tuple[Change, ...] = ()) -> Rebuild:
        started = time.perf_counter()
        trace = None
        try:
            known = self._count > 0 and bool(changes)  # the watcher saw every change since
            options = replace(
                self.options, changed=tuple(c.path for c in changes) if known else None
            )
            result = self.build(options)
        except Exception as exc:
            trace = traceback.format_exc()
            message = f"internal error: {type(exc).__name__}: {exc} (please report it)"
            result = BuildResult(errors=(SourceError("masthead", None, message),))
        done = Rebuild(self._count, changes, result, (time.perf_counter() - started) * 1000, trace)
        self._count += 1
        try:
            self.on_rebuild(done)
        except Exception:
            traceback.print_exc()  # a broken listener must not stop the rebuilds
        return done


Sink = Callable[[list[Change], bool], None]  # changes, and whether each is complete


class _Handler(FileSystemEventHandler):
    """Turns watchdog events under `base` into site-relative Changes for `sink`."""

    def __init__(self, base: Path, prefix: str, sink: Sink) -> None:
        self.base, self.prefix, self.sink = base, prefix, sink

    def on_any_event(self, event: FileSystemEvent) -> None:
        kind = event.event_type
        if kind not in ("created", "modified", "deleted", "moved", "closed"):
            return
        if event.is_directory and kind == "modified":
            return  # a child's own event says what changed
        if (src := self._change(event.src_path)) is not None:
            self.sink([src], kind == "closed" and not event.is_directory)
        if event.dest_path and (dest := self._change(event.dest_path)) is not None:
            self.sink([dest], not event.is_directory)  # renamed into place

    def _change(self, path: str | bytes) -> Change | None:
        text = path.decode() if isinstance(path, bytes) else path
        try:
            rel = PurePosixPath(self.prefix, Path(text).relative_to(self.base).as_posix())
        except ValueError:
            return None
        kind = classify(rel)
        return Change(rel.as_posix(), kind) if kind else None


class Session:
    """Build once, then rebuild on every change until closed.

    Watches the site folder itself (not recursively: `site.yaml` and the appearance of a source
    folder), its source folders recursively, and the folders of the theme chain that live
    outside the site. The output, preview and cache folders and `.git` are never watched, so a
    build's own writes cost nothing."""

    def __init__(
        self,
        options: BuildOptions,
        on_rebuild: Callable[[Rebuild], None],
        build: BuildFn | None = None,
        debounce: Debounce | None = None,
    ) -> None:
        self.site = options.site.resolve()
        self.rebuilder = Rebuilder(options, on_rebuild, build, debounce)
        self._observer = Observer()
        self._watches: dict[str, object] = {}
        self._thread = threading.Thread(target=self.rebuilder.run, name="rebuild", daemon=True)

    def start(self) -> Rebuild:
        """Start watching, make the first build (on this thread), then start rebuilding."""
        root = _Handler(self.site, "", self._on_root)
        self._observer.schedule(root, str(self.site), event_filter=EVENTS)
        for name in SOURCE_DIRS:
            self._watch(name)
        for folder in _outside_themes(self.site):
            self._schedule(folder, f"themes/{folder.name}")
        self._observer.start()
        first = self.rebuilder.rebuild()
        gc.collect()  # what the first build left behind, then what it keeps is left out of
        gc.freeze()  # later collections: they would scan it all, pausing a rebuild
        self._thread.start()
        return first

    def close(self) -> None:
        self.rebuilder.stop()
        self._observer.stop()
        for thread in (self._thread, self._observer):
            if thread.is_alive():  # not started when the first build was interrupted
                thread.join(timeout=30)
        gc.unfreeze()  # (what the session kept may go now)

    def wait(self) -> None:
        """Block until closed; Ctrl-C raises KeyboardInterrupt here."""
        while self._thread.is_alive():
            self._thread.join(timeout=0.5)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _on_root(self, changes: list[Change], complete: bool) -> None:
        for change in changes:
            if change.path in SOURCE_DIRS:  # created, or replaced, after the start
                self._watch(change.path)
        self.rebuilder.add(changes, complete)

    def _watch(self, name: str) -> None:
        old = self._watches.pop(name, None)
        if old is not None:
            with contextlib.suppress(KeyError):  # its emitter may have gone with its folder
                self._observer.unschedule(old)
        if (self.site / name).is_dir():
            self._watches[name] = self._schedule(self.site / name, name)

    def _schedule(self, folder: Path, prefix: str) -> object:
        handler = _Handler(folder, prefix, self.rebuilder.add)
        return self._observer.schedule(handler, str(folder), recursive=True, event_filter=EVENTS)


def _outside_themes(site: Path) -> list[Path]:
    """Folders of the site's theme chain that are not inside the site (a packaged theme)."""
    try:
        theme = load_theme(site, load_config(site).theme)
    except SourceError:
        return []  # the first build reports it
    return [d.parent.resolve() for d in theme.template_dirs[1:] if not d.is_relative_to(site)]
