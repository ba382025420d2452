"""`markdown_extensions` in site.yaml: each feature off leaves its syntax as text and on renders
it, with either renderer; the default is every feature; the set, however written, keys the parse
cache; the guarantees of `markup` hold with every feature off; bad values are one error line."""

from __future__ import annotations

import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
from conftest import build_site, one_error_line, parse_html, snapshot, text_of, write_tree
from helpers import assert_same_as_clean, make_site, replace_in, stories

from generator.core.config import EXTENSIONS, MARKDOWN_IT, PYTHON_MARKDOWN, RENDERERS, parse_config
from generator.engine.parse import settings_digest
from generator.load.frontmatter import ParseSettings
from generator.markup.base import MarkupError, TimeLimit, time_limit
from generator.markup.registry import render_markdown, renderer_for
from tests.tools import sample_site

IGNORED_BY_MARKDOWN_IT = ("attr_list", "abbr")


def _html(text: str, renderer: str, extensions: tuple[str, ...], raw_html: bool = True):
    body = render_markdown(text, "news", raw_html, renderer, extensions).html
    return lxml.html.fragment_fromstring(body, create_parent="div")


def _blocks(tree: lxml.html.HtmlElement) -> list[tuple[str, dict[str, str], str]]:
    """Each top-level element: tag, attributes, text with whitespace collapsed."""
    return [(el.tag, dict(el.attrib), text_of(el)) for el in tree]


def _found(tree: lxml.html.HtmlElement, xpath: str) -> list[str]:
    """The strings `xpath` selects, whitespace collapsed (the renderers space them apart)."""
    return [" ".join(found.split()) for found in tree.xpath(xpath)]


@dataclass(frozen=True)
class Case:
    text: str
    made: str  # an XPath to the text of what the feature makes
    on: list[str]  # that text, with the feature on
    off: list[tuple[str, dict[str, str], str]]  # the blocks with it off: the syntax as text


CASES = {
    "tables": Case(
        "| a | b |\n|:-:|:-:|\n| 1 | 2 |",
        "//table/thead//th/text()",
        ["a", "b"],
        [("p", {}, "| a | b | |:-:|:-:| | 1 | 2 |")],
    ),
    "footnotes": Case(
        "Claim.[^1]\n\n[^1]: A long source note.",
        "//li[@id]/p/text()[1]",
        ["A long source note."],
        [("p", {}, "Claim.[^1]"), ("p", {}, "[^1]: A long source note.")],
    ),
    "fenced_code": Case(
        "```html\n<b>x</b>\n```",
        "//pre/code[@class='language-html']/text()",
        ["<b>x</b>"],
        [("p", {}, "html <b>x</b>")],
    ),
    "toc": Case(
        "## Costs and fares",
        "//h2/@id",
        ["costs-and-fares"],
        [("h2", {}, "Costs and fares")],
    ),
    "attr_list": Case(
        "A paragraph.\n{: .lead }",
        "//p[@class='lead']/text()",
        ["A paragraph."],
        [("p", {}, "A paragraph. {: .lead }")],
    ),
    "def_list": Case(
        "Term\n: The definition.",
        "//dl/dt/text()|//dl/dd/text()",
        ["Term", "The definition."],
        [("p", {}, "Term : The definition.")],
    ),
    "abbr": Case(
        "The HTML spec.\n\n*[HTML]: Hyper Text Markup Language",
        "//abbr[@title='Hyper Text Markup Language']/text()",
        ["HTML"],
        [("p", {}, "The HTML spec."), ("p", {}, "*[HTML]: Hyper Text Markup Language")],
    ),
    "smarty": Case(
        '"Quote" -- it\'s...',
        "//p/text()",
        ["\u201cQuote\u201d \u2013 it\u2019s\u2026"],
        [("p", {}, '"Quote" -- it\'s...')],
    ),
}
RENDERED = [
    (renderer, name)
    for renderer in RENDERERS
    for name in CASES
    if renderer == PYTHON_MARKDOWN or name not in IGNORED_BY_MARKDOWN_IT
]


