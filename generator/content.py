"""Walk `content/` and assemble the Site: parse every article, apply drafts and schedule, resolve
links between articles, build the section tree; collect every error, then raise once."""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from generator.config import SiteConfig
from generator.errors import BuildError, SourceError
from generator.frontmatter import Source, decode
from generator.markup import resolve_refs
from generator.model import Article, Section, Site

CONTENT_DIR = "content"
MAX_ERRORS = 50
MAX_ARTICLE_BYTES = 4 * 1024 * 1024  # ten times the longest real article, with embeds
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Inventory:
    """What `content/` holds: article ids and other files (copied as they are), both under it."""

    articles: tuple[str, ...]
    assets: tuple[str, ...]
    warnings: tuple[str, ...] = ()


def ignored(name: str) -> bool:
    """Hidden and private names, and editors' temporary and backup files."""
    return (
        name.startswith((".", "_", "#"))
        or name.endswith(("~", ".swp", ".swx", ".tmp"))
        or name == "4913"
    )


def printable(text: str) -> str:
    """`text` with control characters and undecodable bytes written as escapes, so that an
    error naming a file stays one readable line."""
    return UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


def scan(content: Path) -> Inventory:
    """List content files in a stable order. Symlinks to folders (never followed), symlinks
    that lead out of `content/` or nowhere, and special files (pipes, devices) are skipped with
    a warning; unreadable files and folders, and names that are not text, are errors (raised
    together as a BuildError). `content/` itself may be a symlink."""
    articles: list[str] = []
    assets: list[str] = []
    warnings: list[str] = []
    errors: list[SourceError] = []
    root = os.path.realpath(content)
    todo = [("", str(content))] if content.is_dir() else []
    while todo:
        prefix, folder = todo.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            where = printable(f"{CONTENT_DIR}/{prefix}".rstrip("/"))
            errors.append(SourceError(where, None, f"folder cannot be read ({exc.strerror})"))
            continue
        for entry in entries:
            if ignored(entry.name):
                continue
            rel = prefix + entry.name
            shown = printable(f"{CONTENT_DIR}/{rel}")
            problem = _symlink_problem(entry, root) if entry.is_symlink() else None
            if UNPRINTABLE.search(entry.name):
                message = "the name holds a control character or is not UTF-8: rename it"
                errors.append(SourceError(shown, None, message))
            elif problem:
                warnings.append(f"{shown}: {problem}; skipped")
            elif entry.is_dir():
                todo.append((rel + "/", entry.path))
            elif not entry.is_file():
                warnings.append(f"{shown}: not a regular file (a pipe, socket or device); skipped")
            elif not os.access(entry.path, os.R_OK):
                errors.append(SourceError(shown, None, "cannot be read (permission denied)"))
            else:
                (articles if entry.name.endswith(".md") else assets).append(rel)
    if errors:
        raise BuildError(errors[:MAX_ERRORS])
    return Inventory(tuple(sorted(articles)), tuple(sorted(assets)), tuple(warnings))


def _symlink_problem(entry: os.DirEntry, root: str) -> str | None:
    """Why a symlink in content/ is skipped, or None when it is a file inside content/."""
    try:
        info = os.stat(entry.path)
    except OSError as exc:
        return f"a link that leads nowhere ({exc.strerror})"
    if stat.S_ISDIR(info.st_mode):
        return "a link to a folder (links to folders are never followed)"
    if os.path.commonpath([root, os.path.realpath(entry.path)]) != root:
        return "a link to a file outside content/"
    return None


def read_source(site_dir: Path, article_id: str) -> tuple[Source, bytes]:
    """The decoded file, and its bytes (whose digest keys the cache)."""
    path = f"{CONTENT_DIR}/{article_id}"
    try:
        with open(site_dir / path, "rb") as file:
            data = file.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise SourceError(path, None, f"cannot be read ({exc.strerror})") from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise SourceError(
            path,
            None,
            f"is over {MAX_ARTICLE_BYTES // (1024 * 1024)} MB: split it, or put data in files "
            "beside it and link to them",
        )
    return Source(article_id, path, decode(path, data)), data


