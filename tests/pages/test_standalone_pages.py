"""Standalone pages (pages/), menus, the footer's copyright line and `params`."""

from __future__ import annotations

from pathlib import Path

import feedparser
from conftest import NOW, SM, build_site, hrefs, one_error_line, parse_html, text_of, write_tree
from helpers import make_site, rewrite
from lxml import etree

from generator.build import BuildOptions, build

SITE = """
-- site.yaml --
title: Test Times
description: News from the harbour.
base_url: https://example.org/
copyright: "© 2026 Test Times Ltd"
params: {analytics_id: "UA-123", newsletter: "https://news.example/"}
sections:
  news: {title: News}
menus:
  main:
    - {title: News, section: news}
    - {title: About, page: about.md}
  footer:
    - {title: Privacy, page: legal/privacy.md}
    - {title: Jobs, url: "https://jobs.example/"}
    - {title: Archive, url: /news/}
-- content/news/a.md --
---
headline: Ferry fares rise
date: 2026-11-24
---
The council raised fares.
-- pages/about.md --
---
title: About "us"
description: Who we are.
---
We report [the fares](../content/news/a.md); see our [privacy notice](legal/privacy.md).
-- pages/legal/privacy.md --
---
title: Privacy
---
We keep nothing.
"""


def test_pages_get_their_urls_and_template(out: Path) -> None:
    about = parse_html(out / "about/index.html")
    assert text_of(about.xpath("//main//h1")[0]) == "About \u201cus\u201d"
    assert about.xpath("//body/@class") == ["page-page"]
    assert about.xpath('//meta[@name="description"]/@content') == ["Who we are."]
    assert hrefs(about, "//main//a") == ["/news/a/", "/legal/privacy/"]
    privacy = parse_html(out / "legal/privacy/index.html")
    assert text_of(privacy.xpath("//main//p")[0]) == "We keep nothing."
    assert not privacy.xpath("//main//time") and not privacy.xpath('//*[@class="byline"]')


def test_pages_are_in_the_sitemap_only(out: Path) -> None:
    locs = {e.text for e in etree.parse(str(out / "sitemap.xml")).iter(f"{SM}loc")}
    assert {"https://example.org/about/", "https://example.org/legal/privacy/"} <= locs
    feed = feedparser.parse(str(out / "feed.xml"))
    assert [e.link for e in feed.entries] == ["https://example.org/news/a/"]
    news = etree.parse(str(out / "news-sitemap.xml"))
    assert [e.text for e in news.iter(f"{SM}loc")] == ["https://example.org/news/a/"]
    for listing in ("index.html", "news/index.html"):
        assert "/about/" not in hrefs(parse_html(out / listing), "//main//a")


def test_menus_and_footer(out: Path) -> None:
    home = parse_html(out / "index.html")
    assert hrefs(home, '//nav[@class="site-nav"]//a') == ["/news/", "/about/"]
    footer = home.xpath("//footer")[0]
    assert hrefs(footer, ".//nav//a") == ["/legal/privacy/", "https://jobs.example/", "/news/"]
    assert text_of(footer.xpath('.//*[@class="site-footer__copyright"]')[0]) == (
        "© 2026 Test Times Ltd"
    )
    assert text_of(footer.xpath('.//*[@class="site-footer__description"]')[0]) == (
        "News from the harbour."
    )
    about = parse_html(out / "about/index.html")
    assert about.xpath('//nav[@class="site-nav"]//a[@aria-current="page"]/@href') == ["/about/"]


def test_main_menu_defaults_to_the_sections(tmp_path: Path) -> None:
    spec = SITE.replace("menus:\n  main:\n    - {title: News, section: news}\n", "menus:\n")
    spec = spec.replace("    - {title: About, page: about.md}\n", "")
    result = build_site(tmp_path, spec)
    assert result.ok, result.errors
    home = parse_html(tmp_path / "output/index.html")
    assert hrefs(home, '//nav[@class="site-nav"]//a') == ["/news/"]


