"""Article pages: the article with its older and newer neighbours in its section, related
articles (by shared tags) and its translations."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from generator.core import urls
from generator.core.config import SiteConfig
from generator.core.model import Article, Page, Site, slugify
from generator.pages.kind import PageKind, linked
from generator.render import metadata
from generator.render.views import Views

RELATED = 5
RELATED_WINDOW = RELATED  # neighbours in time considered per shared tag: bounded work per article

TagIndex = dict[str, tuple[tuple[str, ...], dict[str, int]]]  # slug -> (ids, id -> position)


def article_pages(site: Site, config: SiteConfig, listed: Sequence[Page]) -> Iterator[Page]:
    tag_index = {
        g.slug: (g.articles, {i: n for n, i in enumerate(g.articles)}) for g in site.by_tag
    }
    position = {i: n for s in site.sections.values() for n, i in enumerate(s.article_ids)}
    tag_sets = {i: frozenset(a.tags) for i, a in site.articles.items()}
    for article in site.articles.values():
        own = site.sections[article.section].article_ids if article.section else ()
        at = position.get(article.id, -1)
        older = own[at + 1] if 0 <= at < len(own) - 1 else None
        newer = own[at - 1] if at > 0 else None
        related = [
            i for i in related_ids(article, tag_sets, tag_index) if i not in (older, newer)
        ]  # (not shown twice: the older and newer links show theirs)
        versions = list(site.translations.get(article.id, ()))
        shown = (article.id, older, newer, *related, *versions, *linked(site, [article.id]))
        yield Page(
            path=urls.output_path(article.url),
            template="article.html",
            kind="article",
            context={
                "article": article.id,
                "prev": older,
                "next": newer,
                "related": related,
                "translations": versions,
            },
            articles=tuple(dict.fromkeys(i for i in shown if i)),
            bodies=(article.id,),
            source=article.source,
        )


def related_ids(
    article: Article, tag_sets: Mapping[str, frozenset[str]], tag_index: TagIndex
) -> list[str]:
    """Up to RELATED articles sharing most tags, nearest in time first. Candidates are the
    neighbours in time within each shared tag, so the work per article stays bounded whatever
    the size of the archive."""
    own = tag_sets[article.id]
    found: dict[str, int] = {}
    for tag in article.tags:
        members, position = tag_index[slugify(tag)]
        at = position[article.id]
        for other in members[max(0, at - RELATED_WINDOW) : at + RELATED_WINDOW + 1]:
            distance = abs(position[other] - at)
            if distance < found.get(other, 1 << 30):
                found[other] = distance
    found.pop(article.id, None)
    ranked = sorted(found, key=lambda other: (-len(own & tag_sets[other]), found[other], other))
    return ranked[:RELATED]


def article_view(views: Views, page: Page, url: str) -> dict:
    c = page.context
    art = views.article(c["article"], full=True)
    a = views.site.articles[c["article"]]
    crumbs = views.breadcrumbs(a.section)
    section_title = art["section"]["title"] if art["section"] else None
    pic = art["picture"]
    jsonld = [metadata.news_article(views.config, a, section_title, views.site.profiles, pic)]
    jsonld += [metadata.breadcrumb_list(views.config, crumbs)] if crumbs else []
    return {
        "article": art,
        "prev": views.article(c["prev"]),
        "next": views.article(c["next"]),
        "related": views.articles(c["related"]),
        "breadcrumbs": crumbs,
        "languages": views.switcher(c["translations"]),
        "page": views.page_meta(
            page.kind,
            url,
            art["headline"],
            art["summary"],
            lang=art["lang"],
            dir=art["dir"],
            image=metadata.image_url(views.config, a.image, pic),
            image_alt=a.image_alt,
            og_type="article",
            jsonld=jsonld,
            article={
                "published": a.date,
                "modified": a.modified,
                "section": section_title,
                "tags": list(a.tags),
            },
            alternates=alternates(views, c["translations"]),
            feeds=views.feeds(urls.section(a.section), section_title)
            if a.section
            else views.feeds(),
        ),
    }


def alternates(views: Views, ids: list[str]) -> list[dict]:
    """hreflang links of an article's translations (itself included), and with editions the
    default edition's version as `x-default`."""
    config = views.config
    versions = [views.site.everywhere[i] for i in ids]
    links = [{"lang": a.lang or config.language, "url": config.absolute(a.url)} for a in versions]
    default = config.default_edition
    links += [
        {"lang": "x-default", "url": config.absolute(a.url)}
        for a in versions
        if default and config.edition_of(a.id) == default
    ]
    return links


KIND = PageKind(article_pages, views={"article": article_view})
