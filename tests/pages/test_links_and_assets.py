"""Links between articles, images and other files beside them, static files, base_url."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import add, build_site, error_lines, hrefs, md, parse_html, write_tree
from helpers import tiny_png

THEME_CSS = Path(__file__).resolve().parents[2] / "themes/default/static/style.css"


def _body_links(site: Path, page: str) -> list[str]:
    return hrefs(parse_html(site / "output" / page), "//main//p//a")


def _two_articles(site: Path, link: str) -> None:
    add(site, "news/a.md", md("A", body=f"See [the other]({link})."))
    add(site, "business/b.md", md("B", body="## Costs\n\nText."))


@pytest.mark.parametrize(
    ("link", "href"),
    [
        ("../business/b.md", "/business/b/"),
        ("../business/b.md#costs", "/business/b/#costs"),
        ("./../business/b.md", "/business/b/"),
        ("/business/b.md", "/business/b.md"),  # site-absolute links are left as written
        ("https://example.com/x.md", "https://example.com/x.md"),
        ("#local", "#local"),
    ],
)
def test_links_in_body(site: Path, link: str, href: str) -> None:
    _two_articles(site, link)
    result = build_site(site)
    assert result.ok, error_lines(result)
    assert _body_links(site, "news/a/index.html") == [href]


def test_link_to_article_with_custom_slug_and_section_uses_its_url(site: Path) -> None:
    add(site, "news/a.md", md("A", body="See [b](b.md)."))
    add(site, "news/b.md", md("B", slug="renamed", section="business"))
    build_site(site)
    assert _body_links(site, "news/a/index.html") == ["/business/renamed/"]


def test_link_to_article_with_non_ascii_name(site: Path) -> None:
    add(site, "café.md", md("Café"))
    add(site, "b.md", md("B", body="[x](caf%C3%A9.md) and [y](café.md)"))
    assert build_site(site).ok
    assert _body_links(site, "b/index.html") == ["/caf%C3%A9/", "/caf%C3%A9/"]
    assert (site / "output/café/index.html").is_file()


def test_reference_style_link_resolves(site: Path) -> None:
    _two_articles(site, "x")
    add(site, "news/a.md", md("A", body="See [the other][b].\n\n[b]: ../business/b.md#costs"))
    assert build_site(site).ok
    assert _body_links(site, "news/a/index.html") == ["/business/b/#costs"]


def test_link_to_a_file_beside_the_article(site: Path) -> None:
    add(site, "news/a.md", md("A", body="The [report](files/report.pdf)."))
    add(site, "news/files/report.pdf", b"%PDF")
    assert build_site(site).ok
    assert _body_links(site, "news/a/index.html") == ["/news/files/report.pdf"]
    assert (site / "output/news/files/report.pdf").read_bytes() == b"%PDF"


def test_link_to_missing_article_is_an_error(site: Path) -> None:
    add(site, "news/a.md", md("A", body="See [gone](../gone.md)."))
    result = build_site(site)
    assert not result.ok
    [line] = error_lines(result)
    assert line.startswith("content/news/a.md")
    assert "content/gone.md" in line


def test_link_to_missing_article_with_fragment_is_an_error(site: Path) -> None:
    add(site, "news/a.md", md("A", body="See [gone](gone.md#part)."))
    [line] = error_lines(build_site(site))
    assert "content/news/gone.md" in line


def test_link_to_draft_is_an_error_unless_drafts_are_built(site: Path) -> None:
    add(site, "a.md", md("A", body="See [b](b.md)."))
    add(site, "b.md", md("B", draft=True))
    [line] = error_lines(build_site(site))
    assert line.startswith("content/a.md") and "draft" in line
    assert build_site(site, drafts=True).ok


def test_link_out_of_content_is_an_error(site: Path) -> None:
    add(site, "a.md", md("A", body="See [config](../site.yaml)."))
    [line] = error_lines(build_site(site))
    assert line.startswith("content/a.md")


def test_image_beside_article_is_published_and_its_src_rewritten(site: Path) -> None:
    add(site, "news/a.md", md("A", body="![Map](map.png) and ![Chart](img/chart.svg)"))
    add(site, "news/map.png", tiny_png())
    add(site, "news/img/chart.svg", "<svg/>")
    assert build_site(site).ok
    doc = parse_html(site / "output/news/a/index.html")
    assert doc.xpath("//main//p//img/@src") == ["/news/map-40w.jpg", "/news/img/chart.svg"]
    assert not (site / "output/news/map.png").exists()  # only renditions are published
    assert (site / "output/news/img/chart.svg").is_file()


def test_image_with_space_in_name_is_url_encoded(site: Path) -> None:
    add(site, "news/a.md", md("A", body="![Map](my%20map.gif)"))
    add(site, "news/my map.gif", b"gif")
    assert build_site(site).ok
    doc = parse_html(site / "output/news/a/index.html")
    assert doc.xpath("//main//p/img/@src") == ["/news/my%20map.gif"]
    assert (site / "output/news/my map.gif").is_file()


def test_missing_image_is_an_error(site: Path) -> None:
    add(site, "news/a.md", md("A", body="![Map](nope.png)"))
    [line] = error_lines(build_site(site))
    assert line.startswith("content/news/a.md")
    assert "content/news/nope.png" in line


def test_front_matter_image_is_shown_with_its_alt(site: Path) -> None:
    add(site, "news/a.md", md("A", image="photo.gif", image_alt="The quay at dawn"))
    add(site, "news/photo.gif", b"gif")
    assert build_site(site).ok
    doc = parse_html(site / "output/news/a/index.html")
    assert doc.xpath("//main//img[@src='/news/photo.gif']/@alt") == ["The quay at dawn"]


def test_front_matter_image_that_is_missing_is_an_error(site: Path) -> None:
    add(site, "news/a.md", md("A", image="photo.jpg", image_alt="A photo"))
    [line] = error_lines(build_site(site))
    assert line.startswith("content/news/a.md") and "photo.jpg" in line


def test_front_matter_image_url_is_kept(site: Path) -> None:
    add(site, "a.md", md("A", image="https://cdn.example.org/p.jpg", image_alt="A photo"))
    assert build_site(site).ok
    doc = parse_html(site / "output/a/index.html")
    assert doc.xpath("//main//img/@src") == ["https://cdn.example.org/p.jpg"]


def test_other_content_files_are_copied_to_the_same_place(site: Path) -> None:
    add(site, "a.md", md())
    add(site, "docs/report.pdf", b"%PDF-1.4 \x00\xff")
    add(site, "robots.txt", "User-agent: *\n")
    assert build_site(site).ok
    assert (site / "output/docs/report.pdf").read_bytes() == b"%PDF-1.4 \x00\xff"
    assert (site / "output/robots.txt").read_text() == "User-agent: *\n"


@pytest.mark.parametrize(
    "name",
    [
        ".hidden.md",
        "_private.md",
        "_drafts/a.md",
        ".git/a.md",
        "a.md~",
        ".a.md.swp",
        "#a.md#",
        ".#a.md",
        "_notes/picture.png",
        ".DS_Store",
    ],
)
def test_hidden_private_and_temporary_files_are_ignored(site: Path, name: str) -> None:
    add(site, "a.md", md("A"))
    add(site, name, "not even front matter")
    result = build_site(site)
    assert result.ok, error_lines(result)
    assert result.articles == 1
    assert not (site / "output" / name).exists()
    assert not (site / "output" / Path(name).parts[0]).exists()


def test_theme_static_files_go_to_output_static(site: Path) -> None:
    add(site, "a.md", md())
    build_site(site)
    assert (site / "output/static/style.css").read_bytes() == THEME_CSS.read_bytes()


def test_pages_link_the_theme_stylesheet(site: Path) -> None:
    add(site, "a.md", md())
    build_site(site)
    doc = parse_html(site / "output/a/index.html")
    assert "/static/style.css" in doc.xpath("//link[@rel='stylesheet']/@href")


# base_url

LINKED = """
-- content/news/field-reports/a.md --
---
headline: A
date: 2026-11-20
author: Jane Doe
tags: [floods]
image: pic.gif
image_alt: A picture
---
See [b](../b.md#top) and ![pic](pic.gif).
-- content/news/field-reports/pic.gif --
png
-- content/news/b.md --
---
headline: B
date: 2026-11-19
tags: [floods]
---
Text.
"""


def _internal_links(output: Path) -> dict[str, list[str]]:
    """Every href/src of every page that points into the site, by page."""
    found = {}
    for page in output.rglob("*.html"):
        doc = parse_html(page)
        urls = doc.xpath("//@href | //@src")
        found[page.relative_to(output).as_posix()] = [
            u for u in urls if not urlsplit(u).scheme and not u.startswith("#")
        ]
    return found


def test_sub_path_base_url_prefixes_every_internal_link(tmp_path: Path) -> None:
    result = build_site(
        tmp_path, "-- site.yaml --\ntitle: T\nbase_url: https://example.org/sub/\n" + LINKED
    )
    assert result.ok, error_lines(result)
    links = _internal_links(tmp_path / "output")
    assert len(links) > 8
    wrong = {page: [u for u in urls if not u.startswith("/sub/")] for page, urls in links.items()}
    assert {page: urls for page, urls in wrong.items() if urls} == {}
    article = links["news/field-reports/a/index.html"]
    assert "/sub/news/b/#top" in article
    assert "/sub/news/field-reports/pic.gif" in article
    assert "/sub/authors/jane-doe/" in article
    assert "/sub/static/style.css" in article


def test_absolute_links_use_the_base_url(tmp_path: Path) -> None:
    build_site(tmp_path, "-- site.yaml --\ntitle: T\nbase_url: https://example.org/sub/\n" + LINKED)
    doc = parse_html(tmp_path / "output/news/field-reports/a/index.html")
    absolute = doc.xpath("//head//@href | //head//@content")
    assert "https://example.org/sub/news/field-reports/a/" in absolute


def test_base_url_option_overrides_site_yaml(tmp_path: Path) -> None:
    site_yaml = "-- site.yaml --\ntitle: T\nbase_url: https://example.org/sub/\n"
    build_site(tmp_path, site_yaml + LINKED, base_url="https://news.example.com/x")
    links = _internal_links(tmp_path / "output")
    assert "/x/news/b/#top" in links["news/field-reports/a/index.html"]
    assert not [u for urls in links.values() for u in urls if not u.startswith("/x/")]


def test_without_base_url_links_are_root_relative(site: Path) -> None:
    write_tree(site, LINKED)
    build_site(site)
    links = _internal_links(site / "output")
    assert not [u for urls in links.values() for u in urls if not u.startswith("/")]
    assert "/news/b/#top" in links["news/field-reports/a/index.html"]
