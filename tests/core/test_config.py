"""site.yaml: required and default keys, unknown keys, and how each key shows in the site."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import add, build_site, error_lines, hrefs, md, parse_html, write_tree

from generator.core.config import KEYS, SectionConfig, parse_config
from generator.core.errors import SourceError


def _build(site: Path, yaml: str, *articles: tuple[str, str]):
    write_tree(site, "-- site.yaml --\n" + yaml)
    for path, text in articles or (("news/a.md", md("A")),):
        add(site, path, text)
    return build_site(site)


def test_defaults() -> None:
    config = parse_config({"title": "T"})
    assert (config.language, config.per_page, config.theme, config.base_url) == (
        "en",
        20,
        "default",
        "",
    )
    assert (config.disclaimer, config.sections, config.timezone) == ("", (), "UTC")
    assert config.base_path == "/"


def test_every_documented_key_is_known() -> None:
    documented = {"title", "base_url", "language", "disclaimer", "theme", "per_page", "sections"}
    assert documented | {"timezone"} <= set(KEYS)


@pytest.mark.parametrize("yaml", ["language: en\n", "title: ''\n", "title:\n"])
def test_title_is_required(site: Path, yaml: str) -> None:
    result = _build(site, yaml)
    assert not result.ok
    [line] = error_lines(result)
    assert line.startswith("site.yaml") and "'title'" in line


def test_unknown_key_is_named_with_the_known_keys(site: Path) -> None:
    result = _build(site, "title: T\ncolour: blue\n")
    [line] = error_lines(result)
    assert line.startswith("site.yaml:2: ")
    assert "'colour'" in line
    for key in ("title", "base_url", "language", "disclaimer", "theme", "per_page", "sections"):
        assert key in line


def test_misspelt_key_gets_a_suggestion(site: Path) -> None:
    [line] = error_lines(_build(site, "title: T\nper_pgae: 5\n"))
    assert "did you mean 'per_page'" in line


@pytest.mark.parametrize(
    ("yaml", "where"),
    [
        ("title: T\nper_page: 0\n", "site.yaml:2: "),
        ("title: T\nper_page: many\n", "site.yaml:2: "),
        ("title: T\nper_page: true\n", "site.yaml:2: "),
        ("title: T\ntimezone: Mars/Olympus\n", "site.yaml:2: "),
        ("title: T\nbase_url: example.org\n", "site.yaml:2: "),
        ("title: T\nbase_url: https://example.org/?x=1\n", "site.yaml:2: "),
        ("title: T\nlanguage: [en]\n", "site.yaml:2: "),
        ("title: T\nlanguage: English please\n", "site.yaml:2: "),
        ("title: T\nlanguage: ''\n", "site.yaml:2: "),
        ("title: T\nsections:\n  news: {title: [a]}\n", "site.yaml:2: "),
        ("title: T\nsections: [news]\n", "site.yaml:2: "),
        ("title: T\nsections:\n  'my news': {title: X}\n", "site.yaml:2: "),
        ("title: T\nsections:\n  news: {title: X, colour: red}\n", "site.yaml:2: "),
        ("title: T\ntitle: U\n", "site.yaml:2: "),
        ("title: [unclosed\n", "site.yaml:"),
        ("- title\n", "site.yaml:1: "),
        ("title: !!python/object/apply:os.getcwd []\n", "site.yaml:1: "),
    ],
)
def test_bad_site_yaml_is_a_located_error(site: Path, yaml: str, where: str) -> None:
    result = _build(site, yaml)
    assert not result.ok
    [line] = error_lines(result)
    assert line.startswith(where), line


def test_missing_site_yaml_is_an_error(tmp_path: Path) -> None:
    add(tmp_path, "a.md", md())
    [line] = error_lines(build_site(tmp_path))
    assert line.startswith("site.yaml")


def test_site_yaml_may_have_a_bom_and_crlf(site: Path) -> None:
    (site / "site.yaml").write_bytes(b"\xef\xbb\xbftitle: Bom Times\r\nlanguage: fr\r\n")
    add(site, "a.md", md())
    assert build_site(site).ok
    assert parse_html(site / "output/a/index.html").findtext(".//title") == "A story — Bom Times"


def test_title_shows_on_every_page(site: Path) -> None:
    _build(site, "title: The Harbour Ledger\n")
    assert parse_html(site / "output/index.html").findtext(".//title") == "The Harbour Ledger"
    assert (
        parse_html(site / "output/news/a/index.html")
        .findtext(".//title")
        .endswith(" — The Harbour Ledger")
    )


def test_language_defaults_to_en(site: Path) -> None:
    _build(site, "title: T\n")
    assert parse_html(site / "output/index.html").get("lang") == "en"


def test_language_sets_html_lang(site: Path) -> None:
    _build(site, "title: T\nlanguage: cy\n")
    for page in ("index.html", "news/index.html", "news/a/index.html", "tags/index.html"):
        assert parse_html(site / "output" / page).get("lang") == "cy"


def test_per_page_defaults_to_20(site: Path) -> None:
    articles = [(f"news/s{n:02}.md", md(f"S{n}", date=f"2026-10-{n:02}")) for n in range(1, 22)]
    _build(site, "title: T\n", *articles)
    assert (site / "output/news/page/2/index.html").is_file()
    assert not (site / "output/news/page/3").exists()
    second = parse_html(site / "output/news/page/2/index.html")
    assert "/news/s01/" in hrefs(second)


def test_per_page_sets_page_size(site: Path) -> None:
    articles = [(f"news/s{n}.md", md(f"S{n}", date=f"2026-10-0{n}")) for n in range(1, 4)]
    _build(site, "title: T\nper_page: 1\n", *articles)
    assert (site / "output/news/page/3/index.html").is_file()


def test_sections_give_titles_and_descriptions(site: Path) -> None:
    _build(
        site,
        "title: T\nsections:\n  news:\n    title: Latest News\n    description: What happened.\n",
    )
    doc = parse_html(site / "output/news/index.html")
    assert doc.xpath("//h1/text()") == ["Latest News"]
    assert "What happened." in doc.text_content()


def test_sections_parse_in_order() -> None:
    config = parse_config({"title": "T", "sections": {"b": {"title": "Bee"}, "a/x/": None}})
    assert config.sections == (SectionConfig("b", "Bee"), SectionConfig("a/x", "X"))


def test_disclaimer_shows_under_articles(site: Path) -> None:
    _build(site, "title: T\ndisclaimer: Opinions are the writers' own.\n")
    assert (
        "Opinions are the writers' own."
        in parse_html(site / "output/news/a/index.html").text_content()
    )


def test_timezone_applies_to_dates_without_offset(site: Path) -> None:
    _build(site, "title: T\ntimezone: America/New_York\n", ("a.md", md(date="2026-11-20")))
    doc = parse_html(site / "output/a/index.html")
    assert doc.xpath("//main//time/@datetime") == ["2026-11-20T00:00:00-05:00"]


def test_base_url_without_trailing_slash_is_fine(site: Path) -> None:
    _build(site, "title: T\nbase_url: https://example.org/sub\n")
    assert "/sub/news/a/" in hrefs(parse_html(site / "output/index.html"))


def test_unknown_theme_in_site_yaml(site: Path) -> None:
    result = _build(site, "title: T\ntheme: nope\n")
    assert not result.ok
    assert "nope" in error_lines(result)[0]


def test_parse_config_rejects_unknown_key_with_source_error() -> None:
    with pytest.raises(SourceError) as caught:
        parse_config({"title": "T", "colour": "blue"}, {"colour": 4})
    assert str(caught.value).startswith("site.yaml:4: unknown key 'colour'")
