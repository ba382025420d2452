"""The Pagefind index: built after the pages, of the article pages only, per language; made
again only when an article page changed; gone with `search: false`."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import build_site, md, parse_html, snapshot
from helpers import assert_same_as_clean, make_site, rewrite

SITE = """
-- site.yaml --
title: Test Times
sections:
  news: {title: News}
-- content/news/ferries.md --
---
headline: Ferry fares rise
date: 2026-11-20
---
The council raised ferry fares.
-- content/news/roof.md --
---
headline: School roof repaired
date: 2026-11-21
---
Builders finished the roof.
-- content/news/storm.md --
---
headline: عاصفة تضرب الميناء
date: 2026-11-22
lang: ar
---
ضربت عاصفة قوية الميناء صباح اليوم.
-- pages/about.md --
---
title: About
---
Who we are.
"""


def languages(out: Path) -> dict[str, int]:
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_text())
    return {lang: data["page_count"] for lang, data in entry["languages"].items()}


def index_files(out: Path) -> dict[str, bytes]:
    return snapshot(out / "pagefind")


def test_the_index_holds_the_article_pages_by_language(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", SITE)
    result = build_site(site, search=True)
    assert result.ok, result.errors
    assert result.report.indexed == 3
    assert languages(site / "output") == {"en": 2, "ar": 1}
    assert (site / "output/search/index.html").is_file()
    home = parse_html(site / "output/index.html")
    assert home.xpath('//form[@role="search"]/@action') == ["/search/"]
    assert home.xpath('//form[@role="search"]//input/@name') == ["q"]
    article = parse_html(site / "output/news/ferries/index.html")
    assert [e.tag for e in article.xpath("//*[@data-pagefind-body]")] == ["article"]


def test_the_index_is_made_again_only_when_an_article_page_changed(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", SITE)
    assert build_site(site, search=True).ok
    before = index_files(site / "output")
    rewrite(site / "pages/about.md", "---\ntitle: About\n---\nWho we were.\n")
    result = build_site(site, search=True)
    assert result.report.rendered == ("about/index.html",)
    assert result.report.indexed == 0
    assert index_files(site / "output") == before
    rewrite(site / "content/news/roof.md", md("School roof repaired", "Roofers finished."))
    result = build_site(site, search=True)
    assert result.report.indexed == 3
    assert index_files(site / "output") != before
    assert_same_as_clean(site, tmp_path, search=True)


def test_an_article_removed_leaves_the_index(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", SITE)
    assert build_site(site, search=True).ok
    (site / "content/news/storm.md").unlink()
    result = build_site(site, search=True)
    assert result.report.indexed == 2
    assert languages(site / "output") == {"en": 2}
    assert_same_as_clean(site, tmp_path, search=True)


def test_search_false_builds_no_index_page_or_field(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", SITE)
    assert build_site(site, search=True).ok
    rewrite(site / "site.yaml", (site / "site.yaml").read_text() + "search: false\n")
    result = build_site(site, search=True)
    assert result.ok, result.errors
    assert result.report.indexed == 0
    assert not (site / "output/pagefind").exists()
    assert not (site / "output/search").exists()
    assert not parse_html(site / "output/index.html").xpath('//form[@role="search"]')
