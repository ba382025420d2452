"""Search in a real browser: a site built with its Pagefind index, served over HTTP, the search
page opened in headless Chromium; the word typed finds its article and only it."""

from __future__ import annotations

from pathlib import Path

from conftest import md, write_tree

from generator.build import BuildOptions, build
from tests.tools import chromium, serve

SITE = """
-- site.yaml --
title: Test Times
sections:
  news: {title: News}
-- content/news/ferries.md --
---
headline: Ferry fares rise again
date: 2026-11-20
---
The council raised ferry fares for the third time; commuters in Sallowmouth are angry.
-- content/news/roof.md --
---
headline: School roof repaired
date: 2026-11-21
---
Builders finished the roof of the primary school before the winter storms.
"""


def test_typing_a_word_finds_its_article_only(tmp_path: Path) -> None:
    write_tree(tmp_path, SITE)
    (tmp_path / "content/news/other.md").write_text(md("Market day", "Fish and bread."))
    out = tmp_path / "output"
    result = build(BuildOptions(site=tmp_path, out=out))
    assert result.ok, result.errors
    assert result.report.indexed == 3
    with serve(out) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + "search/")
        page.fill("#search-page-q", "commuters")
        page.wait_for_selector(".search-result")
        links = page.eval_on_selector_all(".search-result a", "els => els.map(e => e.pathname)")
        assert links == ["/news/ferries/"]
        headline = page.text_content(".search-result__headline")
        assert headline.strip() == "Ferry fares rise again"
        assert page.text_content(".search-result__date").strip() == "20 November 2026"
        assert "commuters" in page.inner_html(".search-result__excerpt mark")
        page.goto(base + "search/?q=roof")
        page.wait_for_selector(".search-result")
        links = page.eval_on_selector_all(".search-result a", "els => els.map(e => e.pathname)")
        assert links == ["/news/roof/"]
        page.close()


def test_search_page_passes_axe(tmp_path: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe

    write_tree(tmp_path, SITE)
    out = tmp_path / "output"
    assert build(BuildOptions(site=tmp_path, out=out)).ok
    with serve(out) as base, chromium() as browser:
        page = browser.new_page()
        for path in ("search/?q=ferry", "news/ferries/"):
            page.goto(base + path)
            if path.startswith("search/"):
                page.wait_for_selector(".search-result")
            violations = Axe().run(page).response["violations"]
            assert [v["id"] for v in violations] == [], path
        page.close()
