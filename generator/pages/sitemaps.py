"""sitemap.xml (an index past 50,000 URLs), the Google News sitemap and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

from generator.core.config import SiteConfig
from generator.core.model import Site

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
MAX_URLS = 50_000


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _add(parent: ET.Element, tag: str, text: str, ns: str = SITEMAP) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}")
    element.text = text
    return element


def chunks(entries: list[list]) -> list[list[list]]:
    """The URL lists of each sitemap file: one, or several of at most MAX_URLS."""
    return [entries[i : i + MAX_URLS] for i in range(0, len(entries), MAX_URLS)] or [[]]


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
    lines += [f"Sitemap: {config.absolute(p)}" for p in ("sitemap.xml", "news-sitemap.xml")]
    return ("\n".join(lines) + "\n").encode()
