"""Foreign front matter: read (YAML `---`, TOML `+++`, JSON `{`), and mapped to Masthead's keys,
each mapping counted for the report. Keys Masthead does not know are kept as extras, renamed when
they are near a known key (Masthead refuses near misses such as `tag` for `tags`)."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone

from generator.core.config import did_you_mean
from generator.core.errors import SourceError
from generator.core.model import slugify
from generator.core.yamlio import load_yaml
from generator.load.frontmatter import KNOWN
from generator.migrate.model import PAGE, Entry, Log

TAKEN = ("tags", "authors", "static", "page")  # top folders Masthead's own pages use
FENCES = {"---": "yaml", "+++": "toml"}
WHEN = re.compile(
    r"^(\d{4}-\d\d-\d\d)(?:[T ](\d\d?:\d\d(?::\d\d)?(?:\.\d+)?))?\s*(Z|[+-]\d\d:?\d\d)?$"
)
SUMMARY, UPDATED = (
    ("excerpt", "description", "summary"),
    ("lastmod", "last_modified_at", "modified"),
)
IMAGE = ("image", "featured_image", "cover", "images")
USED = ("title", "date", "publishDate", "slug", "permalink", "url", "aliases", "published")
PASSED = ("lang", "dir", "image_alt")  # Masthead's own keys, given by some sources too
USED += (*PASSED, "draft", "categories", "category", "tags", "tag", "author", "authors", "updated")


def split(text: str, where: str) -> tuple[dict, str, int]:
    """The front matter mapping, the body and the body's first line; a file without front
    matter is an error (the readers report it and go on)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    blank = len(text) - len(text.lstrip("\n"))  # Hugo allows blank lines before the fence
    text = text[blank:]
    fence = text.split("\n", 1)[0].strip()
    if fence in FENCES:
        end = re.compile(rf"^{re.escape(fence)}[ \t]*$", re.M).search(text, len(fence) + 1)
        if end is None:
            raise SourceError(where, 1, f"front matter opened with {fence} is not closed")
        block, rest = text[text.index("\n") + 1 : end.start()], text[end.end() :]
        data = _toml(block, where) if fence == "+++" else load_yaml(block, where, blank + 2)
    elif text.startswith("{"):
        data, length = _json(text, where)
        block, rest = text[:length], text[length:]
    else:
        raise SourceError(where, 1, "no front matter (---, +++ or {): not an article")
    if not isinstance(data, dict):
        raise SourceError(where, 2, "front matter is not a mapping of keys to values")
    line = blank + text.count("\n", 0, len(text) - len(rest)) + 1
    return data, rest.lstrip("\n"), line + (len(rest) - len(rest.lstrip("\n")))


def _toml(block: str, where: str) -> dict:
    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(where, None, f"TOML error: {exc}") from None


def _json(text: str, where: str) -> tuple[object, int]:
    try:
        return json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        raise SourceError(where, exc.lineno, f"JSON error: {exc.msg}") from None


def moment(value: object) -> datetime | None:
    """A date or time as the sources write them (YAML and TOML values, `2020-01-02 10:00:00
    +0100`); None when it is none. Without an offset it stays naive: the site's time zone."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    match = WHEN.match(str(value).strip()) if isinstance(value, str) else None
    if match is None:
        return None
    day, clock, zone = match.groups()
    zone = "" if zone is None else ("+00:00" if zone == "Z" else zone[:3] + ":" + zone[-2:])
    try:
        return datetime.fromisoformat(f"{day}T{clock or '00:00'}{zone}")
    except ValueError:  # WordPress's unset 0000-00-00, or no real day
        return None


def stamp(when: datetime) -> str:
    return when.isoformat()


def shifted(local: str, utc: str) -> datetime | None:
    """WordPress's local time with the offset its GMT twin gives (None when either is unset)."""
    here, there = moment(local), moment(utc)
    if here is None:
        return None
    if there is None:
        return here
    return here.replace(tzinfo=timezone(timedelta(seconds=(here - there).total_seconds())))


def names(value: object, words: bool = False) -> list[str]:
    """A list of names as sources give them: a list, or one name (with `words`, Jekyll's
    space-separated categories and tags: "news local")."""
    if isinstance(value, str):
        return value.split() if words else [value.strip()]
    if isinstance(value, list):
        return [str(v.get("name", "") if isinstance(v, dict) else v).strip() for v in value]
    if isinstance(value, dict) and "name" in value:
        return [str(value["name"])]
    return []


