"""The pages of a built site: article pages, home, tags and authors, drafts and scheduling."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import add, build_site, hrefs, md, parse_html, text_of, write_tree

FLOOD = """
-- site.yaml --
title: Test Times
disclaimer: Views are the writers' own.
sections:
  news: {title: News}
  news/field-reports: {title: Field Reports}
-- content/news/field-reports/flood.md --
---
headline: Harbour wall breached
date: 2026-11-20T09:30:00+01:00
updated: 2026-11-21T08:00:00Z
authors: [Jane Doe, Ali Hassan]
tags: [Floods, Harbour]
---
The sea came in at dawn.

# A heading in the body

More text.
"""


@pytest.fixture
def flood(tmp_path: Path):
    result = build_site(tmp_path, FLOOD)
    assert result.ok, result.errors
    return parse_html(tmp_path / "output/news/field-reports/flood/index.html")


def test_build_reports_counts(tmp_path: Path) -> None:
    result = build_site(tmp_path, FLOOD)
    assert (result.ok, result.articles, result.sections, result.held_back) == (True, 1, 2, 0)
    assert result.pages > 0


def test_article_page_is_at_section_and_slug(tmp_path: Path) -> None:
    build_site(tmp_path, FLOOD)
    assert (tmp_path / "output/news/field-reports/flood/index.html").is_file()


def test_article_title_is_headline_then_site_title(flood) -> None:
    assert flood.findtext(".//title") == "Harbour wall breached — Test Times"


def test_article_has_exactly_one_h1_the_headline(flood) -> None:
    assert [text_of(h) for h in flood.xpath("//h1")] == ["Harbour wall breached"]


def test_body_heading_becomes_h2(flood) -> None:
    assert "A heading in the body" in [text_of(h) for h in flood.xpath("//h2")]


def test_breadcrumbs_link_each_section_from_the_top(flood) -> None:
    trail = flood.xpath("//nav[@aria-label='Breadcrumb']//a")
    assert [(text_of(a), a.get("href")) for a in trail] == [
        ("News", "/news/"),
        ("Field Reports", "/news/field-reports/"),
    ]


def test_byline_links_each_author_to_their_page(flood) -> None:
    links = {text_of(a): a.get("href") for a in flood.xpath("//a[starts-with(@href, '/authors/')]")}
    assert links == {"Jane Doe": "/authors/jane-doe/", "Ali Hassan": "/authors/ali-hassan/"}


def test_time_elements_carry_iso_datetimes(flood) -> None:
    assert flood.xpath("//main//time/@datetime") == [
        "2026-11-20T09:30:00+01:00",
        "2026-11-21T08:00:00+00:00",
    ]


def test_tags_link_to_tag_pages(flood) -> None:
    links = {text_of(a): a.get("href") for a in flood.xpath("//a[starts-with(@href, '/tags/')]")}
    assert links == {"Floods": "/tags/floods/", "Harbour": "/tags/harbour/"}


def _position(doc, text: str) -> int:
    """Document-order index of the innermost element whose own text holds `text`."""
    for index, element in enumerate(doc.iter()):
        if text in (element.text or ""):
            return index
    raise AssertionError(f"{text!r} not on the page")


def test_site_disclaimer_is_shown_under_the_body(flood) -> None:
    assert _position(flood, "Views are the writers' own.") > _position(flood, "More text.")


def test_article_disclaimer_overrides_the_sites(site: Path) -> None:
    add(site, "a.md", md(disclaimer="Sponsored by the Harbour Board."))
    build_site(site, "-- site.yaml --\ntitle: T\ndisclaimer: Site-wide note.\n")
    text = text_of(parse_html(site / "output/a/index.html"))
    assert "Sponsored by the Harbour Board." in text
    assert "Site-wide note." not in text


def test_disclaimer_false_hides_the_sites(site: Path) -> None:
    add(site, "a.md", md(disclaimer=False))
    build_site(site, "-- site.yaml --\ntitle: T\ndisclaimer: Site-wide note.\n")
    assert "Site-wide note." not in text_of(parse_html(site / "output/a/index.html"))


def test_no_disclaimer_without_one_configured(site: Path) -> None:
    add(site, "a.md", md())
    build_site(site)
    assert not parse_html(site / "output/a/index.html").xpath("//*[@aria-label='Disclaimer']")


NEIGHBOURS = """
-- content/news/old.md --
---
headline: Oldest
date: 2026-11-01
---
-- content/news/mid.md --
---
headline: Middle
date: 2026-11-03
---
-- content/business/between.md --
---
headline: Other section
date: 2026-11-02
---
-- content/news/new.md --
---
headline: Newest
date: 2026-11-05
---
"""


def test_prev_is_older_and_next_is_newer_within_the_section(site: Path) -> None:
    build_site(site, NEIGHBOURS)
    doc = parse_html(site / "output/news/mid/index.html")
    assert hrefs(doc, "//a[@rel='prev']") == ["/news/old/"]
    assert hrefs(doc, "//a[@rel='next']") == ["/news/new/"]


def test_oldest_has_no_prev_and_newest_no_next(site: Path) -> None:
    build_site(site, NEIGHBOURS)
    assert not parse_html(site / "output/news/old/index.html").xpath("//a[@rel='prev']")
    assert not parse_html(site / "output/news/new/index.html").xpath("//a[@rel='next']")


def test_article_alone_in_its_section_has_no_neighbours(site: Path) -> None:
    build_site(site, NEIGHBOURS)
    doc = parse_html(site / "output/business/between/index.html")
    assert not doc.xpath("//a[@rel='prev' or @rel='next']")


def _related_links(doc) -> list[str]:
    heading = doc.xpath("//*[self::h2 or self::h3][normalize-space()='Related']")
    if not heading:
        return []
    region = heading[0].getparent()
    return hrefs(region, ".//h2/a | .//h3/a | .//h4/a")


def test_related_lists_articles_sharing_tags(site: Path) -> None:
    add(site, "a.md", md("A", tags=["ferries"]))
    add(site, "b.md", md("B", tags=["ferries", "council"]))
    add(site, "c.md", md("C", tags=["schools"]))
    build_site(site)
    assert _related_links(parse_html(site / "output/a/index.html")) == ["/b/"]


def test_related_holds_at_most_five(site: Path) -> None:
    for n in range(8):
        add(site, f"s{n}.md", md(f"Story {n}", date=f"2026-11-0{n + 1}", tags=["ferries"]))
    build_site(site)
    related = _related_links(parse_html(site / "output/s0/index.html"))
    assert len(related) == 5
    assert "/s0/" not in related


def test_related_is_absent_without_shared_tags(site: Path) -> None:
    add(site, "a.md", md("A", tags=["ferries"]))
    add(site, "b.md", md("B", tags=["schools"]))
    build_site(site)
    assert _related_links(parse_html(site / "output/a/index.html")) == []


def test_headline_markup_is_shown_as_text(site: Path) -> None:
    add(site, "a.md", md("<script>alert('x')</script> & more", tags=["<b>bold</b>"]))
    build_site(site)
    doc = parse_html(site / "output/a/index.html")
    shown = "<script>alert(\u2018x\u2019)</script> & more"  # typographic quotes, as in bodies
    assert text_of(doc.xpath("//h1")[0]) == shown
    assert doc.findtext(".//title").startswith(shown)
    assert not [s for s in doc.iter("script") if "alert" in (s.text or "")]
    assert not doc.xpath("//main//b")


@pytest.mark.parametrize(
    ("front", "lang", "direction"),
    [
        ({"lang": "ar"}, "ar", "rtl"),
        ({"lang": "he"}, "he", "rtl"),
        ({"lang": "fr"}, "fr", "ltr"),
        ({"lang": "xx", "dir": "rtl"}, "xx", "rtl"),
        ({}, "en", "ltr"),
    ],
)
def test_article_language_and_direction_go_on_html(site, front, lang, direction) -> None:
    add(site, "a.md", md("عنوان", **front))
    build_site(site)
    html = parse_html(site / "output/a/index.html")
    assert (html.get("lang"), html.get("dir")) == (lang, direction)


def test_summary_defaults_to_first_paragraph_as_plain_text(site: Path) -> None:
    add(site, "a.md", md(body="The *ferry* [fare](https://example.org) rises.\n\nSecond."))
    build_site(site)
    doc = parse_html(site / "output/a/index.html")
    assert doc.xpath("//meta[@name='description']/@content") == ["The ferry fare rises."]


def test_summary_from_front_matter_wins(site: Path) -> None:
    add(site, "a.md", md(summary="Fares up by a tenth.", body="Long body."))
    build_site(site)
    doc = parse_html(site / "output/a/index.html")
    assert doc.xpath("//meta[@name='description']/@content") == ["Fares up by a tenth."]


def test_markdown_features_reach_the_page(site: Path) -> None:
    body = (
        '"Quoted" text.[^1]\n\n## Costs\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n'
        "```python\nprint(1)\n```\n\n[^1]: A note."
    )
    add(site, "a.md", md(body=body))
    build_site(site)
    doc = parse_html(site / "output/a/index.html")
    assert doc.xpath("//main//table//td/text()") == ["1", "2"]
    assert doc.xpath("//main//h2[@id='costs']")
    assert doc.xpath("//main//pre/code[contains(@class, 'python')]/text()") == ["print(1)\n"]
    assert "\u201cQuoted\u201d" in text_of(doc.xpath("//main")[0])
    assert doc.xpath("//main//a[@href='#fn:1']")
    assert "A note." in text_of(doc.xpath("//main")[0])


def test_root_level_article_is_at_its_slug(site: Path) -> None:
    add(site, "about-us.md", md("About us"))
    build_site(site)
    assert (site / "output/about-us/index.html").is_file()


def test_slug_and_section_from_front_matter_set_the_url(site: Path) -> None:
    add(site, "misc/file-name.md", md(slug="better-name", section="news/local"))
    build_site(site)
    assert (site / "output/news/local/better-name/index.html").is_file()
    assert not (site / "output/misc").exists()


def test_naive_dates_use_the_site_time_zone(tmp_path: Path) -> None:
    build_site(
        tmp_path,
        """
        -- site.yaml --
        title: T
        timezone: Europe/London
        -- content/a.md --
        ---
        headline: Summer
        date: 2026-06-01 09:30:00
        ---
        """,
    )
    doc = parse_html(tmp_path / "output/a/index.html")
    assert doc.xpath("//main//time/@datetime") == ["2026-06-01T09:30:00+01:00"]


# Home page


HOME = """
-- site.yaml --
title: Test Times
per_page: 1
sections:
  business: {title: Business, description: Money matters.}
  news: {title: News}
