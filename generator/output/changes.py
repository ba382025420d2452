"""The change set: what turns one version of a site into the next, by content hash. Pure (no
I/O), so the writer applies it to the output folder and a deploy can apply the same to a
server."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ChangeSet:
    record: Mapping[str, str]  # the new version, path -> content hash: the next `before`
    write: dict[str, str]  # path -> content hash: new files, and files whose bytes changed
    remove: tuple[str, ...]  # paths of the previous version that the new one lacks, sorted

    @property
    def keep(self) -> dict[str, str]:
        """path -> content hash: in place already, same bytes."""
        return {p: h for p, h in self.record.items() if p not in self.write}


def is_new(before: Mapping[str, str], path: str, digest: str) -> bool:
    """Whether `path` with content hash `digest` must be written over `before`."""
    return before.get(path) != digest


def change_set(
    before: Mapping[str, str], after: Mapping[str, str], touched: Iterable[str] | None = None
) -> ChangeSet:
    """What turns a site whose files hash to `before` (path -> content hash) into one whose
    files hash to `after`. `touched`: the only paths of `after` whose hash may differ from
    `before` (the others are known the same), so a few changed files of a large site cost a
    few lookups."""
    paths = after if touched is None else touched
    write = {p: after[p] for p in paths if is_new(before, p, after[p])}
    return ChangeSet(after, write, tuple(sorted(before.keys() - after.keys())))
