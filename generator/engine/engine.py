"""The build as a short list of named phases; errors come back as values in BuildResult.

    inputs -> (fast path) -> parse -> assemble + plan (or reuse the last plan) -> key -> render
    -> write -> persist

Incremental: the store says what each source parsed to and what each page was made from, so a
rebuild parses only changed files, renders only pages whose inputs changed, and writes only
files whose bytes changed; the output is the same as a clean build's. Each phase is a function
of plain values; what a long-lived engine (`masthead serve`) keeps between builds is a property
of the Engine object.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from itertools import chain
from pathlib import Path

import jinja2

from generator import __version__
from generator.core.config import SiteConfig, load_config
from generator.core.errors import BuildError, SourceError
from generator.core.hashing import digest
from generator.core.images import Picture, is_raster
from generator.core.layout import (
    AUTHORS_DIR,
    CACHE_DIR,
    CONFIG_FILE,
    CONTENT_DIR,
    MANIFEST,
    PAGES_DIR,
)
from generator.core.model import Article, OutputFile, Page, Site
from generator.engine import fastpath as quick
from generator.engine.fastpath import Scanned, Seen, Watch, scan_content, work_dir
from generator.engine.images import Photos, photos
from generator.engine.images import Request as ImageRequest
from generator.engine.keys import Fingerprint, model_shape, page_key
from generator.engine.lock import locked
from generator.engine.memory import Basis, Memory, PagePlan, meta_of, recall, with_bodies
from generator.engine.options import (
    PARSE_IN_WORKERS,
    RENDER_IN_WORKERS,
    BuildOptions,
    BuildResult,
    Report,
)
from generator.engine.parse import Articles, Loaded, Request, parse
from generator.engine.search import (
    SearchPlan,
    index_files,
    plan_search,
    remember,
    staged,
)
from generator.engine.store import (
    Bodies,
    CacheDamaged,
    Parsed,
    Saved,
    Source,
    Store,
    StoredPlan,
    open_store,
    remove,
)
from generator.load.assemble import assemble, check_site_paths
from generator.load.extras import Extras, load_extras
from generator.load.frontmatter import ParseSettings
from generator.load.inventory import Inventory
from generator.output.guard import dangerous_output
from generator.output.writer import WriteResult, check_collisions, read_manifest, write_site
from generator.pages.registry import RENDERERS, plan
from generator.render.i18n import Strings
from generator.render.pages import render_pages
from generator.render.theme import (
    Theme,
    load_theme,
    make_environment,
    template_digests,
    template_error,
    theme_roots,
    theme_strings,
)

__all__ = ["Engine", "manifest_file", "work_dir"]


@dataclass(frozen=True)
class Inputs:
    """What a build reads before parsing: options, settings, theme, the content inventory."""

    options: BuildOptions
    config: SiteConfig
    theme: Theme
    strings: Strings  # the translation files of the site and its theme chain
    inventory: Inventory
    fingerprint: Fingerprint
    now: datetime
    begun_ns: int
    hint: frozenset[str] | None  # the only sources that changed (the watcher knows)
    watch: Watch  # what the fast path looks at besides content/
    seen: Seen | None  # every input as the build began, when content/ was scanned
    extras: Extras  # pages/ and authors/

    @property
    def out(self) -> Path:
        return self.options.out_dir


@dataclass(frozen=True)
class Cache:
    """The store of this build (None without a cache) and what it knew when the build began."""

    store: Store | None
    sources: Mapping[str, Source]
    saved_ns: int
    notes: tuple[str, ...]
    persist: bool  # this build saves what it learns


@dataclass(frozen=True)
class Planned:
    """The plan of this build, whether it was made anew, and the page keys of the output."""

    memory: Memory
    made: bool  # planned anew (False: the last plan, with new bodies)
    done: Mapping[str, str]  # path -> key of the pages the output folder holds
    env: jinja2.Environment


class Engine:
    """Builds a site again and again (`masthead serve`), keeping the last good build in memory:
    when only article bodies changed, the plan of pages is reused and only the pages showing
    those bodies are keyed and rendered again. Callable like `build`."""

    def __init__(self, persist_every_build: bool = True) -> None:
        self.persist_every_build = persist_every_build
        self.last: Memory | None = None  # the last good build's plan
        self.inventory: Inventory | None = None
        self.out: Path | None = None  # where it wrote (only it wrote there since)
        self.done: dict[Path, Mapping[str, str]] = {}  # out -> page keys it holds
        self.sources: Mapping[str, Source] | None = None  # kept, not read again
        self.saved_ns = 0
        self.articles: Mapping[str, Article] = {}
        self.bodies: dict[str, str] = {}  # bodies not in the store, by key
        self.templates: tuple[tuple, jinja2.Environment, str] | None = None

    def __call__(self, options: BuildOptions) -> BuildResult:
        started = time.perf_counter()
        return locked(options, started, lambda: self.build(options, started))

    def build(
        self, options: BuildOptions, started: float, scanned: Scanned | None = None
    ) -> BuildResult:
        """One build, the lock held; `scanned`: content/ as the fast path scanned it."""
        try:
            return self.run(options, started, scanned)
        except CacheDamaged as exc:  # found out while reading it: forget it, start over
            note = f"{CACHE_DIR}: ignored ({exc}); built from scratch"
            result = self.again(options, started)
            return replace(result, notes=(*result.notes, note))

    def again(self, options: BuildOptions, started: float) -> BuildResult:
        """A build from scratch after the cache was found damaged: with a new cache, or with
        none if that too goes (say, the folder deleted during the build)."""
        self.last = self.sources = self.inventory = self.out = None
        self.done, self.articles, self.bodies = {}, {}, {}
        remove(options.site / CACHE_DIR)
        try:
            return self.run(options, started, None)
        except CacheDamaged:
            return self.run(replace(options, cache=False), started, None)

    def run(self, options: BuildOptions, started: float, scanned: Scanned | None) -> BuildResult:
        inputs = self.read_inputs(options, scanned)
        folder = options.site / CACHE_DIR
        store, notes = open_store(folder, model_shape()) if options.cache else (None, ())
        try:
            cache = self.cache(store, notes)
            loaded, articles, bodies = self.parse(inputs, cache)
            images = self.photos(inputs, cache, articles)
            planned = self.plan(inputs, cache, loaded, articles, bodies, images)
            fresh = stale_pages(inputs, planned, trusted=self.out == inputs.out)
            jobs = self.render_jobs(inputs, fresh)
            articles.prefetch(p.articles for p in fresh)  # before the store is closed
            written, search = render_and_write(inputs, cache, planned, fresh, jobs, images)
            result = summarize(inputs, cache, loaded, planned, fresh, written, jobs, search, images)
            self.persist(inputs, cache, loaded, planned, result, images)
            self.keep(inputs, cache, loaded, planned, articles)
        finally:
            if store is not None:
                store.close()
        return replace(result, seconds=time.perf_counter() - started)  # saving the cache counts

    # --- inputs ---------------------------------------------------------------------------

    def read_inputs(self, options: BuildOptions, scanned: Scanned | None) -> Inputs:
        site_dir, out = options.site, options.out_dir
        problem = dangerous_output(out, site_dir)
        if problem:
            message = f"refused as the output folder: it {problem}; choose another with -o"
            raise SourceError(str(out), None, message)
        config = load_config(site_dir, options.base_url)
        config = config if options.search else replace(config, search=False)
        theme = load_theme(site_dir, config.theme, config.lines.get("theme"))
        strings = theme_strings(site_dir, theme)
        hint = self.hint(options)
        watch = watched(site_dir, theme)
        if hint is None:
            scanned = scanned or scan_content(options)
            seen = quick.see(options, watch, scanned)
            inventory, begun_ns = scanned.inventory, scanned.begun_ns
        else:
            seen, inventory, begun_ns = None, self.inventory, time.time_ns()
        return Inputs(
            options,
            config,
            theme,
            strings,
            inventory,
            Fingerprint.of(config, options, strings.digest),
            options.now or datetime.now(UTC),
            begun_ns,
            hint,
            watch,
            seen,
            load_extras(site_dir, ParseSettings.of(config)),
        )

    def hint(self, options: BuildOptions) -> frozenset[str] | None:
        """The article ids that alone changed, when the watcher says only existing articles
        were modified; None when the whole site must be looked at."""
        if self.last is None or self.inventory is None or options.changed is None:
            return None
        prefix = f"{CONTENT_DIR}/"
        found = frozenset(path.removeprefix(prefix) for path in options.changed)
        if (
            not all(p.startswith(prefix) for p in options.changed)
            or not found <= set(self.inventory.articles)
            or not all(os.path.isfile(options.site / CONTENT_DIR / i) for i in found)
        ):
            return None
        return found

    def cache(self, store: Store | None, notes: tuple[str, ...]) -> Cache:
        """What the cache knows of the sources (kept by a long-lived engine)."""
        if store is None:
            return Cache(None, {}, 0, (), False)
        persist = self.persist_every_build or self.sources is None
        if self.sources is not None:
            return Cache(store, self.sources, self.saved_ns, notes, persist)
        return Cache(store, store.sources(), store.saved_ns(), notes, persist)

    # --- parse ----------------------------------------------------------------------------

    def parse(self, inputs: Inputs, cache: Cache) -> tuple[Loaded, Articles, Bodies]:
        """Every source parsed or taken from the cache; new bodies go to the store (or stay in
        memory, for a long-lived engine that does not save every build)."""
        options = inputs.options
        request = Request(
            options.site,
            inputs.inventory.articles,
            ParseSettings.of(inputs.config),
            inputs.fingerprint.parse,
            cache.sources,
            cache.saved_ns,
            inputs.hint,
            inputs.seen.scanned.stats if inputs.seen is not None else None,
            lambda count: options.workers_for(count, PARSE_IN_WORKERS),
            options.progress,
        )
        sink = BodySink(cache.store if cache.persist else None, self.bodies)
        loaded = parse(request, sink)
        sink.flush()
        path = cache.store.path if cache.store is not None else None
        bodies = Bodies(path, loaded.body_keys, self.bodies)
        return loaded, Articles(loaded, self.articles, cache.store), bodies

    # --- images ---------------------------------------------------------------------------

    def photos(self, inputs: Inputs, cache: Cache, articles: Articles) -> Photos:
        """Every raster image probed and made into renditions, or found in the cache."""
        options, config = inputs.options, inputs.config
        known = cache.store.images() if cache.store is not None else {}
        request = ImageRequest(
            options.site,
            inputs.inventory.assets,
            raster_logo(options.site, inputs.theme, config),
            inputs.seen.scanned.stats if inputs.seen is not None else None,
            known,
            cache.saved_ns,
            config.images,
            inputs.fingerprint,
            options.site / CACHE_DIR,
            lambda count: options.workers_for(count, 2),
            lambda path: user_of(articles, path),
        )
        return photos(request)

    # --- assemble, plan and key (or reuse the last plan) ----------------------------------

    def plan(
        self,
        inputs: Inputs,
        cache: Cache,
        loaded: Loaded,
        articles: Articles,
        bodies: Bodies,
        images: Photos,
    ) -> Planned:
        env = self.environment(inputs)
        basis = basis_of(inputs, loaded, env, images.digest)
        stored = self.stored_plan(inputs, cache)
        done = self.done.get(inputs.out) or (stored.keys if stored else {})
        fresh = inputs.options.clean or loaded.failed  # (a failed build reports every error)
        last = None if fresh else self.last_plan(cache, stored, articles, basis)
        if last is not None:
            reused = reuse(last, loaded, bodies, inputs.extras, images.pictures)
            return Planned(reused, False, done, env)
        every = articles.all()
        site = replace(assemble_site(inputs, every, bodies, loaded.failed), images=images.pictures)
        memory = plan_pages(inputs, env, basis, loaded, site, every, images.digest)
        return Planned(memory, True, done, env)

    def stored_plan(self, inputs: Inputs, cache: Cache) -> StoredPlan | None:
        if cache.store is None or inputs.out in self.done:
            return None
        return cache.store.plan(str(inputs.out.resolve()))

    def last_plan(
        self, cache: Cache, stored: StoredPlan | None, articles: Articles, basis: Basis
    ) -> Memory | None:
        """The last build's plan if this build may reuse it: in memory, or else stored."""
        last = self.last
        if last is None and stored is not None and stored.current:
            keys = {i: s.body_key for i, s in cache.sources.items()}
            last = recall(stored, articles.__getitem__, keys)
        return last if last is not None and last.basis.fits(basis) else None

    def environment(self, inputs: Inputs) -> jinja2.Environment:
        """The Jinja environment, kept while theme, config and templates stay the same, so
        compiled templates are reused (a new file that overrides a template changes the
        digest too)."""
        theme, config, options = inputs.theme, inputs.config, inputs.options
        strings = inputs.strings
        compiled = options.site / CACHE_DIR / f"templates-{__version__}"  # Jinja's options
        if options.cache:  # are Masthead's: a version has its own compiled templates
            compiled.mkdir(parents=True, exist_ok=True)  # (again, if the cache was deleted)
        where = compiled if options.cache else None
        made_of = (theme, config, where, strings.digest)
        if self.templates is not None and self.templates[0] == made_of:
            env = self.templates[1]
            if all_templates(env) == self.templates[2]:
                return env
        env = make_environment(theme, config, strings, where)
        self.templates = (made_of, env, all_templates(env))
        return env

    def render_jobs(self, inputs: Inputs, fresh: list[Page]) -> int:
        """Processes to render with: none forked beside a long-lived engine's threads."""
        if not fresh:
            return 0
        return (
            1 if self.out is not None else inputs.options.workers_for(len(fresh), RENDER_IN_WORKERS)
        )

    # --- persist --------------------------------------------------------------------------

    def persist(
        self,
        inputs: Inputs,
        cache: Cache,
        loaded: Loaded,
        planned: Planned,
        result: BuildResult,
        images: Photos,
    ) -> None:
        """Save in one transaction what this build learnt: sources, plan, keys, fast path."""
        if cache.store is None or not cache.persist:
            return
        memory, done = planned.memory, planned.done
        window = (memory.basis.since, memory.basis.valid_until)
        seen, watch = inputs.seen, inputs.watch
        record = quick.record(seen, watch, window, result) if seen is not None else None
        cache.store.save(
            Saved(
                tuple(Parsed(i, f.source, f.json) for i, f in loaded.fresh.items()),
                {i: loaded.sources[i] for i in loaded.touched},
                loaded.gone,
                freed(cache.sources, loaded),
                inputs.begun_ns,
                record,
                str(inputs.out.resolve()),
                memory.rows() if planned.made else None,
                {p: k for p, k in memory.keys.items() if done.get(p) != k},
                images.seen if images.changed else None,
            )
        )

    def keep(
        self, inputs: Inputs, cache: Cache, loaded: Loaded, planned: Planned, articles: Articles
    ) -> None:
        """What this engine keeps for its next build."""
        self.last, self.inventory, self.out = planned.memory, inputs.inventory, inputs.out
        self.done = {inputs.out: planned.memory.keys}
        self.sources = loaded.sources
        self.saved_ns = inputs.begun_ns if cache.persist else cache.saved_ns
        self.articles = articles.known
        current = set(loaded.body_keys.values())
        self.bodies = {k: v for k, v in self.bodies.items() if k in current}


