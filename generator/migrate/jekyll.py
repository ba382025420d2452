"""A Jekyll site: posts (`_posts/`, also under category folders), drafts (`_drafts/`), pages
(other Markdown files with front matter), `_config.yml` (title, url + baseurl, timezone,
permalink). Files of the site are found by their site-absolute paths from its root."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from generator.core.errors import SourceError
from generator.core.yamlio import load_yaml
from generator.migrate import permalinks
from generator.migrate.common import markdown_files, read_text, zone
from generator.migrate.frontmatter import moment, names
from generator.migrate.html import to_markdown
from generator.migrate.model import ARTICLE, PAGE, Entry, Log, Source

POST = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})-(.+)$")
NOT_PAGES = ("index", "readme", "license", "changelog", "contributing", "404")


def read(root: Path, uploads: Path | None, log: Log) -> Source:
    config = _config(root)
    style = _style(config)
    entries, skipped = [], set()
    for path in markdown_files(root) + html_posts(root):
        parts = path.relative_to(root).parts
        if "_posts" in parts[:-1] or "_drafts" in parts[:-1]:
            entry = _post(root, path, style, log)
        elif any(p.startswith(("_", ".")) for p in parts):
            skipped.add(next(p for p in parts if p.startswith(("_", "."))))
            continue
        else:
            entry = _page(root, path, style, log)
        if entry is not None:
            entries.append(entry)
    for folder in sorted(skipped):
        log.notes.append(f"{folder}/: not imported (only _posts/ and _drafts/ hold articles)")
    if not any(e.kind == ARTICLE for e in entries):
        raise SourceError(str(root), None, "no posts found: is this a Jekyll site with _posts/?")
    url = (
        str(config.get("url") or "").rstrip("/") + "/" + str(config.get("baseurl") or "").strip("/")
    )
    return Source(
        tuple(entries),
        title=str(config.get("title") or ""),
        base_url=url.rstrip("/") + "/" if url.strip("/") else "",
        timezone=zone(config.get("timezone"), "_config.yml", log),
        root=root,
        variables={str(k): str(v) for k, v in config.items() if isinstance(v, str | int | float)},
    )


def _style(config: dict) -> str:
    """The posts' permalink: the posts collection's own, else the site's, else `date`."""
    collections = config.get("collections")
    posts = collections.get("posts") if isinstance(collections, dict) else None
    own = posts.get("permalink") if isinstance(posts, dict) else None
    return str(own or config.get("permalink") or "date")


def _config(root: Path) -> dict:
    path = root / "_config.yml"
    if not path.is_file():
        return {}
    data = load_yaml(path.read_text(encoding="utf-8"), "_config.yml")
    return data if isinstance(data, dict) else {}


def _post(root: Path, path: Path, style: str, log: Log) -> Entry | None:
    rel = path.relative_to(root)
    where, draft = rel.as_posix(), "_drafts" in rel.parts
    match = POST.match(path.stem)
    if match is None and not draft:
        log.leave(where, None, "not imported: a post's name must start with its date (YYYY-MM-DD-)")
        return None
    read = read_text(path, where, log)
    if read is None:
        return None
    front, body, line = read
    if path.suffix == ".html":
        body = to_markdown(body, where, log)
        log.did("HTML post -> Markdown")
    folders = list(rel.parts[: rel.parts.index("_drafts" if draft else "_posts")])
    categories = folders + names(front.get("categories") or front.get("category"), words=True)
    front = {**front, "categories": categories} if categories else front
    if draft:
        front = {**front, "draft": True}
    elif not front.get("date"):
        front = {**front, "date": datetime.fromisoformat(_iso(match.group(1)))}
    slug = str(front.get("slug") or (match.group(2) if match else path.stem))
    old = () if draft else (_old_url(front, style, slug, categories),)
    return Entry(ARTICLE, where, where, front, body, line, "", slug, old)


def html_posts(root: Path) -> list[Path]:
    """Posts written in HTML (older blogs have them): converted like WordPress bodies."""
    return sorted(p for p in root.glob("**/_posts/**/*.html") if p.is_file())


def _iso(day: str) -> str:
    year, month, date = day.split("-")
    return f"{year}-{int(month):02d}-{int(date):02d}"


def _old_url(front: dict, style: str, slug: str, categories: list[str]) -> str:
    pattern = str(front.get("permalink") or style)
    return permalinks.jekyll(pattern, moment(front.get("date")), slug, categories)


def _page(root: Path, path: Path, style: str, log: Log) -> Entry | None:
    """A Markdown page of the site (with front matter; Jekyll copies the others as they are)."""
    where = path.relative_to(root).as_posix()
    if path.stem.lower() in NOT_PAGES or not path.read_bytes().startswith(b"---"):
        log.notes.append(f"{where}: not imported (no front matter, or the home page)")
        return None
    read = read_text(path, where, log)
    if read is None:
        return None
    front, body, line = read
    folder = path.relative_to(root).parent.as_posix().strip(".")
    ending = "/" if style == "pretty" or str(front.get("permalink", "")).endswith("/") else ".html"
    old = str(front.get("permalink") or f"/{folder}/{path.stem}{ending}")
    slug = old.strip("/").rsplit("/", 1)[-1].removesuffix(".html") or path.stem
    return Entry(PAGE, where, where, front, body, line, "", slug, (old,), path.parent)
