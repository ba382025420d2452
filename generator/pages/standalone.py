"""Standalone pages (`pages/about.md` -> `/about/`): in the sitemap, in no listing or feed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from markupsafe import Markup

from generator.core import urls
from generator.core.config import SiteConfig
from generator.core.hashing import digest
from generator.core.model import Page, Site
from generator.pages.kind import PageKind
from generator.render.views import Views, resolve_site_refs


def standalone_pages(site: Site, config: SiteConfig, listed: Sequence[Page]) -> Iterator[Page]:
    """One page each; its context names the page and a digest of all it shows (its key)."""
    for page in site.pages.values():
        shown = digest(repr(page).encode())
        yield Page(
            urls.output_path(page.url),
            "page.html",
            "page",
            {"page": page.id, "digest": shown},
            source=page.source,
        )


def standalone_view(views: Views, page: Page, url: str) -> dict:
    p = views.site.pages[page.context["page"]]
    body = Markup(resolve_site_refs(views.site, views.config, p.body))
    return {
        "standalone": {"title": p.title, "description": p.description, "body": body, "url": p.url},
        "page": views.page_meta(page.kind, url, p.title, p.description),
    }


KIND = PageKind(standalone_pages, views={"page": standalone_view})