def test_params_reach_templates(tmp_path: Path) -> None:
    override = """
-- templates/_head.html --
<meta name="analytics" content="{{ site.params.analytics_id }}">
"""
    result = build_site(tmp_path, SITE + override)
    assert result.ok, result.errors
    home = parse_html(tmp_path / "output/index.html")
    assert home.xpath('//meta[@name="analytics"]/@content') == ["UA-123"]


def test_unknown_menu_page_or_section_is_an_error_with_its_line(tmp_path: Path) -> None:
    result = build_site(tmp_path, SITE.replace("page: about.md", "page: abuot.md"))
    one_error_line(result, "site.yaml:11:", "there is no pages/abuot.md")
    result = build_site(tmp_path, SITE.replace("section: news}", "section: sport}"))
    one_error_line(result, "site.yaml:10:", "'sport'")


def test_bad_menus_and_params_are_errors(tmp_path: Path) -> None:
    result = build_site(tmp_path, SITE.replace("{title: Jobs, url:", "{url:"))
    one_error_line(result, "site.yaml:", "needs a title")
    result = build_site(tmp_path, SITE.replace("params: {", "params: [x]\n# {"))
    one_error_line(result, "site.yaml:5:", "'params' must be a mapping")
    result = build_site(tmp_path, SITE + "-- site.yaml --\ntitle: T\nanalytics: UA-1\n")
    one_error_line(result, "site.yaml:2:", "unknown key 'analytics'")


def test_page_errors(tmp_path: Path) -> None:
    write_tree(tmp_path, SITE)
    (tmp_path / "pages/about.md").write_text("---\ndescription: x\ndate: 2026-01-01\n---\nHi.\n")
    result = build_site(tmp_path)
    lines = sorted(str(e) for e in result.errors)
    assert lines == [
        "pages/about.md:1: 'title' is missing or empty: add `title: ...` to the front matter",
        "pages/about.md:3: unknown key 'date': known keys are title, description",
    ]
    (tmp_path / "pages/about.md").write_text("---\ntitle: A\n---\n[x](../content/news/gone.md)\n")
    result = build_site(tmp_path)
    one_error_line(result, "pages/about.md:4:", "content/news/gone.md does not exist")


def test_a_page_url_taken_by_an_article_is_an_error(tmp_path: Path) -> None:
    spec = SITE + "-- content/about.md --\n---\nheadline: About\ndate: 2026-11-20\n---\nHi.\n"
    result = build_site(tmp_path, spec)
    line = one_error_line(result, "pages/about.md:", "writes about/index.html")
    assert "content/about.md" in line


def test_page_edits_rebuild_only_that_page_and_skip_the_fast_path(tmp_path: Path) -> None:
    assert build_site(make_site(tmp_path, SITE)).ok
    assert build_site(tmp_path).report.quick
    rewrite(tmp_path / "pages/legal/privacy.md", "---\ntitle: Privacy\n---\nWe keep less.\n")
    edited = build_site(tmp_path)
    assert not edited.report.quick
    assert edited.report.rendered == ("legal/privacy/index.html",)
    page = parse_html(tmp_path / "output/legal/privacy/index.html")
    assert text_of(page.xpath("//main//p")[0]) == "We keep less."
    clean = tmp_path / "clean"
    assert build(BuildOptions(site=tmp_path, out=clean, now=NOW, clean=True, search=False)).ok
    assert (clean / "legal/privacy/index.html").read_bytes() == (
        tmp_path / "output/legal/privacy/index.html"
    ).read_bytes()


def test_removing_a_page_a_menu_names_fails_and_keeps_the_output(tmp_path: Path) -> None:
    assert build_site(tmp_path, SITE).ok
    (tmp_path / "pages/about.md").unlink()
    result = build_site(tmp_path)
    one_error_line(result, "site.yaml:11:", "there is no pages/about.md")
    assert (tmp_path / "output/about/index.html").is_file()
