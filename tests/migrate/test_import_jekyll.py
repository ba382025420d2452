"""Importing a small Jekyll site, then building it: the mapping of every key, old URLs
answering with redirects, bodies converted, files beside the articles, the report."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import parse_html, text_of
from helpers_import import built, front, import_site, redirect_of, report_lines
from sources import JEKYLL

BASE = "https://example.org/blog/"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return import_site(tmp_path_factory.mktemp("jekyll"), "jekyll", JEKYLL)


@pytest.fixture(scope="module")
def out(imported) -> Path:
    return built(imported[0])


def test_site_yaml_has_title_base_url_time_zone_and_section_titles(imported) -> None:
    config = yaml.safe_load((imported[0] / "site.yaml").read_text())
    assert config == {
        "title": "Harbour Notes",
        "base_url": BASE,
        "timezone": "Europe/Paris",
        "sections": {"weather": {"title": "Weather"}, "news": {"title": "news"}},
    }


def test_front_matter_is_mapped(imported) -> None:
    storm = front(imported[0], "content/weather/storm-warning.md")
    assert storm["headline"] == "Storm warning"
    assert storm["summary"] == "A storm is coming."
    assert storm["date"] == "2026-01-05T00:00:00"  # from the file name, in the site's zone
    assert storm["updated"] == "2026-01-06T08:00:00+01:00"
    assert storm["authors"] == ["Jane Doe"]
    assert storm["tags"] == ["Alerts", "storms"]  # the first category is the section
    assert storm["image"] == "storm-warning/storm.gif"
    assert storm["layout"] == "post"  # other keys are kept as extras
    assert storm["aliases"] == ["/weather/alerts/2026/01/05/storm-warning/"]


def test_published_false_and_drafts_become_drafts(imported) -> None:
    assert front(imported[0], "content/secret.md")["draft"] is True
    draft = front(imported[0], "content/half-done.md")
    assert draft["draft"] is True and "date" not in draft and "aliases" not in draft


def test_a_permalink_in_front_matter_is_the_old_url(imported, out) -> None:
    assert front(imported[0], "content/news/council.md")["aliases"] == ["/council-meets.html"]
    assert redirect_of(out, "/council-meets.html", BASE) == BASE + "news/council/"


def test_every_old_url_answers_with_a_redirect(out) -> None:
    old = {
        "/weather/alerts/2026/01/05/storm-warning/": "weather/storm-warning/",
        "/weather/2026/01/04/flood/": "weather/flood/",
    }
    for path, new in old.items():
        assert redirect_of(out, path, BASE) == BASE + new


def test_liquid_tags_are_converted_and_others_left(imported) -> None:
    body = front(imported[0], "content/weather/storm-warning.md")["body"]
    assert "See [the flood](flood.md) and\n[it again](flood.md)." in body
    assert '```python\nprint("hi")\n```' in body
    assert "{{ kept }}" in body and "{% raw %}" not in body
    assert "{% include note.html %}" in body
    assert "> [!NOTE]\n> Stay inside." in body  # alerts are left to the renderer
    flood = front(imported[0], "content/weather/flood.md")["body"]
    assert flood == "Water over the quay at /images/storm.gif."


def test_site_absolute_images_are_copied_beside_the_article(imported, out) -> None:
    assert (imported[0] / "content/weather/storm-warning/radar.gif").read_text() == "png\n"
    doc = parse_html(out / "weather/storm-warning/index.html")
    assert text_of(doc.xpath("//h1")[0]) == "Storm warning"
    [src] = doc.xpath("//article//img[@alt='radar']/@src")
    assert (out / src.removeprefix("/blog/")).read_text() == "png\n"
    links = doc.xpath("//article//a[text()='the flood']/@href")
    assert links == ["/blog/weather/flood/"]


def test_markdown_pages_go_to_pages(imported) -> None:
    about = front(imported[0], "pages/about.md")
    assert about == {
        "title": "About us",
        "description": "Who we are.",
        "body": "We are a newsroom.",
    }


def test_report_counts_conversions_and_leftovers(imported) -> None:
    site, report = imported
    assert (site / "import-report.md").read_text() == report
    lines = report_lines(report)
    for line in (
        "- articles: 6 (drafts: 2, scheduled: 0)",
        "- pages: 1",
        "- images and other files: 2",
        "- aliases (old URLs that redirect): 5",
        "- title -> headline: 7",
        "- HTML post -> Markdown: 1",
        "- {% gist %}: 1",
        "- excerpt -> summary: 1",
        "- last_modified_at -> updated: 1",
        "- categories -> section (first) + tags (rest): 3",
        "- {% post_url %}: 1",
        "- {% link %}: 1",
        "- {% highlight %}: 1",
        "- {% raw %}: 1",
        "- _docs/: not imported (only _posts/ and _drafts/ hold articles)",
        f"    masthead build {site}",
    ):
        assert line in lines, line
    source = JEKYLL.split("-- _posts/2026-01-05-storm-warning.md --\n")[1].splitlines()
    line = source.index("{% include note.html %}") + 1
    where = f"_posts/2026-01-05-storm-warning.md:{line}"
    wanted = f"- {where}: left as it is: {{% include note.html %}}"
    assert wanted in lines


def test_categories_as_tags(tmp_path: Path) -> None:
    site, _ = import_site(tmp_path, "jekyll", JEKYLL, categories="tags")
    storm = front(site, "content/storm-warning.md")
    assert storm["tags"] == ["Weather", "Alerts", "storms"]
    assert "sections" not in yaml.safe_load((site / "site.yaml").read_text())
    built(site)


def test_html_posts_become_markdown(imported, out) -> None:
    old = front(imported[0], "content/old-html.md")
    assert old["body"] == "An *old* post.\n\n[Gist alice/42](https://gist.github.com/alice/42)"
    assert redirect_of(out, "/2026/01/01/old-html/", BASE) == BASE + "old-html/"
