"""Writing the imported site: only into SITE_DIR, never into SOURCE; an existing non-empty
SITE_DIR is refused unless merging, and a merge never overwrites a file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.core.errors import SourceError
from generator.migrate.model import Log

Output = dict[str, "str | Path"]  # path under the site -> its text, or the file to copy


def check(source: Path, site: Path, merge: bool) -> None:
    """Refuse a SITE_DIR that would change SOURCE, or a non-empty one unless `merge`."""
    if not source.exists():
        raise SourceError(str(source), None, "not found: give the source site's folder or file")
    here, there = site.resolve(), source.resolve()
    if here == there or there in here.parents:
        raise SourceError(str(site), None, "is inside SOURCE: import never writes into the source")
    if site.exists() and not site.is_dir():
        raise SourceError(str(site), None, "is a file: give a folder for the new site")
    if site.is_dir() and any(site.iterdir()) and not merge:
        raise SourceError(
            str(site),
            None,
            "is not empty: give a new or empty folder, or add --merge to add to it "
            "(no existing file is overwritten)",
        )


def write(site: Path, output: Output, log: Log) -> int:
    """Write every file that is not there yet; the number written. Each file is written beside
    its place and renamed into it, so none is left half-written."""
    written = 0
    for rel, content in output.items():
        target = site / rel
        if target.exists() or target.is_symlink():
            log.leave(rel, None, "already exists: kept as it was, not overwritten (--merge)")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.part")
        if isinstance(content, Path):
            shutil.copyfile(content, partial)
        else:
            partial.write_text(content, encoding="utf-8")
        os.replace(partial, target)
        written += 1
    return written
