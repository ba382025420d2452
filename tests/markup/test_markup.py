"""Unit tests of generator.markup: Markdown to body HTML, summaries, and local references."""

from __future__ import annotations

import lxml.html
import pytest

from generator.markup.refs import first_paragraph_text, references, resolve_refs
from generator.markup.registry import render_markdown


def _html(text: str, folder: str = "news") -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(render_markdown(text, folder).html, create_parent="div")


def test_table() -> None:
    body = _html("| a | b |\n|---|---|\n| 1 | 2 |")
    assert body.xpath("//th/text()") == ["a", "b"]
    assert body.xpath("//td/text()") == ["1", "2"]


def test_footnote() -> None:
    body = _html("Claim.[^1]\n\n[^1]: Source.")
    assert body.xpath("//sup/a/@href") == ["#fn:1"]
    assert "Source." in body.xpath("string(//li[@id='fn:1'])")


def test_fenced_code_keeps_its_language_and_escapes() -> None:
    body = _html("```html\n<b>x</b>\n```")
    assert body.xpath("//pre/code/@class") == ["language-html"]
    assert body.xpath("//pre/code/text()") == ["<b>x</b>\n"]


def test_headings_get_anchor_ids() -> None:
    body = _html("## Costs and fares\n\n## Costs and fares")
    assert body.xpath("//h2/@id") == ["costs-and-fares", "costs-and-fares_1"]


def test_non_latin_headings_get_unicode_ids() -> None:
    assert _html("## الأخبار").xpath("//h2/@id") == ["الأخبار"]


def test_top_level_headings_become_h2() -> None:
    body = _html("# Not the headline")
    assert not body.xpath("//h1")
    assert body.xpath("//h2/text()") == ["Not the headline"]


def test_smart_quotes_and_dashes() -> None:
    text = _html("\"Quote\" -- it's 'fine' --- ok...").text_content()
    assert "\u201cQuote\u201d" in text
    assert "it\u2019s" in text
    assert "\u2018fine\u2019" in text
    assert "\u2013" in text and "\u2014" in text and "\u2026" in text


def test_code_is_not_smartened() -> None:
    assert _html('`"x"`').xpath("//code/text()") == ['"x"']


def test_raw_html_in_body_is_kept() -> None:
    assert _html('<div class="box">Boxed</div>').xpath("//div[@class='box']/text()") == ["Boxed"]


@pytest.mark.parametrize(
    ("link", "ref"),
    [
        ("other.md", "masthead-ref:news/other.md"),
        ("../business/b.md", "masthead-ref:business/b.md"),
        ("./sub/c.md#part", "masthead-ref:news/sub/c.md#part"),
        ("my%20file.pdf", "masthead-ref:news/my file.pdf"),
        ("../../outside.md", "masthead-ref:../outside.md"),
    ],
)
def test_relative_links_become_references(link: str, ref: str) -> None:
    assert _html(f"[x]({link})").xpath("//a/@href") == [ref]


@pytest.mark.parametrize(
    "link",
    ["https://example.org/a.md", "/news/a/", "#costs", "mailto:desk@example.org", "//cdn.org/x"],
)
def test_other_links_are_left_alone(link: str) -> None:
    assert _html(f"[x]({link})").xpath("//a/@href") == [link]


def test_relative_images_become_references() -> None:
    assert _html("![Map](img/map.png)").xpath("//img/@src") == ["masthead-ref:news/img/map.png"]


def test_references_lists_link_and_image_targets_in_order() -> None:
    body = render_markdown("[a](a.md#x) ![p](p.png) [web](https://x.org) [b](../b.md)", "n").html
    assert references(body) == ["n/a.md", "n/p.png", "b.md"]


def test_resolve_refs_keeps_fragments_and_escapes() -> None:
    body = render_markdown("[a](a.md#sec) ![p](p.png)", "").html
    resolved = resolve_refs(body, lambda path: {"a.md": "/a/", "p.png": "/p.png?v=1&x"}[path])
    doc = lxml.html.fragment_fromstring(resolved, create_parent="div")
    assert doc.xpath("//a/@href") == ["/a/#sec"]
    assert doc.xpath("//img/@src") == ["/p.png?v=1&x"]


@pytest.mark.parametrize(
    ("body", "summary"),
    [
        ("First *para* with [a link](x.md).\n\nSecond.", "First para with a link."),
        ("## Heading\n\nText after.", "Text after."),
        ("Claim.[^1]\n\n[^1]: Note.", "Claim."),
        ("Fish &amp; chips <b>hot</b>", "Fish & chips hot"),
        ("Line one\nline two", "Line one line two"),
        ("", ""),
        ("## Only a heading", ""),
    ],
)
def test_summary_is_first_paragraph_as_plain_text(body: str, summary: str) -> None:
    assert render_markdown(body, "").summary == summary


def test_first_paragraph_text_of_html() -> None:
    assert first_paragraph_text("<h2>x</h2><p>A <em>b</em>\n c</p><p>d</p>") == "A b c"


def test_renderer_state_does_not_leak_between_documents() -> None:
    render_markdown("Claim.[^1]\n\n[^1]: Note.\n\n## Costs", "")
    again = _html("## Costs")
    assert again.xpath("//h2/@id") == ["costs"]
    assert not again.xpath("//sup")
