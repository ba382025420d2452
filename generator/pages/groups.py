"""Tag and author pages: a paginated page per tag (or author), and an index of them all."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from generator.core import urls
from generator.core.config import SiteConfig
from generator.core.model import Group, Page, Site, slugify
from generator.pages.kind import PageKind
from generator.pages.pagination import paged_title, paginate
from generator.render.views import Views


@dataclass(frozen=True, slots=True)
class Grouping:
    """One way of grouping articles. `kind` and `index` name the Page kinds and templates of a
    group's pages ("tag") and of the index ("tags")."""

    kind: str
    index: str
    label: str  # the string (i18n key) of a group's title: "Tag: {name}"
    title: str  # the string of the index's title
    groups: Callable[[Site], list[Group]]
    url: Callable[[str, str], str]  # a group's URL, from its slug and edition
    index_url: Callable[[str], str]  # from the edition
    has_feed: bool  # its pages link their own feed
    profiles: bool = False  # its pages show the author's profile (authors/<slug>.md)

    def plan(self, site: Site, config: SiteConfig, listed: Sequence[Page]) -> Iterator[Page]:
        groups = self.groups(site)
        for group in groups:
            base = self.url(group.slug, config.edition)
            for path, chunk, pagination in paginate(base, list(group.articles), config.per_page):
                yield Page(
                    path,
                    f"{self.kind}.html",
                    self.kind,
                    {
                        self.kind: {"name": group.name, "url": base},
                        "items": chunk,
                        "pagination": pagination,
                    },
                    articles=tuple(chunk),
                    source=f"the {self.kind} page of {group.name!r}",
                )
        listing = [
            {"name": g.name, "url": self.url(g.slug, config.edition), "count": len(g.articles)}
            for g in groups
        ]
        members = tuple(dict.fromkeys(i for g in groups for i in g.articles))
        path = urls.output_path(self.index_url(config.edition))
        yield Page(path, f"{self.index}.html", self.index, {self.index: listing}, articles=members)

    def view(self, views: Views, page: Page, url: str) -> dict:
        c = page.context
        group = c[self.kind]
        profile = views.profile(slugify(group["name"])) if self.profiles else None
        if profile:
            group = {**group, "name": profile["name"]}
        label = views.word(self.label, name=group["name"])
        feeds = views.feeds(group["url"], label) if self.has_feed else views.feeds()
        title = paged_title(views, label, c["pagination"])
        return {
            self.kind: group,
            "profile": profile,
            "articles": views.articles(c["items"]),
            "pagination": c["pagination"],
            "page": views.page_meta(page.kind, url, title, "", feeds=feeds),
        }

    def index_view(self, views: Views, page: Page, url: str) -> dict:
        return {
            self.index: page.context[self.index],
            "page": views.page_meta(page.kind, url, views.word(self.title), ""),
        }

    def page_kind(self) -> PageKind:
        return PageKind(self.plan, views={self.kind: self.view, self.index: self.index_view})


TAGS = Grouping(
    kind="tag",
    index="tags",
    label="tag_title",
    title="tags",
    groups=lambda site: site.by_tag,
    url=urls.tag,
    index_url=urls.tag_index,
    has_feed=True,
).page_kind()


def with_profiles(site: Site) -> list[Group]:
    """The authors of articles, and those with a profile and no article yet (a new reporter's
    page shows their profile)."""
    found = {g.slug: g for g in site.by_author}
    for slug, profile in site.profiles.items():
        found.setdefault(slug, Group(profile.name, slug, ()))
    return [found[slug] for slug in sorted(found)]


AUTHORS = Grouping(
    kind="author",
    index="authors",
    label="author_title",
    title="authors",
    groups=lambda site: with_profiles(site),
    url=urls.author,
    index_url=urls.author_index,
    has_feed=False,
    profiles=True,
).page_kind()
