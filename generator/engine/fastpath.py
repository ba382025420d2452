"""The no-change fast path: when no file a build reads has changed since the last successful
build (same names, sizes and time stamps, none too recent to trust), the same options apply,
and no date has passed that changes the site, the output is already right."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from generator import __version__

QUICK = "quick.json"
RESULT_FIELDS = ("warnings", "articles", "sections", "held_back", "files", "pages")


@dataclass(frozen=True, slots=True)
class Inputs:
    settings: str  # repr of the options and version that shape the output
    files: list[str]  # every file the build reads


Stats = dict[str, tuple[int, int]]  # path -> (size, mtime_ns), of the files that exist


def look(files: list[str]) -> Stats:
    """The size and time stamp of every file that exists: taken once per build, for this fast
    path and for the parse stage, which re-reads only the files that differ from the cache."""
    found = {}
    for path in files:
        try:
            stat = os.stat(path)
        except OSError:
            continue
        found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def fingerprint(inputs: Inputs, stats: Stats, saved_ns: int) -> str | None:
    """A digest of names, sizes and times; None if a file is missing or changed at or after
    `saved_ns`, when a later change could keep the same size and time stamp."""
    h = hashlib.blake2b(inputs.settings.encode(), digest_size=16)
    for path in inputs.files:
        seen = stats.get(path)
        if seen is None or seen[1] >= saved_ns:
            return None
        h.update(f"{path}\0{seen[0]}\0{seen[1]}\n".encode())
    return h.hexdigest()


def check(cache_dir: Path, inputs: Inputs, stats: Stats, now: datetime) -> dict | None:
    """The last build's result fields when nothing changed since, else None."""
    try:
        saved = json.loads((cache_dir / QUICK).read_text())
        if saved["version"] != __version__:
            return None
        until = saved["valid_until"]
        if until is not None and now >= datetime.fromisoformat(until):
            return None
        if fingerprint(inputs, stats, saved["saved_ns"]) != saved["fingerprint"]:
            return None
        result = {k: saved["result"][k] for k in RESULT_FIELDS}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    result["warnings"] = tuple(result["warnings"])
    return {**result, "unchanged": result["files"]}


def save(
    cache_dir: Path,
    inputs: Inputs,
    stats: Stats,
    saved_ns: int,
    valid_until: datetime | None,
    result,
) -> None:
    """Record this build for the fast path. `stats` may be those taken when the build began:
    a file changed since no longer matches them, and one changed at or after `saved_ns` (the
    build's start) is not recorded at all."""
    path = cache_dir / QUICK
    found = fingerprint(inputs, stats, saved_ns)
    if found is None or not result.ok:
        path.unlink(missing_ok=True)
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    data = {
        "version": __version__,
        "fingerprint": found,
        "saved_ns": saved_ns,
        "valid_until": valid_until.isoformat() if valid_until else None,
        "result": {k: getattr(result, k) for k in RESULT_FIELDS},
    }
    tmp = path.with_name(f"{QUICK}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, default=list))
    os.replace(tmp, path)
