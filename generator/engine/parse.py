"""The parse stage of the engine: read and parse article files, reusing the cache for files that
did not change, and worker processes for the rest when there are many."""

from __future__ import annotations

import functools
import multiprocessing
import os
import pickle
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.core.errors import MAX_ERRORS, BuildError, SourceError
from generator.core.hashing import digest
from generator.core.model import Article, Progress
from generator.engine.store import BodyLog, CacheState, SourceEntry
from generator.load.frontmatter import ArticleErrors, ParseSettings, parse_article
from generator.load.inventory import read_source

PARALLEL_FROM = 48  # fewer files parse faster in this process than through workers
CHUNK = 16


@dataclass(frozen=True)
class Loaded:
    packed: dict[str, Article | bytes]  # id -> article, or as pickled in the cache
    bodies: Mapping[str, str]  # id -> body HTML, links unresolved
    meta_keys: dict[str, str]  # id -> digest of its metadata: what listings show
    body_keys: dict[str, str]  # id -> digest of its body
    parsed: int
    reused: int
    dropped: int  # cache entries of files that are gone

    @functools.cached_property
    def articles(self) -> list[Article]:
        """Every article, in inventory order; decoded from the cache on first use (a build that
        only re-renders the pages of changed bodies never asks)."""
        return [a if isinstance(a, Article) else pickle.loads(a) for a in self.packed.values()]


@dataclass(frozen=True, slots=True)
class Parsed:
    """A file parsed anew (in a worker)."""

    stat: tuple[int, int]
    sha: str
    article: Article
    body: str

    @property
    def meta_key(self) -> str:
        return digest(repr(self.article).encode())

    @property
    def body_key(self) -> str:
        return digest(self.body.encode())


def settings_digest(settings: ParseSettings) -> str:
    return digest(repr((__version__, settings)).encode())


def _parse_one(task: tuple[str, str, ParseSettings, str | None]) -> tuple:
    """In a worker: ("same", id, stat) when the bytes match the cached digest, else ("new", id,
    Parsed) or ("error", id, errors)."""
    site_dir, article_id, settings, cached_sha = task
    path = Path(site_dir, "content", article_id)
    try:
        stat = path.stat()
        source, data = read_source(Path(site_dir), article_id)
        sha = digest(data)
        if sha == cached_sha:
            return ("same", article_id, (stat.st_size, stat.st_mtime_ns))
        article, body = parse_article(source, settings)
        return ("new", article_id, Parsed((stat.st_size, stat.st_mtime_ns), sha, article, body))
    except ArticleErrors as exc:
        return ("error", article_id, exc.errors)
    except SourceError as exc:
        return ("error", article_id, [exc])
    except OSError as exc:
        return (
            "error",
            article_id,
            [SourceError(f"content/{article_id}", None, f"cannot be read ({exc.strerror})")],
        )


def _run(tasks: list[tuple], jobs: int, progress: Progress | None) -> Iterator[tuple]:
    if jobs > 1 and len(tasks) >= PARALLEL_FROM:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for n, result in enumerate(pool.imap(_parse_one, tasks, chunksize=CHUNK), 1):
                if progress:
                    progress("parsing", n, len(tasks))
                yield result
    else:
        for n, task in enumerate(tasks, 1):
            if progress:
                progress("parsing", n, len(tasks))
            yield _parse_one(task)


def load_articles(
    site_dir: Path,
    ids: Iterable[str],
    settings: ParseSettings,
    state: CacheState,
    log: BodyLog | None,
    jobs: int = 1,
    progress: Progress | None = None,
    only: set[str] | None = None,
    seen: Mapping[str, tuple[int, int]] | None = None,
) -> Loaded:
    """Every article and its body; a BuildError holds the errors of all files. `only`, when
    given, names the only files that may have changed (the watcher knows): the others are
    taken from the cache without a look at the disk. `seen` holds sizes and time stamps of
    files just looked at (by path), so as not to look again."""
    ids = list(ids)
    key = settings_digest(settings)
    reusable, tasks = {}, []
    for article_id in ids:
        entry = state.sources.get(article_id) if log is not None else None
        if (
            entry is not None
            and entry.settings == key
            and (
                (only is not None and article_id not in only)
                or _unchanged(site_dir, article_id, entry, state, seen)
            )
        ):
            reusable[article_id] = entry
        else:
            sha = entry.sha if entry is not None and entry.settings == key else None
            tasks.append((str(site_dir), article_id, settings, sha))
    fresh, errors = {}, []
    for result in _run(tasks, jobs, progress):
        kind, article_id = result[0], result[1]
        if kind == "same":
            reusable[article_id] = state.sources[article_id]
            reusable[article_id].size, reusable[article_id].mtime_ns = result[2]
        elif kind == "new":
            fresh[article_id] = result[2]
        else:
            errors.extend(result[2])
    if errors:
        raise BuildError(errors[:MAX_ERRORS])
    dropped = len(set(state.sources) - set(ids)) if log is not None else 0
    bodies = _record(state, log, key, fresh, ids)
    if log is None:
        meta = {i: p.meta_key for i, p in fresh.items()}
        body = {i: p.body_key for i, p in fresh.items()}
    else:
        meta = {i: state.sources[i].meta_key for i in ids}
        body = {i: state.sources[i].body_key for i in ids}
    packed = {i: reusable[i].article if i in reusable else fresh[i].article for i in ids}
    return Loaded(packed, bodies, meta, body, len(fresh), len(reusable), dropped)


def _unchanged(
    site_dir: Path,
    article_id: str,
    entry: SourceEntry,
    state: CacheState,
    seen: Mapping[str, tuple[int, int]] | None,
) -> bool:
    """Same size and time stamp, and not modified in the tick the cache was saved in (where a
    later write could keep both)."""
    path = f"{site_dir}/content/{article_id}"
    if seen is not None:
        found = seen.get(path)
    else:
        try:
            stat = os.stat(path)
        except OSError:
            return False
        found = (stat.st_size, stat.st_mtime_ns)
    return found == (entry.size, entry.mtime_ns) and entry.mtime_ns < state.saved_ns


def _record(
    state: CacheState, log: BodyLog | None, key: str, fresh: dict, ids: list[str]
) -> Mapping[str, str]:
    """Store new results in the cache state (bodies appended to the log); drop deleted files."""
    if log is None:
        return {i: p.body for i, p in fresh.items()}
    places = log.append({i: p.body for i, p in fresh.items()})
    for article_id, p in fresh.items():
        old = state.sources.get(article_id)
        state.garbage += old.body[1] if old else 0
        state.sources[article_id] = SourceEntry(
            *p.stat,
            p.sha,
            key,
            pickle.dumps(p.article, pickle.HIGHEST_PROTOCOL),
            p.meta_key,
            p.body_key,
            places[article_id],
        )
    present = set(ids)
    for gone in [i for i in state.sources if i not in present]:
        state.garbage += state.sources.pop(gone).body[1]
    return log
