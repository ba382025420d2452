"""The parse phase: read and parse article files, reusing what the cache says each source parsed
to when its size and time stamp (or else its bytes) did not change, in worker processes when
the engine says there are enough files for them."""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path

from generator.core.errors import SourceError
from generator.core.hashing import digest
from generator.core.layout import CONTENT_DIR
from generator.core.model import Article, Progress
from generator.engine.codec import Uncodable, decode, encode
from generator.engine.fastpath import SLACK_NS
from generator.engine.keys import body_key, settings_digest
from generator.engine.store import CacheDamaged, Source, Store, trusted
from generator.load.frontmatter import ArticleErrors, ParseSettings, parse_article
from generator.load.source import read_source

__all__ = ["Articles", "Fresh", "Loaded", "parse", "settings_digest"]

CHUNK = 16


@dataclass(frozen=True, slots=True)
class Fresh:
    """A source parsed anew (in a worker): its cache entry, its article and the article's JSON
    (None when it holds what the cache cannot store). Its body went to the body sink."""

    source: Source
    article: Article
    json: str | None


@dataclass(frozen=True, slots=True)
class Task:
    """One source to look at: parse it unless its bytes are those of `sha`."""

    site_dir: str
    id: str
    settings: ParseSettings
    parse_key: str
    sha: str | None


@dataclass(frozen=True, slots=True)
class Request:
    """What the parse phase is asked: the sources to account for and what is known of them."""

    site_dir: Path
    ids: tuple[str, ...]
    settings: ParseSettings
    parse_key: str
    known: Mapping[str, Source]  # the cache's sources (or a long-lived engine's)
    saved_ns: int  # when they were saved: a file modified near then may change within one tick
    only: frozenset[str] | None  # the only ids that may have changed (the watcher knows)
    seen: Mapping[str, tuple[int, int]] | None  # (size, mtime_ns) by path, just looked at
    workers_for: Callable[[int], int]  # processes to read this many files with (1: this one)
    progress: Progress | None


@dataclass(frozen=True)
class Loaded:
    """What the parse phase found: keys of every source, and what changed."""

    ids: tuple[str, ...]
    sources: dict[str, Source]  # every source's entry, as the cache should now hold it
    fresh: dict[str, Fresh]  # parsed anew
    touched: tuple[str, ...]  # read again, same bytes (a new time stamp)
    gone: tuple[str, ...]  # in the cache, no longer in content/
    workers: int
    failed: Mapping[str, tuple[SourceError, ...]]  # the errors of each source that failed

    @property
    def errors(self) -> list[SourceError]:
        return [e for errors in self.failed.values() for e in errors]

    @property
    def parsed(self) -> int:
        return len(self.fresh)

    @property
    def read(self) -> tuple[str, ...]:
        return (*self.fresh, *self.touched)

    @functools.cached_property
    def meta_keys(self) -> dict[str, str]:
        return {i: self.sources[i].meta_key for i in self.ids}

    @functools.cached_property
    def body_keys(self) -> dict[str, str]:
        return {i: self.sources[i].body_key for i in self.ids}


def parse(request: Request, bodies: MutableMapping[str, str]) -> Loaded:
    """Every source accounted for; new bodies go to `bodies` (by key) as they come. The
    errors of the files that failed are kept (`failed`): the build goes on to find the errors
    of the others (links), and reports them all."""
    reusable, tasks = plan_tasks(request)
    workers = request.workers_for(len(tasks)) if tasks else 0
    fresh, touched, failed = {}, [], {}
    for kind, article_id, value in run(tasks, workers, request.progress):
        if kind == "same":
            reusable[article_id] = _restamped(request.known[article_id], value)
            touched.append(article_id)
        elif kind == "new":
            found, body = value
            fresh[article_id] = found
            bodies[found.source.body_key] = body
        else:
            failed[article_id] = tuple(value)
    sources = {**reusable, **{i: f.source for i, f in fresh.items()}}
    gone = tuple(i for i in request.known if i not in sources and i not in failed)
    ids = tuple(i for i in request.ids if i not in failed)
    return Loaded(ids, sources, fresh, tuple(touched), gone, workers, failed)


def plan_tasks(request: Request) -> tuple[dict[str, Source], list[Task]]:
    """The sources reused as they are, and those to read."""
    reusable, tasks = {}, []
    for article_id in request.ids:
        entry = request.known.get(article_id)
        if entry is not None and entry.parse_key != request.parse_key:
            entry = None
        if entry is not None and _unchanged(request, article_id, entry):
            reusable[article_id] = entry
        else:
            sha = entry.sha if entry is not None else None
            site = str(request.site_dir)
            tasks.append(Task(site, article_id, request.settings, request.parse_key, sha))
    return reusable, tasks


