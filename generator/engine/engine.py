"""The build as a short list of named phases; errors come back as values in BuildResult.

Incremental: the cache says what each source parsed to and what each page was made from, so a
rebuild parses only changed files, renders only pages whose inputs changed, and writes only
files whose bytes changed; the output is the same as a clean build's.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import chain
from pathlib import Path

import jinja2

from generator import __version__
from generator.core.config import SiteConfig, load_config
from generator.core.errors import BuildError, SourceError
from generator.core.hashing import digest
from generator.core.layout import CACHE_DIR, CONFIG_FILE, CONTENT_DIR, MANIFEST
from generator.core.model import Article, OutputFile, Page, Progress, Site
from generator.engine import fastpath as quick
from generator.engine.keys import page_key
from generator.engine.lock import build_lock
from generator.engine.memory import Memory, PagePlan, load_plan, save_plan
from generator.engine.options import BuildOptions, BuildResult
from generator.engine.parse import Loaded, load_articles
from generator.engine.store import (
    BODIES,
    STATE,
    BodyLog,
    CacheDamaged,
    CacheState,
    compact,
    load_state,
    save_state,
)
from generator.load.assemble import assemble
from generator.load.frontmatter import ParseSettings
from generator.load.inventory import Inventory, scan
from generator.output.guard import dangerous_output
from generator.output.writer import WriteResult, check_collisions, read_manifest, write_site
from generator.pages.registry import RENDERERS, plan
from generator.render.pages import render_pages
from generator.render.theme import (
    Theme,
    load_theme,
    make_environment,
    template_digests,
    template_error,
)


class Engine:
    """Builds a site again and again (`masthead serve`), keeping the last good build in memory:
    when only article bodies changed, the plan of pages is reused and only the pages showing
    those bodies are keyed and rendered again. Callable like `build`."""

    def __init__(self, persist_every_build: bool = True) -> None:
        self.memory: Memory | None = None
        self.state: CacheState | None = None  # kept between builds, not read again
        self.persist_every_build = persist_every_build
        self.serving = False  # built before in this process: a long-lived preview, with threads
        self.log: BodyLog | None = None
        self._env: tuple[tuple[Theme, SiteConfig], jinja2.Environment, str] | None = None

    def __call__(self, options: BuildOptions) -> BuildResult:
        started = time.perf_counter()
        try:
            with build_lock(options.site):
                try:
                    return self._run(options, started)
                except CacheDamaged as exc:  # found out while reading it: forget it, start over
                    self.memory = self.state = self.log = None
                    for name in (STATE, BODIES):
                        (options.site / CACHE_DIR / name).unlink(missing_ok=True)
                    result = self._run(options, started)
                    note = f"{CACHE_DIR}: ignored ({exc}); built from scratch"
                    return replace(result, notes=(*result.notes, note))
        except BuildError as exc:
            return BuildResult(errors=tuple(exc.errors), seconds=time.perf_counter() - started)
        except SourceError as exc:
            return BuildResult(errors=(exc,), seconds=time.perf_counter() - started)

    def _run(self, options: BuildOptions, started: float) -> BuildResult:
        begun_ns = time.time_ns()
        site_dir, out = options.site, options.out_dir
        problem = dangerous_output(out, site_dir)
        if problem:
            raise SourceError(
                str(out),
                None,
                f"refused as the output folder: it {problem}; choose another with -o",
            )
        config = load_config(site_dir, options.base_url)
        theme = load_theme(site_dir, config.theme, config.lines.get("theme"))
        hint = self._hint(options)
        inventory = self.memory.inventory if hint is not None else scan(site_dir / CONTENT_DIR)
        now = options.now or datetime.now(UTC)
        cache_dir, work = site_dir / CACHE_DIR, work_dir(site_dir, out)
        out_key = str(out.resolve())
        manifest = work / MANIFEST
        inputs, stats = None, None
        if options.cache and not options.clean and self.persist_every_build:
            inputs = _inputs(site_dir, theme, inventory, options)
            stats = quick.look(inputs.files)
            unchanged = quick.check(cache_dir, inputs, stats, now)
            if unchanged is not None and out.is_dir() and manifest.exists():
                return BuildResult(**unchanged, seconds=time.perf_counter() - started, out=out)
        state, notes = self.state, ()
        persist = options.cache and (self.persist_every_build or state is None)
        if state is None:
            state, notes = open_cache(cache_dir) if options.cache else (CacheState(), ())
            if options.cache and not options.clean:
                self.memory = load_plan(work, state, out_key)
        log = None
        if options.cache:  # one log per Engine: bodies a preview kept in memory stay readable
            if self.log is None or self.log.state is not state:
                self.log = BodyLog(cache_dir, state)
            log, log.appends = self.log, persist
        done = state.outputs.setdefault(out_key, {})
        loaded = load_articles(
            site_dir,
            inventory.articles,
            ParseSettings.of(config),
            state,
            log,
            options.workers,
            options.progress,
            only=hint,
            seen=stats,
        )
        env = self._environment(theme, config, options)
        memory = self._bodies_only(options, config, env, inventory, loaded, now)
        planned = memory is None
        if memory is None:
            site = assemble(
                loaded.articles,
                loaded.bodies,
                inventory.assets,
                config,
                now,
                options.drafts,
                options.future,
            )
            memory = remember(options, config, env, inventory, loaded, site, now)
        trusted = (
            self.serving and self.memory is not None and self.memory.options.out_dir == out
        )  # it wrote out itself
        written = read_manifest(manifest) if out.is_dir() else {}
        fresh = memory.pages.where(
            lambda path: (
                done.get(path) != memory.keys[path]
                or path not in written
                or not (trusted or os.path.isfile(f"{out}/{path}"))
            )
        )
        jobs = 1 if self.serving else options.workers  # no forking beside threads
        files = files_of(site_dir, theme, env, memory, inventory, fresh, jobs, options.progress)
        written = write_site(out, files, work, clean=options.clean, commit=options.commit)
        result = _result(
            memory.site,
            memory.pages,
            loaded,
            fresh,
            written,
            started,
            out,
            inventory.warnings + _config_warnings(config) + _unknown_warning(out, written),
            notes,
        )
        self.memory, self.state, self.serving = memory, state, True
        state.outputs[out_key] = memory.keys
        if persist:
            if planned:
                save_plan(work, state, memory, out_key)
            if planned or loaded.parsed or loaded.dropped or memory.keys != done:
                state.saved_ns = begun_ns
                compact(cache_dir, state, log)
                save_state(cache_dir, state)
            inputs = inputs or _inputs(site_dir, theme, inventory, options)
            quick.save(
                cache_dir,
                inputs,
                stats if stats is not None else quick.look(inputs.files),
                begun_ns,
                memory.valid_until,
                result,
            )
        return replace(result, seconds=time.perf_counter() - started)  # saving the cache counts

    def _hint(self, options: BuildOptions) -> set[str] | None:
        """The article ids that alone changed, when the watcher says only existing articles
        were modified; None when the whole site must be looked at."""
        last = self.memory
        if last is None or options.changed is None:
            return None
        ids = set(last.inventory.articles)
        found = {path.removeprefix(f"{CONTENT_DIR}/") for path in options.changed}
        if (
            not all(p.startswith(f"{CONTENT_DIR}/") for p in options.changed)
            or not (found <= ids)
            or not all(os.path.isfile(options.site / CONTENT_DIR / i) for i in found)
        ):
            return None
        return found

    def _environment(
        self, theme: Theme, config: SiteConfig, options: BuildOptions
    ) -> jinja2.Environment:
        """The Jinja environment, kept while theme, config and templates stay the same, so
        compiled templates are reused (a new file that overrides a template changes the
        digest too)."""
        if self._env is not None and self._env[0] == (theme, config):
            env = self._env[1]
            if all_templates(env) == self._env[2]:
                return env
        compiled = options.site / CACHE_DIR / f"templates-{__version__}"  # Jinja's options
        if options.cache:  # are Masthead's: a version has its own compiled templates
            compiled.mkdir(parents=True, exist_ok=True)
        env = make_environment(theme, config, compiled if options.cache else None)
        self._env = ((theme, config), env, all_templates(env))
        return env

    def _bodies_only(
        self,
        options: BuildOptions,
        config: SiteConfig,
        env: jinja2.Environment,
        inventory: Inventory,
        loaded: Loaded,
        now: datetime,
    ) -> Memory | None:
        """The last build's plan with new bodies, when nothing but bodies changed."""
        last = self.memory
        if (
            last is None
            or not last.same_build(options)
            or last.config != config
            or last.templates != all_templates(env)
            or last.inventory != inventory
            or (last.valid_until is not None and now >= last.valid_until)
            or last.meta_keys != loaded.meta_keys
        ):
            return None
        changed = {i for i, k in loaded.body_keys.items() if last.body_keys.get(i) != k}
        template = template_digests(env)
        keys = dict(last.keys)
        for page in last.pages.showing(changed):
            keys[page.path] = page_key(
                page,
                template(page.template) if page.template else "",
                last.globals_key,
                last.meta,
                loaded.body_keys,
            )
        site = replace(last.site, bodies=loaded.bodies)
        return replace(last, options=options, body_keys=loaded.body_keys, site=site, keys=keys)