class BodySink(dict):
    """Where the parse phase puts new bodies (by key): the store, in batches, or memory."""

    def __init__(self, store: Store | None, kept: dict[str, str]) -> None:
        super().__init__()
        self.store, self.kept = store, kept

    def __setitem__(self, key: str, body: str) -> None:
        if self.store is None:
            self.kept[key] = body
            return
        super().__setitem__(key, body)
        if len(self) >= 256:
            self.flush()

    def flush(self) -> None:
        if self.store is not None and self:
            self.store.add_bodies(self)
            self.clear()


def watched(site_dir: Path, theme: Theme) -> Watch:
    """What the fast path looks at besides content/ and site.yaml (see `fastpath`)."""
    chain = [folder.parent for folder in theme.template_dirs[1:]]
    extras = (site_dir / PAGES_DIR, site_dir / AUTHORS_DIR)
    return Watch(
        files=tuple(str(folder / "theme.yaml") for folder in chain),
        trees=tuple(
            str(f) for f in (*theme.template_dirs, *theme.static_dirs, *theme.i18n_dirs, *extras)
        ),
        folders=tuple(str(root / t.name) for t in chain for root in theme_roots(site_dir)),
    )


def basis_of(inputs: Inputs, loaded: Loaded, env: jinja2.Environment, images: str) -> Basis:
    """What a plan of this build is made from (valid until: to be found by planning)."""
    keys, found = loaded.meta_keys, inputs.inventory  # (meta keys: in inventory order)
    meta = digest(joined(keys, keys.values()))
    inventory = digest(joined(found.articles, found.assets, found.warnings, [images]))
    site = inputs.fingerprint.site
    extras = inputs.extras.digest()
    return Basis(site, all_templates(env), inventory, meta, extras, inputs.now, None)


