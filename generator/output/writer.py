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
import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.errors import BuildError, SourceError
from generator.core.layout import MANIFEST
from generator.core.model import OutputFile, Page
from generator.output.changes import ChangeSet, change_set, is_new
from generator.output.commit import Rename, Staged, Strategy
from generator.output.files import safe_join
from generator.output.guard import FolderClash, refuse_links_out
from generator.output.journal import Journal, recover
from generator.output.manifest import UNKNOWN, Manifest, load, mark, update
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
            errors.append(_taken(f.path, first.label, f.label))
    return errors


def _taken(path: str, first: str, source: str) -> SourceError:
    """The error of a second source (`source`) for a path that `first` writes."""
    message = f"writes {path}, which {first} writes too: rename or move one of them"
    return SourceError(source, None, message)


def digest_of(f: OutputFile) -> str:
    """The content hash of `f` (for a copy: its size and time, rather than reading it)."""
    if f.data is not None:
        return hashlib.blake2b(f.data, digest_size=16).hexdigest()
    stat = f.copy_from.stat()
    return f"copy:{stat.st_size}:{stat.st_mtime_ns}"


def read_manifest(manifest: Path) -> Mapping[str, str]:
    """The writer's record of what it wrote (path -> content hash), without the paths whose
    content is not known (a commit that wrote them was killed); {} when there is none or it is
    damaged. Not to be changed: a long-lived process gets the one it last wrote."""
    files = load(manifest).files
    if UNKNOWN not in files.values():
        return files
    return {path: digest for path, digest in files.items() if digest != UNKNOWN}


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
    kept: Sequence[tuple[str, str]] = (),
) -> WriteResult:
    """Make `out` hold exactly `kept` and `files`, plus the files in it that Masthead did not
    write (unless `clean`). `kept` are (path, source) of files the last build wrote that stay
    as they are (pages not rendered again): taken from the record, never read or hashed, so a
    build that changes a few files costs the writer little more than those. `work` (in the
    site's cache, never deployed) holds the record of what was written, the staging folder and
    the journal. `commit` chooses how: "exchange" (the default: a first build renamed into
    place, later ones exchanged, or journaled where no exchange is possible), "journal"
    (always journaled) or "rename" (first builds only: an output folder that exists is
    refused), or a `Strategy` object."""
    writer = SiteWriter(out, work, clean, choose(commit))
    try:
        writer.keep(kept)
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
    sources: dict[str, str] = field(default_factory=dict, init=False)  # path -> its source
    added: list[str] = field(default_factory=list, init=False)  # paths read or rendered anew
    made: set[Path] = field(default_factory=set, init=False)  # staging folders made
    checking: bool = field(default=False, init=False)  # claims are checked (from the first
    # path the last build did not write on)
    clash: FolderClash = field(default_factory=FolderClash, init=False)
    casefolded: dict[str, str] = field(default_factory=dict, init=False)  # -> first source

    def __post_init__(self) -> None:
        recover(self.out, self.work)
        self.manifest = self.work / MANIFEST
        self.present = self.out.is_dir()
        self.record = load(self.manifest) if self.present else Manifest(self.manifest, {})
        self.old = self.record.files
        self.before = dict(self.old)
        self.staging = self.work / f"staging-{os.getpid()}"
        self.tree = self.strategy.tree(self.out)
        for left in self.work.glob("staging-*"):  # the build lock says no other build uses them
            shutil.rmtree(left, ignore_errors=True)

    def keep(self, kept: Sequence[tuple[str, str]]) -> None:
        """Take files of the last build that stay as they are: (path, source). In bulk: they
        are most of a site."""
        sources = dict(kept)
        if len(sources) < len(kept) or not self.after.keys().isdisjoint(sources):
            self._refuse_twice(kept)
        if self.checking:
            for path, source in kept:
                self._check(path, source)
        old = self.old
        self.after.update({path: old[path] for path in sources})
        self.sources.update(sources)

    def _refuse_twice(self, kept: Sequence[tuple[str, str]]) -> None:
        """Raise the error of the first path taken twice."""
        seen = dict(self.sources)
        for path, source in kept:
            if path in seen:
                raise BuildError([_taken(path, seen[path], source)])
            seen[path] = source

    def add(self, f: OutputFile) -> None:
        """Take one file of the new site: unchanged ones are only noted, others staged."""
        if f.path in self.after:
            raise BuildError([_taken(f.path, self.sources[f.path], f.source)])
        self._claim(f.path, f.source)
        self.sources[f.path] = f.source
        self.added.append(f.path)
        try:
            digest = digest_of(f)
        except OSError as exc:
            raise SourceError(f.source, None, f"cannot be read ({exc.strerror})") from None
        self.after[f.path] = digest
        if self.present:
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
        for rel in [*changes.write, *removed]:
            safe_join(self.out, rel)  # refused before anything is touched
        if not self.tree:  # (a new output folder, renamed into place whole, holds no link)
            refuse_links_out(self.out, [*changes.write, *removed])
        changed = [(rel, self.staged[rel]) for rel in changes.write]
        marked = mark(self.record, changes.write)  # (a kill during the commit: written again)
        self.strategy.commit(Staged(self.out, self.work, self.staging, self.tree, changed, removed))
        update(marked, self.after, self._entries(changes))
        return WriteResult(
            len(changes.write),
            len(self.after) - len(changes.write),
            len(changes.remove),
            tuple(cleaned),
            0 if self.clean else len(foreign),
        )

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def _entries(self, changes: ChangeSet) -> dict[str, str | None]:
        """How the record changes: path -> new hash (None: no longer written)."""
        after, old = self.after, self.old
        entries: dict[str, str | None] = dict.fromkeys(sorted(old.keys() - after.keys()))
        for path in self.added:
            if old.get(path) != after[path] or path in changes.write:
                entries[path] = after[path]
        return entries

    def _claim(self, path: str, source: str) -> None:
        """Refuse a second source for `path`, or a file where another needs a folder. The paths
        of the last build were checked then: checking starts at the first path it lacked, with
        every path taken so far."""
        if not self.checking:
            if path in self.old:
                return
            self.checking = True
            for known, by in self.sources.items():
                self._check(known, by)
        self._check(path, source)

    def _check(self, path: str, source: str) -> None:
        """Check one path against those checked before (compared case-insensitively, as some
        hosts do)."""
        self.clash.check(path, source)
        first = self.casefolded.setdefault(path.casefold(), source)
        if first != source:
            raise BuildError([_taken(path, first, source)])

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
        if target.parent not in self.made:  # (one mkdir per folder, not per file)
            target.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(target.parent)
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
        for rel in self.before.keys() - self.after.keys():
            if not (self.out / rel).is_file():
                del self.before[rel]
        return change_set(self.before, self.after, self.added)  # (kept files: as they were)

    def _foreign(self) -> list[str]:
        found = []
        for folder, _, names in os.walk(self.out):
            for name in names:
                rel = Path(folder, name).relative_to(self.out).as_posix()
                if rel not in self.after:
                    found.append(rel)
        return sorted(found)


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False
