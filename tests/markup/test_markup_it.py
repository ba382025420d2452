"""The `markdown` choice of site.yaml: both renderers keep the same guarantees (references for
relative links, h2 for `#`, ids as Python-Markdown's toc gives them, no dangerous URLs, raw HTML
kept or sanitized, summaries, bounds on hostile input), and a site builds with markdown-it."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import lxml.html
import pytest
from conftest import add, build_site, md, one_error_line, parse_html, write_tree

from generator.core.config import MARKDOWN_IT, PYTHON_MARKDOWN, RENDERERS, parse_config
from generator.load.frontmatter import ParseSettings
from generator.markup.base import TOO_DEEP, MarkupError, TimeLimit, time_limit
from generator.markup.registry import render_markdown
from generator.markup.sanitize import url_scheme

pytestmark = pytest.mark.parametrize("renderer", RENDERERS)
SHORT = TimeLimit(base=0.05, per_mb=0.0)  # for the bodies that must hit the limit


def _html(text: str, renderer: str, raw_html: bool = True) -> lxml.html.HtmlElement:
    body = render_markdown(text, "news", raw_html, renderer).html
    return lxml.html.fragment_fromstring(body, create_parent="div")


@pytest.mark.parametrize(
    ("link", "path", "ref"),
    [
        ("other.md", "news/other.md", "masthead-ref:news/other.md"),
        ("../business/b.md", "business/b.md", "masthead-ref:business/b.md"),
        ("./sub/c.md#part", "news/sub/c.md", "masthead-ref:news/sub/c.md#part"),
        ("my%20file.pdf", "news/my file.pdf", "masthead-ref:news/my file.pdf"),
        ("café.md", "news/café.md", "masthead-ref:news/café.md"),
    ],
)
def test_relative_links_become_references_listed_as_written(
    renderer: str, link: str, path: str, ref: str
) -> None:
    rendered = render_markdown(f"See [x]({link}) and ![map]({link})", "news", True, renderer)
    body = lxml.html.fragment_fromstring(rendered.html, create_parent="div")
    assert body.xpath("//a/@href") == [ref]
    assert body.xpath("//img/@src") == [ref]
    assert rendered.links == ((path, link), (path, link))


@pytest.mark.parametrize(
    "link", ["https://example.org/a.md", "/news/a/", "#costs", "mailto:desk@example.org"]
)
def test_other_links_are_left_alone(renderer: str, link: str) -> None:
    rendered = render_markdown(f"[x]({link})", "news", True, renderer)
    assert lxml.html.fragment_fromstring(rendered.html).xpath("//a/@href") == [link]
    checked = ((link, link),) if link.startswith("/") else ()  # site-absolute: checked later
    assert rendered.links == checked


def test_top_level_headings_become_h2(renderer: str) -> None:
    body = _html("# Not the headline\n\nText.", renderer)
    assert not body.xpath("//h1")
    assert body.xpath("//h2/text()") == ["Not the headline"]


def test_heading_ids_are_python_markdowns(renderer: str) -> None:
    text = "## Costs and fares\n\n## Costs and fares\n\n## The `x` *and* [y](y.md)\n\n## الأخبار"
    assert _html(text, renderer).xpath("//h2/@id") == [
        "costs-and-fares",
        "costs-and-fares_1",
        "the-x-and-y",
        "الأخبار",
    ]


def test_footnotes_link_both_ways_and_stay_out_of_the_summary(renderer: str) -> None:
    rendered = render_markdown("Claim.[^1]\n\n[^1]: Source.", "news", True, renderer)
    body = lxml.html.fragment_fromstring(rendered.html, create_parent="div")
    [mark] = body.xpath("//sup/a")
    [note] = body.xpath(f"//li[@id='{mark.get('href')[1:]}']")
    assert "Source." in note.text_content()
    assert rendered.summary == "Claim."


def test_table_and_fenced_code(renderer: str) -> None:
    body = _html('| a | b |\n|---|--:|\n| 1 | 2 |\n\n```html\n<b>"x"</b>\n```', renderer)
    assert body.xpath("//th/text()") == ["a", "b"]
    assert body.xpath("//td/text()") == ["1", "2"]
    assert body.xpath("//td[2]/@style")[0].replace(" ", "").rstrip(";") == "text-align:right"
    assert body.xpath("//pre/code/@class") == ["language-html"]
    assert body.xpath("//pre/code/text()") == ['<b>"x"</b>\n']


def test_smart_quotes_and_dashes_but_not_in_code(renderer: str) -> None:
    text = '"Quote" -- it\'s \'fine\' --- ok... `"x"`\n\n*Say "no"* and \'yes\'\n\nEnd.'
    body = _html(text, renderer)
    assert " ".join(body.text_content().split()) == (
        '\u201cQuote\u201d \u2013 it\u2019s \u2018fine\u2019 \u2014 ok\u2026 "x" '
        "Say \u201cno\u201d and \u2018yes\u2019 End."
    )
    assert body.xpath("//code/text()") == ['"x"']


HOSTILE_URLS = (
    "[a](data:image/png;base64,AAAA) [b](javascript:alert(1)) ![pic](data:image/png;base64,AAAA)"
    ' <a href="javascript:go()">c</a> <a href=" JaVaScRiPt:x">d</a> <img src="data:x" alt=e>'
    '\n\n<div><a href="vbscript:x">f</a> <a href="https://ok.example/">g</a></div>'
)


@pytest.mark.parametrize("raw_html", [True, False])
def test_dangerous_urls_are_dropped_and_their_text_kept(renderer: str, raw_html: bool) -> None:
    body = _html(HOSTILE_URLS, renderer, raw_html)
    urls = body.xpath("//@href|//@src")
    assert urls == ["https://ok.example/"]
    assert all(url_scheme(u) == "https" for u in urls)
    text = " ".join(body.text_content().split())
    for word in ("a", "b", "pic", "c", "d", "f", "g"):
        assert word in text.split() or f"[{word}]" in text, word


def test_raw_html_is_kept_or_sanitized(renderer: str) -> None:
    text = 'Intro\n\n<div class="box" onclick="x()">Boxed <script>alert(1)</script></div>'
    kept = _html(text, renderer)
    assert kept.xpath("//div[@class='box']/@onclick") == ["x()"]
    assert kept.xpath("//script")
    clean = _html(text, renderer, raw_html=False)
    assert clean.xpath("//div[@class='box']/text()") == ["Boxed "]
    assert not clean.xpath("//script|//@onclick")


def test_what_markdown_writes_survives_sanitizing(renderer: str) -> None:
    text = "# A\n\nClaim.[^1] [x](b.md) ![m](m.png)\n\n| a |\n|--:|\n| 1 |\n\n```py\nx\n```"
    text += "\n\n[^1]: Note."

    def shape(tree: lxml.html.HtmlElement) -> list[tuple[str, list[str]]]:
        return [(el.tag, sorted(el.attrib)) for el in tree.iter()]

    assert shape(_html(text, renderer, raw_html=False)) == shape(_html(text, renderer))


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("First *para* with [a link](x.md).\n\nSecond.", "First para with a link."),
        ("## Heading\n\nText after.", "Text after."),
        ("Fish &amp; chips <b>hot</b>", "Fish & chips hot"),
        ("Line one\nline two", "Line one line two"),
        ("", ""),
    ],
)
def test_summary_is_the_first_paragraph_as_text(renderer: str, text: str, summary: str) -> None:
    assert render_markdown(text, "", True, renderer).summary == summary


@pytest.mark.parametrize(
    "text",
    [
        ">" * 5000 + " deep",
        "".join("  " * n + "- item\n" for n in range(300)),
        "*" * 3000 + "deep" + "*" * 3000,
        "![" * 3000 + "a" + "](x.png)" * 3000,
    ],
    ids=["quotes", "lists", "emphasis", "images"],
)
def test_deep_nesting_is_converted_or_one_clear_error(renderer: str, text: str) -> None:
    try:
        rendered = render_markdown(text, "news", True, renderer)
    except MarkupError as error:
        assert str(error) == TOO_DEEP
    else:
        assert rendered.html


def test_markdown_it_does_not_drop_what_nests_too_deeply(renderer: str) -> None:
    """markdown-it leaves out, without a word, whatever lies deeper than its limit."""
    text = ">" * 200 + " the words"
    if renderer == MARKDOWN_IT:
        with pytest.raises(MarkupError, match="nests too deeply"):
            render_markdown(text, "news", True, renderer)
    else:
        assert "the words" in render_markdown(text, "news", True, renderer).html


def test_recursion_error_is_a_markup_error(renderer: str) -> None:
    """With little stack left, what recursion there is fails as a MarkupError, not a crash."""
    text = "".join("  " * n + "- item\n" for n in range(45))
    render_markdown(text, "news", True, renderer)  # set up (and import) with the stack free

    def at_depth(n: int) -> None:
        if n:
            return at_depth(n - 1)
        render_markdown(text, "news", True, renderer)

    frames = 0
    frame = sys._getframe()
    while frame:
        frames, frame = frames + 1, frame.f_back
    with pytest.raises(MarkupError, match="nests too deeply"):
        at_depth(sys.getrecursionlimit() - frames - 60)


@pytest.mark.parametrize(
    "text",
    ["[x" * 30_000, "[a](" * 30_000, "<div>\n" + '<a href="j:x" ' * 8_000],
    ids=["labels", "destinations", "unclosed-links"],
)
@pytest.mark.parametrize("raw_html", [True, False])
def test_slow_bodies_are_a_clear_error_in_bounded_time(
    renderer: str, text: str, raw_html: bool
) -> None:
    began = time.monotonic()
    with time_limit(SHORT), pytest.raises(MarkupError, match="takes too long"):
        render_markdown(text, "news", raw_html, renderer)
    assert time.monotonic() - began < 2


@pytest.mark.parametrize("raw_html", [True, False])
def test_unclosed_raw_tags_take_bounded_time(renderer: str, raw_html: bool) -> None:
    """The standard library's HTML parser (reading raw HTML) is quadratic on them."""
    began = time.monotonic()
    try:
        with time_limit(SHORT):
            render_markdown("<div>\n" + '<b class="x" ' * 8_000, "news", raw_html, renderer)
    except MarkupError as error:
        assert "takes too long" in str(error)
    assert time.monotonic() - began < 2