def joined(*groups: Iterable[str]) -> bytes:
    """Groups of texts as one, to digest: texts never hold a NUL (names, digests, messages with
    control characters escaped), groups end with two."""
    return "".join("\0".join(group) + "\0\0" for group in groups).encode()


def assemble_site(
    inputs: Inputs, articles: list[Article], bodies: Bodies, failed: Mapping[str, tuple]
) -> Site:
    """The Site; the errors of the sources that failed to parse are raised with its own."""
    options = inputs.options
    assets, config, now = inputs.inventory.assets, inputs.config, inputs.now
    return assemble(
        articles,
        bodies,
        assets,
        config,
        now,
        options.drafts,
        options.future,
        inputs.extras,
        failed=failed,
    )


def plan_pages(
    inputs: Inputs,
    env: jinja2.Environment,
    basis: Basis,
    loaded: Loaded,
    site: Site,
    every: list[Article],
    images: str,
) -> Memory:
    """Plan every page and key it by its inputs (every page by the images: an image replaced
    by one of another size changes every page that may show it)."""
    pages = plan(site, inputs.config)
    errors = check_collisions(pages) + site_path_errors(inputs, site, pages)
    if errors:
        raise BuildError(errors)
    sections = [(s.path, s.title, s.description) for s in site.sections.values()]
    shown = [sections, inputs.extras.shown_everywhere(), images]
    globals_key = inputs.fingerprint.globals_key(shown)
    scheduled = frozenset(i for i, a in site.articles.items() if a.scheduled)
    meta = meta_of(loaded.meta_keys, scheduled)
    template = template_digests(env)
    templates = {p.template: template(p.template) for p in pages if p.template}
    bodies = loaded.body_keys
    keys = {
        p.path: page_key(p, templates.get(p.template or "", ""), globals_key, meta, bodies)
        for p in pages
    }
    until = valid_until(every, site, inputs)
    basis = replace(basis, valid_until=until)
    return Memory(basis, site, PagePlan.of(pages), keys, globals_key, scheduled, bodies, templates)


