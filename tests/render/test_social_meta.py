"""Search and social metadata in <head>: canonical, description, Open Graph, Twitter cards and
hreflang links between translations."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import add, build_output, build_site, md, parse_html, write_tree
from helpers import BASE, DESCRIBED_SECTIONS, SITE_YAML, harbour_site

# The harbour site with a Twitter account, one article per listing page, a section description
# and a headline in quotes.
SITE = harbour_site(
    config={"twitter": "@testtimes", "per_page": 1, "sections": DESCRIBED_SECTIONS},
    flood={"headline": 'Harbour "wall" breached', "authors": ["Jane Doe"]},
)


def meta(doc: lxml.html.HtmlElement, key: str) -> list[str]:
    """Contents of <meta property=key> (Open Graph) or <meta name=key> in <head>."""
    return doc.xpath(f"//head/meta[@property='{key}' or @name='{key}']/@content")


def single(doc: lxml.html.HtmlElement, key: str) -> str:
    found = meta(doc, key)
    assert len(found) == 1, f"{key}: {found}"
    return found[0]


def canonical(doc: lxml.html.HtmlElement) -> list[str]:
    return doc.xpath("//head/link[@rel='canonical']/@href")


def hreflangs(doc: lxml.html.HtmlElement) -> dict[str, str]:
    links = doc.xpath("//head/link[@rel='alternate'][@hreflang]")
    found = {link.get("hreflang"): link.get("href") for link in links}
    assert len(found) == len(links), "one link per language"
    return found


@pytest.fixture(scope="module")
def flood(out: Path) -> lxml.html.HtmlElement:
    return parse_html(out / "news/world/flood/index.html")


# --- article pages ----------------------------------------------------------------------------


def test_article_canonical_is_its_absolute_url(flood) -> None:
    assert canonical(flood) == [BASE + "news/world/flood/"]


def test_article_description_is_its_summary(flood) -> None:
    assert single(flood, "description") == "The sea came in at dawn."


def test_article_open_graph(flood) -> None:
    assert single(flood, "og:type") == "article"
    assert single(flood, "og:title") == "Harbour \u201cwall\u201d breached"
    assert single(flood, "og:url") == BASE + "news/world/flood/"
    assert single(flood, "og:description") == "The sea came in at dawn."
    assert single(flood, "og:image") == BASE + "news/world/wall.gif"
    assert single(flood, "og:site_name") == "Test Times"


def test_article_open_graph_article_properties(flood) -> None:
    assert single(flood, "article:published_time") == "2026-11-24T09:30:00+01:00"
    assert single(flood, "article:section") == "World"
    assert meta(flood, "article:tag") == ["Floods", "Harbour"]


def test_article_modified_time_when_given(flood) -> None:
    for stamp in meta(flood, "article:modified_time"):
        assert stamp == "2026-11-24T18:00:00+00:00"


def test_article_twitter_card(flood) -> None:
    assert single(flood, "twitter:card") == "summary_large_image"
    assert single(flood, "twitter:site") == "@testtimes"
    assert single(flood, "twitter:title") == "Harbour \u201cwall\u201d breached"
    assert single(flood, "twitter:image") == BASE + "news/world/wall.gif"


def test_article_without_image_has_a_plain_card(out: Path) -> None:
    doc = parse_html(out / "news/local/index.html")
    assert meta(doc, "og:image") == []
    assert single(doc, "twitter:card") == "summary"
    assert single(doc, "og:type") == "article"
    assert single(doc, "description") == "The council met on Monday."


def test_absolute_image_url_is_kept(tmp_path: Path) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: Test Times\nbase_url: https://example.org/\n")
    add(
        tmp_path,
        "news/a.md",
        md("Storm", image="https://cdn.example.net/storm.jpg", image_alt="A storm"),
    )
    assert build_site(tmp_path).ok
    doc = parse_html(tmp_path / "output/news/a/index.html")
    assert single(doc, "og:image") == "https://cdn.example.net/storm.jpg"


# --- other pages ------------------------------------------------------------------------------

OTHER_PAGES = [
    "",
    "news/",
    "news/page/2/",
    "news/world/",
    "tags/",
    "tags/floods/",
    "authors/",
    "authors/jane-doe/",
]


@pytest.mark.parametrize("page", OTHER_PAGES)
def test_other_pages_have_website_metadata(out: Path, page: str) -> None:
    doc = parse_html(out / page / "index.html")
    assert canonical(doc) == [BASE + page]
    assert single(doc, "og:type") == "website"
    assert single(doc, "og:title").strip()
    assert single(doc, "og:url") == BASE + page
    assert single(doc, "description").strip()
    assert meta(doc, "article:published_time") == []


def test_section_og_title_and_description(out: Path) -> None:
    doc = parse_html(out / "news/index.html")
    assert single(doc, "og:title") == "News"
    assert single(doc, "description") == "All the news."


def test_home_description_is_the_sites(out: Path) -> None:
    doc = parse_html(out / "index.html")
    assert single(doc, "description") == "News from the harbour town."
    assert single(doc, "og:title") == "Test Times"


def test_404_page_exists_without_a_canonical(out: Path) -> None:
    doc = parse_html(out / "404.html")
    assert canonical(doc) == []
    assert doc.xpath("//h1")


def test_every_page_has_at_most_one_canonical_and_og_type(out: Path) -> None:
    for page in out.rglob("*.html"):
        doc = parse_html(page)
        assert len(canonical(doc)) <= 1, page
        assert len(meta(doc, "og:type")) <= 1, page


# --- translations -----------------------------------------------------------------------------

TRANSLATED = (
    SITE_YAML
    + """\
