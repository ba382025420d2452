"""The images phase: probe every raster image of content/ (and a raster logo), reusing the probe
the cache holds while a file's size and time stamp stay the same; make the renditions the cache
lacks, in worker processes when there are several, keyed by the source's bytes and the image
settings; give the pictures pages show and the files the writer copies. A body edit probes
nothing and makes nothing: every image is found in the cache."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.assets.photos import ImageProblem, icon, probe, renditions
from generator.core.errors import MAX_ERRORS, BuildError, SourceError
from generator.core.hashing import digest
from generator.core.images import ImageSettings, Picture, is_raster, picture
from generator.core.layout import CONTENT_DIR
from generator.core.model import OutputFile
from generator.engine.fastpath import SLACK_NS
from generator.engine.keys import Fingerprint
from generator.engine.store import ImageSeen, Renditions

ICONS = (("favicon-32.png", 32), ("apple-touch-icon.png", 180))  # made from a raster logo
Where = Callable[[str], tuple[str, int | None] | None]  # content path -> (article, line) using it


@dataclass(frozen=True, slots=True)
class Job:
    """One source image whose renditions (or icons) the cache lacks."""

    source: str  # the file
    shown: str  # as messages name it (content/...)
    key: str
    picture: Picture | None  # None: the logo, made into ICONS
    settings: ImageSettings
    cache: str


@dataclass(frozen=True, slots=True)
class Request:
    """What the images phase is asked: the sources, what is known of them, the settings."""

    site_dir: Path
    assets: tuple[str, ...]  # files beside articles (content/ paths)
    logo: tuple[str, Path] | None  # a raster logo (as messages name it, the file): icons
    stats: Mapping[str, tuple[int, int]] | None  # (size, mtime_ns) by path, from the scan
    known: Mapping[str, ImageSeen]  # the cache's probes
    saved_ns: int
    settings: ImageSettings
    fingerprint: Fingerprint
    cache: Path
    workers_for: Callable[[int], int]
    where: Where


@dataclass(frozen=True)
class Photos:
    pictures: dict[str, Picture]  # by path under content/
    seen: dict[str, ImageSeen]  # every source as probed (to save)
    changed: bool  # a probe differs from the cache's
    files: list[OutputFile]  # renditions and icons, for the writer to copy
    made: int  # source images made into renditions by this build
    reused: int  # those whose renditions came from the cache
    workers: int
    seconds: float  # time spent making renditions

    @property
    def digest(self) -> str:
        """What pages show of the images (sizes and names of renditions), for their keys."""
        return digest(repr(sorted(self.pictures.items())).encode())


def photos(request: Request) -> Photos:
    """Every raster source probed and made (or found in the cache); one BuildError naming
    each bad image and an article that uses it."""
    sources = {f"{CONTENT_DIR}/{a}": request.site_dir / CONTENT_DIR / a for a in request.assets}
    sources = {k: v for k, v in sources.items() if is_raster(k)}
    if request.logo is not None:
        sources[request.logo[0]] = request.logo[1]
    seen, errors = probed(request, sources)
    raise_errors(errors, request.where)
    prefix = f"{CONTENT_DIR}/"
    pictures = {
        k.removeprefix(prefix): picture(k.removeprefix(prefix), s.probe, request.settings)
        for k, s in seen.items()
        if k.startswith(prefix)
    }
    store = Renditions(request.cache)
    jobs, files = jobs_and_files(request, sources, seen, pictures, store)
    started = time.perf_counter()
    workers = request.workers_for(len(jobs)) if jobs else 0
    raise_errors([e for e in run(jobs, workers) if e is not None], request.where)
    store.prune({key_of(request, s.probe.sha) for s in seen.values()})
    changed = seen != dict(request.known)
    elapsed = time.perf_counter() - started
    made = len({j.key for j in jobs})
    return Photos(pictures, seen, changed, files, made, len(seen) - made, workers, elapsed)


def probed(
    request: Request, sources: Mapping[str, Path]
) -> tuple[dict[str, ImageSeen], list[tuple[str, str]]]:
    """The probe of each source: the cache's while its file is unchanged, else read anew."""
    seen, errors = {}, []
    for shown, path in sources.items():
        stat = stat_of(request, path)
        old = request.known.get(shown)
        if old is not None and stat == old[:2] and old.mtime_ns < request.saved_ns - SLACK_NS:
            seen[shown] = old
            continue
        try:
            seen[shown] = ImageSeen(*stat, probe(path))
        except ImageProblem as exc:
            errors.append((shown, str(exc)))
    return seen, errors


def stat_of(request: Request, path: Path) -> tuple[int, int]:
    found = request.stats.get(str(path)) if request.stats is not None else None
    if found is None:
        info = os.stat(path)
        found = (info.st_size, info.st_mtime_ns)
    return found


def key_of(request: Request, sha: str) -> str:
    return request.fingerprint.image_key(request.settings, sha)


def cache_name(rendition_path: str) -> str:
    """A rendition's file name in the cache: its width and format (`800w.webp`)."""
    return rendition_path.rsplit("-", 1)[-1]


def jobs_and_files(
    request: Request,
    sources: Mapping[str, Path],
    seen: Mapping[str, ImageSeen],
    pictures: Mapping[str, Picture],
    store: Renditions,
) -> tuple[list[Job], list[OutputFile]]:
    """The sources to make (each key once) and every file to publish, in a stable order."""
    jobs: dict[str, Job] = {}
    files = []
    for shown, entry in seen.items():
        key = key_of(request, entry.probe.sha)
        found = pictures.get(shown.removeprefix(f"{CONTENT_DIR}/"))
        made = (
            [(cache_name(r.path), r.path) for r in found.renditions]
            if found is not None
            else [(name, name) for name, _ in ICONS]
        )
        files += [OutputFile(out, shown, copy_from=store.path(key, name)) for name, out in made]
        if key not in jobs and not store.has(key, (name for name, _ in made)):
            args = (str(sources[shown]), shown, key, found, request.settings, str(request.cache))
            jobs[key] = Job(*args)
    return list(jobs.values()), files


def run(jobs: list[Job], workers: int) -> Iterator[tuple[str, str] | None]:
    """Make each job's files, in `workers` processes (1: this one): an error or None each."""
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap_unordered(make, jobs)
    else:
        yield from map(make, jobs)


def make(job: Job) -> tuple[str, str] | None:
    """Write a job's renditions (or icons) into the cache; (source, problem) when it fails."""
    store, path = Renditions(Path(job.cache)), Path(job.source)
    try:
        if job.picture is None:
            for name, size in ICONS:
                store.put(job.key, name, icon(path, size))
            return None
        for out, data in renditions(path, job.picture, job.settings):
            store.put(job.key, cache_name(out), data)
    except ImageProblem as exc:
        return (job.shown, str(exc))
    return None


def raise_errors(errors: list[tuple[str, str]], where: Where) -> None:
    """One line per bad image: at the article (and line) that uses it, naming the image."""
    if not errors:
        return
    lines = []
    for shown, problem in sorted(errors):
        found = where(shown.removeprefix(f"{CONTENT_DIR}/"))
        if found is None:
            lines.append(SourceError(shown, None, problem))
        else:
            lines.append(SourceError(found[0], found[1], f"image {shown} {problem}"))
    raise BuildError(lines[:MAX_ERRORS])
