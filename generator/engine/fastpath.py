"""The no-change fast path: when no file a build reads has changed since the last successful
build (same names, sizes and time stamps, none too recent to trust), the fingerprint is the same
and no date has passed that changes the site, the output is already right. Its record is kept
in the store (`quick`)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime

from generator.load.inventory import Stats

RESULT_FIELDS = ("warnings", "articles", "sections", "held_back", "files", "pages")


@dataclass(frozen=True, slots=True)
class Inputs:
    settings: str  # Fingerprint.site: version, model, site.yaml, the options that shape output
    files: list[str]  # every file the build reads


def look(files: list[str], seen: Stats) -> Stats:
    """The size and time stamp of every file that exists: taken once per build, for this fast
    path and for the parse stage, which re-reads only the files that differ from the cache.
    `seen` holds those the scan of content/ took already."""
    found = dict(seen)
    for path in files:
        if path in found:
            continue
        try:
            stat = os.stat(path)
        except OSError:
            continue
        found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def stamp(inputs: Inputs, stats: Stats, saved_ns: int) -> str | None:
    """A digest of settings, names, sizes and times; None if a file is missing or changed at or
    after `saved_ns`, when a later change could keep the same size and time stamp."""
    h = hashlib.blake2b(inputs.settings.encode(), digest_size=16)
    for path in inputs.files:
        seen = stats.get(path)
        if seen is None or seen[1] >= saved_ns:
            return None
        h.update(f"{path}\0{seen[0]}\0{seen[1]}\n".encode())
    return h.hexdigest()


def check(record: str | None, inputs: Inputs, stats: Stats, now: datetime) -> dict | None:
    """The last build's result fields when nothing changed since, else None."""
    try:
        saved = json.loads(record or "null")
        since, until = (saved[k] and datetime.fromisoformat(saved[k]) for k in ("since", "until"))
        if now < since or (until is not None and now >= until):
            return None
        if stamp(inputs, stats, saved["saved_ns"]) != saved["stamp"]:
            return None
        result = {k: saved["result"][k] for k in RESULT_FIELDS}
    except (ValueError, KeyError, TypeError):
        return None
    result["warnings"] = tuple(result["warnings"])
    return {**result, "unchanged": result["files"]}


def record(
    inputs: Inputs,
    stats: Stats,
    saved_ns: int,
    window: tuple[datetime, datetime | None],
    result,
) -> str | None:
    """This build's record for the fast path, for `window` (from its "now" until a date
    changes the site); None when there is none to keep. `stats` may be those taken when the
    build began: a file changed since no longer matches them, and one changed at or after
    `saved_ns` (the build's start) is not recorded at all."""
    found = stamp(inputs, stats, saved_ns)
    if found is None or not result.ok:
        return None
    since, until = window
    data = {
        "stamp": found,
        "saved_ns": saved_ns,
        "since": since.isoformat(),
        "until": until.isoformat() if until else None,
        "result": {k: getattr(result, k) for k in RESULT_FIELDS},
    }
    return json.dumps(data, default=list)
