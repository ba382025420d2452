"""Corrections (shown under the article, newest first; they move dateModified, the feed's
<updated> and the sitemap's <lastmod>) and aliases (redirect pages at old URLs)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import pytest
from conftest import (
    ATOM,
    SM,
    add,
    build_site,
    error_lines,
    md,
    parse_html,
    snapshot,
    text_of,
    when,
    write_tree,
)
from helpers import BASE, SITE_YAML

SITE = (
    SITE_YAML
    + """\
-- content/news/flood.md --
---
headline: Harbour wall breached
date: 2026-11-20T09:30:00+01:00
updated: 2026-11-21T08:00:00Z
corrections:
  - date: 2026-11-22T10:00:00Z
    text: An earlier version misnamed the harbour master.
  - {date: 2026-11-24T16:45:00+01:00, text: "The wall is 40 m long, not 400 m."}
  - date: 2026-11-21T12:00:00Z
    text: The first correction.
aliases: [/old/flood/, /2026/11/harbour.html]
---
The sea came in.
-- content/news/local.md --
---
headline: Council meets
date: 2026-11-22T10:00:00Z
---
The council met.
"""
)
NEWEST = "2026-11-24T16:45:00+01:00"


@pytest.fixture(scope="module")
def flood(out: Path) -> lxml.html.HtmlElement:
    return parse_html(out / "news/flood/index.html")


# --- corrections on the page ------------------------------------------------------------------


def corrections(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    found = doc.xpath("//section[contains(concat(' ', @class, ' '), ' corrections ')]")
    assert len(found) == 1, "one corrections section"
    return found[0]


def test_corrections_section_has_a_heading(flood) -> None:
    section = corrections(flood)
    assert [text_of(h) for h in section.xpath(".//h2")] == ["Corrections"]


def test_corrections_are_listed_newest_first_with_times(flood) -> None:
    items = corrections(flood).xpath(".//li")
    assert [when(i.xpath(".//time/@datetime")[0]) for i in items] == [
        when(NEWEST),
        when("2026-11-22T10:00:00Z"),
        when("2026-11-21T12:00:00Z"),
    ]
    assert "The wall is 40 m long, not 400 m." in text_of(items[0])
    assert "misnamed the harbour master" in text_of(items[1])
    assert "The first correction." in text_of(items[2])


def test_corrections_sit_under_the_article_body(flood) -> None:
    section = corrections(flood)
    body = flood.xpath("//*[contains(text(), 'The sea came in.')]")[0]
    order = list(flood.iter())
    assert order.index(section) > order.index(body)
    assert section.xpath("ancestor::main")


def test_article_without_corrections_has_no_section(out: Path) -> None:
    doc = parse_html(out / "news/local/index.html")
    assert doc.xpath("//section[contains(@class, 'corrections')]") == []


def test_correction_text_is_escaped(tmp_path: Path) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: Test Times\n")
    note = 'We wrote <b>"400"</b> & meant 40.'
    add(tmp_path, "news/a.md", md("A", corrections=[{"date": "2026-11-21", "text": note}]))
    assert build_site(tmp_path).ok
    doc = parse_html(tmp_path / "output/news/a/index.html")
    assert note in text_of(corrections(doc))
    assert corrections(doc).xpath(".//b") == []


# --- corrections move the modified time -------------------------------------------------------


def test_correction_sets_date_modified(flood) -> None:
    blocks = [json.loads(s.text) for s in flood.xpath("//script[@type='application/ld+json']")]
    article = next(b for b in blocks if b.get("@type") == "NewsArticle")
    assert when(article["dateModified"]) == when(NEWEST)
    assert when(article["datePublished"]) == when("2026-11-20T09:30:00+01:00")


def test_correction_moves_the_feed_entry_updated(out: Path) -> None:
    root = lxml.etree.parse(str(out / "feed.xml")).getroot()
    entry = next(
        e for e in root.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id") == BASE + "news/flood/"
    )
    assert when(entry.findtext(f"{ATOM}updated")) == when(NEWEST)
    assert when(entry.findtext(f"{ATOM}published")) == when("2026-11-20T09:30:00+01:00")
    assert when(root.findtext(f"{ATOM}updated")) == when(NEWEST)
    section = lxml.etree.parse(str(out / "news/feed.xml")).getroot()
    assert when(section.findtext(f"{ATOM}updated")) == when(NEWEST)


def test_correction_moves_the_sitemap_lastmod(out: Path) -> None:
    root = lxml.etree.parse(str(out / "sitemap.xml")).getroot()
    lastmod = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root.iter(f"{SM}url")}
    assert when(lastmod[BASE + "news/flood/"]) == when(NEWEST)
    assert when(lastmod[BASE + "news/"]) == when(NEWEST)


def test_correction_older_than_updated_does_not_move_it_back(tmp_path: Path) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: Test Times\nbase_url: https://example.org/\n")
    fix = [{"date": "2026-11-21", "text": "Early fix."}]
    add(tmp_path, "news/a.md", md("A", updated="2026-11-23T00:00:00Z", corrections=fix))
    assert build_site(tmp_path).ok
    root = lxml.etree.parse(str(tmp_path / "output/feed.xml")).getroot()
    assert when(root.find(f"{ATOM}entry").findtext(f"{ATOM}updated")) == when(
        "2026-11-23T00:00:00Z"
    )


@pytest.mark.parametrize(
    "value",
    ['"fixed it"', "[{text: no date}]", "[{date: 2026-11-21}]", "[{date: soon, text: x}]"],
)
def test_malformed_corrections_are_errors_naming_the_file(tmp_path: Path, value: str) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: Test Times\n")
    add(tmp_path, "news/a.md", f"---\nheadline: A\ndate: 2026-11-20\ncorrections: {value}\n---\n")
    result = build_site(tmp_path)
    assert not result.ok
    assert any(line.startswith("content/news/a.md:") for line in error_lines(result))


# --- aliases ----------------------------------------------------------------------------------


def redirect_target(doc: lxml.html.HtmlElement, page_url: str) -> str:
    refresh = doc.xpath("//meta[translate(@http-equiv, 'REFSH', 'refsh')='refresh']/@content")
    assert len(refresh) == 1, "one meta refresh"
    delay, _, rest = refresh[0].partition(";")
    assert delay.strip() == "0"
    target = rest.strip()
    assert target.lower().startswith("url="), refresh[0]
    return urljoin(page_url, target[4:].strip("'\" "))


def test_alias_writes_a_redirect_page(out: Path) -> None:
    doc = parse_html(out / "old/flood/index.html")
    assert redirect_target(doc, BASE + "old/flood/") == BASE + "news/flood/"
    assert doc.xpath("//head/link[@rel='canonical']/@href") == [BASE + "news/flood/"]


def test_alias_with_a_file_name_is_written_as_that_file(out: Path) -> None:
    doc = parse_html(out / "2026/11/harbour.html")
    assert redirect_target(doc, BASE + "2026/11/harbour.html") == BASE + "news/flood/"
    assert doc.xpath("//head/link[@rel='canonical']/@href") == [BASE + "news/flood/"]


def test_redirect_page_links_the_new_url_for_people(out: Path) -> None:
    doc = parse_html(out / "old/flood/index.html")
    hrefs = [urljoin(BASE + "old/flood/", h) for h in doc.xpath("//body//a/@href")]
    assert BASE + "news/flood/" in hrefs


def test_redirect_pages_stay_out_of_feeds_and_sitemaps(out: Path) -> None:
    text = "".join(
        (out / name).read_text() for name in ("feed.xml", "sitemap.xml", "news-sitemap.xml")
    )
    assert "old/flood" not in text
    assert "harbour.html" not in text


def collision_errors(tmp_path: Path, *articles: tuple[str, str]) -> list[str]:
    write_tree(tmp_path, "-- site.yaml --\ntitle: Test Times\nbase_url: https://example.org/\n")
    add(tmp_path, "news/keep.md", md("Keep"))
    assert build_site(tmp_path).ok
    before = snapshot(tmp_path / "output")
    for path, text in articles:
        add(tmp_path, path, text)
    result = build_site(tmp_path)
    assert not result.ok
    assert snapshot(tmp_path / "output") == before, "a failed build leaves the output alone"
    return error_lines(result)


def test_alias_colliding_with_an_article_names_both_files(tmp_path: Path) -> None:
    errors = collision_errors(
        tmp_path,
        ("news/moved.md", md("Moved", aliases=["/news/other/"])),
        ("news/other.md", md("Other")),
    )
    assert any("content/news/moved.md" in e and "content/news/other.md" in e for e in errors), (
        errors
    )


def test_alias_colliding_with_a_section_page_names_it(tmp_path: Path) -> None:
    errors = collision_errors(tmp_path, ("news/moved.md", md("Moved", aliases=["/news/"])))
    assert any("content/news/moved.md" in e and "news/index.html" in e for e in errors), errors


def test_two_articles_claiming_one_alias_are_both_named(tmp_path: Path) -> None:
    errors = collision_errors(
        tmp_path,
        ("news/a.md", md("A", aliases=["/old/story/"])),
        ("news/b.md", md("B", aliases=["/old/story/"])),
    )
    assert any("content/news/a.md" in e and "content/news/b.md" in e for e in errors), errors


@pytest.mark.parametrize("alias", ["https://elsewhere.example/x/", "/", "/../up/"])
def test_bad_aliases_are_errors_naming_the_file(tmp_path: Path, alias: str) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: Test Times\n")
    add(tmp_path, "news/a.md", md("A", aliases=[alias]))
    result = build_site(tmp_path)
    assert not result.ok
    assert any(line.startswith("content/news/a.md") for line in error_lines(result))
