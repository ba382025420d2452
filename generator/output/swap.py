"""The default commit strategy, `Exchange`: double buffering for the output folder, a shadow copy
in the writer's work folder exchanged with the output folder in one step, so that at every moment
(a `kill -9` included) the output folder holds the whole previous site or the whole new one.

The shadow mirrors the output folder through hard links: the same inodes, so it takes no room for
file contents, and unchanged files keep their bytes and time stamps through a swap. A commit
writes the changes into the shadow, exchanges the two folders (Linux renameat2 with
RENAME_EXCHANGE: `os` has no wrapper), then replays the same changes into the old site, which
is now the shadow: O(changed), not O(site).

Files that Masthead did not write must survive a swap, so before a commit the shadow catches up
with what happened in the output folder since the last one. Adding, removing or replacing a name
in a folder moves the folder's mtime. The record (`shadow.json`) holds one mtime per folder, and
both copies of a folder carry it (set with os.utime, only ever on the copy that is not live, and
in the past, so any later change moves it). "The past" is read on the file system's own clock (a
file in the work folder touched as each commit begins), not the system's: the file system stamps
changes at its own granularity (a clock tick, whole seconds), so a folder whose mtime is not older
than that touch could change again without its mtime moving; it is listed again next time. One
stat per output folder finds the folders that moved, or whose mode, owner or group changed; only
those are listed again. Files need nothing: both copies are the same inode, with the same bytes,
owner, mode and attributes. Folders are not: a folder's copy is given its mode, owner, group and
extended attributes (ACLs, SELinux labels), or the journal is used where that is not allowed (a
change to a folder's extended attributes alone, which moves neither mtime nor mode, is not
noticed). Changed folders keep their old mtime: it marks "as the writer left it", not when.

The record is trusted only while the marker (`shadow.ok`) names the two very folders it was
written for (the shadow folder by inode and ctime); the marker is removed before the shadow is
touched and written once it mirrors the output folder again. A first build makes the shadow from
its staged tree (links, and folders made alike) before renaming the tree into place. Without
the marker (a kill, a lost cache) the shadow is compared with the output folder folder by folder
and mended: O(site), once. The shadow's copies of the folders a commit changes are checked
against the record too, and mended from the output folder when they differ (keeping what only
they hold: a file written into the output folder while the last build swapped ends up there).
Elsewhere the shadow is trusted: a file deleted from it by hand is missing from the output folder
for one build, then put back (changes to a folder's copy made before it went live are not taken
for the user's).

Seams: `Exchange(shadow=...)` makes the shadow of each commit; a `Shadow` takes its clock, and
its steps (`supported`, `is_mount`, `adopt`, `resync`, `apply`, `exchange`) are methods a
subclass may wrap (a file system that refuses, a kill at one step).
"""

from __future__ import annotations

import ctypes
import errno
import functools
import json
import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.output.commit import Rename, Staged
from generator.output.files import prune_empty, read_remembered, write_atomic, write_remembered
from generator.output.journal import Journal

AT_FDCWD = -100
RENAME_EXCHANGE = 2
# The file system (or the kernel, or the platform) cannot exchange or hard-link here: the writer
# falls back to its journal for this output folder from then on.
UNSUPPORTED = frozenset(
    {errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EXDEV, errno.EPERM, errno.EMLINK}
)
RACY = -1  # the recorded mtime of a folder to list again at the next commit
RECORD = "shadow-record-2"  # the record's format: another one is not read
CLOCK = "shadow.clock"  # the file touched to read the file system's clock


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    func.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    func.restype = ctypes.c_int
    return func


