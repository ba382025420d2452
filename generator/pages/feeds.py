"""Atom feeds: the whole site, each section (its subtree) and each tag; absolute URLs only."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from generator import __version__
from generator.core import urls
from generator.core.config import SiteConfig
from generator.core.model import Article, Page, Site
from generator.pages.kind import PageKind, linked
from generator.render.views import body_html

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
LOCAL_LINK = re.compile(r'(\s(?:href|src)=")([/#][^"]*)"')


def feed_specs(site: Site, config: SiteConfig) -> Iterator[tuple[str, dict, list[str]]]:
    """(output path, context, article ids) of every feed: site, sections, tags."""
    limit = config.feed_limit
    home = urls.home(config.edition)
    yield urls.feed(home), {"title": config.title, "url": home}, [a.id for a in site.latest(limit)]
    for section in site.sections.values():
        ids = [a.id for a in site.subtree(section.path)[:limit]]
        title = f"{section.title} — {config.title}"
        url = urls.section(section.path)
        yield urls.feed(url), {"title": title, "url": url}, ids
    for tag in site.by_tag:
        title = f"{tag.name} — {config.title}"
        url = urls.tag(tag.slug, config.edition)
        yield urls.feed(url), {"title": title, "url": url}, list(tag.articles[:limit])


def feed_pages(site: Site, config: SiteConfig, listed: Sequence[Page]) -> Iterator[Page]:
    """A feed shows its entries' bodies when feeds carry full content."""
    full = config.feed_content == "full"
    for path, context, ids in feed_specs(site, config):
        shown = dict.fromkeys([*ids, *(linked(site, ids) if full else ())])
        yield Page(
            path,
            "",
            "feed",
            {**context, "entries": ids},
            articles=tuple(shown),
            bodies=tuple(ids) if full else (),
        )


def absolute_links(body: str, origin: str, page: str = "") -> str:
    """Make root-relative, scheme-relative (`//host/x`) and fragment links (footnotes: `#fn:1`)
    absolute, since feed readers show bodies elsewhere; `page` is the article's absolute URL."""

    def absolute(m: re.Match) -> str:
        link = m.group(2)
        if link.startswith("//"):
            link = origin.split("//", 1)[0] + link
        elif link.startswith("/"):
            link = origin + link
        else:
            link = page + link
        return f'{m.group(1)}{link}"'

    return LOCAL_LINK.sub(absolute, body)


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def _time(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def atom(site: Site, config: SiteConfig, path: str, context: dict, ids: list[str]) -> bytes:
    """The feed document; `updated` is the newest entry's, so unchanged input gives equal bytes."""
    articles = [site.articles[i] for i in ids]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    feed.set("xml:lang", config.language)
    _text(feed, "id", config.absolute(path))
    _text(feed, "title", context["title"])
    if config.description:
        _text(feed, "subtitle", config.description)
    updated = max((a.modified or EPOCH for a in articles), default=EPOCH)
    _text(feed, "updated", _time(updated))
    ET.SubElement(
        feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=config.absolute(path)
    )
    ET.SubElement(
        feed,
        f"{{{ATOM}}}link",
        rel="alternate",
        type="text/html",
        href=config.absolute(context["url"]),
    )
    _text(feed, "generator", "Masthead", version=__version__)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", config.title)
    for article in articles:
        _entry(feed, article, site, config)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(feed: ET.Element, article: Article, site: Site, config: SiteConfig) -> None:
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    url = config.absolute(article.url)
    _text(entry, "id", url)
    _text(entry, "title", article.headline)
    ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=url)
    _text(entry, "published", _time(article.date or EPOCH))
    _text(entry, "updated", _time(article.modified or EPOCH))
    for name in article.authors:
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(author, "name", name)
    for tag in article.tags:
        ET.SubElement(entry, f"{{{ATOM}}}category", term=tag)
    if article.summary:
        _text(entry, "summary", article.summary)
    if config.feed_content == "full":
        body = absolute_links(body_html(site, config, article.id), config.origin, url)
        _text(entry, "content", body, type="html")
    if article.lang:
        entry.set("xml:lang", article.lang)


def feed_bytes(site: Site, config: SiteConfig, page: Page) -> bytes:
    return atom(site, config, page.path, page.context, page.context["entries"])


KIND = PageKind(feed_pages, code={"feed": feed_bytes}, in_sitemap=False, needs_base_url=True)