-- content/en/storm.md --
---
headline: Storm hits the harbour
date: 2026-11-20
---
Text.
-- content/ar/storm.md --
---
headline: عاصفة تضرب الميناء
date: 2026-11-20
lang: ar
translation_of: ../en/storm.md
---
نص.
-- content/fr/tempete.md --
---
headline: La tempête frappe le port
date: 2026-11-20
lang: fr
translation_of: ../ar/storm.md
---
Texte.
-- content/en/other.md --
---
headline: Untranslated
date: 2026-11-19
---
Text.
"""
)


@pytest.fixture(scope="module")
def translated(tmp_path_factory) -> Path:
    return build_output(tmp_path_factory.mktemp("translated"), TRANSLATED)


@pytest.mark.parametrize("page", ["en/storm/", "ar/storm/", "fr/tempete/"])
def test_translations_link_each_other_with_hreflang(translated: Path, page: str) -> None:
    doc = parse_html(translated / page / "index.html")
    assert hreflangs(doc) == {
        "en": BASE + "en/storm/",
        "ar": BASE + "ar/storm/",
        "fr": BASE + "fr/tempete/",
    }


def test_translated_article_has_its_own_language(translated: Path) -> None:
    doc = parse_html(translated / "ar/storm/index.html")
    assert doc.get("lang") == "ar"
    assert canonical(doc) == [BASE + "ar/storm/"]
    assert single(doc, "og:title") == "عاصفة تضرب الميناء"


def test_untranslated_article_has_no_hreflang(translated: Path) -> None:
    assert hreflangs(parse_html(translated / "en/other/index.html")) == {}


def test_one_sided_translation_links_both_ways(tmp_path: Path) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: Test Times\nbase_url: https://example.org/\n")
    add(tmp_path, "news/a.md", md("English"))
    add(tmp_path, "news/a-es.md", md("Español", lang="es", translation_of="a.md"))
    assert build_site(tmp_path).ok
    expected = {"en": "https://example.org/news/a/", "es": "https://example.org/news/a-es/"}
    for page in ("news/a/", "news/a-es/"):
        assert hreflangs(parse_html(tmp_path / "output" / page / "index.html")) == expected


def test_translation_of_a_missing_file_is_an_error(tmp_path: Path) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: Test Times\nbase_url: https://example.org/\n")
    add(tmp_path, "news/a-es.md", md("Español", lang="es", translation_of="nothing.md"))
    result = build_site(tmp_path)
    assert not result.ok
    assert any("content/news/a-es.md" in str(e) for e in result.errors)