def exchange(a: Path, b: Path) -> None:
    """Swap what the names `a` and `b` point to, in one step: neither is ever missing or half."""
    func = _renameat2()
    if func is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available here", str(a))
    if func(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


class Shadow:
    """The shadow of one output folder, in the writer's work folder. `clock` (the file
    system's time now, in ns) is a seam: by default, read by touching a file in `work`."""

    def __init__(self, out: Path, work: Path, clock: Callable[[], int] | None = None) -> None:
        self.out, self.work = out, work
        self.clock = clock or functools.partial(file_time, work / CLOCK)
        self.now = 0  # the file system's time when this commit began: older mtimes are settled
        self.tree = work / "shadow"
        self.record = work / "shadow.json"
        self.marker = work / "shadow.ok"
        self.note = work / "no-swap"  # why this output folder cannot be swapped
        self.folders: dict[str, tuple[int, int]] = {}  # folder -> (mtime or RACY, folder_meta)
        # that both its copies carry
        self.seen: dict[str, int] = {}  # folder listed again -> mtime of the output folder's
        # copy then (for the others: as recorded)
        self.live_since = 0  # when the output folder's copy went live (changes before: not
        # the user's, made through the output folder)

    def commit(self, changed: list[tuple[str, Path]], removed: list[str]) -> bool:
        """Make the output folder hold the staged files `changed` (path, file) and lose
        `removed`, by one exchange; a shadow that is not trusted is mended even when nothing
        changed. False, the output folder untouched, when it cannot be swapped."""
        if not self._possible():
            self._discard()
            return False
        trusted = self._load()
        if trusted and not changed and not removed:
            return True
        self.marker.unlink(missing_ok=True)
        self.now = self.clock()  # before any folder is looked at
        loaded = dict(self.folders)
        folders = _folders_of([rel for rel, _ in changed] + removed)
        try:
            if not self._swap(changed, removed, folders):  # a symlink on the way: the journal
                self._seal(loaded)  # writes through it (the folders it changes move: listed
                return False  # again next time)
        except OSError as exc:
            if exc.errno not in UNSUPPORTED:
                raise
            write_atomic(self.note, json.dumps({"dev": os.stat(self.out).st_dev, "why": str(exc)}))
            self._discard()
            return False
        if (changed or removed) and not self._replay(changed, removed, folders, loaded):
            return True  # a symlink appeared since: the next build mends the shadow
        self._seal(loaded)
        return True

    def seed(self, root: Path, changed: list[tuple[str, Path]]) -> bool:
        """Before a first build's staged tree `root` is renamed into place: make the shadow its
        copy (hard links to its files, its folders made alike, both copies of each stamped with
        one mtime in the past), so that nothing needs listing once `sealed` after the rename.
        False when the output folder will not be swapped (then `commit` mends the shadow)."""
        if not changed or not self._possible(self.out.parent):
            return False
        self._discard()
        self.now = self.clock()
        past = self._past()
        folders = _folders_of(rel for rel, _ in changed)  # parents first, "" too
        for rel in folders:
            os.mkdir(self._path(self.tree, rel))
        for rel, staged in changed:
            os.link(staged, self._path(self.tree, rel))
        for rel in folders:
            theirs, mine = self._path(root, rel), self._path(self.tree, rel)
            st = os.lstat(theirs)
            if folder_meta(os.lstat(mine)) != folder_meta(st):
                self.adopt(theirs, mine, st)
            os.utime(theirs, ns=(past, past))
            os.utime(mine, ns=(past, past))
            self.folders[rel] = (past, folder_meta(st))
        return True

    def sealed(self) -> None:
        """After the seeded tree was renamed into place: trust the shadow, if the output folder
        is that tree on this file system (else forget it)."""
        if not self._possible():
            self._discard()
            return
        self.live_since = self.clock()
        self._seal({})

    # The steps a subclass may wrap: the system's answers and each move of a commit.

    def supported(self) -> bool:
        """This system can exchange two folders in one step."""
        return _renameat2() is not None

    def is_mount(self, path: Path) -> bool:
        return os.path.ismount(path)

    def exchange(self, a: Path, b: Path) -> None:
        exchange(a, b)

    def apply(self, root: Path, changed: list[tuple[str, Path]], removed: list[str]) -> None:
        """Link each staged file in at its path under `root` and remove `removed` (not live)."""
        for rel, staged in changed:
            target = Path(root, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            os.link(staged, target)
        for rel in removed:
            target = Path(root, rel)
            target.unlink(missing_ok=True)
            prune_empty(root, target.parent)

    def adopt(self, src: str, dst: str, st: os.stat_result) -> None:
        """Give the folder `dst` the owner, group, mode (`st`) and extended attributes of `src`:
        a folder swapped in must let the same people and programs in. EPERM where that is not
        allowed: the journal is used instead."""
        os.chown(dst, st.st_uid, st.st_gid)
        os.chmod(dst, stat.S_IMODE(st.st_mode))  # (after chown, which may clear setgid)
        _copy_attributes(src, dst)

    def resync(self, rel: str, keep: bool = False) -> None:
        """Make the shadow's copy of folder `rel` hold what the output folder's holds; with
        `keep`, also keep what only the shadow's holds (a change the output folder's copy got
        while it was not live is not the user's). Folders missing from the shadow or from the
        record are mirrored whole."""
        src, dst = self._path(self.out, rel), self._path(self.tree, rel)
        st = _lstat(src)  # before listing: a later change moves the mtime again
        if st is None or not stat.S_ISDIR(st.st_mode):  # nothing to mirror: leave it be
            self.folders[rel] = (RACY, 0)
            return
        theirs, ours = _entries(src), _entries(dst, make=True)
        for name, entry in theirs.items():
            sub, mine = f"{rel}/{name}" if rel else name, ours.pop(name, None)
            if entry.is_dir(follow_symlinks=False):
                if mine is not None and not mine.is_dir(follow_symlinks=False):
                    _remove(mine)
                    mine = None
                if mine is None or sub not in self.folders:
                    self.resync(sub)
            elif mine is None or mine.inode() != entry.inode():  # (a folder: another inode)
                if mine is not None:
                    _remove(mine)
                os.link(entry.path, f"{dst}/{name}", follow_symlinks=False)
        if not keep:
            for mine in ours.values():
                _remove(mine)
        self.adopt(src, dst, st)
        os.utime(dst, ns=(st.st_atime_ns, st.st_mtime_ns))
        self.seen[rel] = st.st_mtime_ns
        mirror = st.st_mtime_ns < self.now and not (keep and ours)
        self.folders[rel] = (st.st_mtime_ns if mirror else RACY, folder_meta(st))

    # The commit, in order.

    def _possible(self, where: Path | None = None) -> bool:
        """A real folder (not a symlink, not a mount point) on the work folder's file system,
        where no exchange or hard link failed before. `where`: the folder the output folder
        will be made in (it does not exist yet)."""
        if not self.supported():
            return False
        if where is None and (self.out.is_symlink() or self.is_mount(self.out)):
            return False
        self.work.mkdir(parents=True, exist_ok=True)
        dev = os.stat(self.out if where is None else where).st_dev
        if dev != os.stat(self.work).st_dev:
            return False
        try:
            return json.loads(self.note.read_text())["dev"] != dev
        except (OSError, ValueError, TypeError, KeyError):
            return True

    def _load(self) -> bool:
        """Read the record, if the marker says it was written for these very two folders."""
        try:
            mark = json.loads(self.marker.read_text())
            if [mark["out"], mark["shadow"]] != [_ino(self.out), self._identity()]:
                return False
            live = int(mark["live"])
        except (OSError, ValueError, TypeError, KeyError):
            return False
        folders = read_record(self.record)
        if folders is None:  # unreadable, of another version, garbage: mended from scratch
            return False
        self.folders, self.live_since = dict(folders), live
        return True

    def _swap(
        self, changed: list[tuple[str, Path]], removed: list[str], folders: list[str]
    ) -> bool:
        """Bring the shadow level with the output folder, write the changes into it and
        exchange the two. False, nothing exchanged, when a folder on the way is a symlink."""
        self._catch_up()
        if not self._mend(folders):
            return False
        self.apply(self.tree, changed, removed)
        self._stamp(folders, self._past())
        if changed or removed:
            self.exchange(self.tree, self.out)
            self.live_since = self.clock()
        return True

    def _replay(
        self,
        changed: list[tuple[str, Path]],
        removed: list[str],
        folders: list[str],
        loaded: dict[str, tuple[int, int]],
    ) -> bool:
        """Give the old site, now the shadow, the same changes. False when a symlink appeared
        on the way since (the shadow is left untrusted)."""
        before = {rel: _lstat(self._path(self.tree, rel)) for rel in folders}
        if any(st is not None and not stat.S_ISDIR(st.st_mode) for st in before.values()):
            return False
        self.apply(self.tree, changed, removed)
        seen = {r: self.seen.get(r, loaded.get(r, (RACY, 0))[0]) for r in folders}
        unmoved = [r for r, st in before.items() if st is None or st.st_mtime_ns == seen[r]]
        self._stamp(unmoved, RACY)  # the others changed since we looked: listed again
        return True

    def _discard(self) -> None:
        """Forget the shadow: this output folder is not swapped."""
        self.marker.unlink(missing_ok=True)
        self.record.unlink(missing_ok=True)
        shutil.rmtree(self.tree, ignore_errors=True)

    def _seal(self, loaded: dict[str, tuple[int, int]]) -> None:
        """Write the record (when it changed), then the marker that makes it trusted."""
        if self.folders != loaded:
            write_record(self.record, self.folders)
        mark = {"out": _ino(self.out), "shadow": self._identity(), "live": self.live_since}
        write_atomic(self.marker, json.dumps(mark))

    def _identity(self) -> list[int]:
        """The shadow folder's inode and ctime: a folder made anew may get a freed inode
        number, but anything done to the folder after the marker was written moves the ctime."""
        st = os.lstat(self.tree)
        return [st.st_ino, st.st_ctime_ns]

    def _catch_up(self) -> None:
        """Bring the shadow level with the output folder: list again each folder whose mtime
        or `folder_meta` moved since the record was written (every folder, without a record)."""
        lstat, dirty = os.lstat, []
        top = os.open(self.out, os.O_RDONLY | os.O_DIRECTORY)
        try:  # the one cost paid at every commit: one lstat per folder, nothing more
            for rel, (mtime, meta) in self.folders.items():
                try:
                    st = lstat(rel or ".", dir_fd=top)
                except (FileNotFoundError, NotADirectoryError):
                    dirty.append(rel)
                    continue
                if (
                    st.st_mtime_ns != mtime
                    or st.st_mode | st.st_uid << 32 | st.st_gid << 64 != meta
                ):
                    dirty.append(rel)  # (folder_meta, inline: the hot loop)
        finally:
            os.close(top)
        if "" not in self.folders or not all(map(self._sound, dirty)):
            self.folders, dirty = {}, [""]
        for rel in sorted(dirty):  # parents first
            st = _lstat(self._path(self.out, rel))
            if st is None or not stat.S_ISDIR(st.st_mode):
                del self.folders[rel]  # gone: its parent moved too, and is listed again
            else:
                self.resync(rel, keep=st.st_mtime_ns <= self.live_since)  # (the same tick:
                # kept, never lost)

    def _mend(self, folders: list[str]) -> bool:
        """Check the shadow's copies of the folders a commit changes against the record, and
        mend those that differ. False when one of them is not a real folder (a symlink) in
        either copy: writing through it could leave the shadow."""
        for rel in folders:  # parents first
            mine = _lstat(self._path(self.tree, rel))
            theirs = _lstat(self._path(self.out, rel))
            if any(s is not None and not stat.S_ISDIR(s.st_mode) for s in (mine, theirs)):
                return False
            if mine is None and theirs is None:
                continue  # a new folder
            if mine is None or (mine.st_mtime_ns, folder_meta(mine)) != self.folders.get(rel):
                self.resync(rel, keep=True)
        return True

    def _stamp(self, folders: Iterable[str], new: int) -> None:
        """Give the shadow's copies of `folders` their recorded mtime back after a change (`new`
        for folders the change made, RACY: leave those alone); forget folders it removed."""
        for rel in folders:
            path = self._path(self.tree, rel)
            st = _lstat(path)
            if st is None or not stat.S_ISDIR(st.st_mode):
                self.folders.pop(rel, None)
                continue
            mtime, _ = self.folders.setdefault(rel, (new, folder_meta(st)))
            if mtime != RACY:
                os.utime(path, ns=(mtime, mtime))

    def _past(self) -> int:
        """An mtime for new folders: whole seconds (any file system keeps it as it is), before
        this commit began (no later change can give a folder this mtime)."""
        return (self.now // 10**9 - 1) * 10**9

    def _sound(self, rel: str) -> bool:
        """`rel` is a plain relative path, and no folder above it in the shadow is a symlink or
        missing (resyncing it stays inside the shadow)."""
        parts = rel.split("/") if rel else []
        if any(p in ("", ".", "..") for p in parts):
            return False
        path = str(self.tree)
        for part in parts[:-1]:
            path += "/" + part
            st = _lstat(path)
            if st is None or not stat.S_ISDIR(st.st_mode):
                return False
        return True

    @staticmethod
    def _path(root: Path, rel: str) -> str:
        return f"{root}/{rel}" if rel else str(root)


def read_record(path: Path) -> dict[str, tuple[int, int]] | None:
    """The shadow's record at `path`, folder -> (mtime or RACY, folder_meta); None when it is
    missing, damaged or of another format (the shadow is then mended from scratch). JSON: a
    damaged or foreign record is only data, never run. Shared (a long-lived process gets the
    one it last wrote): not to be changed."""
    try:
        return read_remembered(path, _record)
    except OSError:
        return None


def _record(text: bytes) -> dict[str, tuple[int, int]] | None:
    try:
        data = json.loads(text)
        if data["format"] != RECORD:
            return None
        folders, mtimes, metas = data["folders"], data["mtimes"], data["metas"]
        counts = {len(folders), len(mtimes), len(metas)}
    except (ValueError, TypeError, KeyError):
        return None
    typed = (  # (by type, in bulk: a record holds a line per folder of the site)
        len(counts) == 1
        and set(map(type, folders)) <= {str}
        and set(map(type, mtimes)) | set(map(type, metas)) <= {int}
    )
    return dict(zip(folders, zip(mtimes, metas, strict=True), strict=True)) if typed else None


def write_record(path: Path, folders: dict[str, tuple[int, int]]) -> None:
    """Write the record `read_record` reads (as three lists: they load faster than objects)."""
    values = list(folders.values())
    data = {
        "format": RECORD,
        "folders": list(folders),
        "mtimes": [mtime for mtime, _ in values],
        "metas": [meta for _, meta in values],
    }
    write_remembered(path, json.dumps(data, separators=(",", ":")), dict(folders))


def file_time(probe: Path) -> int:
    """The file system's time now: the mtime it gives `probe`, touched now. A change made
    after this call gets this time or a later one (the same clock, at the same granularity)."""
    probe.touch()
    return os.stat(probe).st_mtime_ns


def _folders_of(paths: Iterable[str]) -> list[str]:
    """Every folder holding one of `paths`, with every folder above it; parents first."""
    found: set[str] = set()
    for path in paths:
        parts = path.split("/")[:-1]
        for n in range(len(parts), -1, -1):
            folder = "/".join(parts[:n])
            if folder in found:
                break
            found.add(folder)
    return sorted(found)


def _lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _ino(path: Path) -> int:
    return os.lstat(path).st_ino


def folder_meta(st: os.stat_result) -> int:
    """What the two copies of a folder share besides names: type and mode, owner, group."""
    return st.st_mode | st.st_uid << 32 | st.st_gid << 64


def _copy_attributes(src: str, dst: str) -> None:
    """Give `dst` the extended attributes of `src` (ACLs, SELinux labels); refused: EPERM."""
    try:
        theirs, ours = _attributes(src), _attributes(dst)
        for name in ours.keys() - theirs.keys():
            os.removexattr(dst, name, follow_symlinks=False)
        for name, value in theirs.items():
            if ours.get(name) != value:
                os.setxattr(dst, name, value, follow_symlinks=False)
    except OSError as exc:
        raise OSError(errno.EPERM, f"extended attributes not copied ({exc.strerror})", dst) from exc


def _attributes(path: str) -> dict[str, bytes]:
    try:
        names = os.listxattr(path, follow_symlinks=False)
    except OSError as exc:
        if exc.errno == errno.EOPNOTSUPP:
            return {}  # a file system without them
        raise
    return {name: os.getxattr(path, name, follow_symlinks=False) for name in names}


def _entries(folder: str, make: bool = False) -> dict[str, os.DirEntry]:
    """The entries of `folder`; with `make`, first made a real (empty) folder if it is not one."""
    st = _lstat(folder)
    if make and st is not None and not stat.S_ISDIR(st.st_mode):
        os.unlink(folder)
        st = None
    if make and st is None:
        os.mkdir(folder)
        return {}
    with os.scandir(folder) as found:
        return {e.name: e for e in found}


def _remove(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


class Exchange:
    """The default strategy: a first build renamed into place whole (its shadow made from the
    staged tree first, while nothing is live on it); later ones put in place by one exchange
    with the shadow, or under the journal where no exchange is possible (not Linux, a symlink
    or a mount point, another file system than the cache, a refusal: then noted in `no-swap`,
    and the journal used for this output folder until its file system changes). `shadow` makes
    the `Shadow` of each commit: the seam for another clock, or a subclass that wraps a step."""

    def __init__(self, shadow: Callable[[Path, Path], Shadow] = Shadow) -> None:
        self.shadow = shadow

    def tree(self, out: Path) -> bool:
        return not out.exists()

    def commit(self, staged: Staged) -> None:
        shadow = self.shadow(staged.out, staged.work)
        if staged.tree:
            seeded = shadow.seed(staged.root, staged.changed)
            Rename().commit(staged)
            if seeded:
                shadow.sealed()
            else:
                shadow.commit([], [])
        elif not shadow.commit(staged.changed, staged.removed):
            Journal().commit(staged)