def remember(
    options: BuildOptions,
    config: SiteConfig,
    env: jinja2.Environment,
    inventory: Inventory,
    loaded: Loaded,
    site: Site,
    now: datetime,
) -> Memory:
    """Plan every page and key it by its inputs."""
    pages = plan(site, config)
    errors = check_collisions(pages)
    if errors:
        raise BuildError(errors)
    template = template_digests(env)
    sections = [(s.path, s.title, s.description) for s in site.sections.values()]
    globals_key = digest(repr((__version__, config, sections)).encode())
    meta = {i: loaded.meta_keys[i] + ("s" if a.scheduled else "") for i, a in site.articles.items()}
    keys = {
        p.path: page_key(
            p, template(p.template) if p.template else "", globals_key, meta, loaded.body_keys
        )
        for p in pages
    }
    return Memory(
        options,
        config,
        all_templates(env),
        inventory,
        loaded.meta_keys,
        meta,
        loaded.body_keys,
        site,
        PagePlan(pages),
        keys,
        globals_key,
        valid_until(loaded.articles, site, config, now),
    )


def all_templates(env: jinja2.Environment) -> str:
    """A digest of every template the environment can load."""
    names = sorted(env.list_templates())
    return digest("".join(n + env.loader.get_source(env, n)[0] for n in names).encode())


