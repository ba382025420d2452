"""The persistent build cache, `.masthead-cache/cache.sqlite`: what each source parsed to, each
body, and the plan of pages of each output folder, so a rebuild redoes only what a change touches.

All of it is data: SQLite from the standard library, articles and pages as JSON (`codec`),
bodies as text. Every value read back is checked against the digest it is filed under, so a
damaged file is noticed, and opening a cache never runs code, whoever made the file. A cache
that is not ours, damaged, of another schema, another Masthead version or another shape of the
model is ignored with a one-line note and replaced. A body edit reads the narrow columns of
`sources` and writes a few rows; the pages that show a body are found by an index.

This module is the only one that reads or writes `.masthead-cache/`, but for the writer's work
folders (`out-*`) and the compiled templates.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from generator import __version__
from generator.core.hashing import digest
from generator.core.images import Probe
from generator.core.layout import CACHE_DIR

DB = "cache.sqlite"
SCHEMA = 2  # the tables below; a cache of another schema is replaced
APPLICATION_ID = 0x4D534844  # "MSHD": a SQLite file that is not a Masthead cache is told apart
LEGACY = ("state.pickle", "bodies.log", "quick.json")  # earlier caches: removed, never read
TABLES = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (id TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    sha TEXT NOT NULL, parse_key TEXT NOT NULL, meta_key TEXT NOT NULL, body_key TEXT NOT NULL);
CREATE INDEX sources_by_body ON sources (body_key);
CREATE TABLE articles (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE bodies (key TEXT PRIMARY KEY, html TEXT NOT NULL);
CREATE TABLE plans (id INTEGER PRIMARY KEY, out TEXT UNIQUE NOT NULL, head TEXT NOT NULL,
    sum TEXT NOT NULL, generation INTEGER NOT NULL);
CREATE TABLE pages (plan INTEGER NOT NULL, n INTEGER NOT NULL, path TEXT NOT NULL,
    label TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (plan, n));
CREATE INDEX pages_by_path ON pages (plan, path);
CREATE TABLE page_data (plan INTEGER NOT NULL, n INTEGER NOT NULL, json TEXT NOT NULL,
    sum TEXT NOT NULL, PRIMARY KEY (plan, n));
CREATE TABLE shows (plan INTEGER NOT NULL, body TEXT NOT NULL, n INTEGER NOT NULL);
CREATE INDEX shows_by_body ON shows (plan, body);
CREATE TABLE images (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    sha TEXT NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL, alpha INTEGER NOT NULL);
"""
RENDITIONS = "images"  # the folder of derived images in the cache, one folder per source key


class CacheDamaged(Exception):
    """The cache cannot be trusted; the message says why, in a few words."""


@contextlib.contextmanager
def trusted(what: str) -> Iterator[None]:
    """Turn SQLite's and the decoder's errors into CacheDamaged."""
    try:
        yield
    except CacheDamaged:
        raise
    except sqlite3.Error as exc:
        raise CacheDamaged(f"{what}: {exc}") from None
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
        raise CacheDamaged(f"{what}: unexpected contents") from None


class Source(NamedTuple):
    """A source file as last seen, and the keys of what it parsed to (a tuple: thousands are
    read per build)."""

    size: int
    mtime_ns: int
    sha: str
    parse_key: str  # Fingerprint.parse of the build that parsed it
    meta_key: str  # digest of the article's JSON: what listings show
    body_key: str  # digest of its body


@dataclass(frozen=True, slots=True)
class Parsed:
    """What a build learnt of a source it read: to be saved with the build."""

    id: str
    source: Source
    article: str | None  # the article as JSON; None: not storable (the source is not cached)


@dataclass(frozen=True, slots=True)
class PlanRows:
    """A plan of pages as the store keeps it: a head (JSON) and per page its path, label, key,
    JSON and the ids of the bodies it shows."""

    head: str
    pages: list[tuple[str, str, str, str, tuple[str, ...]]]


@dataclass(frozen=True, slots=True)
class Saved:
    """Everything a build saves, in one transaction."""

    parsed: tuple[Parsed, ...]
    restamped: dict[str, Source]  # read again, same bytes: a new size or time stamp
    gone: tuple[str, ...]  # sources that no longer exist
    freed: tuple[str, ...]  # body keys no source may refer to any more
    saved_ns: int
    quick: str | None  # the fast path's record (JSON), None to drop it
    out: str
    plan: PlanRows | None  # a new plan, or None: the plan stays, with `keys` changed
    keys: dict[str, str]  # path -> key of pages whose key changed
    images: dict[str, ImageSeen] | None = None  # every source image as probed; None: unchanged