-- content/news/a.md --
---
headline: News A
date: 2026-11-01
---
-- content/news/local/b.md --
---
headline: Local B
date: 2026-11-03
---
-- content/business/c.md --
---
headline: Business C
date: 2026-11-02
---
-- content/news/local/d.md --
---
headline: Local D
date: 2026-10-30
---
"""


def test_home_lists_the_latest_articles_newest_first(site: Path) -> None:
    build_site(site, HOME)
    doc = parse_html(site / "output/index.html")
    links = hrefs(doc, "//main//a")
    firsts = [links.index(u) for u in ("/news/local/b/", "/business/c/", "/news/a/")]
    assert firsts == sorted(firsts)


def test_home_has_a_block_per_top_level_section_in_configured_order(site: Path) -> None:
    build_site(site, HOME)
    doc = parse_html(site / "output/index.html")
    headed = [(text_of(a), a.get("href")) for a in doc.xpath("//main//h2/a")]
    assert headed == [("Business", "/business/"), ("News", "/news/")]


def test_home_block_of_a_section_holds_its_subsections_articles(site: Path) -> None:
    build_site(site, HOME)
    doc = parse_html(site / "output/index.html")
    block = doc.xpath("//main//h2[a[@href='/news/']]")[0].getparent()
    assert {"/news/a/", "/news/local/d/"} <= set(hrefs(block))
    assert "/business/c/" not in hrefs(block)
    assert "/news/local/b/" not in hrefs(block)  # the latest story, shown above: not twice


def test_home_title_is_the_site_title(site: Path) -> None:
    build_site(site, HOME)
    assert parse_html(site / "output/index.html").findtext(".//title") == "Test Times"


# Tags and authors


GROUPS = """
-- content/a.md --
---
headline: First
date: 2026-11-01
author: Jane Doe
tags: [Climate Change, ferries]
---
-- content/b.md --
---
headline: Second
date: 2026-11-02
authors: [Jane Doe, Ali Hassan]
tags: [climate change]
---
-- content/c.md --
---
headline: Third
date: 2026-11-03
author: Jane Doe
tags: [Climate Change]
---
"""


def test_tag_page_lists_its_articles_newest_first(site: Path) -> None:
    build_site(site, GROUPS)
    doc = parse_html(site / "output/tags/climate-change/index.html")
    assert [h for h in hrefs(doc, "//main//a") if h in ("/a/", "/b/", "/c/")] == [
        "/c/",
        "/b/",
        "/a/",
    ]


def test_author_page_lists_their_articles(site: Path) -> None:
    build_site(site, GROUPS)
    doc = parse_html(site / "output/authors/ali-hassan/index.html")
    assert [h for h in hrefs(doc, "//main//a") if h in ("/a/", "/b/", "/c/")] == ["/b/"]
    assert "Ali Hassan" in [text_of(h) for h in doc.xpath("//h1")]


@pytest.mark.parametrize("folder", ["tags/climate-change", "authors/jane-doe"])
def test_tag_and_author_pages_are_paginated(tmp_path: Path, folder: str) -> None:
    build_site(tmp_path, "-- site.yaml --\ntitle: T\nper_page: 2\n" + GROUPS)
    first = parse_html(tmp_path / f"output/{folder}/index.html")
    second = parse_html(tmp_path / f"output/{folder}/page/2/index.html")
    assert [h for h in hrefs(first, "//main//a") if h in ("/a/", "/b/", "/c/")] == ["/c/", "/b/"]
    assert [h for h in hrefs(second, "//main//a") if h in ("/a/", "/b/", "/c/")] == ["/a/"]
    assert f"/{folder}/page/2/" in hrefs(first, "//main//a")
    assert not (tmp_path / f"output/{folder}/page/3").exists()


def test_non_latin_tags_and_accented_authors_get_pages(site: Path) -> None:
    add(site, "a.md", md("A", tags=["الأخبار"], author="Zoë Ångström"))
    assert build_site(site).ok
    assert (site / "output/tags/الاخبار/index.html").is_file()
    assert (site / "output/authors/zoe-angstrom/index.html").is_file()
    links = hrefs(parse_html(site / "output/a/index.html"), "//main//a")
    assert "/tags/%D8%A7%D9%84%D8%A7%D8%AE%D8%A8%D8%A7%D8%B1/" in links
    assert "/authors/zoe-angstrom/" in links


def test_tags_index_links_every_tag(site: Path) -> None:
    build_site(site, GROUPS)
    doc = parse_html(site / "output/tags/index.html")
    assert set(hrefs(doc, "//main//a")) >= {"/tags/climate-change/", "/tags/ferries/"}


def test_authors_index_links_every_author(site: Path) -> None:
    build_site(site, GROUPS)
    doc = parse_html(site / "output/authors/index.html")
    assert set(hrefs(doc, "//main//a")) >= {"/authors/jane-doe/", "/authors/ali-hassan/"}


def test_tag_spelt_two_ways_has_one_page(site: Path) -> None:
    build_site(site, GROUPS)
    assert sorted(p.name for p in (site / "output/tags").iterdir() if p.is_dir()) == [
        "climate-change",
        "ferries",
    ]


# Drafts and scheduled articles

SCHEDULE = """
-- content/live.md --
---
headline: Live
date: 2026-11-20
---
-- content/draft.md --
---
headline: Draft
draft: true
---
-- content/later.md --
---
headline: Later
date: 2026-12-01
---
"""


def test_drafts_and_future_articles_are_held_back(site: Path) -> None:
    result = build_site(site, SCHEDULE)
    assert (result.ok, result.articles, result.held_back) == (True, 1, 2)
    assert not (site / "output/draft").exists()
    assert not (site / "output/later").exists()
    assert "/draft/" not in hrefs(parse_html(site / "output/index.html"))


def test_drafts_option_includes_drafts(site: Path) -> None:
    result = build_site(site, SCHEDULE, drafts=True)
    assert (result.articles, result.held_back) == (2, 1)
    assert (site / "output/draft/index.html").is_file()


def test_future_option_includes_future_articles(site: Path) -> None:
    result = build_site(site, SCHEDULE, future=True)
    assert (result.articles, result.held_back) == (2, 1)
    assert (site / "output/later/index.html").is_file()


def test_article_dated_just_before_now_is_published(site: Path) -> None:
    add(site, "a.md", md(date="2026-11-25T11:59:00+00:00"))
    add(site, "b.md", md(date="2026-11-25T12:01:00+00:00"))
    result = build_site(site)
    assert (result.articles, result.held_back) == (1, 1)


def test_extra_front_matter_is_kept_for_templates(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        """
        -- site.yaml --
        title: T
        -- templates/article.html --
        {% extends 'base.html' %}
        {% block content %}<p id="extra">{{ article.extra.kicker }}</p>{% endblock %}
        """,
    )
    add(tmp_path, "a.md", md(kicker="Exclusive"))
    build_site(tmp_path)
    doc = parse_html(tmp_path / "output/a/index.html")
    assert doc.xpath("//p[@id='extra']/text()") == ["Exclusive"]
