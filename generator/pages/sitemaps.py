"""sitemap.xml (an index past 50,000 URLs), the Google News sitemap and robots.txt. A site with
editions has each edition's sitemaps at the root (sitemap-ar.xml, news-sitemap-ar.xml), their
URLs with the hreflang links of their translations, and sitemap.xml indexes them all."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from generator.core import editions, urls
from generator.core.config import SiteConfig
from generator.core.model import Page, Site
from generator.pages.kind import PageKind

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def sitemap_pages(site: Site, config: SiteConfig, listed: Sequence[Page]) -> Iterator[Page]:
    """sitemap.xml (or an index of several) of the `listed` pages, the news sitemap and
    robots.txt. They depend on every article: any change may move a lastmod."""
    if config.languages:
        yield from edition_sitemaps(site, config, listed)
        return
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


def edition_sitemaps(site: Site, config: SiteConfig, listed: Sequence[Page]) -> Iterator[Page]:
    """Each edition's sitemap files and news sitemap, then the index of them all at the root
    and robots.txt naming it."""
    files = []
    for prefix, (own_site, own_config) in editions.split(site, config).items():
        own = [p for p in listed if p.edition == prefix]
        for page in one_edition(own_site, own_config, own):
            newest = max(
                (e[1] for e in page.context.get("urls", ()) if e[1]), default=None, key=_moment
            )
            files.append([page.path, newest])
            yield replace(page, edition=prefix)
    yield Page(urls.SITEMAP, "", "sitemap-index", {"files": files}, articles=tuple(site.articles))
    yield Page(urls.ROBOTS, "", "robots", {"files": [urls.SITEMAP]})


def one_edition(site: Site, config: SiteConfig, listed: Sequence[Page]) -> Iterator[Page]:
    """One edition's sitemap files and news sitemap; its translated articles' URLs carry the
    hreflang links of every version, so those versions are among its inputs."""
    tag = config.language
    everything = (*site.articles, *(i for p in listed for i in _versions(p)))
    shown = tuple(dict.fromkeys(everything))
    entries = [
        [urls.of_output(p.path), _lastmod(site, p), _hreflang(site, config, p)] for p in listed
    ]
    parts = chunks(entries, config.sitemap_urls)
    names = (
        [urls.edition_file(urls.SITEMAP, tag)]
        if len(parts) == 1
        else [urls.sitemap_part(n, tag) for n in range(1, len(parts) + 1)]
    )
    for path, part in zip(names, parts, strict=True):
        yield Page(path, "", "sitemap", {"urls": part}, articles=shown)
    news = news_ids(site, config)
    path = urls.edition_file(urls.NEWS_SITEMAP, tag)
    yield Page(path, "", "news-sitemap", {"items": news}, articles=tuple(news))


def _versions(page: Page) -> tuple[str, ...]:
    return tuple(page.context.get("translations", ())) if page.kind == "article" else ()


def _hreflang(site: Site, config: SiteConfig, page: Page) -> list[list[str]]:
    """[language, site path] of each version of an article, and x-default (the default
    edition's version)."""
    versions = [site.everywhere[i] for i in _versions(page)]
    links = [[a.lang or config.language, a.url] for a in versions]
    default = config.default_edition
    return links + [["x-default", a.url] for a in versions if config.edition_of(a.id) == default]


def _moment(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def _lastmod(site: Site, page: Page) -> str | None:
    """A page showing bodies (an article's) changes with their articles; a listing with the
    newest of the articles it shows."""
    shown = page.bodies or page.articles
    times = [m for m in (site.everywhere[i].modified for i in shown) if m]
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
    """`entries`: [site path, lastmod, and with editions, [hreflang, site path] links]."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    root = ET.Element(f"{{{SITEMAP}}}{root_tag}")
    for path, lastmod, *links in entries:
        item = ET.SubElement(root, f"{{{SITEMAP}}}{item_tag}")
        _add(item, "loc", config.absolute(path))
        if lastmod:
            _add(item, "lastmod", lastmod)
        for lang, url in links[0] if links else ():
            attrs = {"rel": "alternate", "hreflang": lang, "href": config.absolute(url)}
            ET.SubElement(item, f"{{{XHTML}}}link", attrs)
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


def robots(config: SiteConfig, files: Sequence[str] = (urls.SITEMAP, urls.NEWS_SITEMAP)) -> bytes:
    lines = ["User-agent: *", "Allow: /", ""]
    lines += [f"Sitemap: {config.absolute(p)}" for p in files]
    return ("\n".join(lines) + "\n").encode()


KIND = PageKind(
    sitemap_pages,
    code={
        "sitemap": lambda site, config, page: urlset(config, page.context["urls"]),
        "sitemap-index": lambda site, config, page: sitemap_index(config, page.context["files"]),
        "news-sitemap": lambda site, config, page: news_sitemap(
            site, config, page.context["items"]
        ),
        "robots": lambda site, config, page: robots(config, *page.context.values()),
    },
    in_sitemap=False,
    needs_base_url=True,
    per_edition=False,  # with editions: each one's files, then the index of them all
)