class ImageSeen(NamedTuple):
    """A source image as last seen (size, time stamp) and what its header said."""

    size: int
    mtime_ns: int
    probe: Probe


class Connection:
    """The connection of this process to the cache database: opened on first use, and again in
    a worker forked from a process that had one (SQLite connections do not survive a fork)."""

    def __init__(self, path: Path, db: sqlite3.Connection | None = None) -> None:
        self.path, self._db, self._pid = path, db, os.getpid()

    def get(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():
            self._db, self._pid = connect(self.path, create=False), os.getpid()
        return self._db

    def close(self) -> None:
        """Close this process's connection (before forking workers, which open their own)."""
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None


class Store:
    """One open cache database. Reads are checked; writes happen in `save` (one transaction)
    and `add_bodies` (content-addressed rows, harmless if the build goes no further)."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path, self.connection = path, Connection(path, db)

    @property
    def db(self) -> sqlite3.Connection:
        with trusted("opening"):
            return self.connection.get()

    def close(self) -> None:
        self.connection.close()

    def meta(self, name: str) -> str | None:
        with trusted("meta"):
            row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def saved_ns(self) -> int:
        with trusted("meta"):
            return int(self.meta("saved_ns") or 0)

    def sources(self) -> dict[str, Source]:
        """Every source's narrow columns (no article, no body)."""
        with trusted("sources"):
            rows = self.db.execute("SELECT * FROM sources")
            return {row[0]: Source._make(row[1:]) for row in rows}

    def articles(self, expected: Mapping[str, str]) -> dict[str, str]:
        """The JSON of the articles `expected` names (id -> meta key), each checked."""
        with trusted("articles"):
            if len(expected) > 64:
                rows = self.db.execute("SELECT id, json FROM articles")
            else:
                query = "SELECT id, json FROM articles WHERE id = ?"
                rows = (r for i in expected for r in self.db.execute(query, (i,)))
            found = {i: text for i, text in rows if i in expected}
        if any(digest(found.get(i, "").encode()) != key for i, key in expected.items()):
            raise CacheDamaged("an article does not match its key")
        return found

    def add_bodies(self, bodies: Mapping[str, str]) -> None:
        """File bodies under their keys, committed at once: worker processes read them."""
        with trusted("bodies"):
            self.db.executemany("INSERT OR IGNORE INTO bodies VALUES (?, ?)", list(bodies.items()))

    def plan(self, out: str) -> StoredPlan | None:
        """The plan saved for output folder `out`, or None."""
        with trusted("plan"):
            row = self.db.execute(
                "SELECT id, head, sum, generation FROM plans WHERE out = ?", (out,)
            ).fetchone()
            if row is None or digest(row[1].encode()) != row[2]:
                return None  # none, or damaged: planned again
            refs = self.db.execute(
                "SELECT path, label, key FROM pages WHERE plan = ? ORDER BY n", (row[0],)
            ).fetchall()
            current = row[3] == int(self.meta("generation") or 0)
        return StoredPlan(self, row[0], row[1], refs, current)

    def page_keys(self, out: str) -> dict[str, str]:
        """path -> key of the pages last built into `out` (empty when there is no plan)."""
        with trusted("pages"):
            rows = self.db.execute(
                "SELECT path, key FROM pages JOIN plans ON plans.id = plan WHERE out = ?", (out,)
            )
            return dict(rows)

    def save(self, saved: Saved) -> None:
        with trusted("saving"):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                generation = str(int(self.meta("generation") or 0) + 1)
                self._sources(saved)
                self._plan(saved, generation)
                self._images(saved.images)
                values = {"saved_ns": str(saved.saved_ns), "quick": saved.quick}
                self._meta({**values, "generation": generation})
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def _sources(self, saved: Saved) -> None:
        db = self.db
        db.executemany("DELETE FROM sources WHERE id = ?", [(i,) for i in saved.gone])
        db.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in saved.gone])
        stored = [p for p in saved.parsed if p.article is not None]
        dropped = [(p.id,) for p in saved.parsed if p.article is None]
        db.executemany("DELETE FROM sources WHERE id = ?", dropped)
        db.executemany(
            "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((p.id, *p.source) for p in stored),
        )
        db.executemany(
            "INSERT OR REPLACE INTO articles VALUES (?, ?)", ((p.id, p.article) for p in stored)
        )
        db.executemany(
            "UPDATE sources SET size = ?, mtime_ns = ? WHERE id = ?",
            [(s.size, s.mtime_ns, i) for i, s in saved.restamped.items()],
        )
        db.executemany(
            "DELETE FROM bodies WHERE key = ? AND NOT EXISTS"
            " (SELECT 1 FROM sources WHERE body_key = bodies.key)",
            [(k,) for k in set(saved.freed)],
        )

    def _plan(self, saved: Saved, generation: str) -> None:
        """The plan of the output folder: new, or its changed keys. It is reused only while
        no build of another output folder saved sources since (its `generation`)."""
        db = self.db
        if saved.plan is None:
            row = db.execute("SELECT id FROM plans WHERE out = ?", (saved.out,)).fetchone()
            if row is not None:
                db.executemany(
                    "UPDATE pages SET key = ? WHERE plan = ? AND path = ?",
                    [(key, row[0], path) for path, key in saved.keys.items()],
                )
                db.execute("UPDATE plans SET generation = ? WHERE id = ?", (generation, row[0]))
            return
        head = saved.plan.head
        db.execute("DELETE FROM plans WHERE out = ?", (saved.out,))
        plan = db.execute(
            "INSERT INTO plans (out, head, sum, generation) VALUES (?, ?, ?, ?)",
            (saved.out, head, digest(head.encode()), generation),
        ).lastrowid
        for table in ("pages", "page_data", "shows"):  # and rows of plans no longer there
            orphans = f"DELETE FROM {table} WHERE plan = ? OR plan NOT IN (SELECT id FROM plans)"
            db.execute(orphans, (plan,))
        rows = saved.plan.pages
        db.executemany(
            "INSERT INTO pages VALUES (?, ?, ?, ?, ?)",
            ((plan, n, path, label, key) for n, (path, label, key, _, _) in enumerate(rows)),
        )
        db.executemany(
            "INSERT INTO page_data VALUES (?, ?, ?, ?)",
            ((plan, n, j, digest(j.encode())) for n, (_, _, _, j, _) in enumerate(rows)),
        )
        db.executemany(
            "INSERT INTO shows VALUES (?, ?, ?)",
            ((plan, b, n) for n, row in enumerate(rows) for b in row[4]),
        )
        db.execute("DELETE FROM bodies WHERE key NOT IN (SELECT body_key FROM sources)")

    def images(self) -> dict[str, ImageSeen]:
        """Every source image as last probed, by path under content/."""
        with trusted("images"):
            rows = self.db.execute("SELECT * FROM images").fetchall()
            return {r[0]: ImageSeen(r[1], r[2], Probe(r[3], r[4], r[5], bool(r[6]))) for r in rows}

    def _images(self, images: dict[str, ImageSeen] | None) -> None:
        if images is None:
            return
        self.db.execute("DELETE FROM images")
        self.db.executemany(
            "INSERT INTO images VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (p, s.size, s.mtime_ns, s.probe.sha, s.probe.width, s.probe.height, s.probe.alpha)
                for p, s in images.items()
            ],
        )

    def _meta(self, values: dict[str, str | None]) -> None:
        for name, value in values.items():
            if value is None:
                self.db.execute("DELETE FROM meta WHERE name = ?", (name,))
            else:
                self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))


