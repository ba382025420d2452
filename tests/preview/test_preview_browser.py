"""The live preview in a real browser: `masthead serve` (the Preview session, in this process, on
a free port) over a small site, headless Chromium watching pages while the test edits files and
never touches the browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import add, md, write_tree
from playwright.sync_api import Browser, Page, expect

from generator.preview.serve import Preview
from tests.tools import chromium

T = 10_000  # ms any one change may take to show

SITE = """
-- site.yaml --
title: Live Times
sections:
  news: {title: News}
-- static/style.css --
body { background-color: rgb(1, 2, 3); color: rgb(250, 250, 250); }
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A site with two articles, served by a running preview; yields (site folder, URL)."""
    site = tmp_path / "site"
    write_tree(site, SITE)
    add(site, "news/a.md", md("Tide tables", "Low water at dawn.", date="2026-11-20"))
    add(site, "news/b.md", md("Ferry fares", "Fares go up.", date="2026-11-19"))
    with Preview(site, port=0) as preview:
        first = preview.start()
        assert first.result.ok, first.result.errors
        yield site, preview.url


@pytest.fixture
def open_page(browser: Browser) -> Iterator:
    contexts = []

    def open_page(url: str, height: int = 900) -> Page:
        context = browser.new_context(viewport={"width": 1000, "height": height})
        contexts.append(context)
        page = context.new_page()
        response = page.goto(url)
        assert response is not None and response.ok, url
        page.evaluate("window.__untouched = 'yes'")  # gone after a reload
        return page

    yield open_page
    for context in contexts:
        context.close()


def reloaded(page: Page) -> bool:
    return page.evaluate("window.__untouched") is None


def test_edited_body_shows_without_touching_the_browser(site, open_page) -> None:
    folder, url = site
    page = open_page(url + "news/a/")
    expect(page.locator("main")).to_contain_text("Low water at dawn.")
    (folder / "content/news/a.md").write_text(md("Tide tables", "High water at noon."))
    expect(page.locator("main")).to_contain_text("High water at noon.", timeout=T)
    assert reloaded(page)


def test_reload_keeps_the_scroll_position(site, open_page) -> None:
    folder, url = site
    long_body = "\n\n".join(f"Paragraph {n} of the tide report." for n in range(300))
    page = open_page(url + "news/a/", height=600)  # opened before the edit: no reload races it
    (folder / "content/news/a.md").write_text(md("Tide tables", long_body))
    expect(page.locator("main")).to_contain_text("Paragraph 299", timeout=T)
    # Only the preview's script may restore it: turn off the browser's own restoration.
    page.evaluate("history.scrollRestoration = 'manual'; window.__untouched = 'yes'")
    page.evaluate("window.scrollTo(0, 2000)")
    (folder / "content/news/a.md").write_text(md("Tide tables", long_body + "\n\nThe end."))
    expect(page.locator("main")).to_contain_text("The end.", timeout=T)
    assert reloaded(page)
    page.wait_for_function("Math.abs(window.scrollY - 2000) < 5", timeout=T)


def test_broken_front_matter_shows_an_overlay_until_fixed(site, open_page) -> None:
    folder, url = site
    page = open_page(url + "news/a/")
    article = folder / "content/news/a.md"
    good = article.read_text()
    article.write_text(good.replace("headline:", "headlnie:"))
    overlay = page.locator("#masthead-overlay")
    expect(overlay).to_be_visible(timeout=T)
    expect(overlay).to_contain_text("content/news/a.md:2: unknown key 'headlnie'")
    expect(page.locator("h1")).to_have_text("Tide tables")  # the old page stays
    assert not reloaded(page)

    fresh = open_page(url + "news/b/")  # a page opened while the build is failing
    expect(fresh.locator("#masthead-overlay")).to_contain_text("content/news/a.md:2:", timeout=T)

    article.write_text(good)
    expect(overlay).to_have_count(0, timeout=T)
    expect(fresh.locator("#masthead-overlay")).to_have_count(0, timeout=T)


def test_added_article_appears_on_the_section_page(site, open_page) -> None:
    folder, url = site
    page = open_page(url + "news/")
    add(folder, "news/c.md", md("Harbour wall repaired", date="2026-11-21"))
    expect(page.locator("main a[href='/news/c/']")).to_have_text("Harbour wall repaired", timeout=T)


def test_deleted_article_goes_from_the_section_page(site, open_page) -> None:
    folder, url = site
    page = open_page(url + "news/")
    expect(page.locator("main")).to_contain_text("Ferry fares")
    (folder / "content/news/b.md").unlink()
    expect(page.locator("main")).not_to_contain_text("Ferry fares", timeout=T)
    expect(page.locator("main")).to_contain_text("Tide tables")


def test_renamed_article_moves(site, open_page) -> None:
    folder, url = site
    page = open_page(url + "news/")
    os.rename(folder / "content/news/a.md", folder / "content/news/tides.md")
    expect(page.locator("main a[href='/news/tides/']")).to_have_text("Tide tables", timeout=T)
    expect(page.locator("main a[href='/news/a/']")).to_have_count(0)
    assert page.request.get(url + "news/a/").status == 404


def test_css_change_applies_without_a_reload(site, open_page) -> None:
    folder, url = site
    page = open_page(url + "news/a/")
    background = "getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(background) == "rgb(1, 2, 3)"
    (folder / "static/style.css").write_text("body { background-color: rgb(4, 5, 6); }")
    page.wait_for_function(f"{background} === 'rgb(4, 5, 6)'", timeout=T)
    assert not reloaded(page)
    expect(page.locator("link[rel=stylesheet]")).to_have_count(1, timeout=T)
