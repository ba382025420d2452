"""A page at each alias of an article that sends readers (and search engines) on; the sitemap
lists the article, not its old addresses."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.core import urls
from generator.core.config import SiteConfig
from generator.core.model import Page, Site
from generator.pages.kind import PageKind
from generator.render.views import Views


def redirect_pages(site: Site, config: SiteConfig, listed: Sequence[Page]) -> Iterator[Page]:
    for article in site.articles.values():
        for alias in article.aliases:
            yield Page(
                urls.output_path(alias),
                "redirect.html",
                "redirect",
                {"target": article.url},
                articles=(article.id,),
                source=f"{article.source} (alias /{alias})",
            )


def redirect_view(views: Views, page: Page, url: str) -> dict:
    target = page.context["target"]
    canonical = views.config.absolute(target)
    return {
        "target": target,
        "page": views.page_meta(
            page.kind, url, views.word("moved"), "", canonical=canonical, feeds=[]
        ),
    }


KIND = PageKind(redirect_pages, views={"redirect": redirect_view}, in_sitemap=False)
