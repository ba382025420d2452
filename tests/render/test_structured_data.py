"""schema.org JSON-LD: NewsArticle and BreadcrumbList on articles, CollectionPage on sections;
valid JSON whatever the headline holds."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from conftest import add, build_output, build_site, md, parse_html, text_of, when, write_tree
from helpers import BASE, DESCRIBED_SECTIONS, LOGO, harbour_site

# The harbour site with a logo, a section description and an article outside any section.
SITE = harbour_site(
    config={"logo": "static/logo.svg", "sections": DESCRIBED_SECTIONS},
    more=LOGO + "-- content/about.md --\n" + md("About us", "Who we are.", date="2026-01-01"),
)


def jsonld(doc: lxml.html.HtmlElement) -> list[dict]:
    """Every JSON-LD block of a page, parsed (json.loads fails on any invalid one)."""
    return [json.loads(s.text) for s in doc.xpath("//script[@type='application/ld+json']")]


def of_type(doc: lxml.html.HtmlElement, kind: str) -> list[dict]:
    return [item for item in jsonld(doc) if item.get("@type") == kind]


def one(doc: lxml.html.HtmlElement, kind: str) -> dict:
    found = of_type(doc, kind)
    assert len(found) == 1, f"{len(found)} {kind} blocks"
    return found[0]


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


@pytest.fixture(scope="module")
def flood(out: Path) -> lxml.html.HtmlElement:
    return parse_html(out / "news/world/flood/index.html")


@pytest.fixture(scope="module")
def article(flood) -> dict:
    return one(flood, "NewsArticle")


# --- every page -------------------------------------------------------------------------------


def test_every_json_ld_block_on_the_site_is_valid_json_ld(out: Path) -> None:
    for page in out.rglob("*.html"):
        for item in jsonld(parse_html(page)):
            assert item["@context"] in ("https://schema.org", "http://schema.org"), page
            assert item["@type"], page


def test_json_ld_sits_in_the_head(flood) -> None:
    assert flood.xpath("//body//script[@type='application/ld+json']") == []
    assert len(flood.xpath("//head/script[@type='application/ld+json']")) >= 2


# --- NewsArticle ------------------------------------------------------------------------------


def test_article_page_has_one_news_article(article: dict) -> None:
    assert article["@context"] == "https://schema.org"
    assert article["@type"] == "NewsArticle"


def test_news_article_headline_and_description(article: dict) -> None:
    assert article["headline"] == "Harbour wall breached"
    assert article["description"] == "The sea came in at dawn."


def test_news_article_dates(article: dict) -> None:
    assert when(article["datePublished"]) == when("2026-11-24T09:30:00+01:00")
    assert when(article["dateModified"]) == when("2026-11-24T18:00:00+00:00")


def test_date_modified_is_date_published_when_never_updated(out: Path) -> None:
    local = one(parse_html(out / "news/local/index.html"), "NewsArticle")
    assert when(local["dateModified"]) == when(local["datePublished"])
    assert when(local["datePublished"]) == when("2026-11-22T10:00:00Z")


def test_news_article_authors_are_people_with_pages(out: Path, article: dict) -> None:
    authors = as_list(article["author"])
    assert [(a["@type"], a["name"]) for a in authors] == [
        ("Person", "Jane Doe"),
        ("Person", "Ali Hassan"),
    ]
    for author in authors:
        if "url" in author:
            assert author["url"].startswith(BASE)
            assert (out / author["url"].removeprefix(BASE) / "index.html").is_file()


def test_news_article_publisher_is_the_site_with_its_logo(article: dict) -> None:
    publisher = article["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "Test Times"
    logo = publisher["logo"]
    logo_url = logo["url"] if isinstance(logo, dict) else logo
    assert logo_url == BASE + "static/logo.svg"


def test_news_article_image_is_absolute(article: dict) -> None:
    images = [i["url"] if isinstance(i, dict) else i for i in as_list(article["image"])]
    assert images == [BASE + "news/world/wall.gif"]


def test_news_article_section_language_and_main_entity(article: dict) -> None:
    assert article["articleSection"] == "World"
    assert article["inLanguage"] == "en"
    assert _id(article["mainEntityOfPage"]) == BASE + "news/world/flood/"


def test_news_article_in_another_language_says_so(tmp_path: Path) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: Test Times\nbase_url: https://example.org/\n")
    add(tmp_path, "ar/storm.md", md("عاصفة تضرب الميناء", lang="ar"))
    assert build_site(tmp_path).ok
    data = one(parse_html(tmp_path / "output/ar/storm/index.html"), "NewsArticle")
    assert data["inLanguage"] == "ar"
    assert data["headline"] == "عاصفة تضرب الميناء"


# --- BreadcrumbList ---------------------------------------------------------------------------


def visible_breadcrumb(doc: lxml.html.HtmlElement, page_url: str) -> list[tuple[str, str]]:
    links = doc.xpath("//nav[@aria-label='Breadcrumb']//a")
    return [(text_of(a), lxml.html.urljoin(page_url, a.get("href"))) for a in links]


def listed_breadcrumb(doc: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    items = one(doc, "BreadcrumbList")["itemListElement"]
    assert [i["position"] for i in items] == list(range(1, len(items) + 1))
    assert all(i["@type"] == "ListItem" for i in items)
    return [(i["name"], _id(i["item"])) for i in items]


def _id(value) -> str:
    """A schema.org reference, given as a URL or as {"@id": URL}."""
    return value["@id"] if isinstance(value, dict) else value


def test_breadcrumb_list_matches_the_visible_breadcrumb(flood) -> None:
    visible = visible_breadcrumb(flood, BASE + "news/world/flood/")
    assert visible == [("News", BASE + "news/"), ("World", BASE + "news/world/")]
    assert listed_breadcrumb(flood) == visible


def test_subsection_breadcrumb_list_matches_too(out: Path) -> None:
    doc = parse_html(out / "news/world/index.html")
    assert listed_breadcrumb(doc) == visible_breadcrumb(doc, BASE + "news/world/")


def test_article_outside_sections_has_no_breadcrumb_list(out: Path) -> None:
    doc = parse_html(out / "about/index.html")
    assert of_type(doc, "BreadcrumbList") == []
    assert one(doc, "NewsArticle")["headline"] == "About us"
    assert "articleSection" not in one(doc, "NewsArticle")


# --- CollectionPage ---------------------------------------------------------------------------


def test_section_page_is_a_collection_page(out: Path) -> None:
    data = one(parse_html(out / "news/index.html"), "CollectionPage")
    assert data["name"] == "News"
    assert data["url"] == BASE + "news/"
    assert data["description"] == "All the news."
    items = data["mainEntity"]["itemListElement"]
    assert [i["url"] for i in items] == [BASE + "news/world/flood/", BASE + "news/local/"]


def test_subsection_page_is_a_collection_page(out: Path) -> None:
    data = one(parse_html(out / "news/world/index.html"), "CollectionPage")
    assert data["name"] == "World"
    assert data["url"] == BASE + "news/world/"


def test_section_pages_carry_no_news_article(out: Path) -> None:
    assert of_type(parse_html(out / "news/index.html"), "NewsArticle") == []


# --- escaping ---------------------------------------------------------------------------------

NASTY = 'He said "hi" </script><script>alert(1)</script>'
ARABIC = 'قال "مرحبا" </script> & \\ عاصفة'  # quotes, a closing script tag, & and a backslash


@pytest.fixture(scope="module")
def nasty_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("nasty")
    write_tree(root, "-- site.yaml --\ntitle: Test Times\nbase_url: https://example.org/\n")
    add(root, "news/plain.md", md("A plain headline", date="2026-11-20"))
    add(root, "news/nasty.md", md(NASTY, summary=NASTY, tags=[NASTY], date="2026-11-21"))
    add(root, "news/arabic.md", md(ARABIC, lang="ar", date="2026-11-22"))
    return build_output(root)


def test_script_breaking_headline_round_trips_exactly(nasty_site: Path) -> None:
    data = one(parse_html(nasty_site / "news/nasty/index.html"), "NewsArticle")
    smart = NASTY.replace('"hi"', "\u201chi\u201d")  # typographic quotes, as in the body
    assert data["headline"] == smart
    assert data["description"] == smart


def test_script_breaking_headline_adds_no_script_element(nasty_site: Path) -> None:
    plain = parse_html(nasty_site / "news/plain/index.html").xpath("//script")
    nasty = parse_html(nasty_site / "news/nasty/index.html").xpath("//script")
    assert len(nasty) == len(plain)
    assert all(s.get("type") == "application/ld+json" for s in nasty)
    raw = (nasty_site / "news/nasty/index.html").read_text()
    assert "<script>alert(1)" not in raw


def test_arabic_headline_with_quotes_round_trips(nasty_site: Path) -> None:
    data = one(parse_html(nasty_site / "news/arabic/index.html"), "NewsArticle")
    curly = ARABIC.replace(' "', " \u201c").replace('" ', "\u201d ")  # typographic quotes
    assert data["headline"] == curly


def test_nasty_headline_in_listings_keeps_json_ld_valid(nasty_site: Path) -> None:
    for page in ("news/index.html", "index.html", "tags/index.html"):
        jsonld(parse_html(nasty_site / page))  # parses
        scripts = parse_html(nasty_site / page).xpath("//script")
        assert all(s.get("type") == "application/ld+json" for s in scripts), page
