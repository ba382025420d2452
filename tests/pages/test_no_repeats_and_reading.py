"""No story twice on one page; typographic quotes in headline and summary as in the body;
the reading time of every article page."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from conftest import add, build_site, hrefs, md, parse_html, text_of, write_tree


def story_links(doc) -> list[str]:
    return [h for h in hrefs(doc, "//main//h2/a | //main//h3/a") if h.count("/") == 3]


def test_home_page_shows_each_story_once(tmp_path: Path) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: T\nper_page: 3\n")
    for n in range(8):
        section = "news" if n % 2 else "arts"
        add(tmp_path, f"{section}/s{n}.md", md(f"Story {n}", date=f"2026-11-1{n}"))
    assert build_site(tmp_path).ok
    home = parse_html(tmp_path / "output/index.html")
    shown = story_links(home)
    assert [n for n, c in Counter(shown).items() if c > 1] == []
    assert len(shown) == 8  # 3 latest, then the rest in their sections' blocks
    assert shown[:3] == ["/news/s7/", "/arts/s6/", "/news/s5/"]


def test_related_leaves_out_the_older_and_newer_links(tmp_path: Path) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: T\n")
    for n in range(5):
        add(tmp_path, f"news/s{n}.md", md(f"Story {n}", date=f"2026-11-1{n}", tags=["Port"]))
    assert build_site(tmp_path).ok
    page = parse_html(tmp_path / "output/news/s2/index.html")
    shown = story_links(page) + hrefs(page, '//nav[@class="prevnext"]//a')
    assert sorted(shown) == ["/news/s0/", "/news/s1/", "/news/s3/", "/news/s4/"]


def test_headline_and_summary_get_typographic_quotes(tmp_path: Path) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: T\nbase_url: https://example.org/\n")
    add(tmp_path, "news/a.md", md('The "big" day', 'It\'s "here".', summary='It\'s -- "here"'))
    assert build_site(tmp_path).ok
    page = parse_html(tmp_path / "output/news/a/index.html")
    headline = "The \u201cbig\u201d day"
    assert text_of(page.xpath("//h1")[0]) == headline
    assert page.findtext(".//title").startswith(headline)
    assert page.xpath('//meta[@name="description"]/@content') == [
        "It\u2019s \u2013 \u201chere\u201d"
    ]
    assert text_of(page.xpath('//div[@class="prose"]/p')[0]) == "It\u2019s \u201chere\u201d."
    [data] = [
        json.loads(s.text)
        for s in page.xpath('//script[@type="application/ld+json"]')
        if '"NewsArticle"' in s.text
    ]
    assert data["headline"] == headline


def test_straight_quotes_stay_without_smarty(tmp_path: Path) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: T\nmarkdown_extensions: [tables]\n")
    add(tmp_path, "news/a.md", md('The "big" day'))
    assert build_site(tmp_path).ok
    page = parse_html(tmp_path / "output/news/a/index.html")
    assert text_of(page.xpath("//h1")[0]) == 'The "big" day'


def test_every_article_page_shows_its_reading_time(tmp_path: Path) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: T\n")
    add(tmp_path, "news/short.md", md("Short", "A few words."))
    add(tmp_path, "news/long.md", md("Long", "word " * 1150 + "\n\n<b>tag</b> words"))
    assert build_site(tmp_path).ok
    for slug, minutes in (("short", 1), ("long", 5)):
        page = parse_html(tmp_path / f"output/news/{slug}/index.html")
        assert text_of(page.xpath('//*[@class="reading-time"]')[0]) == f"{minutes} min read"