def first_image(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("image") or value.get("src") or value.get("url")
    return value.strip() if isinstance(value, str) and value.strip() else None


def convert(entry: Entry, categories: str, log: Log) -> tuple[dict, str]:
    """Masthead's front matter for an entry (aliases and files are added later) and its
    section: from its first category when `categories` is "section", else the source's."""
    data, out = entry.front, {}
    out["headline"] = _headline(entry, log)
    when = moment(data.get("date") or data.get("publishDate"))
    if when is not None:
        out["date"] = stamp(when)
    _map_one(
        data,
        (*UPDATED, "updated"),
        "updated",
        log,
        lambda v: stamp(w) if (w := moment(v)) else None,
        out,
    )
    hidden = data.get("draft") is True or data.get("published") is False
    if entry.kind != PAGE and (hidden or "date" not in out):
        out["draft"] = True
        log.did("draft: true" if "date" in out else "no date: draft: true (add a date to publish)")
    authors = [n for key in ("author", "authors") for n in names(data.get(key)) if n]
    if authors:
        out["authors"] = list(dict.fromkeys(authors))
        log.did("author/authors kept")
    _map_one(data, SUMMARY, "summary", log, _text, out)
    section, tags = _categories(entry, categories, log)
    tags += [n for key in ("tags", "tag") for n in names(data.get(key), True) if slugify(n)]
    if tags:
        out["tags"] = list(dict.fromkeys(tags))
    _map_one(data, IMAGE, "image", log, first_image, out)
    out.update({key: data[key] for key in PASSED if isinstance(data.get(key), str)})
    if "image" in out and not out.get("image_alt"):
        out["image_alt"] = out["headline"]  # Masthead requires it; the report asks for a real one
        log.leave(entry.origin, None, "image_alt is the headline: describe the lead image")
    out.update(_extras(data, log))
    return out, section


def _map_one(data: dict, keys: tuple[str, ...], target: str, log: Log, read, out: dict) -> None:
    """The first of `keys` with a value becomes `target` (the rest stay as extras)."""
    for key in keys:
        value = read(data.get(key)) if data.get(key) is not None else None
        if value:
            out[target] = value
            if key != target:
                log.did(f"{key} -> {target}")
            return


def _text(value: object) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _headline(entry: Entry, log: Log) -> str:
    title = _text(entry.front.get("title"))
    if title:
        log.did("title -> headline")
        return title
    log.leave(entry.origin, None, "no title: the headline was made from its name")
    return entry.slug.replace("-", " ").strip().capitalize() or "Untitled"


def _categories(entry: Entry, mode: str, log: Log) -> tuple[str, list[str]]:
    found = [n for key in ("categories", "category") for n in names(entry.front.get(key), True)]
    found = [n for n in dict.fromkeys(found) if slugify(n)]
    if mode == "section" and found:
        log.did("categories -> section (first) + tags (rest)")
        return section_path(found[0]), found[1:]
    if found:
        log.did("categories -> tags")
    return entry.section, found


def section_path(name: str) -> str:
    """A section path Masthead accepts (lower-case a-z, 0-9, '-'), from a category or folder."""
    parts = (slugify(part).encode("ascii", "ignore").decode() for part in name.split("/"))
    path = "/".join(p.strip("-") for p in parts if p.strip("-"))
    top = path.split("/")[0]
    return path.replace(top, f"{top}-section", 1) if top in TAKEN else path


def _extras(data: dict, log: Log) -> dict:
    """Keys no mapping used, kept; one near a known key gets a prefix so it stays extra data."""
    done = set(USED + SUMMARY + UPDATED + IMAGE)
    extras = {}
    for key, value in data.items():
        if key in done or key in KNOWN or value is None:
            continue
        name = f"old_{key}" if did_you_mean(str(key), KNOWN) else str(key)
        if name != key:
            log.did(f"{key} -> {name} (kept: too near a Masthead key)")
        extras[name] = plain(value)
        log.did("other keys kept as extras")
    return extras


def plain(value: object) -> object:
    """A value YAML can write back: TOML times and other types become text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str | int | float | bool | datetime | date) or value is None:
        return value
    return str(value)


def category_titles(entries: Iterable[Entry]) -> dict[str, dict[str, str]]:
    """Section titles from the categories' names as written ("Release Notes")."""
    found: dict[str, dict[str, str]] = {}
    for entry in entries:
        for name in names(entry.front.get("categories") or entry.front.get("category"), True):
            if section_path(name):
                found.setdefault(section_path(name), {"title": name})
    return found
