"""Importing a small Hugo site (TOML, YAML and JSON front matter, permalinks, a leaf bundle,
`_index.md`), then building it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import parse_html
from helpers_import import built, front, import_site, redirect_of, report_lines
from sources import HUGO

BASE = "https://hugo.example.org/"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return import_site(tmp_path_factory.mktemp("hugo"), "hugo", HUGO)


@pytest.fixture(scope="module")
def out(imported) -> Path:
    return built(imported[0])


def test_site_yaml_takes_the_config_and_index_titles(imported) -> None:
    assert yaml.safe_load((imported[0] / "site.yaml").read_text()) == {
        "title": "Hugo Harbour",
        "base_url": BASE,
        "timezone": "America/New_York",
        "sections": {"posts": {"title": "Our Posts", "description": "Everything we wrote."}},
    }


def test_toml_front_matter(imported) -> None:
    toml = front(imported[0], "content/posts/same-2.md")
    assert toml["headline"] == "TOML post"
    assert toml["date"] == "2026-02-01T10:00:00-05:00"
    assert toml["updated"] == "2026-02-02T10:00:00-05:00"
    assert toml["summary"] == "In TOML."
    assert toml["tags"] == ["tides"]
    assert "draft" not in toml


def test_json_front_matter(imported) -> None:
    json = front(imported[0], "content/posts/same.md")
    assert json["headline"] == "JSON post"
    assert json["authors"] == ["Ann", "Bob"]
    # not in the bundle: where the old page showed it from, to download (reported)
    assert json["image"] == BASE + "2026/02/05/same/cover.gif"


def test_a_shared_new_url_gets_a_distinct_slug_and_each_keeps_its_old_url(imported, out) -> None:
    lines = report_lines(imported[1])
    assert (
        "- content/posts/toml-post.md: would share the URL /posts/same/ with "
        "content/posts/json-post.md: its slug is now 'same-2'"
    ) in lines
    assert redirect_of(out, "/2026/02/01/same/", BASE) == BASE + "posts/same-2/"
    assert redirect_of(out, "/2026/02/05/same/", BASE) == BASE + "posts/same/"


def test_leaf_bundle_keeps_its_files_and_permalink(imported, out) -> None:
    bundle = front(imported[0], "content/posts/bundle.md")
    assert bundle["image"] == "bundle/photo.gif"
    assert bundle["body"] == "![A photo](bundle/photo.gif)"
    assert bundle["weight"] == 3
    assert (out / "posts/bundle/extra.pdf").read_text() == "pdf\n"
    doc = parse_html(out / "posts/bundle/index.html")
    [src] = doc.xpath("//article//img[@alt='A photo']/@src")
    assert (out / src.lstrip("/")).read_text() == "jpg\n"
    assert redirect_of(out, "/2026/02/03/leaf-bundle/", BASE) == BASE + "posts/bundle/"


def test_shortcodes_are_converted(imported) -> None:
    body = front(imported[0], "content/posts/same-2.md")["body"]
    assert "![A boat](same-2/boat.gif)\n\n*The boat*" in body
    assert '<iframe src="https://www.youtube-nocookie.com/embed/abc123"' in body
    assert '<iframe src="https://player.vimeo.com/video/4567"' in body
    assert "[A post by @harbour on X](https://x.com/harbour/status/99)" in body
    assert "[Gist alice/42](https://gist.github.com/alice/42)" in body
    assert "```go\nfmt.Println(1)\n```" in body
    assert "See [JSON](same.md)." in body
    assert "{{< unknown thing >}}" in body


def test_shortcodes_render_in_the_built_page(out) -> None:
    doc = parse_html(out / "posts/same-2/index.html")
    assert doc.xpath("//article//iframe/@src") == [
        "https://www.youtube-nocookie.com/embed/abc123",
        "https://player.vimeo.com/video/4567",
    ]
    assert doc.xpath("//article//a[text()='JSON']/@href") == ["/posts/same/"]


def test_a_root_file_without_a_date_is_a_page(imported) -> None:
    about = front(imported[0], "pages/about.md")
    assert about == {"title": "About Hugo Harbour", "body": "About body."}


def test_report(imported) -> None:
    lines = report_lines(imported[1])
    source = HUGO.split("-- content/posts/toml-post.md --\n")[1].splitlines()
    line = source.index("{{< unknown thing >}}") + 1
    for wanted in (
        "- articles: 3 (drafts: 0, scheduled: 0)",
        "- pages: 1",
        "- aliases (old URLs that redirect): 3",
        "- figure: 1",
        "- youtube: 1",
        "- vimeo: 1",
        "- x: 1",
        "- gist: 1",
        "- highlight: 1",
        "- ref: 1",
        "- lastmod -> updated: 1",
        "- cover -> image: 1",
        "- content/posts/legacy.html: not imported (only Markdown is)",
        "- images -> image: 1",
        f"- content/posts/toml-post.md:{line}: left as it is: {{{{< unknown thing >}}}}",
        f"- {BASE}2026/02/05/same/cover.gif (not in the source, in content/posts/json-post.md:1)",
    ):
        assert wanted in lines, wanted


def test_without_permalinks_the_old_url_is_the_new_one(tmp_path: Path) -> None:
    spec = """\
-- config.yaml --
title: Plain
-- content/news/story.md --
---
title: Story
date: 2026-01-01
aliases: [/old-story/]
---
Text with {{</* figure src="x" */>}} shown as code:

```
{{</* youtube abc */>}}
```
"""
    site, report = import_site(tmp_path, "hugo", spec)
    story = front(site, "content/news/story.md")
    assert story["aliases"] == ["/old-story/"]  # Hugo's own aliases are kept
    assert story["body"].endswith("```\n{{< youtube abc >}}\n```")
    assert "- old URL is the new URL (no redirect needed): 1" in report_lines(report)
    assert redirect_of(built(site), "/old-story/", "/") == "/news/story/"
