"""The writer's record of what it wrote into the output folder: path -> content hash, for each
file of the last build. A base (`manifest.json`) and a log of the changes since (`manifest.log`):
a build that changes a few files of a large site appends a few lines rather than writing the
whole record again (13,000 entries for 10,000 articles). The base is written anew, and the log
dropped, once the log grows past an eighth of it.

Before a commit, the paths it writes are logged as of unknown content; after it, with their
hashes. A kill in between leaves those paths to be written again by the next build, whatever
they then hold: never trusted with a hash they may not have. The log begins with the token of
the base it extends, so a log left beside another base (a kill while a base was written anew, a
base restored or damaged by hand) is ignored; a line cut short by a kill ends it, and the base is
written anew at the next change. Both files are only data (JSON), never run.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from generator.output.files import identity, recall, remember, write_atomic

FORMAT = "manifest-2"  # the base's format: another one (or none) is read as no record
UNKNOWN = ""  # the hash of a path whose content is not known: written again by the next build
SMALL_LOG = 256  # lines the log may always reach before the base is written anew


@dataclass(frozen=True, slots=True)
class Manifest:
    """The record as read or written. `files` is shared (the same mapping is given to the next
    reader in this process): not to be changed. `token` names the base (None: there is none);
    `lines` counts the log's lines after it (None: the log cannot be extended)."""

    path: Path
    files: Mapping[str, str]
    token: str | None = None
    lines: int | None = 0

    @property
    def log(self) -> Path:
        return self.path.with_suffix(".log")


def load(path: Path) -> Manifest:
    """The record whose base is `path`; empty (no token) when the base is missing, damaged or
    of another format."""
    try:
        with open(path, "rb") as base, _open_if_there(path.with_suffix(".log")) as tail:
            return _read(path, base, tail)
    except OSError:
        return Manifest(path, {}, None, None)


@contextlib.contextmanager
def _open_if_there(path: Path) -> Iterator[BinaryIO | None]:
    try:
        file = open(path, "rb")  # noqa: SIM115 (closed below)
    except FileNotFoundError:
        yield None
        return
    with file:
        yield file


def _read(path: Path, base: BinaryIO, tail: BinaryIO | None) -> Manifest:
    """The record from the open base and log, or the one this process last read or wrote
    while both are the same files."""
    held = (identity(os.fstat(base.fileno())), tail and identity(os.fstat(tail.fileno())))
    known = recall(path, held)
    if isinstance(known, Manifest):
        return known
    files, token = _base(base.read())
    lines = _replay(files, tail.read(), token) if tail is not None and token else 0
    manifest = Manifest(path, files, token, lines if token else None)
    remember(path, held, manifest)
    return manifest


def mark(manifest: Manifest, paths: Iterable[str]) -> Manifest:
    """Log `paths` as of unknown content: the commit about to write them may be killed. Without
    a base there is nothing to mark: no hash of this output folder is trusted."""
    entries = dict.fromkeys(paths, UNKNOWN)
    if manifest.token is None or not entries:
        return manifest
    return _write(manifest, entries, lambda: {**manifest.files, **entries})


def update(manifest: Manifest, files: dict[str, str], entries: Mapping[str, str | None]) -> None:
    """Make the record `files`: the one `manifest` holds changed by `entries` (path -> hash,
    None: removed). `files` is not to be changed afterwards."""
    if entries or manifest.token is None:
        _write(manifest, entries, lambda: files)


def _write(
    manifest: Manifest, entries: Mapping[str, str | None], files: Callable[[], dict[str, str]]
) -> Manifest:
    """Append `entries` to the log; or write the base anew (`files()`, the whole record) when
    there is none, or the log cannot be extended or has grown long."""
    path, token, lines = manifest.path, manifest.token, manifest.lines
    if (
        token is None
        or lines is None
        or lines + len(entries) > max(SMALL_LOG, len(manifest.files) // 8)
    ):
        return _write_base(path, files())
    text = "".join(json.dumps([p, h]) + "\n" for p, h in entries.items())
    if lines == 0:  # a new log (replacing any that extends another base)
        written = write_atomic(manifest.log, json.dumps({"base": token}) + "\n" + text)
    else:
        written = _append(manifest.log, text)
    result = Manifest(path, files(), token, lines + len(entries))
    remember(path, (identity(os.stat(path)), identity(written)), result)
    return result


def _write_base(path: Path, files: dict[str, str]) -> Manifest:
    token = secrets.token_hex(8)
    data = {"format": FORMAT, "token": token, "files": files}
    written = write_atomic(path, json.dumps(data, sort_keys=True))
    path.with_suffix(".log").unlink(missing_ok=True)  # (it names the last base's token)
    manifest = Manifest(path, files, token, 0)
    remember(path, (identity(written), None), manifest)
    return manifest


def _append(log: Path, text: str) -> os.stat_result:
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    try:
        os.write(fd, text.encode())
        return os.fstat(fd)
    finally:
        os.close(fd)


def _base(data: bytes) -> tuple[dict[str, str], str | None]:
    """The files and token of a base; ({}, None) when it is damaged or of another format."""
    try:
        found = json.loads(data)
        files, token = found["files"], found["token"]
        if found["format"] != FORMAT or not isinstance(token, str):
            return {}, None
    except (ValueError, TypeError, KeyError):
        return {}, None
    typed = isinstance(files, dict) and set(map(type, files.values())) <= {str}
    return (files, token) if typed else ({}, None)


def _replay(files: dict[str, str], data: bytes, token: str) -> int | None:
    """Apply the log `data` to `files`; the number of its lines (0: it extends another base,
    or none), None when a line is cut short or damaged (what came before it is applied)."""
    lines = data.split(b"\n")
    try:
        if json.loads(lines[0]) != {"base": token}:
            return 0
    except ValueError:
        return 0
    for line in lines[1:-1]:
        try:
            path, digest = json.loads(line)
        except (ValueError, TypeError):
            return None
        if not isinstance(path, str) or not isinstance(digest, str | None):
            return None
        if digest is None:
            files.pop(path, None)
        else:
            files[path] = digest
    return len(lines) - 2 if lines[-1] == b"" else None