def site_path_errors(inputs: Inputs, site: Site, pages: list[Page]) -> list[SourceError]:
    """Links from the site's root to files it does not write (pages, content files, static)."""
    copied = copies(inputs.options.site, inputs.theme, inputs.inventory.assets)
    files = {p.path for p in pages} | {f.path for f in copied} | set(inputs.inventory.assets)
    return check_site_paths(site.articles.values(), files, inputs.config.base_path)


def reuse(
    last: Memory,
    loaded: Loaded,
    bodies: Bodies,
    extras: Extras,
    images: Mapping[str, Picture],
) -> Memory:
    """The last plan with new bodies: only the pages showing a changed body are keyed again
    (with the digests of their templates as the plan keeps them: its basis holds while no
    template changed). The pages and profiles are those of this build (equal to the plan's:
    its basis holds)."""
    changed = {i for i, k in loaded.body_keys.items() if last.body_keys.get(i) != k}
    meta = meta_of(loaded.meta_keys, last.scheduled)
    keys = dict(last.keys)
    for page in last.pages.showing(changed):
        own = last.templates.get(page.template or "", "")
        keys[page.path] = page_key(page, own, last.globals_key, meta, loaded.body_keys)
    memory = with_bodies(last, bodies, loaded.body_keys)
    site = replace(memory.site, pages=extras.pages, profiles=extras.profiles, images=images)
    return replace(memory, site=site, keys=keys)


