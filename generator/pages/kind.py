"""What a page kind gives: its pages (with the inputs each depends on), how they become bytes,
and whether the sitemap lists them. The registry collects the kinds."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from generator.core.config import SiteConfig
from generator.core.model import Page, Site
from generator.render.pages import Code
from generator.render.views import View

Planner = Callable[[Site, SiteConfig, Sequence[Page]], Iterable[Page]]
"""A kind's pages in their stable order, given the pages planned before it that the sitemap
lists (only the sitemap's own kind reads them)."""


@dataclass(frozen=True, slots=True)
class PageKind:
    """One kind of page. `views` and `code` are keyed by the `Page.kind` of each page it makes:
    a view gives the context of a template page, code the bytes of the others."""

    plan: Planner
    views: Mapping[str, View] = field(default_factory=dict)
    code: Mapping[str, Code] = field(default_factory=dict)
    in_sitemap: bool = True
    needs_base_url: bool = False  # feeds and sitemaps would be wrong without an absolute one
    per_edition: bool = True  # planned for each edition; else once, for the whole site

    @property
    def owns(self) -> frozenset[str]:
        """The `Page.kind` names of its pages."""
        return frozenset({*self.views, *self.code})


def linked(site: Site, ids: Iterable[str]) -> list[str]:
    """Articles that the bodies of `ids` link to: their URLs are part of those bodies, so a page
    showing the bodies names them among its inputs."""
    everywhere = site.everywhere
    return [t for i in ids for t, _ in everywhere[i].links if t in everywhere]
