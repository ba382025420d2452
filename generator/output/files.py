"""File operations that the writer and its commit strategies share."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from generator.core.errors import SourceError


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `path` whole or not at all (a reader never sees half of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data.encode() if isinstance(data, str) else data)
    os.replace(tmp, path)


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
