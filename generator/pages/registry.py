"""Every kind of page, in the order their pages are planned (the engine and the output order
depend on it). A new kind is a module giving a PageKind, and a line here."""

from __future__ import annotations

from generator.core.config import SiteConfig
from generator.core.model import Page, Site
from generator.pages import (
    article,
    feeds,
    groups,
    listings,
    not_found,
    redirects,
    search,
    sitemaps,
    standalone,
)
from generator.pages.kind import PageKind
from generator.render.pages import Renderers

KINDS: tuple[PageKind, ...] = (
    article.KIND,
    standalone.KIND,
    listings.SECTIONS,
    listings.HOME,
    groups.TAGS,
    groups.AUTHORS,
    redirects.KIND,
    not_found.KIND,
    search.KIND,
    feeds.KIND,  # feeds and sitemaps last: only with an absolute base_url
    sitemaps.KIND,  # lists the pages of the kinds before it that belong in the sitemap
)

RENDERERS = Renderers(
    views={name: view for kind in KINDS for name, view in kind.views.items()},
    code={name: code for kind in KINDS for name, code in kind.code.items()},
)


def plan(site: Site, config: SiteConfig) -> list[Page]:
    """Every page of the site with the inputs it depends on, in a stable order. Cheap and
    complete: the engine tells from it which pages a change touches."""
    absolute = config.absolute("") is not None
    pages: list[Page] = []
    listed: list[Page] = []
    for kind in KINDS:
        if kind.needs_base_url and not absolute:
            continue
        made = list(kind.plan(site, config, tuple(listed)))
        pages += made
        if kind.in_sitemap:
            listed += made
    return pages