def test_the_choice_keys_the_parse_cache(renderer: str) -> None:
    """The cache keeps parse results by `repr(settings)`."""
    chosen, default = (
        ParseSettings.of(parse_config({"title": "T", **m})) for m in ({"markdown": renderer}, {})
    )
    assert chosen.markdown == renderer
    assert (repr(chosen) == repr(default)) == (renderer == PYTHON_MARKDOWN)


SITE = """
-- site.yaml --
title: Test Times
markdown: {renderer}
"""
ARTICLE = """\
# Tides

The quay flooded.[^1] See [the council story](b.md) and [the map](#tides).

| hour | height |
|------|-------:|
| 06:00 | 4.2 m |

[^1]: Harbour office figures.
"""


def test_a_site_builds_with_the_chosen_renderer(renderer: str, tmp_path: Path) -> None:
    write_tree(tmp_path, SITE.format(renderer=renderer))
    add(tmp_path, "news/a.md", md("Flood", ARTICLE))
    add(tmp_path, "news/b.md", md("Council", "The council met."))
    result = build_site(tmp_path)
    assert result.ok, result.errors
    [body] = parse_html(tmp_path / "output/news/a/index.html").xpath("//div[@class='prose']")
    assert body.xpath(".//h2/@id") == ["tides"]
    assert body.xpath(".//a[text()='the council story']/@href") == ["/news/b/"]
    assert body.xpath(".//a[text()='the map']/@href") == ["#tides"]
    assert body.xpath(".//th/text()") == ["hour", "height"]
    assert body.xpath(".//td/text()") == ["06:00", "4.2 m"]
    [mark] = body.xpath(".//sup/a/@href")
    assert "Harbour office figures." in body.xpath(f"string(.//li[@id='{mark[1:]}'])")


def test_changing_the_renderer_parses_every_article_again(renderer: str, tmp_path: Path) -> None:
    other = next(r for r in RENDERERS if r != renderer)
    write_tree(tmp_path, SITE.format(renderer=renderer))
    add(tmp_path, "news/a.md", md("Flood", ARTICLE))
    add(tmp_path, "news/b.md", md("Council", "The council met."))
    page = tmp_path / "output/news/a/index.html"
    assert build_site(tmp_path).ok
    before = page.read_text()
    write_tree(tmp_path, SITE.format(renderer=other))
    assert build_site(tmp_path).ok  # with the cache of the build before
    assert page.read_text() != before
    [mark] = parse_html(page).xpath("//div[@class='prose']//sup/a/@href")
    assert parse_html(page).xpath(f"//li[@id='{mark[1:]}']")


def test_an_unknown_renderer_is_one_clear_error(renderer: str, tmp_path: Path) -> None:
    write_tree(tmp_path, f"-- site.yaml --\ntitle: T\nmarkdown: {renderer}-extra\n")
    add(tmp_path, "news/a.md", md())
    one_error_line(
        build_site(tmp_path),
        "site.yaml:2: ",
        "'markdown' must be python-markdown or markdown-it",
    )