def test_every_feature_has_a_case() -> None:
    assert tuple(CASES) == EXTENSIONS


@pytest.mark.parametrize("alone", [True, False], ids=["alone", "with-the-rest"])
@pytest.mark.parametrize(("renderer", "name"), RENDERED)
def test_a_feature_on_renders_its_syntax_and_off_leaves_it_as_text(
    renderer: str, name: str, alone: bool
) -> None:
    case = CASES[name]
    rest = () if alone else tuple(e for e in EXTENSIONS if e != name)
    on = _html(case.text, renderer, tuple(e for e in EXTENSIONS if e in (name, *rest)))
    off = _html(case.text, renderer, rest)
    assert _found(on, case.made) == case.on
    assert _blocks(off) == case.off


@pytest.mark.parametrize("name", IGNORED_BY_MARKDOWN_IT)
def test_markdown_it_accepts_and_ignores_what_it_has_no_equivalent_for(name: str) -> None:
    case = CASES[name]
    for extensions in ((name,), ()):
        assert _blocks(_html(case.text, MARKDOWN_IT, extensions)) == case.off


@pytest.mark.parametrize("renderer", RENDERERS)
def test_indented_code_stays_without_fenced_code(renderer: str) -> None:
    body = _html("Text.\n\n    x = 1\n", renderer, ())
    assert body.xpath("//pre/code/text()") == ["x = 1\n"]


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("raw_html", [True, False])
def test_the_guarantees_hold_with_every_feature_off(renderer: str, raw_html: bool) -> None:
    text = (
        "# Top\n\nSee [x](other.md).\n\n![map](m.png) [bad](javascript:go())"
        ' <a href="data:x" onclick="y()">raw</a>\n\n<script>alert(1)</script>\n'
    )
    rendered = render_markdown(text, "news", raw_html, renderer, ())
    body = lxml.html.fragment_fromstring(rendered.html, create_parent="div")
    assert [el.tag for el in body] == ["h2", "p", "p"] + (["script"] if raw_html else [])
    assert body.xpath("//@href|//@src") == ["masthead-ref:news/other.md", "masthead-ref:news/m.png"]
    assert rendered.links == (("news/other.md", "other.md"), ("news/m.png", "m.png"))
    assert bool(body.xpath("//@onclick")) == raw_html
    assert rendered.summary == "See x."


@pytest.mark.parametrize("renderer", RENDERERS)
def test_the_deadline_holds_with_every_feature_off(renderer: str) -> None:
    began = time.monotonic()
    with time_limit(TimeLimit(base=0.05, per_mb=0.0)), pytest.raises(MarkupError, match="too long"):
        render_markdown("[x" * 30_000, "news", True, renderer, ())
    assert time.monotonic() - began < 2


@pytest.mark.parametrize("renderer", RENDERERS)
def test_the_deadline_holds_outside_the_main_thread(renderer: str) -> None:
    """The preview converts in a thread, where no timer can interrupt: the checks do."""
    found: dict[str, object] = {}

    def convert() -> None:
        began = time.monotonic()
        try:
            with time_limit(TimeLimit(base=0.05, per_mb=0.0)):
                render_markdown("[x" * 30_000, "news", True, renderer, ())
        except MarkupError as exc:
            found["error"] = str(exc)
        found["seconds"] = time.monotonic() - began

    worker = threading.Thread(target=convert)
    worker.start()
    worker.join()
    assert "too long" in str(found["error"]) and found["seconds"] < 2