def _result(
    site: Site,
    pages: PagePlan,
    loaded: Loaded,
    fresh: list[Page],
    written,
    started: float,
    out: Path,
    warnings: tuple[str, ...],
    notes: tuple[str, ...],
) -> BuildResult:
    return BuildResult(
        warnings=warnings,
        notes=notes,
        articles=len(site.articles),
        sections=len(site.sections),
        held_back=site.held_back,
        files=written.written + written.unchanged,
        pages=len(pages),
        parsed=loaded.parsed,
        rendered=len(fresh),
        written=written.written,
        unchanged=written.unchanged,
        removed=written.removed,
        cleaned=written.cleaned,
        seconds=time.perf_counter() - started,
        out=out,
    )


def _inputs(
    site_dir: Path, theme: Theme, inventory: Inventory, options: BuildOptions
) -> quick.Inputs:
    """Every file a build reads, and the options that change its output."""
    content = f"{site_dir}/{CONTENT_DIR}/"  # strings: a Path per file costs more than its stat
    files = [
        str(site_dir / CONFIG_FILE),
        *(content + i for i in inventory.articles),
        *(content + a for a in inventory.assets),
    ]
    for folder in (*theme.template_dirs, *theme.static_dirs):
        found = sorted(str(p) for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        files.extend(found)
    settings = (
        __version__,
        options.drafts,
        options.future,
        options.base_url,
        str(options.out_dir.resolve()),
    )
    return quick.Inputs(repr(settings), files)


def valid_until(
    articles: list[Article], site: Site, config: SiteConfig, now: datetime
) -> datetime | None:
    """When the passing of time alone changes this site: an article's date arrives, or one
    leaves the news sitemap's window."""
    moments = [a.date for a in articles if a.date and a.date > now]
    window = timedelta(days=config.news_sitemap_days)
    moments += [a.date + window for a in site.articles.values() if a.date and a.date + window > now]
    return min(moments, default=None)


def open_cache(cache_dir: Path) -> tuple[CacheState, tuple[str, ...]]:
    """The saved state, or a fresh one with a note saying why the saved one was not used."""
    try:
        return load_state(cache_dir), ()
    except CacheDamaged as exc:
        return CacheState(), (f"{CACHE_DIR}: ignored ({exc}); building from scratch",)


def files_of(
    site_dir: Path,
    theme: Theme,
    env: jinja2.Environment,
    memory: Memory,
    inventory: Inventory,
    fresh: list[Page],
    jobs: int,
    progress: Progress | None,
) -> Iterator[OutputFile]:
    """The files of the site in order: reused pages, copies, then newly rendered pages."""
    rendered = {p.path for p in fresh}
    reused = (OutputFile(path, label) for path, label in memory.pages.refs if path not in rendered)
    made = render_pages(
        env,
        memory.site,
        memory.config,
        fresh,
        jobs,
        progress,
        locate=lambda exc: template_error(site_dir, theme, exc),
        renderers=RENDERERS,
    )
    return chain(reused, copies(site_dir, theme, inventory.assets), made)


def _unknown_warning(out: Path, written: WriteResult) -> tuple[str, ...]:
    if not written.unknown:
        return ()
    return (
        f"{out}: {written.unknown} file(s) that this build did not write, and no record of "
        "which earlier builds wrote (was .masthead-cache/ deleted?): kept; build once with "
        "--clean to remove them",
    )


def _config_warnings(config: SiteConfig) -> tuple[str, ...]:
    if config.absolute("") is None:
        return (
            "site.yaml: no absolute base_url (like https://example.org/): feeds, sitemaps, "
            "canonical links and social cards are left out of this build",
        )
    return ()


def copies(site_dir: Path, theme: Theme, assets: tuple[str, ...]) -> list[OutputFile]:
    """Content files beside articles, then theme static files (the first in the chain wins)."""
    files = [
        OutputFile(a, f"{CONTENT_DIR}/{a}", copy_from=site_dir / CONTENT_DIR / a) for a in assets
    ]
    seen: set[str] = set()
    for folder in theme.static_dirs:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            rel = "static/" + path.relative_to(folder).as_posix()
            if path.is_file() and rel not in seen:
                seen.add(rel)
                files.append(OutputFile(rel, str(path), copy_from=path))
    return files


def work_dir(site_dir: Path, out: Path) -> Path:
    """The writer's folder for `out` in the site's cache: the record of what it wrote there,
    its staging folder and its journal. Nothing is written outside the output folder but here."""
    return site_dir / CACHE_DIR / f"out-{digest(str(out.resolve()).encode())[:16]}"


def manifest_file(site_dir: Path, out: Path) -> Path:
    return work_dir(site_dir, out) / MANIFEST
