"""An Arabic site (`language: ar`) in Chromium: the page is mirrored, not only its text (the
breadcrumb starts at the right edge, the byline and headings start on the right, the arrows of
the pager point the reading way), its Arabic words get an Arabic font, and every page is valid
HTML for the Nu checker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import build_output, md
from playwright.sync_api import Browser, Page

from tests.render.test_html_validity import describe, run_vnu
from tests.tools import chromium, serve

ARTICLE = "news/field-reports/quay/"
BODY = (
    "وصلت العبّارة الجديدة إلى الرصيف صباح الخميس، بحسب هيئة الميناء.\n\n"
    "> قال الربّان: «البحر هادئ».\n\n- أولًا\n- ثانيًا\n"
)
SITE = (
    "-- site.yaml --\ntitle: صحيفة الميناء\nlanguage: ar\ndigits: arab\nper_page: 1\n"
    "sections:\n  news: {title: أخبار}\n  news/field-reports: {title: تقارير ميدانية}\n"
    "-- content/news/field-reports/quay.md --\n"
    + md("عبّارة جديدة في الميناء", BODY, author="Jane Doe", tags=["Ferries", "الميناء"])
    + "-- content/news/field-reports/dock.md --\n"
    + md("الرصيف يُرمَّم", "نص.", date="2026-11-18", author="سلمى الخطيب")
)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_output(tmp_path_factory.mktemp("arabic"), SITE)


@pytest.fixture(scope="module")
def base_url(out: Path) -> Iterator[str]:
    with serve(out) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


def open_page(browser: Browser, url: str, width: int = 1280) -> Page:
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    response = page.goto(url)
    assert response is not None and response.ok, url
    return page


@pytest.mark.parametrize("width", [390, 1280])
def test_the_breadcrumb_starts_at_the_right_edge(
    browser: Browser, base_url: str, width: int
) -> None:
    page = open_page(browser, base_url + ARTICLE, width)
    try:
        boxes = page.evaluate(
            """() => {
                const box = e => { const r = e.getBoundingClientRect();
                                   return {left: r.left, right: r.right}; };
                return {crumbs: [...document.querySelectorAll('.breadcrumbs li')].map(box),
                        trail: box(document.querySelector('.breadcrumbs')),
                        headline: box(document.querySelector('h1')),
                        byline: getComputedStyle(document.querySelector('.byline')).direction,
                        scroll: document.documentElement.scrollWidth - window.innerWidth};
            }"""
        )
        first, second = boxes["crumbs"]
        trail = boxes["trail"]
        assert abs(first["right"] - trail["right"]) < 1, boxes  # at the right edge of its column
        assert first["left"] - trail["left"] > 100, boxes  # not at the left one
        assert second["right"] <= first["left"], boxes  # the next crumb is to its left
        assert abs(boxes["headline"]["right"] - trail["right"]) < 1, boxes
        assert boxes["byline"] == "rtl" and boxes["scroll"] <= 0, boxes
    finally:
        page.context.close()


def test_pager_arrows_point_the_reading_way(browser: Browser, base_url: str) -> None:
    page = open_page(browser, base_url + "news/")
    try:
        after = page.evaluate(
            "() => getComputedStyle(document.querySelector('.pagination__next'), '::after').content"
        )
        assert "\u2190" in after  # "next" is further left in a right-to-left page
        status = page.locator(".pagination__status").inner_text()
        assert status == "الصفحة ١ من ٢"  # noqa: RUF001 (Arabic-Indic digits)
    finally:
        page.context.close()


def test_arabic_text_gets_an_arabic_font_and_tall_lines(browser: Browser, base_url: str) -> None:
    page = open_page(browser, base_url + ARTICLE)
    try:
        style = page.evaluate(
            """() => { const s = getComputedStyle(document.querySelector('.prose p'));
                       return {font: s.fontFamily, size: parseFloat(s.fontSize),
                               line: parseFloat(s.lineHeight)}; }"""
        )
        assert "Naskh" in style["font"] and style["line"] >= 1.8 * style["size"], style
    finally:
        page.context.close()


def test_every_arabic_page_is_valid_html(out: Path) -> None:
    errors = run_vnu(out)
    report = "\n".join(describe(m, out.resolve()) for m in errors)
    assert not errors, f"vnu found {len(errors)} error(s):\n{report}"
