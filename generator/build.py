"""The build as a short list of named phases; errors come back as values in BuildResult."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import jinja2

from generator.config import SiteConfig, load_config
from generator.content import CONTENT_DIR, assemble, parse_all, scan
from generator.errors import BuildError, SourceError
from generator.model import Site
from generator.output import dangerous_output, write_site
from generator.render import OutputFile, plan, render
from generator.theme import Theme, load_theme, make_environment, template_error

CACHE_DIR = ".masthead-cache"


@dataclass(frozen=True, slots=True)
class BuildOptions:
    site: Path
    out: Path | None = None
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    clean: bool = False
    now: datetime | None = None  # "now" for scheduling; tests fix it

    @property
    def out_dir(self) -> Path:
        return self.out if self.out is not None else self.site / "output"


@dataclass(frozen=True, slots=True)
class BuildResult:
    errors: tuple[SourceError, ...] = ()
    warnings: tuple[str, ...] = ()
    articles: int = 0
    sections: int = 0
    held_back: int = 0
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0
    out: Path | None = None
    stats: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def build(options: BuildOptions) -> BuildResult:
    """Run every phase; a user error anywhere leaves the output folder untouched."""
    started = time.perf_counter()
    try:
        return _run(options, started)
    except BuildError as exc:
        return BuildResult(errors=tuple(exc.errors), seconds=time.perf_counter() - started)
    except SourceError as exc:
        return BuildResult(errors=(exc,), seconds=time.perf_counter() - started)


def _run(options: BuildOptions, started: float) -> BuildResult:
    site_dir, out = options.site, options.out_dir
    problem = dangerous_output(out, site_dir)
    if problem:
        raise SourceError(
            str(out), None, f"refused as the output folder: it {problem}; choose another with -o"
        )
    config = load_config(site_dir, options.base_url)
    theme = load_theme(site_dir, config.theme, config.lines.get("theme"))
    inventory = scan(site_dir / CONTENT_DIR)
    articles = parse_all(site_dir, inventory.articles, config)
    now = options.now or datetime.now(UTC)
    site = assemble(articles, inventory.assets, config, now, options.drafts, options.future)
    files = render_site(site_dir, theme, site, config) + copies(site_dir, theme, inventory.assets)
    written = write_site(out, files, manifest_file(site_dir, out), clean=options.clean)
    return BuildResult(
        warnings=inventory.warnings + _config_warnings(config),
        articles=len(site.articles),
        sections=len(site.sections),
        held_back=site.held_back,
        pages=len(files),
        written=written.written,
        unchanged=written.unchanged,
        removed=written.removed,
        seconds=time.perf_counter() - started,
        out=out,
    )


def _config_warnings(config: SiteConfig) -> tuple[str, ...]:
    if config.absolute("") is None:
        return (
            "site.yaml: no absolute base_url (like https://example.org/): feeds, sitemaps, "
            "canonical links and social cards are left out of this build",
        )
    return ()


def render_site(site_dir: Path, theme: Theme, site: Site, config: SiteConfig) -> list[OutputFile]:
    env = make_environment(theme, config)
    try:
        return render(env, site, config, plan(site, config))
    except (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError) as exc:
        raise template_error(site_dir, theme, exc) from exc


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


def manifest_file(site_dir: Path, out: Path) -> Path:
    """Where the writer records what it wrote to `out`: in the site's cache, one per output."""
    key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
    return site_dir / CACHE_DIR / f"outputs-{key}.json"
