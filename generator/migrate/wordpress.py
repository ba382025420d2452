"""A WordPress export (WXR, from Tools -> Export): posts and pages with their categories, tags,
authors, dates (local time with the offset of its GMT twin), status (draft, pending and private
become drafts; future keeps its date, so Masthead holds it back), excerpt and featured image.
The XML is untrusted: read with defusedxml."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse

from generator.core.errors import SourceError
from generator.core.model import slugify
from generator.migrate.frontmatter import section_path, shifted
from generator.migrate.html import plain_text, to_markdown
from generator.migrate.model import ARTICLE, PAGE, Entry, Log, Source

KINDS = {"post": ARTICLE, "page": PAGE}
DRAFTS = {"draft", "pending", "private"}
SKIPPED = {"trash", "auto-draft", "inherit"}


def local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def get(element: Element, name: str, namespace: str = "") -> str:
    """The text of the first child named `name` (any prefix) whose namespace holds `namespace`."""
    for child in element:
        if local(child) == name and namespace in child.tag.partition("}")[0]:
            return (child.text or "").strip()
    return ""


def read(path: Path, uploads: Path | None, log: Log) -> Source:
    channel = _channel(path)
    base = get(channel, "base_blog_url", "wordpress") or get(channel, "link")
    authors = {
        get(a, "author_login", "wordpress"): get(a, "author_display_name", "wordpress")
        for a in channel
        if local(a) == "author"
    }
    items = [i for i in channel if local(i) == "item"]
    attachments = {
        get(i, "post_id", "wordpress"): get(i, "attachment_url", "wordpress")
        for i in items
        if get(i, "post_type", "wordpress") == "attachment"
    }
    entries, other = [], Counter()
    for item in items:
        kind, status = get(item, "post_type", "wordpress"), get(item, "status", "wordpress")
        if kind == "attachment":
            continue
        if kind not in KINDS or status in SKIPPED:
            other[f"{kind} ({status})" if status in SKIPPED else kind] += 1
            continue
        entries.append(_entry(path.name, item, base, authors, attachments, log))
    for kind, n in sorted(other.items()):
        log.notes.append(f"{n} item(s) of type {kind} not imported")
    log.notes.append(f"{len(attachments)} attachment(s): copied when a post shows them")
    comments = sum(1 for i in items for c in i if local(c) == "comment")
    if comments:
        log.notes.append(f"{comments} comment(s) not imported (Masthead has no comments)")
    log.notes.append(
        "WordPress exports give offsets, not a time zone: set `timezone:` in site.yaml"
    )
    return Source(
        tuple(entries),
        title=get(channel, "title"),
        base_url=base.rstrip("/") + "/" if base else "",
        sections=_sections(channel),
        uploads=uploads,
    )


def _channel(path: Path) -> Element:
    if not path.is_file():
        raise SourceError(str(path), None, "is not a file: give the .xml file of Tools -> Export")
    try:
        root = parse(str(path)).getroot()
    except ParseError as exc:
        raise SourceError(str(path), exc.position[0], f"is not well-formed XML: {exc}") from None
    except DefusedXmlException as exc:
        raise SourceError(str(path), None, f"refused: {exc}") from None
    channel = root.find("channel")
    if channel is None:
        raise SourceError(str(path), None, "is not a WordPress export (no <channel>)")
    return channel


def _sections(channel: Element) -> dict[str, dict[str, str]]:
    found = {}
    for category in channel:
        if local(category) == "category":
            name = get(category, "cat_name", "wordpress")
            found[section_path(name)] = {
                "title": name,
                "description": get(category, "category_description", "wordpress"),
            }
    return found


def _entry(name, item, base, authors, attachments, log) -> Entry:
    status, post_id = get(item, "status", "wordpress"), get(item, "post_id", "wordpress")
    title = get(item, "title")
    slug = unquote(get(item, "post_name", "wordpress")) or slugify(title) or post_id
    where = f"{name} item {post_id} ({slug})"
    creator = get(item, "creator", "purl.org/dc")
    front: dict = {
        "title": title,
        "date": shifted(
            get(item, "post_date", "wordpress"), get(item, "post_date_gmt", "wordpress")
        ),
        "modified": shifted(
            get(item, "post_modified", "wordpress"), get(item, "post_modified_gmt", "wordpress")
        ),
        "author": authors.get(creator) or creator or None,
        "categories": _terms(item, "category"),
        "tags": _terms(item, "post_tag"),
        "excerpt": plain_text(get(item, "encoded", "excerpt")),
        "featured_image": attachments.get(_meta(item, "_thumbnail_id")),
    }
    if front["modified"] and front["date"] and front["modified"] <= front["date"]:
        front["modified"] = None
    if status in DRAFTS:
        front["draft"] = True
        if status != "draft":
            log.leave(where, None, f"status '{status}': imported as a draft")
    body = to_markdown(get(item, "encoded", "purl.org/rss/1.0/modules/content"), where, log)
    old = _old_url(get(item, "link"), base) if status in ("publish", "future") else ""
    if old is None:
        log.leave(where, None, f"old URL {get(item, 'link')} has a query: no redirect from it")
    return Entry(
        KINDS[get(item, "post_type", "wordpress")], where, post_id,
        {k: v for k, v in front.items() if v}, body, 0, "", slug, (old,) if old else (),
    )  # fmt: skip


def _terms(item: Element, domain: str) -> list[str]:
    return [
        (c.text or "").strip() for c in item if local(c) == "category" and c.get("domain") == domain
    ]


def _meta(item: Element, key: str) -> str:
    for meta in item:
        if local(meta) == "postmeta" and get(meta, "meta_key", "wordpress") == key:
            return get(meta, "meta_value", "wordpress")
    return ""


def _old_url(link: str, base: str) -> str | None:
    """The item's path under the blog's base path (None for a query: `?p=12`)."""
    parts = urlsplit(link)
    if parts.query:
        return None
    prefix = urlsplit(base).path.rstrip("/")
    path = parts.path
    return path[len(prefix) :] if prefix and path.startswith(prefix) else path
