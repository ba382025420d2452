"""sitemap.xml (and its index past `sitemap_urls`), the Google News sitemap and robots.txt, checked
against the official schemas in tests/schemas/."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.etree
import pytest
from conftest import SM, add, build_site, md, when, write_tree

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
BASE = "https://example.org/news-site/"

SITE = """
-- site.yaml --
title: Test Times
base_url: https://example.org/news-site/
per_page: 2
sections:
  news: {title: News}
  news/world: {title: World}
-- content/news/world/flood.md --
---
headline: Harbour wall breached
date: 2026-11-24T09:30:00+01:00
updated: 2026-11-25T08:00:00Z
authors: [Jane Doe]
tags: [Floods]
aliases: [/old/flood/]
---
Body.
-- content/news/local.md --
---
headline: Council & the "sea"
date: 2026-11-23T13:00:00Z
author: Jane Doe
tags: [Floods]
---
Body.
-- content/news/older.md --
---
headline: Two days and more
date: 2026-11-23T11:00:00Z
author: Bob Smith
---
Body.
-- content/opinion/view.md --
---
headline: A view
date: 2026-11-10
author: Bob Smith
---
Body.
"""


def schema(name: str) -> lxml.etree.XMLSchema:
    return lxml.etree.XMLSchema(lxml.etree.parse(str(SCHEMAS / name)))


def assert_valid(xsd: str, path: Path) -> lxml.etree._ElementTree:
    doc = lxml.etree.parse(str(path))
    checker = schema(xsd)
    assert checker.validate(doc), f"{path.name} against {xsd}: {checker.error_log}"
    return doc


def urls(path: Path) -> dict[str, str | None]:
    """loc -> lastmod of every <url> of a urlset, in order (locs must be unique)."""
    root = lxml.etree.parse(str(path)).getroot()
    entries = [(u.findtext(f"{SM}loc"), u.findtext(f"{SM}lastmod")) for u in root.iter(f"{SM}url")]
    locs = [loc for loc, _ in entries]
    assert len(set(locs)) == len(locs), f"duplicate URLs in {path.name}"
    return dict(entries)


def html_pages(out: Path) -> set[str]:
    """Absolute URLs of every HTML page but the 404 page and redirects (aliases)."""
    found = set()
    for page in out.rglob("*.html"):
        rel = page.relative_to(out).as_posix()
        if rel == "404.html" or b'http-equiv="refresh"' in page.read_bytes():
            continue
        found.add(BASE + rel.removesuffix("index.html"))
    return found


# --- sitemap.xml ------------------------------------------------------------------------------


def test_sitemap_is_valid_against_the_sitemaps_org_schema(out: Path) -> None:
    doc = assert_valid("sitemap.xsd", out / "sitemap.xml")
    assert doc.getroot().tag == f"{SM}urlset"


def test_sitemap_lists_every_page_once(out: Path) -> None:
    listed = set(urls(out / "sitemap.xml"))
    assert listed == html_pages(out)
    assert {BASE, BASE + "news/", BASE + "news/page/2/", BASE + "news/world/flood/"} <= listed


def test_sitemap_leaves_out_redirects_404_feeds(out: Path) -> None:
    listed = set(urls(out / "sitemap.xml"))
    assert BASE + "old/flood/" not in listed
    assert not any(u.endswith((".xml", "404.html", ".txt")) for u in listed)


def test_sitemap_urls_are_absolute_under_the_base_path(out: Path) -> None:
    for loc in urls(out / "sitemap.xml"):
        assert loc.startswith(BASE), loc


def test_every_sitemap_url_has_a_lastmod_with_a_time_zone(out: Path) -> None:
    missing = [loc for loc, lastmod in urls(out / "sitemap.xml").items() if not lastmod]
    assert not missing, f"no <lastmod> for {missing}"
    for lastmod in urls(out / "sitemap.xml").values():
        when(lastmod)


def test_article_lastmod_is_its_last_update(out: Path) -> None:
    listed = urls(out / "sitemap.xml")
    assert when(listed[BASE + "news/world/flood/"]) == when("2026-11-25T08:00:00Z")
    assert when(listed[BASE + "opinion/view/"]) == when("2026-11-10T00:00:00Z")


def test_listing_lastmod_is_the_newest_it_shows(out: Path) -> None:
    listed = urls(out / "sitemap.xml")
    assert when(listed[BASE + "news/"]) == when("2026-11-25T08:00:00Z")
    assert when(listed[BASE]) == when("2026-11-25T08:00:00Z")
    assert when(listed[BASE + "opinion/"]) == when("2026-11-10T00:00:00Z")


# --- the news sitemap -------------------------------------------------------------------------


def news_items(path: Path) -> dict[str, dict]:
    root = lxml.etree.parse(str(path)).getroot()
    items = {}
    for url in root.iter(f"{SM}url"):
        news = url.find(f"{NEWS}news")
        assert news is not None
        items[url.findtext(f"{SM}loc")] = {
            "name": news.findtext(f"{NEWS}publication/{NEWS}name"),
            "language": news.findtext(f"{NEWS}publication/{NEWS}language"),
            "date": news.findtext(f"{NEWS}publication_date"),
            "title": news.findtext(f"{NEWS}title"),
        }
    return items


def test_news_sitemap_is_valid_against_sitemap_and_news_schemas(out: Path) -> None:
    assert_valid("news-sitemap-combined.xsd", out / "news-sitemap.xml")


def test_news_elements_are_valid_against_the_news_schema_alone(out: Path) -> None:
    checker = schema("sitemap-news.xsd")
    root = lxml.etree.parse(str(out / "news-sitemap.xml")).getroot()
    for news in root.iter(f"{NEWS}news"):
        assert checker.validate(news), checker.error_log


def test_news_sitemap_holds_the_articles_of_the_last_two_days(out: Path) -> None:
    # NOW is 2026-11-25 12:00 UTC: 2026-11-23 13:00 is inside, 11:00 that day is not.
    assert list(news_items(out / "news-sitemap.xml")) == [
        BASE + "news/world/flood/",
        BASE + "news/local/",
    ]


def test_news_entries_carry_publication_date_and_title(out: Path) -> None:
    items = news_items(out / "news-sitemap.xml")
    assert items[BASE + "news/world/flood/"] == {
        "name": "Test Times",
        "language": "en",
        "date": items[BASE + "news/world/flood/"]["date"],
        "title": "Harbour wall breached",
    }
    assert when(items[BASE + "news/world/flood/"]["date"]) == when("2026-11-24T09:30:00+01:00")
    assert (
        items[BASE + "news/local/"]["title"] == "Council & the \u201csea\u201d"
    )  # typographic quotes


def test_news_sitemap_days_is_configurable(tmp_path: Path) -> None:
    result = build_site(tmp_path, SITE.replace("per_page: 2", "news_sitemap_days: 30"))
    assert result.ok, result.errors
    assert len(news_items(tmp_path / "output/news-sitemap.xml")) == 4


def test_news_sitemap_leaves_out_scheduled_articles(tmp_path: Path) -> None:
    write_tree(tmp_path, SITE)
    add(tmp_path, "news/soon.md", md("Tomorrow", date="2026-11-26T08:00:00Z"))
    result = build_site(tmp_path, future=True)
    assert result.ok, result.errors
    assert (tmp_path / "output/news/soon/index.html").is_file()
    assert BASE + "news/soon/" not in news_items(tmp_path / "output/news-sitemap.xml")


def test_news_sitemap_with_no_recent_articles_is_still_well_formed(tmp_path: Path) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: Test Times\nbase_url: https://example.org/\n")
    add(tmp_path, "news/old.md", md("Old", date="2026-01-01"))
    assert build_site(tmp_path).ok
    root = lxml.etree.parse(str(tmp_path / "output/news-sitemap.xml")).getroot()
    assert root.tag == f"{SM}urlset"
    assert news_items(tmp_path / "output/news-sitemap.xml") == {}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ar", "ar"), ("pt-BR", "pt"), ("EN", "en"), ("zh-TW", "zh-tw"), ("zh-CN", "zh-cn")],
)
def test_news_language_follows_the_article_in_googles_codes(
    tmp_path: Path, lang: str, expected: str
) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: Test Times\nbase_url: https://example.org/\n")
    add(tmp_path, "news/a.md", md("Storm", date="2026-11-25T06:00:00Z", lang=lang))
    result = build_site(tmp_path)
    assert result.ok, result.errors
    path = tmp_path / "output/news-sitemap.xml"
    assert news_items(path)["https://example.org/news/a/"]["language"] == expected
    assert_valid("news-sitemap-combined.xsd", path)


# --- robots.txt -------------------------------------------------------------------------------


def test_robots_txt_names_both_sitemaps(out: Path) -> None:
    lines = (out / "robots.txt").read_text().splitlines()
    sitemaps = [line.split(":", 1)[1].strip() for line in lines if line.startswith("Sitemap:")]
    assert sorted(sitemaps) == [BASE + "news-sitemap.xml", BASE + "sitemap.xml"]
    assert "User-agent: *" in lines
    assert not any(line.strip() == "Disallow: /" for line in lines)


# --- the sitemap index ------------------------------------------------------------------------


@pytest.fixture
def indexed(tmp_path: Path) -> Path:
    """The site built with at most 3 URLs per sitemap file, so it needs an index. Two articles
    have times in different zones, so the newest in time is not the greatest as a string."""
    write_tree(tmp_path, SITE)
    (tmp_path / "site.yaml").write_text((tmp_path / "site.yaml").read_text() + "sitemap_urls: 3\n")
    add(tmp_path, "news/east.md", md("East", date="2026-11-21T01:00:00+00:00"))
    add(tmp_path, "news/west.md", md("West", date="2026-11-20T23:00:00-05:00"))
    result = build_site(tmp_path)
    assert result.ok, result.errors
    return tmp_path / "output"


def index_entries(out: Path) -> list[tuple[str, str | None]]:
    root = lxml.etree.parse(str(out / "sitemap.xml")).getroot()
    return [(s.findtext(f"{SM}loc"), s.findtext(f"{SM}lastmod")) for s in root.iter(f"{SM}sitemap")]


def local(out: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    return out / unquote(urlsplit(url).path.removeprefix("/news-site/"))


def test_large_site_gets_a_valid_sitemap_index(indexed: Path) -> None:
    doc = assert_valid("siteindex.xsd", indexed / "sitemap.xml")
    assert doc.getroot().tag == f"{SM}sitemapindex"
    assert len(index_entries(indexed)) > 1


def test_each_indexed_sitemap_is_valid_and_small(indexed: Path) -> None:
    for loc, _ in index_entries(indexed):
        path = local(indexed, loc)
        assert path.is_file(), loc
        assert_valid("sitemap.xsd", path)
        assert 1 <= len(urls(path)) <= 3, loc


def test_indexed_sitemaps_together_list_every_page_once(indexed: Path) -> None:
    listed: list[str] = []
    for loc, _ in index_entries(indexed):
        listed += list(urls(local(indexed, loc)))
    assert len(listed) == len(set(listed))
    assert set(listed) == html_pages(indexed)


def test_index_lastmod_is_the_newest_of_each_sitemap(indexed: Path) -> None:
    for loc, lastmod in index_entries(indexed):
        stamps = [m for m in urls(local(indexed, loc)).values() if m]
        if stamps:
            assert lastmod, loc
            assert when(lastmod) == max(when(s) for s in stamps), loc


def test_robots_txt_names_the_index(indexed: Path) -> None:
    text = (indexed / "robots.txt").read_text()
    assert f"Sitemap: {BASE}sitemap.xml" in text
    assert f"Sitemap: {BASE}news-sitemap.xml" in text