@pytest.mark.parametrize("renderer", RENDERERS)
def test_the_timer_is_left_as_it_was(renderer: str) -> None:
    """The main thread's conversions use an interval timer; none stays set after one, and a
    program's own alarm handler is left alone (its conversions check the clock instead)."""
    render_markdown("Text.", "news", True, renderer, ())
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    rung: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: rung.append(signum))
    try:
        with time_limit(TimeLimit(base=0.05, per_mb=0.0)), pytest.raises(MarkupError):
            render_markdown("[x" * 30_000, "news", True, renderer, ())
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and rung == []
    finally:
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("raw_html", [True, False])
def test_one_python_markdown_instance_per_settings_reused(raw_html: bool) -> None:
    instances = []
    for extensions in (EXTENSIONS, ("toc",), EXTENSIONS, ("toc",)):
        render_markdown("Text.", "", raw_html, PYTHON_MARKDOWN, extensions)
        instances.append(renderer_for(PYTHON_MARKDOWN).instance(raw_html, extensions))
    assert instances[0] is instances[2] and instances[1] is instances[3]
    assert instances[0] is not instances[1]


def test_the_default_is_every_feature() -> None:
    assert parse_config({"title": "T"}).markdown_extensions == EXTENSIONS
    assert ParseSettings() == ParseSettings.of(parse_config({"title": "T"}))


def test_order_and_duplicates_do_not_change_the_cache_key() -> None:
    written, canonical = (
        ParseSettings.of(parse_config({"title": "T", "markdown_extensions": names}))
        for names in (["toc", "tables", "toc", "smarty"], ["tables", "toc", "smarty"])
    )
    assert written.markdown_extensions == ("tables", "toc", "smarty")
    assert settings_digest(written) == settings_digest(canonical)
    assert settings_digest(written) != settings_digest(ParseSettings())


def test_the_sample_site_is_the_same_with_every_feature_named(tmp_path: Path) -> None:
    """Listing them all, in any order, is the default: nothing is parsed or written again."""
    site = sample_site(tmp_path / "site")
    assert build_site(site).ok
    before = snapshot(site / "output")
    names = ", ".join(reversed((*EXTENSIONS, "toc")))
    with (site / "site.yaml").open("a", encoding="utf-8") as config:
        config.write(f"markdown_extensions: [{names}]\n")
    result = build_site(site)
    assert result.ok, result.errors
    assert result.parsed == 0
    assert snapshot(site / "output") == before


SITE = """
-- site.yaml --
title: Test Times
base_url: https://example.org/
-- content/news/tides.md --
---
headline: Tide tables
date: 2026-11-21T09:00:00Z
---
| hour | height |
|------|-------:|
| 06:00 | 4.2 m |
""" + stories("news/flood.md", "news/council.md")


def test_changing_the_list_renders_every_article_again(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", SITE)
    page = site / "output/news/tides/index.html"
    assert build_site(site).ok
    assert parse_html(page).xpath("//div[@class='prose']//th/text()") == ["hour", "height"]
    replace_in(site / "site.yaml", "title:", "markdown_extensions: [toc, smarty]\ntitle:")
    result = build_site(site)
    assert result.ok, result.errors
    assert result.parsed == 3
    [prose] = parse_html(page).xpath("//div[@class='prose']")
    assert not prose.xpath(".//table")
    assert text_of(prose).startswith("| hour | height |")
    assert_same_as_clean(site, tmp_path)
    replace_in(site / "site.yaml", "[toc, smarty]", "[smarty, toc, smarty]")
    assert build_site(site).parsed == 0


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        ("tables", "'markdown_extensions' must be a list of names"),
        ("[tables, 3]", "'markdown_extensions' must be a list of names"),
        ("{tables: true}", "'markdown_extensions' must be a list of names"),
        ("[tables, tabels]", "unknown name 'tabels' in 'markdown_extensions': did you mean"),
        ("[sane_lists]", "unknown name 'sane_lists' in 'markdown_extensions': known"),
        ("\n  - toc\n  - extra", "unknown name 'extra' in 'markdown_extensions'"),
    ],
)
def test_a_bad_value_is_one_error_line_with_the_known_names(
    tmp_path: Path, value: str, phrase: str
) -> None:
    write_tree(tmp_path, f"-- site.yaml --\ntitle: T\nmarkdown_extensions: {value}\n")
    line = one_error_line(build_site(tmp_path), "site.yaml:2: ", phrase)
    assert line.endswith("known names: " + ", ".join(EXTENSIONS))
