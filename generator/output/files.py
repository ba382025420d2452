"""File operations that the writer and its commit strategies share."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from generator.core.errors import SourceError

T = TypeVar("T")
Identity = tuple[int, int, int, int]  # a file's device, inode, size and mtime
# Records this process wrote or read, parsed, by path: (the identity of the files they were read
# from, what they hold). A long-lived process (`masthead serve`) does not parse its own records
# again at every build.
_REMEMBERED: dict[Path, tuple[object, object]] = {}


def write_atomic(path: Path, data: str | bytes) -> os.stat_result:
    """Write `path` whole or not at all (a reader never sees half of it); returns the stat of
    the file written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as file:
        file.write(data.encode() if isinstance(data, str) else data)
        file.flush()
        written = os.fstat(file.fileno())
    os.replace(tmp, path)
    return written


def read_remembered(path: Path, parse: Callable[[bytes], T]) -> T:
    """`parse` of the bytes of `path`, or what it gave before while `path` is the very file it
    was (a record is replaced whole, by a new inode). The value is shared: not to be changed.
    Raises OSError as reading would."""
    with open(path, "rb") as file:
        held = identity(os.fstat(file.fileno()))
        known = recall(path, held)
        if known is not None:
            return cast(T, known)
        value = parse(file.read())
    remember(path, held, value)
    return value


def write_remembered(path: Path, text: str, value: object) -> None:
    """`write_atomic`, remembering that `path` holds `value` (what `text` parses to) for
    `read_remembered`; `value` is not to be changed afterwards."""
    forget(path)
    remember(path, identity(write_atomic(path, text)), value)


def identity(st: os.stat_result) -> Identity:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def recall(key: Path, held: object) -> object | None:
    """What was remembered under `key` when its files had the identity `held`, or None."""
    known = _REMEMBERED.get(key)
    return known[1] if known is not None and known[0] == held else None


def remember(key: Path, held: object, value: object) -> None:
    _REMEMBERED[key] = (held, value)


def forget(key: Path) -> None:
    _REMEMBERED.pop(key, None)


def move(source: Path, target: Path) -> None:
    """Rename, or copy and delete where the two are on different file systems."""
    try:
        os.replace(source, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        shutil.move(source, target)


def prune_empty(root: Path, folder: Path) -> None:
    """Remove folders left empty by removed files, up to `root`."""
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


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
