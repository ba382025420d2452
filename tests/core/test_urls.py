"""Unit tests of generator.core.urls: every URL rule, and the file each URL is served from."""

from __future__ import annotations

import pytest

from generator.core import urls


@pytest.mark.parametrize(
    ("section", "slug", "url"),
    [
        ("news", "flood", "news/flood/"),
        ("news/world", "a", "news/world/a/"),
        ("", "about", "about/"),
    ],
)
def test_article_url_is_its_section_folder_and_slug(section: str, slug: str, url: str) -> None:
    assert urls.article(section, slug) == url


def test_folders_from_the_root() -> None:
    assert urls.home() == ""
    assert urls.section("news/world") == "news/world/"
    assert urls.tag("floods") == "tags/floods/"
    assert urls.author("jane-doe") == "authors/jane-doe/"
    assert (urls.tag_index(), urls.author_index()) == ("tags/", "authors/")
    assert urls.folder("a", "", "b") == "a/b/"


@pytest.mark.parametrize(
    ("base", "n", "url"),
    [
        ("news/", 1, "news/"),
        ("news/", 2, "news/page/2/"),
        ("tags/floods/", 12, "tags/floods/page/12/"),
    ],
)
def test_listing_page_n_below_the_listing_the_first_is_the_listing(
    base: str, n: int, url: str
) -> None:
    assert urls.listing_page(base, n) == url


def test_feeds_of_the_site_a_section_and_a_tag() -> None:
    assert urls.feed() == "feed.xml"
    assert urls.feed(urls.section("news")) == "news/feed.xml"
    assert urls.feed(urls.tag("floods")) == "tags/floods/feed.xml"


@pytest.mark.parametrize(
    ("written", "path"),
    [
        ("/old/story/", "old/story/"),
        ("/old/story", "old/story/"),
        ("old/story", "old/story/"),
        ("/old/story.html", "old/story.html"),
        ("/v1.2/story/", "v1.2/story/"),
        ("/archive/2019.06/", "archive/2019.06/"),
    ],
)
def test_alias_is_a_site_path_a_dotted_last_part_stays_a_file(written: str, path: str) -> None:
    assert urls.alias(written) == path


def test_sitemap_files_and_robots_at_the_root() -> None:
    assert (urls.SITEMAP, urls.NEWS_SITEMAP, urls.ROBOTS) == (
        "sitemap.xml",
        "news-sitemap.xml",
        "robots.txt",
    )
    assert urls.sitemap_part(3) == "sitemap-3.xml"


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("", "index.html"),
        ("news/", "news/index.html"),
        ("old/story.html", "old/story.html"),
        ("404.html", "404.html"),
    ],
)
def test_output_path_and_back(url: str, path: str) -> None:
    assert urls.output_path(url) == path
    assert urls.of_output(path) == url
