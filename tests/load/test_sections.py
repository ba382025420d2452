"""Section index pages: order, pagination, subsections, titles and navigation."""

from __future__ import annotations

from pathlib import Path

from conftest import add, build_site, hrefs, md, parse_html, text_of, write_tree


def _articles(doc, urls) -> list[str]:
    """The article links of a listing, in page order, each once."""
    return list(dict.fromkeys(h for h in hrefs(doc, "//main//a") if h in urls))


def _five_news(site: Path, per_page: int = 2) -> list[str]:
    write_tree(site, f"-- site.yaml --\ntitle: T\nper_page: {per_page}\n")
    for day in range(1, 6):
        add(site, f"news/d{day}.md", md(f"Day {day}", date=f"2026-11-0{day}"))
    build_site(site)
    return [f"/news/d{day}/" for day in range(5, 0, -1)]  # newest first


def test_section_index_lists_articles_newest_first(site: Path) -> None:
    newest_first = _five_news(site, per_page=20)
    doc = parse_html(site / "output/news/index.html")
    assert _articles(doc, newest_first) == newest_first


def test_section_index_is_paginated_by_per_page(site: Path) -> None:
    newest_first = _five_news(site)
    pages = ["news/index.html", "news/page/2/index.html", "news/page/3/index.html"]
    listed = [_articles(parse_html(site / "output" / p), newest_first) for p in pages]
    assert listed == [newest_first[0:2], newest_first[2:4], newest_first[4:]]
    assert not (site / "output/news/page/4").exists()
    assert not (site / "output/news/page/1").exists()


def test_section_pages_link_to_each_other(site: Path) -> None:
    _five_news(site)
    first = parse_html(site / "output/news/index.html")
    middle = parse_html(site / "output/news/page/2/index.html")
    assert hrefs(first, "//a[@rel='next']") == ["/news/page/2/"]
    assert hrefs(middle, "//a[@rel='prev']") == ["/news/"]
    assert hrefs(middle, "//a[@rel='next']") == ["/news/page/3/"]


def test_later_pages_say_which_page_in_the_title(site: Path) -> None:
    _five_news(site)
    title = parse_html(site / "output/news/page/2/index.html").findtext(".//title")
    assert "2" in title
    assert title.endswith(" — T")


TREE = """
-- site.yaml --
title: T
sections:
  news: {title: News, description: All the news.}
  news/field-reports: {title: Field Reports, description: From the quayside.}
-- content/news/top.md --
---
headline: Top
date: 2026-11-01
---
-- content/news/field-reports/quay.md --
---
headline: Quay
date: 2026-11-02
---
-- content/news/courts/trial.md --
---
headline: Trial
date: 2026-11-03
---
"""


def test_parent_section_lists_its_whole_subtree(site: Path) -> None:
    build_site(site, TREE)
    doc = parse_html(site / "output/news/index.html")
    urls = {"/news/top/", "/news/field-reports/quay/", "/news/courts/trial/"}
    assert _articles(doc, urls) == [
        "/news/courts/trial/",
        "/news/field-reports/quay/",
        "/news/top/",
    ]


def test_parent_section_links_its_subsections(site: Path) -> None:
    build_site(site, TREE)
    doc = parse_html(site / "output/news/index.html")
    links = {text_of(a): a.get("href") for a in doc.xpath("//main//a")}
    assert links["Field Reports"] == "/news/field-reports/"
    assert links["Courts"] == "/news/courts/"


def test_subsection_lists_only_its_own_articles(site: Path) -> None:
    build_site(site, TREE)
    doc = parse_html(site / "output/news/field-reports/index.html")
    urls = {"/news/top/", "/news/field-reports/quay/", "/news/courts/trial/"}
    assert _articles(doc, urls) == ["/news/field-reports/quay/"]


def test_section_page_shows_configured_title_and_description(site: Path) -> None:
    build_site(site, TREE)
    doc = parse_html(site / "output/news/field-reports/index.html")
    assert [text_of(h) for h in doc.xpath("//h1")] == ["Field Reports"]
    assert "From the quayside." in text_of(doc.xpath("//main")[0])
    assert doc.findtext(".//title") == "Field Reports — T"


def test_unconfigured_section_is_titled_from_its_path(site: Path) -> None:
    build_site(site, TREE)
    doc = parse_html(site / "output/news/courts/index.html")
    assert [text_of(h) for h in doc.xpath("//h1")] == ["Courts"]


def test_subsection_page_has_breadcrumbs(site: Path) -> None:
    build_site(site, TREE)
    doc = parse_html(site / "output/news/field-reports/index.html")
    assert hrefs(doc, "//nav[@aria-label='Breadcrumb']//a") == ["/news/", "/news/field-reports/"]


def test_nav_lists_top_level_sections_in_configured_order(tmp_path: Path) -> None:
    build_site(
        tmp_path,
        """
        -- site.yaml --
        title: T
        sections:
          opinion: {title: Opinion}
          business: {title: Business}
          news: {title: News}
        -- content/news/a.md --
        ---
        headline: A
        date: 2026-11-01
        ---
        -- content/business/b.md --
        ---
        headline: B
        date: 2026-11-01
        ---
        -- content/opinion/c.md --
        ---
        headline: C
        date: 2026-11-01
        ---
        """,
    )
    doc = parse_html(tmp_path / "output/index.html")
    nav = [text_of(a) for a in doc.xpath("//header//nav//a")]
    assert nav == ["Opinion", "Business", "News"]


def test_section_without_articles_gets_no_page(tmp_path: Path) -> None:
    build_site(
        tmp_path,
        """
        -- site.yaml --
        title: T
        sections:
          empty: {title: Empty}
        -- content/news/a.md --
        ---
        headline: A
        date: 2026-11-01
        ---
        """,
    )
    assert not (tmp_path / "output/empty").exists()


def test_drafts_are_not_listed_in_sections(site: Path) -> None:
    add(site, "news/a.md", md("A"))
    add(site, "news/b.md", md("B", draft=True))
    build_site(site)
    assert "/news/b/" not in hrefs(parse_html(site / "output/news/index.html"))