def stale_pages(inputs: Inputs, planned: Planned, trusted: bool) -> list[Page]:
    """The pages to render: a new key, or not in the output as the writer last left it: not in
    its record, or gone from the folder (deleted by hand, say). A long-lived engine that wrote
    the folder itself trusts it; others look for every page (`os.access`: half the cost of a
    `stat`, for ten thousand pages)."""
    out, memory, done = inputs.out, planned.memory, planned.done
    manifest = work_dir(inputs.options.site, out) / MANIFEST
    written = read_manifest(manifest) if out.is_dir() else {}
    paths, keys = [path for path, _ in memory.pages.refs], memory.keys
    stale = {p for p in paths if done.get(p) != keys[p] or p not in written}
    if not trusted:
        there, folder = os.access, f"{out}/"
        stale.update(p for p in paths if p not in stale and not there(folder + p, os.F_OK))
    return memory.pages.where(stale.__contains__)


def freed(before: Mapping[str, Source], loaded: Loaded) -> tuple[str, ...]:
    """Body keys of sources that changed or went: no longer needed, unless another has them."""
    keys = []
    for article_id in (*loaded.fresh, *loaded.gone):
        old, new = before.get(article_id), loaded.sources.get(article_id)
        if old is not None and (new is None or new.body_key != old.body_key):
            keys.append(old.body_key)
    return tuple(keys)


