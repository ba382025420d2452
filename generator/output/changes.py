"""The change set: what turns one version of a site into the next, by content hash. Pure (no
I/O), so the writer applies it to the output folder and a deploy can apply the same to a
server."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ChangeSet:
    write: dict[str, str]  # path -> content hash: new files, and files whose bytes changed
    keep: dict[str, str]  # path -> content hash: in place already, same bytes
    remove: tuple[str, ...]  # paths of the previous version that the new one lacks, sorted

    @property
    def record(self) -> dict[str, str]:
        """The new version, path -> content hash: the next change set's `before`."""
        return {**self.keep, **self.write}


def is_new(before: Mapping[str, str], path: str, digest: str) -> bool:
    """Whether `path` with content hash `digest` must be written over `before`."""
    return before.get(path) != digest


def change_set(before: Mapping[str, str], after: Mapping[str, str]) -> ChangeSet:
    """What turns a site whose files hash to `before` (path -> content hash) into one whose
    files hash to `after`."""
    write, keep = {}, {}
    for path, digest in after.items():
        (write if is_new(before, path, digest) else keep)[path] = digest
    return ChangeSet(write, keep, tuple(sorted(p for p in before if p not in after)))