class StoredPlan:
    """A saved plan: its head, the path, label and key of every page at hand; a page's JSON is
    read when asked for, and the pages that show a body are found by an index."""

    def __init__(
        self, store: Store, plan: int, head: str, refs: list[tuple[str, str, str]], current: bool
    ) -> None:
        self.store, self.id, self.head, self.current = store, plan, head, current
        self.refs = [(path, label) for path, label, _ in refs]
        self.keys = {path: key for path, _, key in refs}

    def page(self, n: int) -> str:
        with trusted("pages"):
            text, check = self.store.db.execute(
                "SELECT json, sum FROM page_data WHERE plan = ? AND n = ?", (self.id, n)
            ).fetchone()
        if digest(text.encode()) != check:
            raise CacheDamaged("a page of the plan is damaged")
        return text

    def showing(self, ids: Iterable[str]) -> set[int]:
        query = "SELECT n FROM shows WHERE plan = ? AND body = ?"
        with trusted("pages"):
            return {n for i in ids for (n,) in self.store.db.execute(query, (self.id, i))}


class Bodies(Mapping[str, str]):
    """Article bodies by id: those of this build in memory (`kept`, by key), the others read
    from the cache when a page needs them, checked against their key. Each process (a worker
    forked to render) opens its own connection."""

    def __init__(self, path: Path | None, keys: Mapping[str, str], kept: Mapping[str, str]):
        self.path, self.keys, self.kept = path, keys, kept
        self.connection = Connection(path) if path is not None else None
        self._recent: dict[str, str] = {}

    def __getitem__(self, article_id: str) -> str:
        key = self.keys[article_id]
        found = self.kept.get(key, self._recent.get(key))  # (a body may be "")
        if found is not None:
            return found
        if self.connection is None:
            raise KeyError(article_id)
        with trusted("bodies"):
            query = "SELECT html FROM bodies WHERE key = ?"
            row = self.connection.get().execute(query, (key,)).fetchone()
        if row is None or digest(row[0].encode()) != key:
            raise CacheDamaged("a body is missing or damaged")
        self._recent[key] = row[0]  # feeds show the same recent bodies again and again
        if len(self._recent) > 64:
            del self._recent[next(iter(self._recent))]
        return row[0]

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)

    def __len__(self) -> int:
        return len(self.keys)