def _unchanged(request: Request, article_id: str, entry: Source) -> bool:
    """Not named by the watcher, or the same size and time stamp, and not modified near the time
    the cache was saved (in the same tick of a coarse clock, a later write could keep both)."""
    if request.only is not None and article_id not in request.only:
        return True
    path = f"{request.site_dir}/{CONTENT_DIR}/{article_id}"
    if request.seen is not None:
        found = request.seen.get(path)
    else:
        try:
            stat = os.stat(path)
        except OSError:
            return False
        found = (stat.st_size, stat.st_mtime_ns)
    return found == (entry.size, entry.mtime_ns) and entry.mtime_ns < request.saved_ns - SLACK_NS


def _restamped(entry: Source, stat: tuple[int, int]) -> Source:
    return entry._replace(size=stat[0], mtime_ns=stat[1])


def run(tasks: list[Task], workers: int, progress: Progress | None) -> Iterator[tuple]:
    """The result of each task, in order, in `workers` processes (1: this one)."""
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for n, result in enumerate(pool.imap(parse_one, tasks, chunksize=CHUNK), 1):
                if progress:
                    progress("parsing", n, len(tasks))
                yield result
    else:
        for n, task in enumerate(tasks, 1):
            if progress:
                progress("parsing", n, len(tasks))
            yield parse_one(task)


def parse_one(task: Task) -> tuple:
    """("same", id, stat) when the bytes match the cached digest, else ("new", id, (Fresh,
    body)) or ("error", id, errors)."""
    path = Path(task.site_dir, CONTENT_DIR, task.id)
    try:
        stat = path.stat()
        source, data = read_source(Path(task.site_dir), task.id)
        stamp = (stat.st_size, stat.st_mtime_ns)
        sha = digest(data)
        if sha == task.sha:
            return ("same", task.id, stamp)
        article, body = parse_article(source, task.settings)
        return ("new", task.id, (_fresh(task, stamp, sha, article, body), body))
    except ArticleErrors as exc:
        return ("error", task.id, exc.errors)
    except SourceError as exc:
        return ("error", task.id, [exc])
    except OSError as exc:
        where = f"{CONTENT_DIR}/{task.id}"
        return ("error", task.id, [SourceError(where, None, f"cannot be read ({exc.strerror})")])


def _fresh(task: Task, stamp: tuple[int, int], sha: str, article: Article, body: str) -> Fresh:
    try:
        text = encode(article)
        meta = digest(text.encode())
    except Uncodable:
        text, meta = None, digest(repr(article).encode())
    return Fresh(Source(*stamp, sha, task.parse_key, meta, body_key(body)), article, text)


class Articles:
    """Every article of a build by id: parsed now, kept by a long-lived engine, or decoded
    from the cache on first use (a build that only re-renders the pages of changed bodies
    decodes the few articles those pages show)."""

    def __init__(self, loaded: Loaded, kept: Mapping[str, Article], store: Store | None):
        self.loaded, self.store = loaded, store
        self.known = {i: f.article for i, f in loaded.fresh.items()}
        for article_id in loaded.ids:
            article = kept.get(article_id)
            if article is not None and article_id not in self.known:
                self.known[article_id] = article

    def __getitem__(self, article_id: str) -> Article:
        if article_id not in self.known:
            self._decode([article_id])
        return self.known[article_id]

    def prefetch(self, groups: Iterable[Iterable[str]]) -> None:
        """Decode at once the articles of `groups` (those the pages to render show)."""
        self._decode(list({i for ids in groups for i in ids if i not in self.known}))

    def all(self) -> list[Article]:
        """Every article, in inventory order."""
        self._decode([i for i in self.loaded.ids if i not in self.known])
        return [self.known[i] for i in self.loaded.ids]

    def _decode(self, ids: list[str]) -> None:
        if not ids:
            return
        if self.store is None:
            raise CacheDamaged("an article is not in the cache")
        expected = {i: self.loaded.sources[i].meta_key for i in ids}
        with trusted("articles"):
            for article_id, text in self.store.articles(expected).items():
                article = decode(text)
                if not isinstance(article, Article) or article.id != article_id:
                    raise CacheDamaged("unexpected article")
                self.known[article_id] = article
