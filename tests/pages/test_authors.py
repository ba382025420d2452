"""Author profiles (authors/<slug>.md): the author page shows them, bylines link there and the
JSON-LD `author` is a Person with its other addresses."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import build_site, hrefs, one_error_line, parse_html, text_of, write_tree

SITE = """
-- site.yaml --
title: Test Times
base_url: https://example.org/
-- content/news/a.md --
---
headline: Ferry fares rise
date: 2026-11-20
authors: [Jane Doe, Sam Roe]
---
The council raised fares.
-- authors/jane-doe.md --
---
name: Jane Doe
role: Transport correspondent
photo: static/jane.jpg
links:
  site: https://jane.example/
  x: "@janedoe"
  mastodon: "@jane@social.example"
  email: jane@example.org
---
Jane has covered the *harbour* since 2019.
-- authors/new-hire.md --
---
name: New Hire
role: Trainee
---
Joined this week.
-- static/jane.jpg --
jpeg
"""


def news_article(page) -> dict:
    for script in page.xpath('//script[@type="application/ld+json"]'):
        data = json.loads(script.text)
        if data.get("@type") == "NewsArticle":
            return data
    raise AssertionError("no NewsArticle")


def test_author_page_shows_the_profile(out: Path) -> None:
    page = parse_html(out / "authors/jane-doe/index.html")
    profile = page.xpath('//*[@class="profile"]')[0]
    assert text_of(profile.xpath('.//*[@class="profile__role"]')[0]) == "Transport correspondent"
    assert text_of(profile.xpath('.//*[contains(@class, "profile__bio")]')[0]) == (
        "Jane has covered the harbour since 2019."
    )
    assert profile.xpath(".//em/text()") == ["harbour"]
    assert profile.xpath(".//img/@src") == ["/static/jane.jpg"]
    assert hrefs(profile) == [
        "https://jane.example/",
        "https://x.com/janedoe",
        "https://social.example/@jane",
        "mailto:jane@example.org",
    ]
    assert hrefs(page, "//main//h2/a") == ["/news/a/"]


def test_an_author_without_a_profile_works_as_before(out: Path) -> None:
    page = parse_html(out / "authors/sam-roe/index.html")
    assert not page.xpath('//*[@class="profile"]')
    assert text_of(page.xpath("//h1")[0]) == "Sam Roe"


def test_a_profile_without_articles_has_its_page(out: Path) -> None:
    page = parse_html(out / "authors/new-hire/index.html")
    assert text_of(page.xpath('//*[@class="profile__role"]')[0]) == "Trainee"
    index = parse_html(out / "authors/index.html")
    assert "/authors/new-hire/" in hrefs(index, "//main//a")


def test_bylines_link_to_author_pages(out: Path) -> None:
    page = parse_html(out / "news/a/index.html")
    assert hrefs(page, '//*[@class="byline"]/a') == ["/authors/jane-doe/", "/authors/sam-roe/"]


def test_json_ld_author_is_a_person_with_same_as(out: Path) -> None:
    jane, sam = news_article(parse_html(out / "news/a/index.html"))["author"]
    assert jane == {
        "@type": "Person",
        "name": "Jane Doe",
        "jobTitle": "Transport correspondent",
        "url": "https://example.org/authors/jane-doe/",
        "sameAs": [
            "https://jane.example/",
            "https://x.com/janedoe",
            "https://social.example/@jane",
        ],
    }
    assert sam == {
        "@type": "Person",
        "name": "Sam Roe",
        "url": "https://example.org/authors/sam-roe/",
    }


def test_profile_errors(tmp_path: Path) -> None:
    write_tree(tmp_path, SITE)
    (tmp_path / "authors/jane-doe.md").write_text(
        "---\nname: Jane Doe\nlinks: {x: 'not ok'}\n---\n"
    )
    result = build_site(tmp_path)
    one_error_line(result, "authors/jane-doe.md:3:", "links: 'x' 'not ok' is not a usable address")
    (tmp_path / "authors/jane-doe.md").write_text("---\nname: Jane Smith\n---\n")
    result = build_site(tmp_path)
    one_error_line(result, "authors/jane-doe.md:2:", "has the slug 'jane-smith': rename the file")
    (tmp_path / "authors/jane-doe.md").write_text("---\nrole: x\nbio: y\n---\n")
    result = build_site(tmp_path)
    assert sorted(str(e) for e in result.errors) == [
        "authors/jane-doe.md:1: 'name' is missing or empty: add `name: ...` to the front matter",
        "authors/jane-doe.md:3: unknown key 'bio': known keys are name, role, photo, links",
    ]


def test_profile_edit_rerenders_the_author_s_articles(tmp_path: Path) -> None:
    assert build_site(tmp_path, SITE).ok
    path = tmp_path / "authors/jane-doe.md"
    path.write_text(path.read_text().replace("Transport correspondent", "Editor"))
    result = build_site(tmp_path)
    assert result.ok, result.errors
    assert "news/a/index.html" in result.report.rendered
    assert (
        news_article(parse_html(tmp_path / "output/news/a/index.html"))["author"][0]["jobTitle"]
        == "Editor"
    )