class Renditions:
    """The derived images in the cache (`images/<source key>/<name>`): written here, by this
    process or a worker, each file whole (written aside, then renamed), read by the writer."""

    def __init__(self, cache: Path) -> None:
        self.folder = cache / RENDITIONS

    def path(self, key: str, name: str) -> Path:
        return self.folder / key / name

    def has(self, key: str, names: Iterable[str]) -> bool:
        return all(self.path(key, n).is_file() for n in names)

    def put(self, key: str, name: str, data: bytes) -> None:
        target = self.path(key, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(f".{name}.{os.getpid()}")
        part.write_bytes(data)
        os.replace(part, target)

    def prune(self, keep: set[str]) -> int:
        """Remove the renditions of sources no longer published; how many sources went."""
        gone = (
            [f for f in self.folder.iterdir() if f.name not in keep] if self.folder.is_dir() else []
        )
        for folder in gone:
            for file in folder.iterdir():
                file.unlink()
            folder.rmdir()
        return len(gone)


def connect(path: Path, create: bool = True) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit); `create` False: the file
    must exist."""
    uri = path.resolve().as_uri() + ("?mode=rwc" if create else "?mode=rw")
    db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA busy_timeout = 5000")
    db.execute("PRAGMA synchronous = NORMAL")  # with WAL: consistent after a crash
    return db


def open_store(folder: Path, shape: str) -> tuple[Store, tuple[str, ...]]:
    """The cache of this site, made empty when it cannot be used, with a note saying why.
    `shape` is the digest of the model's shape (`keys.model_shape`): a cache made for
    another is not read."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in LEGACY:
        (folder / name).unlink(missing_ok=True)
    path = folder / DB
    try:
        db = connect(path)
        problem = _problem(db, shape)
    except sqlite3.Error as exc:
        db, problem = None, f"unreadable: {exc}"
    if problem is None:
        return Store(path, db), ()
    if db is not None:
        db.close()
    remove(folder)
    db = connect(path)
    _create(db, shape)
    return Store(path, db), (f"{CACHE_DIR}: ignored ({problem}); built from scratch",)


def quick_record(folder: Path) -> str | None:
    """The no-change fast path's record, read without making, mending or locking anything (it
    is asked before the cache is opened): None when there is none, or no cache of ours."""
    path = folder / DB
    if not path.is_file():
        return None
    try:
        db = connect(path, create=False)
        try:
            ours = db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            row = db.execute("SELECT value FROM meta WHERE name = 'quick'").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return row[0] if ours and row else None


def remove(folder: Path) -> None:
    """Delete the cache database (the writer's folders and compiled templates stay)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        (folder / (DB + suffix)).unlink(missing_ok=True)


def _problem(db: sqlite3.Connection, shape: str) -> str | None:
    """Why the database cannot be used as it is; None when it can (an empty one is made ours)."""
    app = db.execute("PRAGMA application_id").fetchone()[0]
    schema = db.execute("PRAGMA user_version").fetchone()[0]
    if app == 0 and schema == 0:
        tables = db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        if tables:
            return "not a Masthead cache"
        _create(db, shape)
        return None
    if app != APPLICATION_ID:
        return "not a Masthead cache"
    if schema != SCHEMA:
        return f"cache schema {schema}, this Masthead reads {SCHEMA}"
    version, made_for = (
        db.execute("SELECT value FROM meta WHERE name = ?", (n,)).fetchone()
        for n in ("version", "model")
    )
    if version is None or version[0] != __version__:
        made = version[0] if version else "unknown"
        return f"made by Masthead {made}, this is {__version__}"
    if made_for is None or made_for[0] != shape:
        return "made for another shape of the model"
    return None


def _create(db: sqlite3.Connection, shape: str) -> None:
    db.execute("PRAGMA journal_mode = WAL")
    meta = f"INSERT INTO meta VALUES ('version', '{__version__}'), ('model', '{shape}');"
    db.executescript(
        f"BEGIN IMMEDIATE; {TABLES} PRAGMA application_id = {APPLICATION_ID};"
        f" PRAGMA user_version = {SCHEMA}; {meta} COMMIT;"
    )
