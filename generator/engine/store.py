"""The persistent build cache in `.masthead-cache/`: what each source parsed to, and what each
output was made from, so a rebuild redoes only what a change touches.

Never trusted blindly: a cache from another Masthead version, or one that is truncated or
garbage, is dropped with a one-line note and the build runs clean. Bodies live in an append-only
log (one sequential write on a cold build, lazy reads after); the index is one pickle.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.core.hashing import ChecksumWriter, checksum, digest

MAGIC = b"MASTHEAD-CACHE 2\n"
STATE = "state.pickle"
BODIES = "bodies.log"


class CacheDamaged(Exception):
    """The cache cannot be trusted; the message says why, in a few words."""


@dataclass(slots=True)
class SourceEntry:
    """A source file as last seen, and what it parsed to (the article without its body)."""

    size: int
    mtime_ns: int
    sha: str
    settings: str  # digest of the parse settings it was parsed with
    article: bytes  # the Article, pickled: decoded only by builds that need every article
    meta_key: str  # digest of the article's metadata
    body_key: str  # digest of its body
    body: tuple[int, int]  # offset and length of its body in the log


@dataclass(slots=True)
class CacheState:
    version: str = __version__
    sources: dict[str, SourceEntry] = field(default_factory=dict)
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)  # out -> path -> key
    log_size: int = 0  # bytes of the body log this state refers to
    garbage: int = 0  # bytes of the log no entry refers to any more
    saved_ns: int = 0  # when it was saved: files modified since may change within one tick
    plans: dict[str, str] = field(default_factory=dict)  # writer's folder -> digest of its plan


def load_state(folder: Path) -> CacheState:
    """The saved state, an empty one when there is none; CacheDamaged when it is unusable."""
    path = folder / STATE
    if not path.exists():
        return CacheState()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CacheDamaged(f"unreadable ({exc.strerror})") from None
    if not raw.startswith(MAGIC):
        ours = raw.startswith(MAGIC.split(b" ")[0])
        raise CacheDamaged("from another Masthead version" if ours else "not a Masthead cache")
    start = raw.find(b"\n", len(MAGIC)) + 1
    head, payload = raw[len(MAGIC) : start - 1], memoryview(raw)[start:]  # no copy of it all
    if not start or head.decode("ascii", "replace") != checksum(payload):
        raise CacheDamaged("truncated or damaged")
    try:
        state = pickle.loads(payload)  # our own file, checked by digest above
    except Exception:
        raise CacheDamaged("unreadable contents") from None
    if not isinstance(state, CacheState):
        raise CacheDamaged("unexpected contents")
    if state.version != __version__:
        raise CacheDamaged(f"made by Masthead {state.version}, this is {__version__}")
    log = folder / BODIES
    if state.log_size and (not log.exists() or log.stat().st_size < state.log_size):
        raise CacheDamaged("body log truncated")
    return state


def save_state(folder: Path, state: CacheState) -> None:
    """Write the state atomically (temp file + rename): a killed build leaves the old one. The
    pickle streams to disk; its checksum goes in the header once known."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{STATE}.{os.getpid()}.tmp"
    with open(tmp, "wb") as file:
        file.write(MAGIC + b"0" * len(checksum(b"")) + b"\n")
        summed = ChecksumWriter(file)
        pickle.dump(state, summed, protocol=pickle.HIGHEST_PROTOCOL)
        file.seek(len(MAGIC))
        file.write(summed.checksum().encode())
    os.replace(tmp, folder / STATE)


class BodyLog(Mapping[str, str]):
    """Article bodies by id, read lazily from the log; new ones are appended."""

    def __init__(self, folder: Path, state: CacheState, append: bool = True) -> None:
        self.path = folder / BODIES
        self.state = state
        self.fresh: dict[str, str] = {}  # new bodies, before (or instead of) the log
        self.appends = append  # False: keep new bodies in memory (a long-lived preview, which
        # must not write at an end of the log that another build may have moved)
        self._file = None
        self._pid = 0

    def __getitem__(self, article_id: str) -> str:
        if article_id in self.fresh:
            return self.fresh[article_id]
        entry = self.state.sources[article_id]
        offset, length = entry.body
        try:
            handle = self._handle()
            handle.seek(offset)
            data = handle.read(length)
        except OSError as exc:
            raise CacheDamaged(f"body log unreadable ({exc.strerror})") from None
        if len(data) != length or digest(data) != entry.body_key:
            raise CacheDamaged("body log damaged")
        return data.decode()

    def _handle(self):
        if self._file is None or self._pid != os.getpid():  # a worker process opens its own
            self._file, self._pid = open(self.path, "rb"), os.getpid()  # noqa: SIM115
        return self._file

    def __iter__(self) -> Iterator[str]:
        return iter({**self.state.sources, **self.fresh})

    def __len__(self) -> int:
        return len(set(self.state.sources) | set(self.fresh))

    def append(self, bodies: dict[str, str]) -> dict[str, tuple[int, int]]:
        """Write new bodies at the end of the log, to be read back from it when a page needs
        them (a cold build of 100,000 articles would otherwise hold them all in memory);
        returns where each went."""
        if not self.appends:
            self.fresh.update(bodies)
            return {i: (-1, 0) for i in bodies}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        places = {}
        with open(self.path, "ab") as log:
            if log.seek(0, os.SEEK_END) < self.state.log_size:
                raise CacheDamaged("body log truncated")
            log.truncate(self.state.log_size)  # drop what a killed build left unreferenced
            log.seek(self.state.log_size)
            offset = self.state.log_size
            for article_id, body in bodies.items():
                data = body.encode()
                log.write(data)
                places[article_id] = (offset, len(data))
                offset += len(data)
        self.state.log_size = offset
        return places


def compact(folder: Path, state: CacheState, log: BodyLog | None) -> None:
    """Rewrite the body log without the bodies of changed and deleted files once they are most
    of it, so the cache does not grow without end."""
    if log is None or state.garbage < max(1 << 20, state.log_size // 2):
        return
    bodies = {i: log[i] for i in state.sources}
    tmp = folder / f"{BODIES}.{os.getpid()}.tmp"
    offset, places = 0, {}
    with open(tmp, "wb") as out:
        for article_id, body in bodies.items():
            data = body.encode()
            out.write(data)
            places[article_id] = (offset, len(data))
            offset += len(data)
    for article_id, place in places.items():
        state.sources[article_id].body = place
    os.replace(tmp, folder / BODIES)
    state.log_size, state.garbage = offset, 0
    log._file = None
