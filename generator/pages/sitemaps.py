"""sitemap.xml (an index past 50,000 URLs), the Google News sitemap and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from generator.core import urls
from generator.core.config import SiteConfig
from generator.core.model import Page, Site
from generator.pages.kind import PageKind

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"


def sitemap_pages(site: Site, config: SiteConfig, listed: Sequence[Page]) -> Iterator[Page]:
    """sitemap.xml (or an index of several) of the `listed` pages, the news sitemap and
    robots.txt. They depend on every article: any change may move a lastmod."""
    entries = [[urls.of_output(p.path), _lastmod(site, p)] for p in listed]
    everything = tuple(site.articles)
    parts = chunks(entries, config.sitemap_urls)
    if len(parts) == 1:
        yield Page(urls.SITEMAP, "", "sitemap", {"urls": parts[0]}, articles=everything)
    else:
        files = [
            [urls.sitemap_part(n), max((u[1] for u in part if u[1]), default=None, key=_moment)]
            for n, part in enumerate(parts, 1)
        ]
        yield Page(urls.SITEMAP, "", "sitemap-index", {"files": files}, articles=everything)
        for (path, _), part in zip(files, parts, strict=True):
            yield Page(path, "", "sitemap", {"urls": part}, articles=everything)
    news = news_ids(site, config)
    yield Page(urls.NEWS_SITEMAP, "", "news-sitemap", {"items": news}, articles=tuple(news))
    yield Page(urls.ROBOTS, "", "robots", {})


def _moment(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def _lastmod(site: Site, page: Page) -> str | None:
    """A page showing bodies (an article's) changes with their articles; a listing with the
    newest of the articles it shows."""
    shown = page.bodies or page.articles
    times = [m for m in (site.articles[i].modified for i in shown) if m]
    return max(times).isoformat(timespec="seconds") if times else None


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _add(parent: ET.Element, tag: str, text: str, ns: str = SITEMAP) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}")
    element.text = text
    return element


def chunks(entries: list[list], most: int) -> list[list[list]]:
    """The URL lists of each sitemap file: one, or several of at most `most`."""
    return [entries[i : i + most] for i in range(0, len(entries), most)] or [[]]


def urlset(config: SiteConfig, entries: list[list]) -> bytes:
    """`entries`: [site path, lastmod ISO time or None] of each page."""
    return _locations(config, "urlset", "url", entries)


def sitemap_index(config: SiteConfig, files: list[list]) -> bytes:
    """`files`: [output path, lastmod] of each sitemap file."""
    return _locations(config, "sitemapindex", "sitemap", files)


def _locations(config: SiteConfig, root_tag: str, item_tag: str, entries: list[list]) -> bytes:
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}{root_tag}")
    for path, lastmod in entries:
        item = ET.SubElement(root, f"{{{SITEMAP}}}{item_tag}")
        _add(item, "loc", config.absolute(path))
        if lastmod:
            _add(item, "lastmod", lastmod)
    return _xml(root)


def news_ids(site: Site, config: SiteConfig) -> list[str]:
    """Articles published in the last `news_sitemap_days` before the build (Google's window)."""
    since = site.now - timedelta(days=config.news_sitemap_days)
    return [a.id for a in site.latest() if a.date and since <= a.date <= site.now][:1000]


def news_language(lang: str) -> str:
    """Google's code: ISO 639 in lower case, except zh-cn (Simplified) and zh-tw (Traditional)."""
    parts = lang.lower().split("-")
    if parts[0] == "zh" and len(parts) > 1:
        traditional = {"tw", "hk", "mo", "hant"}.intersection(parts[1:])
        return "zh-tw" if traditional else "zh-cn"
    return parts[0]


def news_sitemap(site: Site, config: SiteConfig, ids: list[str]) -> bytes:
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("news", NEWS)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for article in (site.articles[i] for i in ids):
        url = ET.SubElement(root, f"{{{SITEMAP}}}url")
        _add(url, "loc", config.absolute(article.url))
        news = ET.SubElement(url, f"{{{NEWS}}}news")
        publication = ET.SubElement(news, f"{{{NEWS}}}publication")
        _add(publication, "name", config.title, NEWS)
        _add(publication, "language", news_language(article.lang or config.language), NEWS)
        _add(news, "publication_date", article.date.isoformat(timespec="seconds"), NEWS)
        _add(news, "title", article.headline, NEWS)
    return _xml(root)


def robots(config: SiteConfig) -> bytes:
    lines = ["User-agent: *", "Allow: /", ""]
    lines += [f"Sitemap: {config.absolute(p)}" for p in (urls.SITEMAP, urls.NEWS_SITEMAP)]
    return ("\n".join(lines) + "\n").encode()


KIND = PageKind(
    sitemap_pages,
    code={
        "sitemap": lambda site, config, page: urlset(config, page.context["urls"]),
        "sitemap-index": lambda site, config, page: sitemap_index(config, page.context["files"]),
        "news-sitemap": lambda site, config, page: news_sitemap(
            site, config, page.context["items"]
        ),
        "robots": lambda site, config, page: robots(config),
    },
    in_sitemap=False,
    needs_base_url=True,
)
