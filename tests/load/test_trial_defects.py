"""Defects found building real content from elsewhere (issue 12): each with its regression test."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import add, build_site, error_lines, md, parse_html
from helpers import settle

from generator.cli import main


@pytest.mark.parametrize("renderer", ["python-markdown", "markdown-it"])
def test_an_email_autolink_is_a_mailto_link_not_a_missing_file(site: Path, renderer: str) -> None:
    (site / "site.yaml").write_text(f"title: T\nmarkdown: {renderer}\n")
    add(site, "news/a.md", md("A", "Write to <tips@example.org> today."))
    result = build_site(site)
    assert result.ok, error_lines(result)
    [link] = parse_html(site / "output/news/a/index.html").xpath("//article//a[text()]")
    assert link.get("href") == "mailto:tips@example.org"
    assert link.text_content() == "tips@example.org"


def test_each_missing_link_is_reported_at_its_own_line(site: Path) -> None:
    body = "![x](gone.png)\n\nText.\n\nMore.\n\n![y](gone.png) and [z](other.pdf)\n"
    add(site, "news/a.md", md("A", body))  # the body starts on line 6
    assert error_lines(build_site(site)) == [
        "content/news/a.md:6: links to a missing file: content/news/gone.png does not exist",
        "content/news/a.md:12: links to a missing file: content/news/gone.png does not exist",
        "content/news/a.md:12: links to a missing file: content/news/other.pdf does not exist",
    ]


def test_an_unclosed_list_is_reported_where_it_opens(site: Path) -> None:
    add(site, "news/a.md", "---\nheadline: A\ndate: 2026-11-20\ntags: [one, two\nsummary: S\n---\n")
    assert error_lines(build_site(site)) == [
        "content/news/a.md:4: YAML error: a list opened with '[' is not closed: add ']'"
    ]


def test_front_matter_and_link_errors_are_reported_in_one_run(site: Path) -> None:
    add(site, "news/a.md", md("A", date="whenever"))
    add(site, "news/b.md", md("B", "[see](missing.md) and [a](a.md)"))
    assert error_lines(build_site(site)) == [
        "content/news/a.md:3: 'date' is not a date: write 2026-11-25 or 2026-11-25T09:30:00+01:00",
        "content/news/b.md:6: links to a missing article: content/news/missing.md does not exist",
    ]  # (the link to a.md, which failed, is not reported as missing)
    assert not (site / "output").exists()


def test_more_errors_than_shown_say_how_many_there_were(site: Path, capsys) -> None:
    for n in range(60):
        add(site, f"news/a{n:02}.md", md("A", date="whenever"))
    assert main(["build", str(site)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len([line for line in lines if line.startswith("error: ")]) == 50
    assert lines[-1] == "build failed with 50 of 60 errors shown; the output folder is unchanged"


def test_an_alias_equal_to_the_own_url_is_ignored_with_a_note(site: Path) -> None:
    add(site, "news/a.md", md("A", aliases=["/news/a/", "/old/a/"]))
    settle(site)
    result = build_site(site)
    assert result.ok, error_lines(result)
    assert [w for w in result.warnings if w.startswith("content/")] == [
        "content/news/a.md:4: alias '/news/a/' is the article's own URL: ignored"
    ]
    assert (site / "output/old/a/index.html").is_file()
    assert parse_html(site / "output/news/a/index.html").xpath("//h1")
    again = build_site(site)  # the no-change fast path repeats it
    assert again.report.quick and again.warnings == result.warnings


@pytest.mark.parametrize("slug", ["🎉-party", "fête-👍🏽", "❤️"])
def test_slugs_with_emoji_are_accepted_and_percent_encoded_in_links(site: Path, slug: str) -> None:
    add(site, "news/a.md", f"---\nheadline: A\ndate: 2026-11-20\nslug: '{slug}'\n---\nBody.\n")
    result = build_site(site)
    assert result.ok, error_lines(result)
    assert (site / f"output/news/{slug}/index.html").is_file()
    links = parse_html(site / "output/news/index.html").xpath("//a/@href")
    assert f"/news/{quote(slug)}/" in links
