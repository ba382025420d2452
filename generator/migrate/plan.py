"""Where each converted entry goes: its file and new URL (two that would share one get distinct
slugs, reported), its old URLs as aliases (dropped, and reported, when Masthead cannot serve a
redirect there), and how its body links to other imported entries."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import unquote, urlsplit

from generator.core import urls
from generator.core.layout import CONTENT_DIR
from generator.core.model import slugify
from generator.load.frontmatter import path_error
from generator.migrate.frontmatter import TAKEN
from generator.migrate.model import ARTICLE, Entry, Log

PAGES_DIR = "pages"
RESERVED = {urls.TAGS, urls.AUTHORS, "static", urls.FEED, urls.SITEMAP, urls.NEWS_SITEMAP}
RESERVED |= {urls.ROBOTS, urls.NOT_FOUND, urls.INDEX}


@dataclass(frozen=True, slots=True)
class Item:
    """An entry with its place in the new site: `path` under the site folder."""

    entry: Entry
    front: dict
    section: str
    slug: str
    path: str  # content/news/x.md, or pages/x.md
    url: str  # its new site path: news/x/

    @property
    def folder(self) -> str:
        """The item's folder under the site: its files go in a sub-folder named by its slug."""
        return posixpath.dirname(self.path)


def place(converted: list[tuple[Entry, dict, str]], log: Log) -> list[Item]:
    """Each entry at a URL of its own (a later one that would take a used URL gets `-2`...)."""
    items, taken = [], {f"{name}/": "a page Masthead writes" for name in TAKEN}
    for entry, front, section in converted:
        slug = _slug(entry, front)
        base, n = slug, 1
        while (url := _url(entry, section, slug)).casefold() in taken:
            n += 1
            slug = f"{base}-{n}"
        if n > 1:
            other = taken[_url(entry, section, base).casefold()]
            log.leave(
                entry.origin,
                None,
                f"would share the URL /{_url(entry, section, base)} with {other}: "
                f"its slug is now '{slug}'",
            )
        taken[url.casefold()] = entry.origin
        folder = CONTENT_DIR if entry.kind == ARTICLE else PAGES_DIR
        path = posixpath.join(folder, section if entry.kind == ARTICLE else "", f"{slug}.md")
        items.append(Item(entry, front, section, slug, path, url))
    return items


def _slug(entry: Entry, front: dict) -> str:
    slug = unquote(entry.slug).strip()
    if path_error(slug) is None and "/" not in slug:
        return slug
    return slugify(slug) or slugify(front["headline"]) or "article"


def _url(entry: Entry, section: str, slug: str) -> str:
    return urls.article(section, slug) if entry.kind == ARTICLE else urls.folder(slug)


def aliases(items: list[Item], log: Log) -> list[Item]:
    """Every old URL of an article as an alias in its front matter, unless it is its new URL
    (nothing to do), the URL of another page, or a path Masthead cannot write."""
    new = {item.url for item in items} | _section_urls(items)
    claimed: dict[str, str] = {}
    out = []
    for item in items:
        kept = []
        for old in dict.fromkeys(item.entry.old_urls):
            path = _alias(old)
            if path == item.url:
                log.did("old URL is the new URL (no redirect needed)")
            elif item.entry.kind != ARTICLE:
                log.leave(item.entry.origin, None, f"old URL {old}: pages take no aliases")
            elif path is None or path in new or path in claimed:
                why = (claimed.get(path) or "a new page") if path else ""
                why = f"is also the URL of {why}" if why else "is a path Masthead cannot write"
                log.leave(item.entry.origin, None, f"old URL {old} {why}: no redirect from it")
            else:
                claimed[path] = item.entry.origin
                kept.append("/" + path)
        if kept:
            log.did("aliases", len(kept))
            item = replace(item, front={**item.front, "aliases": kept})
        out.append(item)
    return out


def _section_urls(items: list[Item]) -> set[str]:
    found = set()
    for item in items:
        parts = item.section.split("/") if item.section else []
        found |= {urls.section("/".join(parts[: i + 1])) for i in range(len(parts))}
    return found


def _alias(old: str) -> str | None:
    """An old URL as a site path Masthead can serve, or None: not one of the pages Masthead
    writes itself (tags/, authors/, feeds, sitemaps, page/2/ of a listing...)."""
    path = unquote(urlsplit(old).path)
    if not path.strip("/") or path_error(path.strip("/")):
        return None
    alias = urls.alias(path)
    parts = alias.rstrip("/").split("/")
    if parts[0] in RESERVED or parts[-1] in RESERVED or "page" in parts[:-1]:
        return None
    return alias


def linker(items: list[Item]) -> Callable[[Item], Callable[[str], str | None]]:
    """For an item, the function giving the relative path from its file to another entry's,
    found by its key: a source path, with or without folder and extension."""
    index: dict[str, str] = {}
    for item in items:
        key = item.entry.key.strip("/")
        stem = posixpath.splitext(key)[0]
        for name in (key, stem, posixpath.basename(key), posixpath.basename(stem)):
            index.setdefault(name, item.path)
        if posixpath.basename(stem) in ("index", "_index"):
            index.setdefault(posixpath.dirname(stem), item.path)
        for url in (*item.entry.old_urls, item.url):
            index.setdefault(unquote(urlsplit(url).path).strip("/"), item.path)

    def for_item(item: Item) -> Callable[[str], str | None]:
        def link(key: str) -> str | None:
            key = key.strip().strip("/")
            target = index.get(key) or index.get(posixpath.splitext(key)[0])
            if target is None or target.split("/")[0] != item.path.split("/")[0]:
                return None
            return posixpath.relpath(target, item.folder)

        return link

    return for_item
