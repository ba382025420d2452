"""Editions: one site in several languages. A bilingual site built from inline files, checked on
its parsed output: every page kind's URL per edition, hreflang both ways with x-default, the
language switcher, feeds and sitemaps per edition, the sitemap index, and the errors."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import feedparser
import lxml.etree
import pytest
from conftest import SM, build_output, build_site, md, one_error_line, parse_html, snapshot

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
BASE = "https://example.org/"
XHTML = "{http://www.w3.org/1999/xhtml}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"

CONFIG = f"""
-- site.yaml --
title: Test Times
base_url: {BASE}
per_page: 1
sections:
  news: {{title: News}}
  news/field-reports: {{title: Field reports}}
languages:
  en: {{}}
  ar:
    title: أخبار الاختبار
    disclaimer: التعليقات تمثل أصحابها
    digits: arab
    sections: {{news: {{title: أخبار}}}}
"""
SITE = (
    CONFIG
    + "-- content/news/field-reports/flood.md --\n"
    + md("Flood", date="2026-11-24T09:00:00Z", tags=["Floods"], author="Jane Doe")
    + "-- content/news/council.md --\n"
    + md("Council", date="2026-11-23T09:00:00Z")
    + "-- content/ar/news/field-reports/flood.md --\n"
    + md("فيضان", date="2026-11-24T10:00:00Z", tags=["فيضانات"], author="سلمى")
    + "-- content/ar/news/market.md --\n"
    + md("السوق", date="2026-11-22T10:00:00Z", tags=["فيضانات"])
    + "-- content/ar/opinion/view.md --\n"
    + md("رأي", "انظر [الخبر](../news/market.md).", date="2026-11-20", author="سلمى")
)

# every page kind, per edition: (default edition's URL, Arabic edition's URL)
PAGE_URLS = [
    ("", "ar/"),
    ("news/", "ar/news/"),
    ("news/page/2/", "ar/news/page/2/"),
    ("news/field-reports/", "ar/news/field-reports/"),
    ("news/field-reports/flood/", "ar/news/field-reports/flood/"),
    ("tags/", "ar/tags/"),
    ("tags/floods/", "ar/tags/فيضانات/"),
    ("authors/", "ar/authors/"),
    ("authors/jane-doe/", "ar/authors/سلمى/"),
    ("feed.xml", "ar/feed.xml"),
    ("news/feed.xml", "ar/news/feed.xml"),
    ("tags/floods/feed.xml", "ar/tags/فيضانات/feed.xml"),
    ("sitemap-en.xml", "sitemap-ar.xml"),
    ("news-sitemap-en.xml", "news-sitemap-ar.xml"),
]


def page(out: Path, url: str) -> lxml.html.HtmlElement:
    return parse_html(out / (url + "index.html" if url.endswith("/") or not url else url))


def alternates(out: Path, url: str) -> dict[str, str]:
    links = page(out, url).xpath("//head/link[@rel='alternate'][@hreflang]")
    return {link.get("hreflang"): link.get("href") for link in links}


def switcher(out: Path, url: str) -> dict[str, str | None]:
    """Language tag -> link of each entry of the switcher (None: the current edition)."""
    items = page(out, url).xpath("//header//nav[contains(@class, 'language-switcher')]//li/*")
    return {i.get("lang"): i.get("href") for i in items}


def schema(name: str) -> lxml.etree.XMLSchema:
    return lxml.etree.XMLSchema(lxml.etree.parse(str(SCHEMAS / name)))


def valid(xsd: str, path: Path) -> lxml.etree._Element:
    doc = lxml.etree.parse(str(path))
    checker = schema(xsd)
    assert checker.validate(doc), f"{path.name}: {checker.error_log}"
    return doc.getroot()


@pytest.mark.parametrize(("default", "arabic"), PAGE_URLS)
def test_every_page_kind_has_a_url_in_each_edition(out: Path, default: str, arabic: str) -> None:
    for url in (default, arabic):
        target = out / (url + "index.html" if url.endswith("/") or not url else url)
        assert target.is_file(), url


def test_pages_take_language_direction_and_title_from_their_edition(out: Path) -> None:
    for url in ("ar/", "ar/news/", "ar/tags/", "ar/news/field-reports/flood/"):
        html = page(out, url)
        assert (html.get("lang"), html.get("dir")) == ("ar", "rtl"), url
        assert "أخبار الاختبار" in html.findtext(".//title")
    assert (page(out, "news/").get("lang"), page(out, "news/").get("dir")) == ("en", "ltr")
    nav = page(out, "ar/").xpath("//nav[@aria-label='Sections']//a/text()")
    assert "أخبار" in nav and "News" not in nav
    # a section the Arabic edition gives no title falls back to the default edition's
    assert "Field reports" in page(out, "ar/news/field-reports/").findtext(".//h1")


def test_listings_show_only_their_editions_articles(out: Path) -> None:
    home = page(out, "").xpath("//main//a/@href")
    assert "/news/council/" in home and not any(h.startswith("/ar/") for h in home)
    arabic = page(out, "ar/").xpath("//main//a/@href")
    assert "/ar/news/market/" in arabic and "/news/council/" not in arabic


def test_translations_link_each_other_both_ways_with_x_default(out: Path) -> None:
    expected = {
        "en": BASE + "news/field-reports/flood/",
        "ar": BASE + quote("ar/news/field-reports/flood/"),
        "x-default": BASE + "news/field-reports/flood/",
    }
    assert alternates(out, "news/field-reports/flood/") == expected
    assert alternates(out, "ar/news/field-reports/flood/") == expected


def test_untranslated_article_has_no_hreflang(out: Path) -> None:
    assert alternates(out, "news/council/") == {}
    assert alternates(out, "ar/news/market/") == {}


def test_switcher_goes_to_the_translation_both_ways(out: Path) -> None:
    assert switcher(out, "news/field-reports/flood/") == {
        "en": None,
        "ar": "/" + quote("ar/news/field-reports/flood/"),
    }
    assert switcher(out, "ar/news/field-reports/flood/") == {
        "en": "/news/field-reports/flood/",
        "ar": None,
    }


def test_switcher_without_translation_goes_to_the_other_home(out: Path) -> None:
    assert switcher(out, "news/council/") == {"en": None, "ar": "/ar/"}
    assert switcher(out, "ar/news/market/") == {"en": "/", "ar": None}
    assert switcher(out, "ar/tags/") == {"en": "/", "ar": None}


def test_links_between_articles_stay_in_their_edition(out: Path) -> None:
    assert "/ar/news/market/" in page(out, "ar/opinion/view/").xpath("//article//a/@href")


def test_edition_disclaimer_is_shown_on_its_articles(out: Path) -> None:
    assert "التعليقات تمثل أصحابها" in page(out, "ar/news/market/").text_content()
    assert "التعليقات" not in page(out, "news/council/").text_content()


def test_feeds_of_each_edition_carry_its_language_and_articles(out: Path) -> None:
    for path, lang, title in [("feed.xml", "en", "Test Times"), ("ar/feed.xml", "ar", "أخبار")]:
        feed = feedparser.parse((out / path).read_bytes())
        assert not feed.bozo, path
        assert feed.feed.language == lang
        assert title in feed.feed.title
        links = [e.link for e in feed.entries]
        assert all(("/ar/" in link) == (lang == "ar") for link in links), links
    tag = feedparser.parse((out / "ar/tags/فيضانات/feed.xml").read_bytes())
    assert tag.feed.language == "ar" and len(tag.entries) == 2


def test_edition_sitemaps_are_valid_and_list_only_their_pages(out: Path) -> None:
    for tag in ("en", "ar"):
        root = valid("sitemap-hreflang.xsd", out / f"sitemap-{tag}.xml")
        locs = [u.findtext(f"{SM}loc") for u in root.iter(f"{SM}url")]
        assert locs and all(("/ar/" in loc) == (tag == "ar") for loc in locs), locs
        valid("news-sitemap-combined.xsd", out / f"news-sitemap-{tag}.xml")


def test_sitemap_urls_carry_hreflang_of_their_translations(out: Path) -> None:
    root = lxml.etree.parse(str(out / "sitemap-ar.xml")).getroot()
    links = {
        u.findtext(f"{SM}loc"): {x.get("hreflang"): x.get("href") for x in u.iter(f"{XHTML}link")}
        for u in root.iter(f"{SM}url")
    }
    assert links[BASE + quote("ar/news/field-reports/flood/")] == {
        "ar": BASE + quote("ar/news/field-reports/flood/"),
        "en": BASE + "news/field-reports/flood/",
        "x-default": BASE + "news/field-reports/flood/",
    }
    assert links[BASE + "ar/news/market/"] == {}


def test_news_sitemap_names_each_editions_language(tmp_path: Path) -> None:
    recent = "2026-11-25T08:00:00Z"  # within news_sitemap_days of the build's NOW
    out = build_output(
        tmp_path,
        CONFIG
        + "-- content/news/a.md --\n"
        + md("A", date=recent)
        + "-- content/ar/news/a.md --\n"
        + md("أ", date=recent),
    )
    for tag, name in (("en", "Test Times"), ("ar", "أخبار الاختبار")):
        root = valid("news-sitemap-combined.xsd", out / f"news-sitemap-{tag}.xml")
        assert [e.text for e in root.iter(f"{NEWS}language")] == [tag]
        assert [e.text for e in root.iter(f"{NEWS}name")] == [name]


def test_sitemap_index_at_the_root_lists_every_editions_sitemaps(out: Path) -> None:
    root = valid("siteindex.xsd", out / "sitemap.xml")
    locs = [s.findtext(f"{SM}loc") for s in root.iter(f"{SM}sitemap")]
    names = ["sitemap-en.xml", "news-sitemap-en.xml", "sitemap-ar.xml", "news-sitemap-ar.xml"]
    assert locs == [BASE + n for n in names]
    robots = (out / "robots.txt").read_text().splitlines()
    assert [line for line in robots if line.startswith("Sitemap:")] == [
        f"Sitemap: {BASE}sitemap.xml"
    ]


def test_json_ld_names_the_language(out: Path) -> None:
    import json

    scripts = page(out, "ar/").xpath("//script[@type='application/ld+json']/text()")
    assert json.loads(scripts[0])["inLanguage"] == "ar"
    scripts = page(out, "ar/news/market/").xpath("//script[@type='application/ld+json']/text()")
    assert json.loads(scripts[0])["inLanguage"] == "ar"


def test_a_language_that_disagrees_with_its_edition_is_an_error(tmp_path: Path) -> None:
    spec = CONFIG + "-- content/ar/news/x.md --\n" + md("X", lang="en")
    result = build_site(tmp_path, spec)
    assert not result.ok
    line = one_error_line(result, "content/ar/news/x.md", "disagrees with its edition")
    assert "'ar'" in line
    assert not (tmp_path / "output").exists()


def test_translation_of_still_links_articles_at_different_paths(tmp_path: Path) -> None:
    spec = (
        CONFIG
        + "-- content/news/a.md --\n"
        + md("A")
        + "-- content/ar/news/b.md --\n"
        + md("ب", translation_of="../../news/a.md")
    )
    out = build_output(tmp_path, spec)
    assert alternates(out, "news/a/")["ar"] == BASE + "ar/news/b/"
    assert alternates(out, "ar/news/b/")["en"] == BASE + "news/a/"


def test_unknown_edition_key_is_an_error_with_a_hint(tmp_path: Path) -> None:
    spec = CONFIG.replace("digits: arab", "digit: arab")
    result = build_site(tmp_path, spec)
    line = one_error_line(result, "site.yaml", "unknown key 'digit'")
    assert "did you mean 'digits'" in line


def test_a_site_without_languages_has_no_editions(tmp_path: Path) -> None:
    """Without `languages`, content/ar/ is a section like any other and nothing of editions
    appears (the byte-for-byte comparison with the code before editions is in the report of
    the change: the sample site and every inline site of the suite gave equal bytes)."""
    plain = (
        f"-- site.yaml --\ntitle: Test Times\nbase_url: {BASE}\n"
        + "-- content/news/a.md --\n"
        + md("A", tags=["T"])
        + "-- content/ar/b.md --\n"
        + md("ب", lang="ar", translation_of="../news/a.md")
    )
    out = snapshot(build_output(tmp_path, plain))
    assert {"sitemap.xml", "news-sitemap.xml", "ar/b/index.html", "ar/index.html"} <= set(out)
    assert not any(name.startswith(("sitemap-", "news-sitemap-")) for name in out)
    assert b"language-switcher" not in out["news/a/index.html"]
    assert b"x-default" not in out["news/a/index.html"]
