"""A Hugo site: `content/` (regular pages, leaf bundles with their files, `_index.md` titles
and descriptions), the config file (title, baseURL, timeZone, permalinks, contentDir,
staticDir). Front matter in YAML, TOML or JSON."""

from __future__ import annotations

import json
import posixpath
import tomllib
from pathlib import Path

from generator.core.errors import SourceError
from generator.core.yamlio import load_yaml
from generator.migrate import permalinks
from generator.migrate.common import MARKDOWN, markdown_files, read_text, zone
from generator.migrate.frontmatter import moment, section_path
from generator.migrate.model import ARTICLE, PAGE, Entry, Log, Source

OTHER_FORMATS = (".html", ".htm", ".org", ".adoc", ".asciidoc", ".rst", ".pandoc", ".pdc")
CONFIGS = tuple(
    f"{folder}{name}.{ext}"
    for folder in ("", "config/_default/")
    for name in ("hugo", "config")
    for ext in ("toml", "yaml", "yml", "json")
)


def read(root: Path, uploads: Path | None, log: Log) -> Source:
    where, config = _config(root)
    content = root / str(config.get("contentdir") or "content")
    if not content.is_dir():
        raise SourceError(str(content), None, "not found: is this a Hugo site with content/?")
    links = _permalinks(config.get("permalinks"))
    entries, sections = [], {}
    for path in markdown_files(content):
        rel = path.relative_to(content)
        if path.stem == "_index":
            sections |= _section(root, path, rel, log)
            continue
        entry = _entry(root, content, path, links, log)
        if entry is not None:
            entries.append(entry)
    for path in sorted(content.rglob("*")):
        if path.suffix.lower() in OTHER_FORMATS:
            log.notes.append(f"{path.relative_to(root)}: not imported (only Markdown is)")
    static = config.get("staticdir") or "static"
    return Source(
        tuple(entries),
        title=str(config.get("title") or ""),
        base_url=str(config.get("baseurl") or ""),
        timezone=zone(config.get("timezone"), where, log),
        sections=sections,
        root=root,
        static=tuple(static) if isinstance(static, list) else (str(static),),
    )


def _section(root: Path, path: Path, rel: Path, log: Log) -> dict[str, dict[str, str]]:
    """A section's `_index.md`: its title and description (its text has no place here)."""
    where = path.relative_to(root).as_posix()
    found = read_text(path, where, log)
    if found is None:
        return {}
    front, body, line = found
    if body.strip():
        log.leave(where, line, "the text of a section page is not imported")
    if not rel.parent.parts:
        return {}
    title, description = front.get("title") or "", front.get("description") or ""
    return {
        section_path(rel.parent.as_posix()): {"title": str(title), "description": str(description)}
    }


def _config(root: Path) -> tuple[str, dict]:
    """The config file's name and its keys, lower-case as Hugo reads them."""
    for name in CONFIGS:
        path = root / name
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            try:
                if name.endswith(".toml"):
                    data = tomllib.loads(text)
                elif name.endswith(".json"):
                    data = json.loads(text)
                else:
                    data = load_yaml(text, name)
            except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
                raise SourceError(name, None, f"cannot be read: {exc}") from None
            if isinstance(data, dict):
                return name, {str(k).lower(): v for k, v in data.items()}
    return "hugo.toml", {}


def _permalinks(raw: object) -> dict[str, str]:
    """Section -> pattern, from the old form or the newer one (`[permalinks.page]`)."""
    if not isinstance(raw, dict):
        return {}
    page = raw.get("page")
    raw = page if isinstance(page, dict) else raw
    return {str(k): v for k, v in raw.items() if isinstance(v, str)}


def _entry(root: Path, content: Path, path: Path, links: dict[str, str], log: Log) -> Entry | None:
    """One page of the site at `root`, whose content folder is `content`."""
    rel = path.relative_to(content)
    where = path.relative_to(root).as_posix()
    if any(p.startswith(("_", ".")) for p in rel.parts):
        log.notes.append(f"{where}: not imported (Hugo ignores names starting with '_' or '.')")
        return None
    found = read_text(path, where, log)
    if found is None:
        return None
    front, body, line = found
    bundle = path.stem == "index"
    folder = rel.parent.parent if bundle else rel.parent
    filename = rel.parent.name if bundle else path.stem
    slug = str(front.get("slug") or filename)
    files = tuple(_bundle_files(path.parent)) if bundle else ()
    date = front.get("date") or front.get("publishDate") or front.get("pubdate")
    if date is not None:
        front = {**front, "date": date}
    section = folder.as_posix().strip(".")
    kind = PAGE if not section and date is None else ARTICLE
    old = [_old_url(front, section, slug, filename, links)]
    old += [a if a.startswith("/") else posixpath.join(old[0], a) for a in _aliases(front)]
    return Entry(
        kind, where, rel.as_posix(), front, body, line, section_path(section), slug,
        tuple(old), path.parent, files,
    )  # fmt: skip


def _bundle_files(folder: Path) -> list[Path]:
    return [
        p for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix.lower() not in MARKDOWN
    ]


def _aliases(front: dict) -> list[str]:
    found = front.get("aliases") or []
    return [str(a) for a in (found if isinstance(found, list) else [found])]


def _old_url(front: dict, section: str, slug: str, filename: str, links: dict[str, str]) -> str:
    if isinstance(front.get("url"), str) and front["url"].strip():
        return "/" + front["url"].strip().lstrip("/")
    top = section.split("/")[0]
    if top in links:
        fields = {
            "title": str(front.get("title") or ""),
            "slug": str(front.get("slug") or ""),
            "filename": filename,
            "section": top,
            "sections": section,
        }
        return permalinks.hugo(links[top], moment(front.get("date")), fields)
    return f"/{section}/{slug}/".replace("//", "/").lower()
