"""Section pages (the section's whole subtree, paginated) and the home page (the latest
articles, then a block per top-level section)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.core import urls
from generator.core.config import SiteConfig
from generator.core.model import Page, Site
from generator.pages.kind import PageKind
from generator.pages.pagination import paged_title, paginate
from generator.render import metadata
from generator.render.views import Views

HOME_BLOCK = 4


def section_pages(site: Site, config: SiteConfig, listed: Sequence[Page]) -> Iterator[Page]:
    for section in site.sections.values():
        ids = [a.id for a in site.subtree(section.path)]
        subsections = [{"path": p, "count": len(site.subtree(p))} for p in section.children]
        for path, chunk, pagination in paginate(urls.section(section.path), ids, config.per_page):
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


def section_view(views: Views, page: Page, url: str) -> dict:
    c = page.context
    sec = views.section(c["section"])
    crumbs = views.breadcrumbs(c["section"])
    shown = [views.site.articles[i] for i in c["items"]]
    title = paged_title(views, sec["title"], c["pagination"])
    jsonld = [
        metadata.collection_page(views.config, url, title, sec["description"], shown),
        metadata.breadcrumb_list(views.config, crumbs),
    ]
    return {
        "section": sec,
        "breadcrumbs": crumbs,
        "subsections": [
            {**views.section(s["path"]), "count": s["count"]} for s in c["subsections"]
        ],
        "articles": views.articles(c["items"]),
        "pagination": c["pagination"],
        "page": views.page_meta(
            page.kind,
            url,
            title,
            sec["description"],
            jsonld=jsonld,
            feeds=views.feeds(sec["url"], sec["title"]),
        ),
    }


def home_page(site: Site, config: SiteConfig, listed: Sequence[Page]) -> Iterator[Page]:
    latest = [a.id for a in site.latest(config.per_page)]
    shown = set(latest)  # no story twice on the page: a block shows those not shown above
    blocks = []
    for section in site.top_sections():
        items = [a.id for a in site.subtree(section.path) if a.id not in shown][:HOME_BLOCK]
        shown.update(items)
        blocks.append({"section": section.path, "items": items})
    yield Page(
        urls.output_path(urls.home(config.edition)),
        "home.html",
        "home",
        {"latest": latest, "blocks": blocks},
        articles=tuple(dict.fromkeys(latest + [i for b in blocks for i in b["items"]])),
    )


def home_view(views: Views, page: Page, url: str) -> dict:
    c = page.context
    return {
        "latest": views.articles(c["latest"]),
        "blocks": [
            {"section": views.section(b["section"]), "articles": views.articles(b["items"])}
            for b in c["blocks"]
        ],
        "page": views.page_meta(page.kind, url, None, "", jsonld=[metadata.website(views.config)]),
    }


SECTIONS = PageKind(section_pages, views={"section": section_view})
HOME = PageKind(home_page, views={"home": home_view})
