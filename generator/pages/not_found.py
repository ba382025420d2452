"""The page servers show for a missing URL. It has no address of its own: no canonical link,
no place in the sitemap."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.core import urls
from generator.core.config import SiteConfig
from generator.core.model import Page, Site
from generator.pages.kind import PageKind
from generator.render.views import Views


def not_found_pages(site: Site, config: SiteConfig, listed: Sequence[Page]) -> Iterator[Page]:
    yield Page(urls.NOT_FOUND, "404.html", "404", {})


def not_found_view(views: Views, page: Page, url: str) -> dict:
    return {"page": views.page_meta(page.kind, url, views.word("not_found"), "", canonical=None)}


KIND = PageKind(not_found_pages, views={"404": not_found_view}, in_sitemap=False, per_edition=False)
