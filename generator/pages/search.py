"""The search page (`/search/`): a form, and the results of Pagefind's index for `?q=`, shown
by the theme's script. Only when `search: true`; not in the sitemap."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.core import urls
from generator.core.config import SiteConfig
from generator.core.model import Page, Site
from generator.pages.kind import PageKind
from generator.render.views import Views


def search_page(site: Site, config: SiteConfig, listed: Sequence[Page]) -> Iterator[Page]:
    if config.search:
        yield Page(urls.output_path(urls.search()), "search.html", "search", {})


def search_view(views: Views, page: Page, url: str) -> dict:
    return {"page": views.page_meta(page.kind, url, views.word("search"), "")}


KIND = PageKind(search_page, views={"search": search_view}, in_sitemap=False)
