"""The one writer: the only code that writes or deletes in the output folder.

A build is staged beside the output folder (unchanged files hard-linked from the current output,
changed ones written anew) and swapped in at once, so a failed or killed build leaves the
previous site whole. Files the writer did not create are kept unless asked to clean.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import BuildError, SourceError
from generator.render import OutputFile


@dataclass(frozen=True, slots=True)
class WriteResult:
    written: int
    unchanged: int
    removed: int


def dangerous_output(out: Path, site_dir: Path) -> str | None:
    """Why `out` must not be the output folder, or None: building there could delete user files."""
    out, site = out.resolve(), site_dir.resolve()
    home = Path.home().resolve()
    if out == Path(out.anchor) or out == home:
        return "is the root or home folder"
    if site.is_relative_to(out):
        return "is the site folder or one of its parents"
    for name in ("content", "templates", "themes", "static", ".git"):
        if out.is_relative_to(site / name):
            return f"is inside the site's {name}/ folder"
    return None


def safe_join(root: Path, rel: str) -> Path:
    """`root/rel`, refusing any path that could leave `root`."""
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or any(p in ("..", ".", "") for p in parts) or "\\" in rel:
        raise SourceError(rel, None, "output path would leave the output folder; refused")
    return root.joinpath(*parts)


def check_collisions(files: Iterable[OutputFile]) -> list[SourceError]:
    """Two sources for one output path (compared case-insensitively, as some hosts do)."""
    seen: dict[str, OutputFile] = {}
    errors = []
    for f in files:
        first = seen.setdefault(f.path.casefold(), f)
        if first is not f:
            errors.append(
                SourceError(
                    f.source,
                    None,
                    f"writes {f.path}, which {first.source} writes too: rename or move one of them",
                )
            )
    return errors


def _digest(f: OutputFile) -> str:
    if f.data is not None:
        return hashlib.sha256(f.data).hexdigest()
    stat = f.copy_from.stat()
    return f"copy:{stat.st_size}:{stat.st_mtime_ns}"


def read_manifest(manifest: Path) -> dict[str, str]:
    try:
        data = json.loads(manifest.read_text())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def write_site(
    out: Path, files: list[OutputFile], manifest: Path, clean: bool = False
) -> WriteResult:
    """Make `out` hold exactly `files`, plus the files in it that Masthead did not write
    (unless `clean`). `manifest` records what was written, outside the output folder so that
    it is never deployed."""
    errors = check_collisions(files)
    if errors:
        raise BuildError(errors)
    old = read_manifest(manifest) if out.is_dir() else {}
    new = {f.path: _digest(f) for f in files}
    same = {p for p, d in new.items() if old.get(p) == d and (out / p).is_file()}
    foreign = (
        []
        if clean
        else [p for p in _foreign(out, old) if p.casefold() not in {n.casefold() for n in new}]
    )
    stale = [p for p in old if p not in new and (out / p).exists()]
    if len(same) == len(new) and not stale and out.is_dir() and not clean:
        return WriteResult(0, len(same), 0)
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        for f in files:
            _place(staging, out, f, f.path in same)
        for rel in foreign:
            _place_link(out / rel, safe_join(staging, rel))
        _swap(staging, out)
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps(new, sort_keys=True))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return WriteResult(len(new) - len(same), len(same), len(stale))


def _foreign(out: Path, old: dict[str, str]) -> list[str]:
    if not out.is_dir():
        return []
    return sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if (p.is_file() or p.is_symlink()) and p.relative_to(out).as_posix() not in old
    )


def _place(staging: Path, out: Path, f: OutputFile, unchanged: bool) -> None:
    target = safe_join(staging, f.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if unchanged:
        _place_link(out / f.path, target)
    elif f.data is not None:
        target.write_bytes(f.data)
    else:
        shutil.copyfile(f.copy_from, target)


def _place_link(existing: Path, target: Path) -> None:
    """Hard-link an unchanged file (no bytes copied, mtime kept); copy where links fail."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if existing.is_symlink():
        os.symlink(os.readlink(existing), target)
        return
    try:
        os.link(existing, target)
    except OSError:
        shutil.copy2(existing, target)


def _swap(staging: Path, out: Path) -> None:
    """Put `staging` in the place of `out` in one step where the OS allows it."""
    if not out.exists():
        staging.rename(out)
        return
    if not _exchange(staging, out):
        backup = out.parent / f".{out.name}.old-{os.getpid()}"
        out.rename(backup)
        staging.rename(out)
        backup.rename(staging)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swaps two folders atomically."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return libc.renameat2(at_fdcwd, bytes(a), at_fdcwd, bytes(b), rename_exchange) == 0
