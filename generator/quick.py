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
    files: list[Path]  # every file the build reads


def fingerprint(inputs: Inputs, saved_ns: int) -> str | None:
    """A digest of names, sizes and times; None if a file changed at or after `saved_ns`, when
    a later change could keep the same size and time stamp."""
    h = hashlib.blake2b(inputs.settings.encode(), digest_size=16)
    for path in inputs.files:
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if stat.st_mtime_ns >= saved_ns:
            return None
        h.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return h.hexdigest()


def check(cache_dir: Path, inputs: Inputs, now: datetime) -> dict | None:
    """The last build's result fields when nothing changed since, else None."""
    try:
        saved = json.loads((cache_dir / QUICK).read_text())
        if saved["version"] != __version__:
            return None
        until = saved["valid_until"]
        if until is not None and now >= datetime.fromisoformat(until):
            return None
        if fingerprint(inputs, saved["saved_ns"]) != saved["fingerprint"]:
            return None
        result = {k: saved["result"][k] for k in RESULT_FIELDS}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    result["warnings"] = tuple(result["warnings"])
    return {**result, "unchanged": result["files"]}


def save(
    cache_dir: Path, inputs: Inputs, saved_ns: int, valid_until: datetime | None, result
) -> None:
    """Record this build for the fast path, unless an input changed while it ran."""
    path = cache_dir / QUICK
    found = fingerprint(inputs, saved_ns)
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
