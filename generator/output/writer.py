"""The one writer: the only code that writes or deletes in the output folder (through the commit
strategies of `commit`, `journal` and `swap`).

Files of the new site arrive one by one; each is hashed, and those the output folder does not
hold yet are staged in the writer's work folder (in the site's cache). Only when the whole build
has succeeded does the change set (`changes`: what to write, keep and remove, by content hash)
reach the output folder, through a commit strategy: a first build renames its staged tree into
place; later ones exchange the output folder with a shadow copy in one step, or where that cannot
be done move the changed files in one by one under a journal that the next run rolls back after a
kill. Unchanged files are never touched (same bytes, same time stamps). Files that Masthead did
not write are kept unless asked to clean.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.errors import BuildError, SourceError
from generator.core.layout import MANIFEST
from generator.core.model import OutputFile, Page
from generator.output.changes import ChangeSet, change_set, is_new
from generator.output.commit import Rename, Staged, Strategy
from generator.output.files import safe_join, write_atomic
from generator.output.guard import FolderClash, refuse_links_out
from generator.output.journal import Journal, recover
from generator.output.swap import Exchange

STRATEGIES: Mapping[str, type[Strategy]] = {
    "exchange": Exchange,
    "journal": Journal,
    "rename": Rename,
}


@dataclass(frozen=True, slots=True)
class WriteResult:
    written: int
    unchanged: int
    removed: int
    cleaned: tuple[str, ...] = ()  # files Masthead did not write, removed by --clean
    unknown: int = 0  # files kept that Masthead has no record of, while the record was lost


def check_collisions(files: Iterable[OutputFile | Page]) -> list[SourceError]:
    """Two sources for one output path (compared case-insensitively, as some hosts do)."""
    seen: dict[str, OutputFile | Page] = {}
    errors = []
    for f in files:
        first = seen.setdefault(f.path.casefold(), f)
        if first is not f:
            errors.append(
                SourceError(
                    f.label,
                    None,
                    f"writes {f.path}, which {first.label} writes too: rename or move one of them",
                )
            )
    return errors


def digest_of(f: OutputFile) -> str:
    """The content hash of `f` (for a copy: its size and time, rather than reading it)."""
    if f.data is not None:
        return hashlib.blake2b(f.data, digest_size=16).hexdigest()
    stat = f.copy_from.stat()
    return f"copy:{stat.st_size}:{stat.st_mtime_ns}"


def read_manifest(manifest: Path) -> dict[str, str]:
    try:
        data = json.loads(manifest.read_text())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def choose(commit: str | Strategy | None) -> Strategy:
    """The strategy `commit` names (None: the default, `Exchange`); a strategy object as it is."""
    if commit is None or isinstance(commit, str):
        try:
            return STRATEGIES["exchange" if commit is None else commit]()
        except KeyError:
            raise ValueError(f"unknown commit strategy {commit!r}") from None
    return commit


def write_site(
    out: Path,
    files: Iterable[OutputFile],
    work: Path,
    clean: bool = False,
    commit: str | Strategy | None = None,
) -> WriteResult:
    """Make `out` hold exactly `files`, plus the files in it that Masthead did not write
    (unless `clean`). `work` (in the site's cache, never deployed) holds the record of what
    was written, the staging folder and the journal. An OutputFile with neither data nor
    copy_from means "as it is now". `commit` chooses how: "exchange" (the default: a first
    build renamed into place, later ones exchanged, or journaled where no exchange is
    possible), "journal" (always journaled) or "rename" (first builds only: an output folder
    that exists is refused), or a `Strategy` object."""
    writer = SiteWriter(out, work, clean, choose(commit))
    try:
        for f in files:
            writer.add(f)
        return writer.commit()
    finally:
        writer.discard()


@dataclass
class SiteWriter:
    """Takes the files of one build as they come (staging what is new), then commits them."""

    out: Path
    work: Path
    clean: bool = False
    strategy: Strategy = field(default_factory=Exchange)
    before: dict[str, str] = field(init=False)  # what the output folder holds, as far as this
    # build can tell: the record, corrected where it looked (path -> content hash)
    after: dict[str, str] = field(default_factory=dict, init=False)  # the new site
    staged: dict[str, Path] = field(default_factory=dict, init=False)  # path -> new version
    sources: dict[str, str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        recover(self.out, self.work)
        self.manifest = self.work / MANIFEST
        self.old = read_manifest(self.manifest) if self.out.is_dir() else {}
        self.before = dict(self.old)
        self.staging = self.work / f"staging-{os.getpid()}"
        self.clash = FolderClash()
        self.tree = self.strategy.tree(self.out)
        for left in self.work.glob("staging-*"):  # the build lock says no other build uses them
            shutil.rmtree(left, ignore_errors=True)

    def add(self, f: OutputFile) -> None:
        """Take one file of the new site: unchanged ones are only noted, others staged."""
        self._claim(f)
        if f.data is None and f.copy_from is None:
            self.after[f.path] = self.old[f.path]
            return
        try:
            digest = digest_of(f)
        except OSError as exc:
            raise SourceError(f.source, None, f"cannot be read ({exc.strerror})") from None
        self.after[f.path] = digest
        self._look(f, digest)
        if is_new(self.before, f.path, digest):
            self._stage(f)

    def commit(self) -> WriteResult:
        """Put the change set in place through the strategy, then write the record."""
        changes = self._changes()
        lost = self.out.is_dir() and not self.manifest.exists()
        foreign = self._foreign() if self.clean or lost else []
        cleaned = foreign if self.clean else []
        removed = [*changes.remove, *cleaned]
        refuse_links_out(self.out, [*changes.write, *removed])
        for rel in [*changes.write, *removed]:
            safe_join(self.out, rel)  # refused before anything is touched
        changed = [(rel, self.staged[rel]) for rel in changes.write]
        self.strategy.commit(Staged(self.out, self.work, self.staging, self.tree, changed, removed))
        if changes.record != self.old or not self.manifest.exists():
            _write_manifest(self.manifest, changes.record)
        return WriteResult(
            len(changes.write),
            len(changes.keep),
            len(changes.remove),
            tuple(cleaned),
            0 if self.clean else len(foreign),
        )

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def _claim(self, f: OutputFile) -> None:
        """Refuse a second source for one path, or a file where another needs a folder."""
        self.clash.check(f.path, f.source)
        first = self.sources.setdefault(f.path.casefold(), f.source)
        if first != f.source or f.path in self.after:
            message = f"writes {f.path}, which {first} writes too: rename or move one of them"
            raise BuildError([SourceError(f.source, None, message)])

    def _look(self, f: OutputFile, digest: str) -> None:
        """Correct `before` by what the output folder holds at `f.path`: a recorded file that
        is gone is written again; one with the same bytes, written before the record was lost,
        is left as it is."""
        target = self.out / f.path
        if self.before.get(f.path) == digest:
            if not target.is_file():
                del self.before[f.path]
        elif f.path not in self.old and f.data is not None and _holds(target, f.data):
            self.before[f.path] = digest

    def _stage(self, f: OutputFile) -> None:
        """Keep the new version of `f` in the staging folder: at its path when the strategy
        renames the whole tree into place, else numbered."""
        if self.tree:
            target = safe_join(self.staging, f.path)
        else:
            target = self.staging / str(len(self.staged))
        target.parent.mkdir(parents=True, exist_ok=True)
        if f.data is not None:
            target.write_bytes(f.data)
        else:
            try:
                shutil.copyfile(f.copy_from, target)
            except OSError as exc:
                raise SourceError(f.source, None, f"cannot be read ({exc.strerror})") from None
        self.staged[f.path] = target

    def _changes(self) -> ChangeSet:
        """The change set from what the output folder holds to the new site (recorded files
        that are gone already need no removing)."""
        for rel in [rel for rel in self.before if rel not in self.after]:
            if not (self.out / rel).is_file():
                del self.before[rel]
        return change_set(self.before, self.after)

    def _foreign(self) -> list[str]:
        found = []
        for folder, _, names in os.walk(self.out):
            for name in names:
                rel = Path(folder, name).relative_to(self.out).as_posix()
                if rel not in self.after:
                    found.append(rel)
        return sorted(found)


def _write_manifest(manifest: Path, data: dict[str, str]) -> None:
    write_atomic(manifest, json.dumps(data, sort_keys=True))


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
