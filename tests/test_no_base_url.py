"""Without an absolute base_url the site still builds, warns once, and leaves out everything that
needs absolute URLs (feeds, sitemaps, canonical links, social tags, JSON-LD) rather than write
wrong ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_site, parse_html

SITE = """
-- site.yaml --
title: Test Times
description: News from the harbour town.
twitter: "@testtimes"
logo: static/logo.png
{base_url}
sections:
  news: {{title: News}}
  news/world: {{title: World}}
-- static/logo.png --
png
-- content/news/world/flood.md --
---
headline: Harbour wall breached
date: 2026-11-24T09:30:00+01:00
authors: [Jane Doe]
tags: [Floods, Harbour]
summary: The sea came in at dawn.
image: wall.jpg
corrections:
  - {{date: 2026-11-25T08:00:00Z, text: A fix.}}
aliases: [/old/flood/]
---
The sea came in, [our view](../../opinion/view.md) says.
-- content/news/world/wall.jpg --
jpeg
-- content/opinion/view.md --
---
headline: A view
date: 2026-11-10
author: Bob Smith
tags: [Floods]
---
We think so.
-- content/ar/storm.md --
---
headline: عاصفة
date: 2026-11-20
lang: ar
translation_of: ../opinion/view.md
---
نص.
"""


def base_url_warnings(result) -> list[str]:
    return [w for w in result.warnings if "base_url" in w]


@pytest.fixture(scope="module", params=["", "base_url: /news-site/"], ids=["none", "path-only"])
def built(request, tmp_path_factory):
    root = tmp_path_factory.mktemp("nobase")
    result = build_site(root, SITE.format(base_url=request.param))
    return result, root / "output", "/news-site/" if request.param else "/"


def test_the_site_still_builds(built) -> None:
    result, out, _ = built
    assert result.ok, result.errors
    for page in ("index.html", "404.html", "news/index.html", "news/world/flood/index.html"):
        assert (out / page).is_file(), page
    assert (out / "old/flood/index.html").is_file()


def test_the_build_warns_exactly_once(built) -> None:
    result, _, _ = built
    assert len(base_url_warnings(result)) == 1, result.warnings
    warning = base_url_warnings(result)[0]
    assert "site.yaml" in warning
    assert "feed" in warning.lower() and "sitemap" in warning.lower()


def test_no_feeds_or_sitemaps_are_written(built) -> None:
    _, out, _ = built
    assert list(out.rglob("*.xml")) == []
    robots = out / "robots.txt"
    assert not robots.exists() or "Sitemap:" not in robots.read_text()


def html_pages(out: Path) -> list[Path]:
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    return pages


def test_no_page_has_a_canonical_link(built) -> None:
    _, out, _ = built
    for page in html_pages(out):
        assert parse_html(page).xpath("//link[@rel='canonical']") == [], page


def test_no_page_has_open_graph_or_twitter_tags(built) -> None:
    _, out, _ = built
    for page in html_pages(out):
        doc = parse_html(page)
        assert doc.xpath("//meta[starts-with(@property, 'og:')]") == [], page
        assert doc.xpath("//meta[starts-with(@property, 'article:')]") == [], page
        assert doc.xpath("//meta[starts-with(@name, 'twitter:')]") == [], page


def test_no_page_has_json_ld(built) -> None:
    _, out, _ = built
    for page in html_pages(out):
        assert parse_html(page).xpath("//script[@type='application/ld+json']") == [], page


def test_no_page_links_a_feed(built) -> None:
    _, out, _ = built
    for page in html_pages(out):
        assert parse_html(page).xpath("//link[@type='application/atom+xml']") == [], page


def test_no_link_in_head_is_relative_to_a_missing_origin(built) -> None:
    _, out, _ = built
    for page in html_pages(out):
        for href in parse_html(page).xpath("//head/link[@rel='alternate']/@href"):
            assert href.startswith(("https://", "http://")), (page, href)


def test_pages_still_carry_title_and_description(built) -> None:
    _, out, _ = built
    doc = parse_html(out / "news/world/flood/index.html")
    assert doc.findtext(".//title") == "Harbour wall breached — Test Times"
    assert doc.xpath("//meta[@name='description']/@content") == ["The sea came in at dawn."]


def test_corrections_still_show(built) -> None:
    _, out, _ = built
    doc = parse_html(out / "news/world/flood/index.html")
    assert doc.xpath("//section[contains(@class, 'corrections')]//time/@datetime")


def test_internal_links_use_the_base_path(built) -> None:
    _, out, prefix = built
    doc = parse_html(out / "news/world/flood/index.html")
    assert doc.xpath("//nav[@aria-label='Breadcrumb']//a/@href") == [
        prefix + "news/",
        prefix + "news/world/",
    ]
    assert prefix + "opinion/view/" in doc.xpath("//main//a/@href")


def test_redirect_page_still_redirects_without_a_canonical(built) -> None:
    _, out, prefix = built
    doc = parse_html(out / "old/flood/index.html")
    refresh = doc.xpath("//meta[@http-equiv='refresh']/@content")
    assert len(refresh) == 1 and refresh[0].endswith(prefix + "news/world/flood/")
    assert doc.xpath("//link[@rel='canonical']") == []


def test_base_url_from_the_command_line_turns_it_all_on(tmp_path: Path) -> None:
    result = build_site(tmp_path, SITE.format(base_url=""), base_url="https://example.org/")
    assert result.ok, result.errors
    assert base_url_warnings(result) == []
    out = tmp_path / "output"
    for name in ("feed.xml", "news/feed.xml", "sitemap.xml", "news-sitemap.xml", "robots.txt"):
        assert (out / name).is_file(), name
    doc = parse_html(out / "news/world/flood/index.html")
    assert doc.xpath("//link[@rel='canonical']/@href") == ["https://example.org/news/world/flood/"]
    assert doc.xpath("//script[@type='application/ld+json']")


def test_absolute_base_url_gives_no_warning(tmp_path: Path) -> None:
    result = build_site(tmp_path, SITE.format(base_url="base_url: https://example.org/x/"))
    assert result.ok, result.errors
    assert base_url_warnings(result) == []
