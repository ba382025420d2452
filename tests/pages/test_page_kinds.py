"""The registry of page kinds: each kind makes only the pages it owns, the sitemap lists the
pages whose kind belongs there, and the plan keeps its stable order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from helpers import article

from generator.core import urls
from generator.core.config import SiteConfig, parse_config
from generator.core.model import Page, Site, StandalonePage
from generator.load.assemble import assemble
from generator.load.extras import Extras
from generator.pages.kind import PageKind
from generator.pages.registry import KINDS, RENDERERS, plan

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
BASE = "https://example.org/"


def _site(base_url: str = BASE) -> tuple[Site, SiteConfig]:
    config = parse_config({"title": "T", "base_url": base_url, "per_page": 1})
    articles = [
        article("news/a.md", 1, tags=("Floods",), authors=("Jane Doe",)),
        article("news/world/b.md", 20, tags=("Floods", "Ports"), aliases=("old/b/",)),
        article("arts/c.md", 3, authors=("Jane Doe",)),
    ]
    bodies = {a.id: "<p>Body.</p>" for a in articles}
    about = StandalonePage("about.md", "pages/about.md", "About", "", "about/", "<p>Us.</p>")
    extras = Extras(pages={about.id: about})
    return assemble(articles, bodies, [], config, NOW, extras=extras), config


def _owner(page: Page) -> PageKind:
    [kind] = [k for k in KINDS if page.kind in k.owns]
    return kind


def test_each_page_kind_is_owned_by_one_kind_with_one_way_to_render_it() -> None:
    names = [name for kind in KINDS for name in kind.owns]
    assert len(names) == len(set(names))
    assert all(not (kind.views.keys() & kind.code.keys()) for kind in KINDS)
    assert set(RENDERERS.views) | set(RENDERERS.code) == set(names)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: "+".join(sorted(k.owns)))
def test_every_kind_makes_only_pages_it_owns(kind: PageKind) -> None:
    site, config = _site()
    pages = list(kind.plan(site, config, ()))
    assert pages
    assert {p.kind for p in pages} <= kind.owns
    assert all(bool(p.template) == (p.kind in kind.views) for p in pages)


def test_plan_is_every_kind_in_registry_order() -> None:
    site, config = _site()
    pages = plan(site, config)
    order = [KINDS.index(_owner(p)) for p in pages]
    assert order == sorted(order)
    assert {KINDS.index(_owner(p)) for p in pages} == set(range(len(KINDS)))
    assert len({p.path for p in pages}) == len(pages)


def test_sitemap_lists_the_pages_whose_kind_belongs_there() -> None:
    site, config = _site()
    pages = plan(site, config)
    [sitemap] = [p for p in pages if p.path == urls.SITEMAP]
    listed = [url for url, _ in sitemap.context["urls"]]
    expected = [urls.of_output(p.path) for p in pages if _owner(p).in_sitemap]
    assert listed == expected
    assert "old/b/" not in listed and urls.NOT_FOUND not in listed
    assert {"news/world/b/", "news/page/2/", "tags/floods/", "authors/"} <= set(listed)


def test_kinds_that_need_an_absolute_base_url_are_left_out_without_one() -> None:
    site, config = _site(base_url="/")
    kinds = {KINDS.index(_owner(p)) for p in plan(site, config)}
    assert kinds == {n for n, k in enumerate(KINDS) if not k.needs_base_url}


def test_pages_are_at_the_urls_the_rules_give() -> None:
    site, config = _site()
    paths = {p.path for p in plan(site, config)}
    expected = [
        urls.article("news/world", "b"),
        urls.listing_page(urls.section("news"), 2),
        urls.home(),
        urls.listing_page(urls.tag("floods"), 2),
        urls.author("jane-doe"),
        urls.tag_index(),
        urls.author_index(),
        urls.alias("/old/b/"),
    ]
    assert {urls.output_path(u) for u in expected} <= paths
    assert {urls.feed(urls.tag("ports")), urls.feed(urls.section("arts"))} <= paths
