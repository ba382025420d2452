"""`masthead build` on content written for another generator (issue 12): `.markdown` files,
skipped Markdown said out loud, front matter and template tags of Jekyll and Hugo named with
their fix, site-absolute paths checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import add, build_site, error_lines, md, parse_html, text_of
from helpers import settle

from generator.build import BuildOptions
from generator.engine.engine import Engine


def content_warnings(result) -> list[str]:
    return [w for w in result.warnings if w.startswith("content/")]


def test_markdown_files_are_articles_like_md(site: Path) -> None:
    add(site, "news/long-name.markdown", md("Long", "See [the other](short.md)."))
    add(site, "news/short.md", md("Short", "See [the long one](long-name.markdown)."))
    result = build_site(site)
    assert result.ok, error_lines(result)
    assert result.articles == 2
    page = parse_html(site / "output/news/long-name/index.html")
    assert text_of(page.xpath("//h1")[0]) == "Long"
    links = parse_html(site / "output/news/short/index.html").xpath("//article//p//a/@href")
    assert links == ["/news/long-name/"]
    assert not (site / "output/news/long-name.markdown").exists()


def test_a_markdown_edit_is_seen_by_a_long_lived_engine(site: Path) -> None:
    path = add(site, "news/a.markdown", md("First"))
    engine = Engine()
    assert engine(BuildOptions(site)).ok
    path.write_text(md("Second"), encoding="utf-8")
    result = engine(BuildOptions(site, changed=("content/news/a.markdown",)))
    assert result.ok and result.report.read == ("news/a.markdown",)
    assert text_of(parse_html(site / "output/news/a/index.html").xpath("//h1")[0]) == "Second"


def test_markdown_skipped_for_other_reasons_than_a_private_name_is_a_warning(site: Path) -> None:
    add(site, "news/a.md", md("A"))
    add(site, "news/b.MD", md("B"))
    add(site, "news/#c.md", md("C"))
    add(site, "news/_d.md", md("D"))  # private: skipped without a word
    add(site, "news/.e.md", md("E"))
    result = build_site(site)
    assert result.ok, error_lines(result)
    assert content_warnings(result) == [
        "content/news/#c.md: skipped: names starting with '#' are ignored (an editor's file): "
        "rename it",
        "content/news/b.MD: copied as a file, not read as an article: only .md and .markdown "
        "files are",
    ]


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("_posts/2020-01-31-a.md", "content/_posts/: is skipped: names starting with '_' are "
         "ignored; run `masthead import jekyll`"),
        ("_index.md", "content/_index.md: is skipped: names starting with '_' are ignored; run "
         "`masthead import hugo`"),
        ("_old/a.markdown", "content/_old/: is skipped: names starting with '_' are ignored; "
         "rename it without the '_' to publish it"),
    ],
)  # fmt: skip
def test_a_site_with_markdown_but_no_article_says_why(site: Path, path: str, error: str) -> None:
    add(site, path, md("A"))
    assert error_lines(build_site(site)) == [error]
    assert not (site / "output").exists()


def test_a_site_without_any_markdown_still_builds(site: Path) -> None:
    add(site, "_drafts/readme.txt", "notes")
    assert build_site(site).ok


def test_title_instead_of_headline_names_the_fix(site: Path) -> None:
    add(site, "news/a.md", "---\ndate: 2026-11-20\ntitle: Jekyll's title\n---\nBody.\n")
    assert error_lines(build_site(site)) == [
        "content/news/a.md:3: 'headline' is missing; this file has 'title': rename it, or run "
        "`masthead import`"
    ]


def test_a_dated_jekyll_file_name_without_date_names_the_fix(site: Path) -> None:
    add(site, "news/2020-01-31-launch.md", md("Launch", date=None))
    assert error_lines(build_site(site)) == [
        "content/news/2020-01-31-launch.md:1: 'date' is missing; the file name starts with one: "
        "add `date: 2020-01-31`, or run `masthead import jekyll`"
    ]


def test_foreign_keys_kept_as_extras_are_warnings_naming_ours(site: Path) -> None:
    front = {"excerpt": "Short", "lastmod": "2026-11-21", "categories": ["news"]}
    add(site, "news/a.md", md("A", **front))
    result = build_site(site)
    assert result.ok, error_lines(result)
    assert content_warnings(result) == [
        f"content/news/a.md:{line}: '{key}' is not read (kept as extra data): Masthead reads "
        f"'{ours}'; rename it, or run `masthead import`"
        for key, ours, line in [("excerpt", "summary", 4), ("lastmod", "updated", 5),
                                ("categories", "section", 6)]
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("opening", "kind"), [("+++\ntitle = 'x'\n+++\n", "TOML (`+++`)"), ('{"title": "x"}\n', "JSON")]
)
def test_toml_and_json_front_matter_name_the_fix(site: Path, opening: str, kind: str) -> None:
    add(site, "news/a.md", opening + "Body.\n")
    [error] = error_lines(build_site(site))
    assert error.startswith(f"content/news/a.md:1: Front matter in {kind}")
    assert "Masthead reads YAML between `---` lines" in error


def test_shortcodes_and_liquid_tags_outside_code_are_warnings_with_lines(site: Path) -> None:
    body = (
        "Intro {% include note.html %}.\n\n"  # line 6
        "```\n{{< not-this >}} {% nor this %}\n```\n\n"
        "In code: `{{< code >}}`.\n\n"
        "{{< youtube abc >}}\n\n"  # line 14
        "{{% notice %}}\n"  # line 16
    )
    add(site, "news/a.md", md("A", body))
    result = build_site(site)
    assert result.ok, error_lines(result)
    assert content_warnings(result) == [
        "content/news/a.md:6: a Liquid tag is shown to readers as text: write it as Markdown or "
        "HTML, or run `masthead import jekyll`",
        "content/news/a.md:14: a Hugo shortcode is shown to readers as text (2 lines hold one): "
        "write it as Markdown or HTML, or run `masthead import hugo`",
    ]
    settle(site)
    again = build_site(site)
    assert build_site(site).report.quick and content_warnings(again) == content_warnings(result)


@pytest.mark.parametrize("renderer", ["python-markdown", "markdown-it"])
def test_site_absolute_paths_to_nothing_are_errors_with_lines(site: Path, renderer: str) -> None:
    (site / "site.yaml").write_text(f"title: T\nmarkdown: {renderer}\n")
    (site / "static/images").mkdir(parents=True)
    (site / "static/images/logo.png").write_bytes(b"png")
    add(site, "news/photo.gif", "jpeg")
    add(site, "news/b.md", md("B"))
    body = (
        "![gone](/images/x.png)\n\n"  # line 6: not a file of the site
        "![logo](/static/images/logo.png) ![photo](/news/photo.gif)\n\n"
        "[home](/) [news](/news/) [b](/news/b/) [b again](/news/b#top) [tag](/tags/)\n\n"
        "[old](/news/gone/) and <https://example.org/x>\n"  # line 12
    )
    add(site, "news/a.md", md("A", body))
    assert error_lines(build_site(site)) == [
        "content/news/a.md:6: links to a missing file: /images/x.png is no file or page of this "
        "site",
        "content/news/a.md:12: links to a missing file: /news/gone/ is no file or page of this "
        "site",
    ]


def test_site_absolute_paths_under_a_base_path_are_checked_under_it(site: Path) -> None:
    (site / "site.yaml").write_text("title: T\nbase_url: https://example.org/paper/\n")
    add(site, "news/b.md", md("B", "[a](/paper/news/a/) [feed](/paper/feed.xml) [x](/paper/x/)"))
    add(site, "news/a.md", md("A"))
    assert error_lines(build_site(site)) == [
        "content/news/b.md:6: links to a missing file: /paper/x/ is no file or page of this site"
    ]
