"""The journal: changed files moved into the output folder one by one, after the previous
version of every file touched is kept in the writer's work folder, so that `recover` (the first
thing every writer does) rolls back an update that a kill interrupted. It works on any file
system, into any folder (a symlink, a mount point); its limit: until the build ends (or, after a
kill, until the next build's rollback) a reader of the output folder can see a mix. (The
writer's record needs no rollback: the paths a commit writes are first marked in it as of
unknown content.)"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from generator.output.commit import Staged
from generator.output.files import move, prune_empty, safe_join

PLAN = "plan.json"  # written once everything is saved: from then on `recover` undoes


def journal_dir(work: Path) -> Path:
    return work / "journal"


class Journal:
    """Move changed files in one by one, under the journal (a first build too: into a new,
    empty output folder)."""

    def tree(self, out: Path) -> bool:
        return False

    def commit(self, staged: Staged) -> None:
        staged.out.mkdir(exist_ok=True)  # (a first build: made empty first)
        if staged.empty:
            return
        out, journal = staged.out, journal_dir(staged.work)
        shutil.rmtree(journal, ignore_errors=True)
        journal.mkdir(parents=True)
        _save(staged, journal)
        for rel, new in staged.changed:
            target = safe_join(out, rel)
            if not target.parent.is_dir():
                target.parent.mkdir(parents=True)
            self.move(new, target)
        for rel in staged.removed:
            safe_join(out, rel).unlink(missing_ok=True)
            prune_empty(out, safe_join(out, rel).parent)
        shutil.rmtree(journal)

    def move(self, source: Path, target: Path) -> None:
        """Move one new version in (a step a subclass may wrap: a disk that fills up)."""
        move(source, target)


def _save(staged: Staged, journal: Path) -> None:
    """Keep in `journal` what the commit replaces or removes; write the plan last."""
    saved, added = [], []
    changed = [rel for rel, _ in staged.changed]
    for n, rel in enumerate(changed + staged.removed):
        current = safe_join(staged.out, rel)
        if current.is_file() or current.is_symlink():
            _link_or_copy(current, journal / str(len(saved)))
            saved.append(rel)
        elif n < len(changed):
            added.append(rel)
    plan = {"saved": saved, "added": added}
    (journal / PLAN).write_text(json.dumps(plan))


def recover(out: Path, work: Path) -> bool:
    """Roll back an update that was interrupted (the journal is still there); True if it was."""
    journal = journal_dir(work)
    plan = _plan(journal / PLAN)
    if plan is None:
        shutil.rmtree(journal, ignore_errors=True)  # prepared, never started: nothing to undo
        return False
    for rel in plan["added"]:
        safe_join(out, rel).unlink(missing_ok=True)
    for n, rel in enumerate(plan["saved"]):
        target = safe_join(out, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        move(journal / str(n), target)
    shutil.rmtree(journal)
    return True


def _plan(path: Path) -> dict | None:
    """The plan of an update that started; None when there is none, or only part of one (a
    kill while it was written: nothing had moved yet)."""
    try:
        plan = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return plan if isinstance(plan, dict) else None


def _link_or_copy(existing: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if existing.is_symlink():
        os.symlink(os.readlink(existing), target)
        return
    try:
        os.link(existing, target)
    except OSError:
        shutil.copy2(existing, target)