def render_and_write(
    inputs: Inputs, cache: Cache, planned: Planned, fresh: list[Page], jobs: int, images: Photos
) -> tuple[WriteResult, SearchPlan | None]:
    """Render and write; the search index after the pages, when the site has search."""
    options = inputs.options
    if cache.store is not None:
        cache.store.close()  # forked workers open their own connections, never this one
    files = chain(images.files, files_of(inputs, planned, fresh, jobs))
    rendered = {p.path for p in fresh}
    refs = planned.memory.pages.refs
    kept = [ref for ref in refs if ref[0] not in rendered]
    work = work_dir(options.site, inputs.out)
    search = None
    if inputs.config.search:
        written = read_manifest(work / MANIFEST) if inputs.out.is_dir() else {}
        search = plan_search(refs, fresh, written, work)
        kept += search.kept
        files = with_index(staged(files, search), search, inputs.out)
    try:
        result = write_site(
            inputs.out, files, work, clean=options.clean, commit=options.commit, kept=kept
        )
    finally:
        planned.memory.site.bodies.close()
    if search is not None:
        remember(search)
    return result, search


def with_index(files: Iterable[OutputFile], search: SearchPlan, out: Path) -> Iterator[OutputFile]:
    """The files, then (when it is made again) the search index of the article pages."""
    yield from files
    if search.refresh:
        yield from index_files(search, out)


def summarize(
    inputs: Inputs,
    cache: Cache,
    loaded: Loaded,
    planned: Planned,
    fresh: list[Page],
    written: WriteResult,
    jobs: int,
    search: SearchPlan | None,
    images: Photos,
) -> BuildResult:
    site, memory = planned.memory.site, planned.memory
    languages = {inputs.config.language, *(a.lang for a in site.articles.values() if a.lang)}
    warnings = inputs.inventory.warnings + site.warnings + config_warnings(inputs.config)
    warnings += inputs.strings.missing(languages)
    rendered = tuple(p.path for p in fresh)
    indexed = len(search.pages) if search is not None and search.refresh else 0
    report = Report(
        loaded.read,
        planned.made,
        rendered,
        loaded.workers,
        jobs,
        indexed=indexed,
        images_made=images.made,
        images_reused=images.reused,
        image_workers=images.workers,
        image_seconds=images.seconds,
    )
    return BuildResult(
        warnings=warnings + unknown_warning(inputs.out, written),
        notes=cache.notes,
        articles=len(site.articles),
        sections=len(site.sections),
        held_back=site.held_back,
        drafts=site.drafts,
        files=written.written + written.unchanged,
        pages=len(memory.pages),
        parsed=loaded.parsed,
        rendered=len(fresh),
        written=written.written,
        unchanged=written.unchanged,
        removed=written.removed,
        cleaned=written.cleaned,
        out=inputs.out,
        report=report,
    )


