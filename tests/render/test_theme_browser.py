"""The default theme in a real browser: layout, right-to-left text, dark mode and keyboard access.

Builds the sample site at the repository root, serves it on 127.0.0.1 and drives headless
Chromium (the system one, through Playwright) over it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page

from generator.build import BuildOptions, build
from tests.tools import REPO, chromium, sample_site, serve

CONTENT = REPO / "content"
ARTICLE = "news/field-reports/harbour-flood/"  # the harbour flood article
SECTION = "news/"
WIDTHS = [390, 1280]


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def article_url(path: Path) -> str:
    """The site path of a content/ article: `<section>/<slug>/`."""
    fields = front_matter(path)
    section = fields.get("section") or path.parent.relative_to(CONTENT).as_posix()
    slug = fields.get("slug") or path.stem
    return f"{section.strip('/')}/{slug}/".lstrip("/")


def rtl_article() -> str:
    found = [p for p in sorted(CONTENT.rglob("*.md")) if front_matter(p).get("dir") == "rtl"]
    assert found, "the sample site has no article with `dir: rtl` under content/"
    return article_url(found[0])


@pytest.fixture(scope="module")
def site_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    out = folder / "out"
    result = build(BuildOptions(site=sample_site(folder / "site"), out=out))
    assert result.ok, "build failed:\n" + "\n".join(str(e) for e in result.errors)
    return out


@pytest.fixture(scope="module")
def base_url(site_out: Path) -> Iterator[str]:
    with serve(site_out) as url:  # stopped when the module's tests are done
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


def open_page(
    browser: Browser, base_url: str, site_path: str, width: int = 1280, **context: object
) -> Page:
    ctx = browser.new_context(viewport={"width": width, "height": 900}, **context)
    page = ctx.new_page()
    response = page.goto(base_url + site_path)
    assert response is not None and response.ok, f"GET /{site_path} failed"
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which", ["article", "section", "rtl-article"])
def test_no_horizontal_scroll(browser: Browser, base_url: str, which: str, width: int) -> None:
    site_path = {"article": ARTICLE, "section": SECTION, "rtl-article": rtl_article()}[which]
    page = open_page(browser, base_url, site_path, width)
    try:
        sizes = page.evaluate(
            "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
        )
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => { const r = e.getBoundingClientRect();
                               return r.width > 0 && (r.right > window.innerWidth + 0.5
                                                      || r.left < -0.5); })
                .slice(0, 8)
                .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`)"""
        )
        assert sizes["scroll"] <= sizes["inner"], (
            f"/{site_path} at {width}px scrolls sideways: scrollWidth {sizes['scroll']} > "
            f"innerWidth {sizes['inner']}; elements sticking out: {wide}"
        )
    finally:
        page.context.close()


def test_rtl_article_body_is_right_to_left(browser: Browser, base_url: str) -> None:
    site_path = rtl_article()
    page = open_page(browser, base_url, site_path)
    try:
        directions = page.evaluate(
            """() => {
                const dir = e => e ? getComputedStyle(e).direction : null;
                const article = document.querySelector('main article');
                return {article: dir(article), body: dir(article && article.querySelector('.prose'))
                        , html: document.documentElement.getAttribute('dir')};
            }"""
        )
        assert directions["article"] == "rtl", f"/{site_path}: {directions}"
        if directions["body"] is not None:
            assert directions["body"] == "rtl", f"/{site_path}: {directions}"
    finally:
        page.context.close()


def test_dark_scheme_changes_background(browser: Browser, base_url: str) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        page = open_page(browser, base_url, ARTICLE, color_scheme=scheme)
        try:
            colours[scheme] = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        finally:
            page.context.close()
    assert colours["light"] != colours["dark"], f"same body background in both schemes: {colours}"


@pytest.mark.parametrize("site_path", ["", SECTION, ARTICLE])
def test_skip_link_is_first_focusable(browser: Browser, base_url: str, site_path: str) -> None:
    page = open_page(browser, base_url, site_path)
    try:
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement, r = e.getBoundingClientRect();
                       return {tag: e.tagName, href: e.getAttribute('href') || '',
                               text: e.textContent.trim(),
                               visible: r.width > 0 && r.height > 0 && r.top >= 0
                                        && r.bottom <= window.innerHeight && r.left >= 0
                                        && r.right <= window.innerWidth}; }"""
        )
        assert focused["href"].endswith("#main"), f"/{site_path}: first Tab focused {focused}"
        assert focused["visible"], f"/{site_path}: the focused skip link is not on screen"
        assert page.locator("#main").count() == 1, f"/{site_path}: no element with id=main"
    finally:
        page.context.close()


@pytest.mark.parametrize("which", ["article", "rtl-article"])
def test_article_page_has_one_h1(browser: Browser, base_url: str, which: str) -> None:
    site_path = ARTICLE if which == "article" else rtl_article()
    page = open_page(browser, base_url, site_path)
    try:
        headings = page.locator("h1").all_inner_texts()
        assert len(headings) == 1, f"/{site_path} has {len(headings)} h1: {headings}"
    finally:
        page.context.close()


@pytest.mark.parametrize("site_path", ["", ARTICLE])
def test_phone_header_is_small_and_its_nav_scrolls_sideways(
    browser: Browser, base_url: str, site_path: str
) -> None:
    ctx = browser.new_context(viewport={"width": 375, "height": 667})
    page = ctx.new_page()
    try:
        page.goto(base_url + site_path)
        header = page.evaluate("() => document.querySelector('.masthead').offsetHeight")
        assert header <= 0.15 * 667, f"the header takes {header}px of 667"
        nav = page.evaluate(
            """() => { const ul = document.querySelector('.site-nav ul');
                       const tops = [...ul.children].map(li => li.offsetTop);
                       return {rows: new Set(tops).size, scroll: ul.scrollWidth,
                               width: ul.clientWidth,
                               overflow: getComputedStyle(ul).overflowX}; }"""
        )
        assert nav["rows"] == 1
        assert nav["overflow"] == "auto"
        assert nav["scroll"] > nav["width"]  # the sample site's sections do not fit: it scrolls
    finally:
        ctx.close()
