"""Theme chain (site templates -> theme -> parent themes) -> a Jinja Environment, and its errors."""

from __future__ import annotations

import functools
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import jinja2.meta

from generator import __version__
from generator.core.config import SiteConfig
from generator.core.errors import SourceError
from generator.core.hashing import digest
from generator.core.layout import CHECKOUT, CONFIG_FILE, I18N_DIR, PACKAGED
from generator.core.yamlio import load_yaml
from generator.render.fragments import FragmentCache
from generator.render.i18n import Strings, load_strings, template_functions
from generator.render.pictures import picture_html

MAX_PARENTS = 8


@dataclass(frozen=True, slots=True)
class Theme:
    """Folders in priority order: the first that has a file wins."""

    template_dirs: tuple[Path, ...]
    static_dirs: tuple[Path, ...]
    i18n_dirs: tuple[Path, ...]


def theme_roots(site_dir: Path) -> tuple[Path, ...]:
    """Where themes are looked for, first first: a site's own `themes/<name>` wins over a
    packaged theme of the same name."""
    return (site_dir / "themes", PACKAGED, CHECKOUT)


def find_theme_dir(site_dir: Path, name: str) -> Path | None:
    for root in theme_roots(site_dir):
        if (root / name).is_dir():
            return root / name
    return None


def available_themes(site_dir: Path) -> list[str]:
    roots = theme_roots(site_dir)
    return sorted({p.name for r in roots if r.is_dir() for p in r.iterdir() if p.is_dir()})


def load_theme(site_dir: Path, name: str, line: int | None = None) -> Theme:
    """Resolve `name` and its parents (`parent:` in theme.yaml) into search paths; `line` is
    where site.yaml names the theme."""
    chain: list[Path] = []
    while name and len(chain) <= MAX_PARENTS:
        folder = find_theme_dir(site_dir, name)
        if folder is None:
            known = ", ".join(available_themes(site_dir)) or "none"
            raise SourceError(
                CONFIG_FILE, line, f"unknown theme '{name}': themes available: {known}"
            )
        if folder in chain:
            raise SourceError(_shown(site_dir, folder / "theme.yaml"), None, "parent loop")
        chain.append(folder)
        name = _parent_of(site_dir, folder)
    return Theme(
        template_dirs=(site_dir / "templates", *(f / "templates" for f in chain)),
        static_dirs=(site_dir / "static", *(f / "static" for f in chain)),
        i18n_dirs=(site_dir / I18N_DIR, *(f / I18N_DIR for f in chain)),
    )


def theme_strings(site_dir: Path, theme: Theme) -> Strings:
    """The translation files of the site and its theme chain, merged (a one-line error names a
    bad file)."""
    return load_strings(theme.i18n_dirs, lambda path: _shown(site_dir, path))


def _parent_of(site_dir: Path, folder: Path) -> str:
    path = folder / "theme.yaml"
    if not path.is_file():
        return ""
    data = load_yaml(path.read_text(encoding="utf-8-sig"), _shown(site_dir, path)) or {}
    if not isinstance(data, dict) or not isinstance(data.get("parent", ""), str):
        raise SourceError(_shown(site_dir, path), None, "'parent' must be a theme name")
    return data.get("parent", "")


def _shown(site_dir: Path, path: Path) -> str:
    """A path as errors show it: relative to the site, or to Masthead's own themes."""
    for root, prefix in (
        (site_dir, ""),
        (PACKAGED.parent, "<masthead>/"),
        (CHECKOUT.parent, "<masthead>/"),
    ):
        if path.is_relative_to(root):
            return prefix + path.relative_to(root).as_posix()
    return str(path)


def make_environment(
    theme: Theme, config: SiteConfig, strings: Strings, compiled: Path | None = None
) -> jinja2.Environment:
    """Autoescaping, strict about undefined names, with Masthead's filters and globals.
    `compiled` is a folder that keeps compiled templates between runs (Jinja checks each against
    its source): compiling the theme costs more than rendering one page."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme.template_dirs]),
        autoescape=True,
        extensions=[FragmentCache],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else None,
    )

    links: dict[str, str] = {}  # a page links the same sections, tags and files as others

    def url(path: str) -> str:
        found = links.get(path)
        if found is None:
            found = links[path] = path if urlsplit(path).scheme else config.link(path)
        return found

    words = template_functions(strings, config)
    env.globals.update(
        t=words["t"],
        url=url,
        abs_url=lambda path: config.absolute(path) or url(path),
        generator=f"Masthead {__version__}",
    )
    env.filters.update(
        isodate=lambda d: d.isoformat(),
        date=words["date"],
        longdate=words["date"],
        isolate=words["isolate"],
        img=lambda article: image_link(article, url),
    )
    env.globals["picture"] = lambda pic, alt, sizes, **more: picture_html(
        pic, alt, sizes, url, **more
    )
    return env


def image_link(article: dict, url: Callable[[str], str]) -> str:
    """The link of an article's image: its largest rendition when it is published as such."""
    pic = article.get("picture")
    if pic is not None:
        return url(pic.largest.path)
    return url(article["image"]) if article["image"] else ""


def template_error(site_dir: Path, theme: Theme, exc: Exception) -> SourceError | None:
    """Name the template file and line of an error raised while rendering, found in the error or
    its traceback; None when no template is to blame (then it is Masthead's own bug)."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if filename is None:
        frames = [
            f
            for f in traceback.extract_tb(exc.__traceback__)
            if any(Path(f.filename).is_relative_to(d) for d in theme.template_dirs)
        ]
        if frames:
            filename, line = frames[-1].filename, frames[-1].lineno
    if isinstance(exc, jinja2.TemplateNotFound) and filename is None:
        return SourceError(
            CONFIG_FILE,
            None,
            f"template '{exc.name}' not found in the theme "
            "chain: add it to templates/ or to the theme",
        )
    if filename is None and not isinstance(exc, jinja2.TemplateError):
        return None
    where = _shown(site_dir, Path(filename)) if filename else "templates"
    message = getattr(exc, "message", None) or str(exc)
    return SourceError(where, line, f"template error: {message}")


_DIGESTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def template_digests(env: jinja2.Environment) -> Callable[[str], str]:
    """A function giving the digest of a template together with everything it extends, includes
    or imports, so a template change re-renders exactly the pages that use it. One per
    environment (an environment is renewed when a template changes)."""
    if env not in _DIGESTS:
        _DIGESTS[env] = _digests(env)
    return _DIGESTS[env]


def _digests(env: jinja2.Environment) -> Callable[[str], str]:
    own: dict[str, str] = {}
    refs: dict[str, set[str]] = {}

    def load(name: str) -> None:
        if name in own:
            return
        try:
            source, _, _ = env.loader.get_source(env, name)
            found = jinja2.meta.find_referenced_templates(env.parse(source))
        except jinja2.TemplateError as exc:  # rendering reports it, with file and line
            own[name], refs[name] = f"error:{exc}", set()
            return
        own[name] = digest(source.encode())
        names = set(found)
        refs[name] = set(env.list_templates()) if None in names else names - {None}
        for other in refs[name]:
            load(other)

    def closure_digest(name: str) -> str:
        load(name)
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                load(current)
                todo.extend(refs[current])
        return digest("".join(f"{n}={own[n]};" for n in sorted(seen)).encode())

    return functools.cache(closure_digest)