def all_templates(env: jinja2.Environment) -> str:
    """A digest of every template the environment can load."""
    names = sorted(env.list_templates())
    return digest("".join(n + env.loader.get_source(env, n)[0] for n in names).encode())


def valid_until(every: list[Article], site: Site, inputs: Inputs) -> datetime | None:
    """When the passing of time alone changes this site: an article's date arrives, or one
    leaves the news sitemap's window."""
    now = inputs.now
    moments = [a.date for a in every if a.date and a.date > now]
    window = timedelta(days=inputs.config.news_sitemap_days)
    moments += [a.date + window for a in site.articles.values() if a.date and a.date + window > now]
    return min(moments, default=None)


def files_of(
    inputs: Inputs, planned: Planned, fresh: list[Page], jobs: int
) -> Iterator[OutputFile]:
    """The files of the site to read or render, in order: copies, then rendered pages."""
    site_dir, theme, memory = inputs.options.site, inputs.theme, planned.memory
    made = render_pages(
        planned.env,
        memory.site,
        inputs.config,
        fresh,
        jobs,
        inputs.options.progress,
        locate=lambda exc: template_error(site_dir, theme, exc),
        renderers=RENDERERS,
        strings=inputs.strings,
    )
    return chain(copies(site_dir, theme, inputs.inventory.assets), made)


def unknown_warning(out: Path, written: WriteResult) -> tuple[str, ...]:
    if not written.unknown:
        return ()
    return (
        f"{out}: {written.unknown} file(s) that this build did not write, and no record of "
        "which earlier builds wrote (was .masthead-cache/ deleted?): kept; build once with "
        "--clean to remove them",
    )


def config_warnings(config: SiteConfig) -> tuple[str, ...]:
    if config.absolute("") is None:
        return (
            "site.yaml: no absolute base_url (like https://example.org/): feeds, sitemaps, "
            "canonical links and social cards are left out of this build",
        )
    return ()


def copies(site_dir: Path, theme: Theme, assets: tuple[str, ...]) -> list[OutputFile]:
    """Content files beside articles, then theme static files (the first in the chain wins)."""
    files = [  # raster images are published as renditions only (see `images`)
        OutputFile(a, f"{CONTENT_DIR}/{a}", copy_from=site_dir / CONTENT_DIR / a)
        for a in assets
        if not is_raster(a)
    ]
    seen: set[str] = set()
    for folder in theme.static_dirs:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            rel = "static/" + path.relative_to(folder).as_posix()
            if path.is_file() and rel not in seen:
                seen.add(rel)
                files.append(OutputFile(rel, str(path), copy_from=path))
    return files


def raster_logo(site_dir: Path, theme: Theme, config: SiteConfig) -> tuple[str, Path] | None:
    """The site's logo when it is a raster file of the site (its static/ folders or content/):
    made into icons. An SVG logo, or one given as a URL, is linked as it is."""
    logo = config.logo
    if not logo or "://" in logo or not is_raster(logo):
        return None
    rel = logo.lstrip("/")
    inside = rel.removeprefix("static/")
    places = [(f"{CONTENT_DIR}/{rel}", site_dir / CONTENT_DIR / rel)]
    places += [(f"static/{inside}", folder / inside) for folder in theme.static_dirs]
    found = next(((shown, path) for shown, path in places if path.is_file()), None)
    if found is None:
        raise SourceError(CONFIG_FILE, config.lines.get("logo"), f"'logo' {logo} not found")
    return found


def user_of(articles: Articles, path: str) -> tuple[str, int | None] | None:
    """An article that uses the image at `path` (under content/), and the line: for errors."""
    for article in articles.all():
        for target, line in article.links:
            if target == path:
                return article.source, line
    return None


def manifest_file(site_dir: Path, out: Path) -> Path:
    return work_dir(site_dir, out) / MANIFEST
