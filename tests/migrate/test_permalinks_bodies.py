"""The pure parts of the import: permalink rules and body conversions."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from generator.core.errors import SourceError
from generator.migrate import frontmatter, permalinks
from generator.migrate.bodies import Context, convert
from generator.migrate.frontmatter import split
from generator.migrate.model import ARTICLE, Entry, Log

WHEN = datetime(2026, 3, 7, 14, 5, 9)


@pytest.mark.parametrize(
    ("style", "url"),
    [
        ("date", "/news/local/2026/03/07/a-story.html"),
        ("pretty", "/news/local/2026/03/07/a-story/"),
        ("ordinal", "/news/local/2026/066/a-story.html"),
        ("none", "/news/local/a-story.html"),
        ("/:year/:i_month/:i_day/:title:output_ext", "/2026/3/7/a-story.html"),
        ("/blog/:short_year/:hour:minute/:slug/", "/blog/26/1405/a-story/"),
    ],
)
def test_jekyll_permalinks(style: str, url: str) -> None:
    assert permalinks.jekyll(style, WHEN, "a-story", ["News", "Local"]) == url


@pytest.mark.parametrize(
    ("pattern", "url"),
    [
        ("/:year/:month/:day/:slug/", "/2026/03/07/given/"),
        ("/:section/:title/", "/posts/a-long-story/"),
        ("/:filename/", "/a-long-story-file/"),
        ("/:contentbasename/", "/a-long-story-file/"),
        ("/:monthname/:slugorfilename/", "/march/given/"),
    ],
)
def test_hugo_permalinks(pattern: str, url: str) -> None:
    fields = {"title": "A Long Story", "slug": "given", "filename": "A-Long-Story-File"}
    assert permalinks.hugo(pattern, WHEN, fields | {"section": "posts"}) == url


def converted(text: str, links: dict[str, str] | None = None) -> tuple[str, Log]:
    log = Log()
    body = convert(text, Context("post.md", 5, lambda key: (links or {}).get(key)), log)
    return body, log


def test_unknown_shortcodes_and_tags_are_left_with_their_line() -> None:
    body, log = converted("One.\n\n{{< tabs >}}\n\n{% if x %}\n\n{{ page.title }}\n")
    assert body == "One.\n\n{{< tabs >}}\n\n{% if x %}\n\n{{ page.title }}\n"
    assert log.left == [
        "post.md:7: left as it is: {{< tabs >}}",
        "post.md:9: left as it is: {% if x %}",
        "post.md:11: left as it is: {{ page.title }}",
    ]


def test_a_link_to_a_post_that_is_not_imported_is_left() -> None:
    body, log = converted("[x]({% post_url 2020-01-01-gone %})")
    assert body == "[x]({% post_url 2020-01-01-gone %})"
    assert log.left == ["post.md:5: left as it is: {% post_url 2020-01-01-gone %}"]


def test_conversions() -> None:
    body, log = converted(
        '{{< ref "other.md#part" >}} {{< tweet user="a" id="7" >}}'
        " {{ '/x.gif' | relative_url }} {{< youtube id=\"zz\" >}}",
        {"other.md": "../b/other.md"},
    )
    tweet = "[A post by @a on X](https://x.com/a/status/7)"
    assert body.startswith(f"../b/other.md#part {tweet} /x.gif")
    assert "youtube-nocookie.com/embed/zz" in body
    assert dict(log.done) == {"ref": 1, "tweet": 1, "relative_url/absolute_url": 1, "youtube": 1}
    assert log.left == []


def test_code_is_left_alone() -> None:
    text = "```liquid\n{% if x %}{{ y }}\n```\n"
    assert converted(text) == (text, Log())


def test_front_matter_after_blank_lines_toml_and_json() -> None:
    assert split("\n\n---\ntitle: A\n---\n\nBody\n", "a.md") == ({"title": "A"}, "Body\n", 7)
    assert split('+++\ntitle = "B"\n+++\nBody', "b.md") == ({"title": "B"}, "Body", 4)
    assert split('{"title": "C"}\nBody', "c.md") == ({"title": "C"}, "Body", 2)


def test_a_file_without_front_matter_is_one_error() -> None:
    with pytest.raises(SourceError) as error:
        split("Just text\n", "d.md")
    assert str(error.value) == "d.md:1: no front matter (---, +++ or {): not an article"


def test_keys_near_masthead_keys_are_renamed_and_own_keys_kept() -> None:
    entry = Entry(
        ARTICLE, "a.md", "a.md", {"title": "A", "date": "2020-01-02", "tag": "x"}, "", 5, "", "a"
    )
    entry = replace(entry, front={**entry.front, "sections": "x", "lang": "fr", "weight": 2})
    log = Log()
    front, section = frontmatter.convert(entry, "section", log)
    assert front == {
        "headline": "A",
        "date": "2020-01-02T00:00:00",
        "tags": ["x"],
        "lang": "fr",
        "old_sections": "x",
        "weight": 2,
    }
    assert section == ""
    assert log.done["sections -> old_sections (kept: too near a Masthead key)"] == 1
