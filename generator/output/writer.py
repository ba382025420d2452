"""The one writer: the only code that writes or deletes in the output folder (with its helper
`generator.swap`).

New and changed files are first written to a staging folder in the writer's work folder (in the
site's cache); only when the whole build has succeeded do they reach the output folder. A first
build renames the staging folder into place. Later ones write the changes into a shadow copy of
the output folder and exchange the two folders in one step (see `generator.swap`), so a build
killed at any moment leaves the previous site whole. Where that cannot be done (not Linux, the
output folder a symlink or a mount point or on another file system than the cache, a file system
that refuses), they move the changed files in one by one, under a journal that holds the previous
version of every file touched, so an interrupted update is rolled back by the next run.
Unchanged files are never touched (same bytes, same time stamps). Files that Masthead did not
write are kept unless asked to clean.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.errors import BuildError, SourceError
from generator.core.layout import MANIFEST
from generator.core.model import OutputFile, Page
from generator.output.guard import FolderClash, refuse_links_out
from generator.output.swap import Shadow, prune_empty, write_atomic


@dataclass(frozen=True, slots=True)
class WriteResult:
    written: int
    unchanged: int
    removed: int
    cleaned: tuple[str, ...] = ()  # files Masthead did not write, removed by --clean
    unknown: int = 0  # files kept that Masthead has no record of, while the record was lost


def safe_join(root: Path, rel: str) -> Path:
    """`root/rel`, refusing any path that could leave `root`."""
    parts = rel.split("/")
    if (
        not rel
        or rel.startswith("/")
        or "\\" in rel
        or "\0" in rel
        or any(p in ("..", ".", "") for p in parts)
    ):
        raise SourceError(rel, None, "output path would leave the output folder; refused")
    return Path(os.path.join(root, *parts))


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


def write_site(
    out: Path,
    files: Iterable[OutputFile],
    work: Path,
    clean: bool = False,
    commit: str | None = None,
) -> WriteResult:
    """Make `out` hold exactly `files`, plus the files in it that Masthead did not write
    (unless `clean`). `work` (in the site's cache, never deployed) holds the record of what
    was written, the staging folder and the journal. An OutputFile with neither data nor
    copy_from means "as it is now"."""
    writer = SiteWriter(out, work, clean)
    try:
        for f in files:
            writer.add(f)
        return writer.commit()
    finally:
        writer.discard()


@dataclass
class SiteWriter:
    out: Path
    work: Path
    clean: bool = False
    old: dict[str, str] = field(init=False)
    new: dict[str, str] = field(default_factory=dict, init=False)
    changed: list[str] = field(default_factory=list, init=False)
    sources: dict[str, str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        recover(self.out, self.work)
        self.manifest = self.work / MANIFEST
        self.old = read_manifest(self.manifest) if self.out.is_dir() else {}
        self.staging = self.work / f"staging-{os.getpid()}"
        self.clash = FolderClash()
        for left in self.work.glob("staging-*"):  # the build lock says no other build uses them
            shutil.rmtree(left, ignore_errors=True)

    def add(self, f: OutputFile) -> None:
        """Take one file of the new site: unchanged ones are only noted, others staged (in a
        tree on a first build, to be renamed into place whole; else flat, file by file)."""
        self.clash.check(f.path, f.source)
        first = self.sources.setdefault(f.path.casefold(), f.source)
        if first != f.source or f.path in self.new:
            message = f"writes {f.path}, which {first} writes too: rename or move one of them"
            raise BuildError([SourceError(f.source, None, message)])
        if f.data is None and f.copy_from is None:
            self.new[f.path] = self.old[f.path]
            return
        try:
            self.new[f.path] = digest_of(f)
        except OSError as exc:
            raise SourceError(f.source, None, f"cannot be read ({exc.strerror})") from None
        if self.old.get(f.path) == self.new[f.path] and (self.out / f.path).is_file():
            return
        if f.path not in self.old and f.data is not None and _holds(self.out / f.path, f.data):
            return  # written before the record was lost: same bytes, left as it is
        if self.out.exists():
            target = self.staging / str(len(self.changed))
            self.staging.mkdir(parents=True, exist_ok=True)
        else:
            target = safe_join(self.staging, f.path)
            target.parent.mkdir(parents=True, exist_ok=True)
        if f.data is not None:
            target.write_bytes(f.data)
        else:
            try:
                shutil.copyfile(f.copy_from, target)
            except OSError as exc:
                raise SourceError(f.source, None, f"cannot be read ({exc.strerror})") from None
        self.changed.append(f.path)

    def commit(self) -> WriteResult:
        """Put the staged files in place: by one exchange with the shadow, or under the
        journal where that cannot be done (the staging folder itself, on a first build)."""
        stale = [p for p in self.old if p not in self.new and (self.out / p).is_file()]
        lost = self.out.is_dir() and not self.manifest.exists()
        foreign = self._foreign() if self.clean or lost else []
        unknown = 0 if self.clean else len(foreign)
        foreign = foreign if self.clean else []
        removed = stale + foreign
        refuse_links_out(self.out, self.changed + removed)
        for rel in self.changed + removed:
            safe_join(self.out, rel)  # refused before anything is touched
        shadow = Shadow(self.out, self.work)
        if not self.out.exists():
            self.staging.mkdir(parents=True, exist_ok=True)
            _move(self.staging, self.out)
            shadow.commit([], [])
        else:
            staged = [(rel, self.staging / str(n)) for n, rel in enumerate(self.changed)]
            if not shadow.commit(staged, removed) and (self.changed or removed):
                _apply(self.out, self.work, self.staging, self.changed, removed)
        if self.new != self.old or not self.manifest.exists():
            _write_manifest(self.manifest, self.new)
        written = len(self.changed)
        return WriteResult(written, len(self.new) - written, len(stale), tuple(foreign), unknown)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def _foreign(self) -> list[str]:
        found = []
        for folder, _, names in os.walk(self.out):
            for name in names:
                rel = Path(folder, name).relative_to(self.out).as_posix()
                if rel not in self.new:
                    found.append(rel)
        return sorted(found)


def _write_manifest(manifest: Path, data: dict[str, str]) -> None:
    write_atomic(manifest, json.dumps(data, sort_keys=True))


def journal_dir(work: Path) -> Path:
    return work / "journal"


def _move(source: Path, target: Path) -> None:
    """Rename, or copy and delete where the two are on different file systems."""
    try:
        os.replace(source, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        shutil.move(source, target)


def _apply(out: Path, work: Path, staging: Path, changed: list[str], removed: list[str]) -> None:
    """Replace and remove files in `out` under a journal that keeps what they replace
    (`staging/<n>` holds the new version of `changed[n]`): the fallback where the output folder
    cannot be swapped."""
    journal, manifest = journal_dir(work), work / MANIFEST
    shutil.rmtree(journal, ignore_errors=True)
    journal.mkdir(parents=True)
    saved, added = [], []
    for rel in changed + removed:
        current = safe_join(out, rel)
        if current.is_file() or current.is_symlink():
            _link_or_copy(current, journal / str(len(saved)))
            saved.append(rel)
        elif rel in changed:
            added.append(rel)
    if manifest.exists():
        _link_or_copy(manifest, journal / MANIFEST)
    plan = {"saved": saved, "added": added, "manifest": str(manifest)}
    (journal / "plan.json").write_text(json.dumps(plan))  # from here on, recover() undoes
    for n, rel in enumerate(changed):
        target = safe_join(out, rel)
        if not target.parent.is_dir():
            target.parent.mkdir(parents=True)
        _move(staging / str(n), target)
    for rel in removed:
        safe_join(out, rel).unlink(missing_ok=True)
        prune_empty(out, safe_join(out, rel).parent)
    shutil.rmtree(journal)


def recover(out: Path, work: Path) -> bool:
    """Roll back an update that was interrupted (the journal is still there); True if it was."""
    journal = journal_dir(work)
    plan_file = journal / "plan.json"
    if not plan_file.exists():
        shutil.rmtree(journal, ignore_errors=True)  # prepared, never started: nothing to undo
        return False
    plan = json.loads(plan_file.read_text())
    for rel in plan["added"]:
        safe_join(out, rel).unlink(missing_ok=True)
    for n, rel in enumerate(plan["saved"]):
        target = safe_join(out, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        _move(journal / str(n), target)
    if (journal / MANIFEST).exists():
        os.replace(journal / MANIFEST, plan["manifest"])
    shutil.rmtree(journal)
    return True


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _link_or_copy(existing: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if existing.is_symlink():
        os.symlink(os.readlink(existing), target)
        return
    try:
        os.link(existing, target)
    except OSError:
        shutil.copy2(existing, target)
