"""How a commit strategy is asked to put a change set in place, and the simplest one: a first
build, staged as a whole tree, renamed into place in one step.

The strategies (`Rename` here, `Journal` in `journal`, `Exchange` in `swap`) share one shape: the
writer asks `tree(out)` before staging anything (stage every file at its path, to be moved in
whole, or file by file), then hands `commit` a `Staged`. Tests and unusual file systems choose
one through `write_site(commit=...)`; a strategy object can be wrapped or given other parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator.core.errors import SourceError
from generator.output.files import move


@dataclass(frozen=True, slots=True)
class Staged:
    """A change set made ready: the new versions are files in `root` (in the writer's work
    folder), nothing in the output folder has been touched yet, and every path has been
    checked (inside the output folder, no symlink leading out)."""

    out: Path
    work: Path
    root: Path  # the staging folder
    tree: bool  # the staged files stand at their paths under `root` (else one file each)
    changed: list[tuple[str, Path]]  # (path, staged file holding its new version)
    removed: list[str]

    @property
    def empty(self) -> bool:
        return not self.changed and not self.removed


class Strategy(Protocol):
    """One way of putting a change set into the output folder."""

    def tree(self, out: Path) -> bool:
        """Whether to stage the files at their paths (the whole site, renamed into place);
        raises a SourceError when this strategy cannot commit into `out`."""
        ...

    def commit(self, staged: Staged) -> None:
        """Make the output folder hold the staged files and lose the removed ones."""
        ...


class Rename:
    """A first build: the staging folder, the whole new site, becomes the output folder in one
    rename, so a kill leaves no output folder or the whole site. (Where the cache is on another
    file system the tree is copied in: a kill then leaves part of it, which the next build,
    finding no record, completes and keeps the rest.)"""

    def tree(self, out: Path) -> bool:
        if out.exists() or out.is_symlink():
            raise SourceError(
                str(out),
                None,
                "exists: the 'rename' commit puts only a first build in place (use 'exchange' "
                "or 'journal', or remove the folder)",
            )
        return True

    def commit(self, staged: Staged) -> None:
        staged.root.mkdir(parents=True, exist_ok=True)
        move(staged.root, staged.out)
