"""Plan every page of the site with the inputs it depends on, then render pages to bytes.

`plan` is cheap and complete: it decides what pages exist and what each shows (by article id),
so the engine can tell which pages a change touches. `render` is pure: it writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from generator.core.config import SiteConfig
from generator.core.model import Article, Group, Page, Site, slugify
from generator.pages.feeds import atom, feed_specs
from generator.pages.sitemaps import chunks, news_ids, news_sitemap, robots, sitemap_index, urlset

RELATED = 5
RELATED_WINDOW = RELATED  # neighbours in time considered per shared tag: bounded work per article
HOME_BLOCK = 4


def plan(site: Site, config: SiteConfig) -> list[Page]:
    """Every page of the site, in a stable order; feeds and sitemaps only with an absolute
    base_url (they would be wrong without one)."""
    pages = [
        *article_pages(site),
        *section_pages(site, config),
        home_page(site, config),
        *group_pages(site.by_tag, "tags", "tag", config),
        *group_pages(site.by_author, "authors", "author", config),
        *redirect_pages(site),
        Page("404.html", "404.html", "404", {}),
    ]
    if config.absolute("") is None:
        return pages
    return [*pages, *feed_pages(site, config), *sitemap_pages(site, config, pages)]


def linked(site: Site, ids: Iterable[str]) -> list[str]:
    """Articles that the bodies of `ids` link to: their URLs are part of those bodies."""
    return [t for i in ids for t, _ in site.articles[i].links if t in site.articles]


def article_pages(site: Site) -> Iterator[Page]:
    tag_index = {
        g.slug: (g.articles, {i: n for n, i in enumerate(g.articles)}) for g in site.by_tag
    }
    translations = site.translations
    position = {i: n for s in site.sections.values() for n, i in enumerate(s.article_ids)}
    for article in site.articles.values():
        own = site.sections[article.section].article_ids if article.section else ()
        at = position.get(article.id, -1)
        older = own[at + 1] if 0 <= at < len(own) - 1 else None
        newer = own[at - 1] if at > 0 else None
        related = related_ids(article, site, tag_index)
        versions = list(translations.get(article.id, ()))
        yield Page(
            path=article.url + "index.html",
            template="article.html",
            kind="article",
            context={
                "article": article.id,
                "prev": older,
                "next": newer,
                "related": related,
                "translations": versions,
            },
            articles=tuple(
                dict.fromkeys(
                    i
                    for i in (
                        article.id,
                        older,
                        newer,
                        *related,
                        *versions,
                        *linked(site, [article.id]),
                    )
                    if i
                )
            ),
            bodies=(article.id,),
            source=article.source,
        )


def redirect_pages(site: Site) -> Iterator[Page]:
    """A page at each alias of an article that sends readers (and search engines) on."""
    for article in site.articles.values():
        for alias in article.aliases:
            path = alias + "index.html" if alias.endswith("/") else alias
            yield Page(
                path,
                "redirect.html",
                "redirect",
                {"target": article.url},
                articles=(article.id,),
                source=f"{article.source} (alias /{alias})",
            )


def feed_pages(site: Site, config: SiteConfig) -> Iterator[Page]:
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


def sitemap_pages(site: Site, config: SiteConfig, pages: list[Page]) -> Iterator[Page]:
    """sitemap.xml (or an index of several), the news sitemap and robots.txt."""
    entries = [
        [p.path.removesuffix("index.html"), _lastmod(site, p)]
        for p in pages
        if p.kind not in ("404", "redirect")
    ]
    everything = tuple(site.articles)
    parts = chunks(entries)
    if len(parts) == 1:
        yield Page("sitemap.xml", "", "sitemap", {"urls": parts[0]}, articles=everything)
    else:
        files = [
            [f"sitemap-{n}.xml", max((u[1] for u in part if u[1]), default=None, key=_moment)]
            for n, part in enumerate(parts, 1)
        ]
        yield Page("sitemap.xml", "", "sitemap-index", {"files": files}, articles=everything)
        for (path, _), part in zip(files, parts, strict=True):
            yield Page(path, "", "sitemap", {"urls": part}, articles=everything)
    news = news_ids(site, config)
    yield Page("news-sitemap.xml", "", "news-sitemap", {"items": news}, articles=tuple(news))
    yield Page("robots.txt", "", "robots", {})


def _moment(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def _lastmod(site: Site, page: Page) -> str | None:
    """An article page's own modified time; a listing's newest among what it shows."""
    shown = page.articles[:1] if page.kind == "article" else page.articles
    times = [m for m in (site.articles[i].modified for i in shown) if m]
    return max(times).isoformat(timespec="seconds") if times else None


def related_ids(
    article: Article, site: Site, tag_index: dict[str, tuple[tuple, dict]]
) -> list[str]:
    """Up to RELATED articles sharing most tags, nearest in time first. Candidates are the
    neighbours in time within each shared tag, so the work per article stays bounded whatever
    the size of the archive."""
    own = set(article.tags)
    found: dict[str, int] = {}
    for tag in article.tags:
        members, position = tag_index[slugify(tag)]
        at = position[article.id]
        for other in members[max(0, at - RELATED_WINDOW) : at + RELATED_WINDOW + 1]:
            found[other] = min(found.get(other, 1 << 30), abs(position[other] - at))
    found.pop(article.id, None)

    def rank(other: str) -> tuple[int, int, str]:
        return (-len(own.intersection(site.articles[other].tags)), found[other], other)

    return sorted(found, key=rank)[:RELATED]


def paginate(base: str, ids: list[str], per_page: int) -> Iterator[tuple[str, list[str], dict]]:
    """(output path, ids on the page, pagination) for each page of a listing at site path `base`."""
    chunks = [ids[i : i + per_page] for i in range(0, len(ids), per_page)] or [[]]

    def page_url(n: int) -> str:
        return base if n == 1 else f"{base}page/{n}/"

    for n, chunk in enumerate(chunks, 1):
        yield (
            page_url(n) + "index.html",
            chunk,
            {
                "page": n,
                "pages": len(chunks),
                "first_url": base,
                "prev_url": page_url(n - 1) if n > 1 else None,
                "next_url": page_url(n + 1) if n < len(chunks) else None,
            },
        )


def section_pages(site: Site, config: SiteConfig) -> Iterator[Page]:
    for section in site.sections.values():
        ids = [a.id for a in site.subtree(section.path)]
        subsections = [{"path": p, "count": len(site.subtree(p))} for p in section.children]
        for path, chunk, pagination in paginate(section.path + "/", ids, config.per_page):
            yield Page(
                path,
                "section.html",
                "section",
                {
                    "section": section.path,
                    "subsections": subsections,
                    "items": chunk,
                    "pagination": pagination,
                },
                articles=tuple(chunk),
                source=f"the section page of {section.path}",
            )


def home_page(site: Site, config: SiteConfig) -> Page:
    latest = [a.id for a in site.latest(config.per_page)]
    blocks = [
        {"section": s.path, "items": [a.id for a in site.subtree(s.path)[:HOME_BLOCK]]}
        for s in site.top_sections()
    ]
    shown = dict.fromkeys(latest + [i for b in blocks for i in b["items"]])
    return Page(
        "index.html",
        "home.html",
        "home",
        {"latest": latest, "blocks": blocks},
        articles=tuple(shown),
    )


def group_pages(groups: list[Group], folder: str, kind: str, config: SiteConfig) -> Iterator[Page]:
    """A paginated page per tag (or author), and the index of them all."""
    for group in groups:
        base = f"{folder}/{group.slug}/"
        for path, chunk, pagination in paginate(base, list(group.articles), config.per_page):
            yield Page(
                path,
                f"{kind}.html",
                kind,
                {kind: {"name": group.name, "url": base}, "items": chunk, "pagination": pagination},
                articles=tuple(chunk),
                source=f"the {kind} page of {group.name!r}",
            )
    listing = [
        {"name": g.name, "url": f"{folder}/{g.slug}/", "count": len(g.articles)} for g in groups
    ]
    members = tuple(dict.fromkeys(i for g in groups for i in g.articles))
    yield Page(
        f"{folder}/index.html", f"{folder}.html", folder, {folder: listing}, articles=members
    )


CODE_RENDERERS = {
    "feed": lambda site, config, p: atom(site, config, p.path, p.context, p.context["entries"]),
    "sitemap": lambda site, config, p: urlset(config, p.context["urls"]),
    "sitemap-index": lambda site, config, p: sitemap_index(config, p.context["files"]),
    "news-sitemap": lambda site, config, p: news_sitemap(site, config, p.context["items"]),
    "robots": lambda site, config, p: robots(config),
}