def assemble(
    articles: Iterable[Article],
    bodies: Mapping[str, str],
    assets: Iterable[str],
    config: SiteConfig,
    now: datetime,
    drafts: bool = False,
    future: bool = False,
) -> Site:
    """The Site of the articles this build publishes, links checked, sections built."""
    everything = {a.id: replace(a, scheduled=bool(a.date and a.date > now)) for a in articles}
    kept = {
        i: a
        for i, a in everything.items()
        if (drafts or not a.draft) and (future or not a.scheduled)
    }
    errors = _check_urls(kept.values()) + _check_links(kept, everything, set(assets))
    if errors:
        raise BuildError(errors[:MAX_ERRORS])
    ordered = sorted(kept.values(), key=Article.sort_key)
    return Site(
        sections=build_sections(ordered, config),
        articles={a.id: a for a in ordered},
        held_back=len(everything) - len(kept),
        now=now,
        bodies=bodies,
    )


def body_html(site: Site, config: SiteConfig, article_id: str) -> str:
    """An article's body with its local links turned into the final URLs."""

    def url_of(path: str) -> str:
        target = site.articles.get(path)
        return config.link(target.url if target else path)

    return resolve_refs(site.bodies[article_id], url_of)


def _check_urls(articles: Iterable[Article]) -> list[SourceError]:
    seen: dict[str, Article] = {}
    errors = []
    for article in articles:
        other = seen.setdefault(article.url.casefold(), article)
        if other is not article:
            errors.append(
                SourceError(
                    article.source,
                    1,
                    f"has the same URL /{article.url} "
                    f"as {other.source}: change the slug of one of them",
                )
            )
    return errors


def _check_links(
    kept: dict[str, Article], everything: dict[str, Article], assets: set[str]
) -> list[SourceError]:
    errors = []
    for article in kept.values():
        for target, line in article.links:
            problem = _link_problem(target, kept, everything, assets)
            if problem:
                errors.append(SourceError(article.source, line, problem))
        if article.translation_of and article.translation_of not in everything:
            errors.append(
                SourceError(
                    article.source,
                    None,
                    f"'translation_of' names a missing article: content/{article.translation_of}",
                )
            )
    return errors


def _link_problem(target: str, kept: dict, everything: dict, assets: set[str]) -> str | None:
    if target.startswith("../") or target == "..":
        return f"links to '{target}', outside content/"
    if target in kept or target in assets:
        return None
    if target in everything:
        why = "a draft" if everything[target].draft else "scheduled for later"
        return f"links to content/{target}, which is {why} and not published in this build"
    kind = "article" if target.endswith(".md") else "file"
    return f"links to a missing {kind}: content/{target} does not exist"


def build_sections(articles: list[Article], config: SiteConfig) -> dict[str, Section]:
    """Each section with articles in its subtree, and its ancestors; configured order first."""
    paths = {a.section for a in articles if a.section}
    for path in list(paths):
        parts = path.split("/")
        paths.update("/".join(parts[:i]) for i in range(1, len(parts)))
    configured = [s.path for s in config.sections]
    order = sorted(
        paths, key=lambda p: (configured.index(p) if p in configured else len(configured), p)
    )
    sections = {}
    for path in order:
        spec = config.section(path)
        parent = posixpath.dirname(path) or None
        sections[path] = Section(
            path=path,
            title=spec.title if spec else path.rsplit("/", 1)[-1].replace("-", " ").title(),
            description=spec.description if spec else "",
            parent=parent,
            children=tuple(p for p in order if posixpath.dirname(p) == path),
            article_ids=tuple(a.id for a in articles if a.section == path),
        )
    return sections
