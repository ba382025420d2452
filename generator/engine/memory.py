"""What the engine keeps of its last good build, in memory (`masthead serve`) and on disk (for the
next `masthead build`), so that an edit to article bodies redoes only the pages showing them.

On disk the plan is one file per output folder, written after every build that planned all
pages. Its articles and pages stay pickled one by one until read: a body edit of a site of
10,000 articles decodes the few pages that show the body and the articles they name, not the
whole plan. The file is trusted only when its digest is the one the saved cache state names.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from generator.core.config import SiteConfig
from generator.core.hashing import ChecksumWriter, checksum
from generator.core.model import Page, Site
from generator.engine.store import MAGIC, CacheState
from generator.load.inventory import Inventory

if TYPE_CHECKING:
    from generator.engine.options import BuildOptions

PLAN = "plan.pickle"
V = TypeVar("V")


class Packed(Mapping[str, V], Generic[V]):
    """A mapping whose values stay pickled until read (then kept): loading thousands of them
    costs a copy of bytes, and a build that reads three decodes three."""

    def __init__(self, blobs: dict[str, bytes]) -> None:
        self._blobs = blobs
        self._values: dict[str, V] = {}

    @classmethod
    def of(cls, values: Mapping[str, V]) -> Packed[V]:
        return cls({k: pickle.dumps(v, pickle.HIGHEST_PROTOCOL) for k, v in values.items()})

    def __getitem__(self, key: str) -> V:
        try:
            return self._values[key]
        except KeyError:
            value = self._values[key] = pickle.loads(self._blobs[key])
            return value

    def __contains__(self, key: object) -> bool:
        return key in self._blobs

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)

    def __reduce__(self):
        return (Packed, (self._blobs,))


class PagePlan:
    """Every page of a build, in order. Paths and labels are at hand; stored, whole pages (with
    their contexts) are decoded only for the pages asked for."""

    def __init__(self, pages: Iterable[Page]) -> None:
        pages = list(pages)
        self.refs = [(p.path, p.label) for p in pages]
        self.by_body: dict[str, list[int]] = {}
        for n, page in enumerate(pages):
            for body in page.bodies:
                self.by_body.setdefault(body, []).append(n)
        self._pages: Mapping[str, Page] = {str(n): p for n, p in enumerate(pages)}

    def __len__(self) -> int:
        return len(self.refs)

    def showing(self, ids: Iterable[str]) -> list[Page]:
        """The pages that show the body of any of `ids`, in plan order."""
        found = sorted({n for i in ids for n in self.by_body.get(i, ())})
        return [self._pages[str(n)] for n in found]

    def where(self, keep: Callable[[str], bool]) -> list[Page]:
        """The pages whose path `keep` accepts, in plan order."""
        return [self._pages[str(n)] for n, (path, _) in enumerate(self.refs) if keep(path)]

    def __getstate__(self) -> tuple:
        return self.refs, self.by_body, Packed.of(self._pages)

    def __setstate__(self, state: tuple) -> None:
        self.refs, self.by_body, self._pages = state


@dataclass(frozen=True, slots=True)
class Memory:
    """The last good build: its plan and every input key the plan was made from."""

    options: BuildOptions
    config: SiteConfig
    templates: str  # digest of every template of the theme chain
    inventory: Inventory
    meta_keys: dict[str, str]  # id -> metadata key of every source, held back or not
    meta: dict[str, str]  # id -> metadata key as pages are keyed (scheduled included)
    body_keys: dict[str, str]
    site: Site
    pages: PagePlan
    keys: dict[str, str]  # path -> input key
    globals_key: str
    valid_until: datetime | None

    def same_build(self, options: BuildOptions) -> bool:
        """Whether `options` ask for the same site as this build's did."""
        return _comparable(self.options) == _comparable(options)


def _comparable(options: BuildOptions) -> BuildOptions:
    return replace(options, changed=None, progress=None, jobs=None)


def save_plan(folder: Path, state: CacheState, memory: Memory, out: str) -> None:
    """Write the plan of output folder `out` into the writer's `folder` (temp file + rename) and
    name its digest in `state`, which the caller saves next: a plan written without the state
    that names it is never used."""
    site = memory.site
    stored = replace(
        memory,
        options=_comparable(memory.options),
        site=Site(site.sections, Packed.of(site.articles), site.held_back, site.now),
        keys={},
        body_keys={},
    )
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{PLAN}.{os.getpid()}.tmp"
    with open(tmp, "wb") as file:
        file.write(MAGIC)
        summed = ChecksumWriter(file)
        pickle.dump(stored, summed, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, folder / PLAN)
    state.plans[out] = summed.checksum()


def load_plan(folder: Path, state: CacheState, out: str) -> Memory | None:
    """The plan saved for this output folder with `state`, keyed as `state` says the pages
    now are; None when there is none or it is not the one `state` names."""
    expected = state.plans.get(out)
    try:
        raw = (folder / PLAN).read_bytes() if expected else b""
    except OSError:
        return None
    payload = memoryview(raw)[len(MAGIC) :]
    if not raw.startswith(MAGIC) or checksum(payload) != expected:
        return None
    memory: Memory = pickle.loads(payload)  # our own file, checked by digest above
    bodies = {i: state.sources[i].body_key for i in memory.meta_keys if i in state.sources}
    return replace(memory, keys=dict(state.outputs.get(out, {})), body_keys=bodies)
