"""GitHub-style alerts (`> [!NOTE]`) become asides with a title, the same in both renderers."""

from __future__ import annotations

import lxml.html
import pytest

from generator.core.config import MARKDOWN_IT, PYTHON_MARKDOWN
from generator.markup.alerts import KINDS
from generator.markup.registry import render_markdown

BOTH = pytest.mark.parametrize("renderer", [PYTHON_MARKDOWN, MARKDOWN_IT])


def body(text: str, renderer: str) -> lxml.html.HtmlElement:
    html = render_markdown(text, "news", renderer=renderer).html
    return lxml.html.fragment_fromstring(html, create_parent="div")


@BOTH
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_is_an_aside_with_its_title(renderer: str, kind: str) -> None:
    doc = body(f"Intro.\n\n> [!{kind.upper()}]\n> Ferries *run* late.\n\nAfter.\n", renderer)
    (aside,) = doc.xpath("//aside")
    assert aside.get("class") == f"alert alert-{kind}" and aside.get("role") == "note"
    title, text = aside.xpath("./p")
    assert (title.get("class"), title.text_content()) == ("alert__title", KINDS[kind])
    assert text.text_content() == "Ferries run late." and text.xpath("./em/text()") == ["run"]
    assert not doc.xpath("//blockquote") and "[!" not in doc.text_content()
    assert doc.xpath("./p/text()") == ["Intro.", "After."]


@BOTH
def test_a_quote_inside_an_alert_stays_a_quote_and_plain_quotes_are_untouched(
    renderer: str,
) -> None:
    doc = body(
        "> [!tip]\n> Look here.\n>\n> > Quoted inside.\n\nText.\n\n> Plain quote.\n", renderer
    )
    (aside,) = doc.xpath("//aside")
    assert aside.get("class") == "alert alert-tip"
    assert aside.xpath("./blockquote/p/text()") == ["Quoted inside."]
    assert doc.xpath("./blockquote/p/text()") == ["Plain quote."]


@BOTH
def test_a_marker_that_is_not_first_or_not_a_kind_stays_text(renderer: str) -> None:
    doc = body("> Intro [!NOTE] here.\n\nText.\n\n> [!SOMETHING]\n> Else.\n", renderer)
    assert not doc.xpath("//aside")
    assert [q.text_content().split() for q in doc.xpath("//blockquote/p")] == [
        ["Intro", "[!NOTE]", "here."],
        ["[!SOMETHING]", "Else."],
    ]
