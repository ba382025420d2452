"""Without an absolute base_url the site still builds, warns once, and leaves out everything that
needs absolute URLs (feeds, sitemaps, canonical links, social tags, JSON-LD) rather than write
wrong ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_site, md, parse_html
from helpers import LOGO, harbour_site

AR_STORM = """\
-- content/ar/storm.md --
---
headline: عاصفة
date: 2026-11-20
lang: ar
translation_of: ../opinion/view.md
---
نص.
"""


def site(base_url: str | None) -> str:
    """The harbour site with `base_url` (None: none) and all that would need it absolute: a
    Twitter account, a logo, a correction, an alias, feeds and a translation; no council story."""
    return harbour_site(
        config={"twitter": "@testtimes", "logo": "static/logo.svg", "base_url": base_url},
        flood={
            "updated": None,
            "authors": ["Jane Doe"],
            "corrections": [{"date": "2026-11-25T08:00:00Z", "text": "A fix."}],
            "aliases": ["/old/flood/"],
            "body": "The sea came in, [our view](../../opinion/view.md) says.",
        },
        council=False,
        more=LOGO
        + "-- content/opinion/view.md --\n"
        + md("A view", "We think so.", date="2026-11-10", author="Bob Smith", tags=["Floods"])
        + AR_STORM,
    )


def base_url_warnings(result) -> list[str]:
    return [w for w in result.warnings if "base_url" in w]


@pytest.fixture(scope="module", params=[None, "/news-site/"], ids=["none", "path-only"])
def built(request, tmp_path_factory):
    root = tmp_path_factory.mktemp("nobase")
    result = build_site(root, site(request.param))
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


NEEDS_AN_ABSOLUTE_URL = {
    "canonical link": "//link[@rel='canonical']",
    "open graph": "//meta[starts-with(@property, 'og:')]",
    "open graph article": "//meta[starts-with(@property, 'article:')]",
    "twitter card": "//meta[starts-with(@name, 'twitter:')]",
    "json-ld": "//script[@type='application/ld+json']",
    "feed link": "//link[@type='application/atom+xml']",
}


@pytest.mark.parametrize("xpath", NEEDS_AN_ABSOLUTE_URL.values(), ids=NEEDS_AN_ABSOLUTE_URL.keys())
def test_no_page_has(built, xpath: str) -> None:
    _, out, _ = built
    for page in html_pages(out):
        assert parse_html(page).xpath(xpath) == [], page


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
    result = build_site(tmp_path, site(None), base_url="https://example.org/")
    assert result.ok, result.errors
    assert base_url_warnings(result) == []
    out = tmp_path / "output"
    for name in ("feed.xml", "news/feed.xml", "sitemap.xml", "news-sitemap.xml", "robots.txt"):
        assert (out / name).is_file(), name
    doc = parse_html(out / "news/world/flood/index.html")
    assert doc.xpath("//link[@rel='canonical']/@href") == ["https://example.org/news/world/flood/"]
    assert doc.xpath("//script[@type='application/ld+json']")


def test_absolute_base_url_gives_no_warning(tmp_path: Path) -> None:
    result = build_site(tmp_path, site("https://example.org/x/"))
    assert result.ok, result.errors
    assert base_url_warnings(result) == []
