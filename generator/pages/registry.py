"""Every kind of page, in the order their pages are planned (the engine and the output order
depend on it). A new kind is a module giving a PageKind, and a line here."""

from __future__ import annotations

from dataclasses import replace

from generator.core import editions
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
    not_found.KIND,  # one, for the whole site
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
    complete: the engine tells from it which pages a change touches. Each edition's pages are
    planned from its own site and config, and carry its prefix."""
    absolute = config.absolute("") is not None
    parts = editions.split(site, config)
    whole = [("", (site, config))]
    pages: list[Page] = []
    listed: list[Page] = []
    for kind in KINDS:
        if kind.needs_base_url and not absolute:
            continue
        for prefix, (own_site, own_config) in parts.items() if kind.per_edition else whole:
            own = [p for p in listed if p.edition == prefix] if kind.per_edition else listed
            made = list(kind.plan(own_site, own_config, tuple(own)))
            made = [replace(p, edition=prefix) for p in made] if prefix else made
            pages += made
            if kind.in_sitemap:
                listed += made
    return pages
