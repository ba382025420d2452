"""Bad article files: one `path:line: message` error each, a failed build, output untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import add, build_site, error_lines, md, one_error_line, parse_html, snapshot

HEAD = "---\nheadline: A\ndate: 2026-11-20\n"  # lines 1-3; the next key is on line 4

# file text, the line its error names (None: any line) and a phrase the message holds
BAD = {
    "no front matter": ("Just a story.\n", 1, "no front matter"),
    "front matter after text": ("\n---\nheadline: A\n---\n", 1, "front matter"),
    "not closed": ("---\nheadline: A\ndate: 2026-11-20\n", 1, "not closed"),
    "yaml syntax": ("---\ndate: 2026-11-20\nheadline: Storm: the aftermath\n---\n", 3, "YAML"),
    "yaml unclosed quote": (HEAD + 'summary: "open\n---\n', None, "YAML"),
    "yaml bad indent": ("---\nheadline: A\ndate: 2026-11-20\ntags:\n  - a\n - b\n---\n", 6, "YAML"),
    "list not mapping": ("---\n- headline\n- date\n---\n", 2, "mapping"),
    "text not mapping": ("---\njust words\n---\n", 2, "mapping"),
    "missing headline": ("---\ndate: 2026-11-20\n---\nBody\n", 1, "headline"),
    "empty headline": ('---\nheadline: "  "\ndate: 2026-11-20\n---\n', 2, "headline"),
    "null headline": ("---\nheadline:\ndate: 2026-11-20\n---\n", 2, "headline"),
    "headline a list": ("---\nheadline: [a]\ndate: 2026-11-20\n---\n", 2, "text"),
    "date words": ("---\nheadline: A\ndate: next tuesday\n---\n", 3, "not a date"),
    "date impossible": ("---\nheadline: A\ndate: 2026-13-45\n---\n", 3, "not a date"),
    "date a number": ("---\nheadline: A\ndate: 20261120\n---\n", 3, "not a date"),
    "date missing": ("---\nheadline: A\n---\n", 1, "'date' is missing"),
    "updated not a date": (HEAD + "updated: soon\n---\n", 4, "not a date"),
    "tags a string": (HEAD + "tags: floods\n---\n", 4, "'tags' must be a list"),
    "tags numbers": (HEAD + "tags: [1, 2]\n---\n", 4, "'tags' must be a list"),
    "tags nested": (HEAD + "tags: [[a]]\n---\n", 4, "'tags' must be a list"),
    "tags mapping": (HEAD + "tags: {a: b}\n---\n", 4, "'tags' must be a list"),
    "section dot-dot": (HEAD + "section: ../etc\n---\n", 4, "'..'"),
    "section inner dot-dot": (HEAD + "section: news/../..\n---\n", 4, "'..'"),
    "section absolute": (HEAD + "section: /etc\n---\n", 4, "absolute"),
    "section space": (HEAD + "section: my news\n---\n", 4, "URL"),
    "section question": (HEAD + "section: news?\n---\n", 4, "URL"),
    "slug dot-dot": (HEAD + "slug: ..\n---\n", 4, "'..'"),
    "slug slash": (HEAD + "slug: a/b\n---\n", 4, "one path part"),
    "slug absolute": (HEAD + "slug: /etc\n---\n", 4, "slug"),
    "slug question": (HEAD + "slug: what?\n---\n", 4, "URL"),
    "slug space": (HEAD + "slug: a b\n---\n", 4, "URL"),
    "slug hash": (HEAD + "slug: 'a#b'\n---\n", 4, "URL"),
    "summary a list": (HEAD + "summary: [a, b]\n---\n", 4, "'summary'"),
    "summary a date": (HEAD + "summary: 2026-11-20\n---\n", 4, "'summary'"),
    "draft not bool": (HEAD + "draft: maybe\n---\n", 4, "true or false"),
    "dir wrong": (HEAD + "dir: sideways\n---\n", 4, "ltr or rtl"),
    "both author keys": (HEAD + "author: A\nauthors: [B]\n---\n", 5, "either"),
    "duplicate key": (HEAD + "headline: B\n---\n", 4, "duplicate"),
    "python object": (
        "---\nheadline: !!python/object/apply:os.getcwd []\ndate: 2026-11-20\n---\n",
        2,
        "!!python",
    ),
    "python name": (HEAD + "x: !!python/name:os.system\n---\n", 4, "!!python"),
}


@pytest.mark.parametrize(("text", "line", "phrase"), BAD.values(), ids=BAD.keys())
def test_bad_article_is_one_located_error(
    site: Path, text: str, line: int | None, phrase: str
) -> None:
    add(site, "a.md", text)
    where = f"content/a.md:{line}: " if line else "content/a.md:"
    one_error_line(build_site(site), where, phrase)


@pytest.mark.parametrize("text", [text for text, _, _ in BAD.values()], ids=BAD.keys())
def test_bad_article_leaves_previous_output_untouched(site: Path, text: str) -> None:
    add(site, "a.md", md("Good"))
    assert build_site(site).ok
    before = snapshot(site / "output")
    add(site, "a.md", text)
    assert not build_site(site).ok
    assert snapshot(site / "output") == before


def test_python_tag_is_never_executed(site: Path) -> None:
    marker = site / "pwned"
    add(
        site,
        "a.md",
        f"---\nheadline: !!python/object/apply:os.mkdir ['{marker}']\ndate: 2026-11-20\n---\n",
    )
    assert not build_site(site).ok
    assert not marker.exists()


def test_non_utf8_file_names_its_line(site: Path) -> None:
    add(site, "news/a.md", "---\nheadline: Caf\u00e9\ndate: 2026-11-20\n---\n".encode("latin-1"))
    result = build_site(site)
    assert error_lines(result) == ["content/news/a.md:2: is not UTF-8 text: save the file as UTF-8"]


def test_utf8_bom_and_crlf_line_endings_are_fine(site: Path) -> None:
    text = "---\r\nheadline: Caf\u00e9 opens\r\ndate: 2026-11-20\r\n---\r\n\r\nBody.\r\n"
    add(site, "a.md", b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = build_site(site)
    assert result.ok, error_lines(result)
    doc = parse_html(site / "output/a/index.html")
    assert doc.xpath("//h1/text()") == ["Caf\u00e9 opens"]


def test_crlf_errors_keep_their_line_numbers(site: Path) -> None:
    add(site, "a.md", b"---\r\nheadline: A\r\ndate: someday\r\n---\r\n")
    assert error_lines(build_site(site))[0].startswith("content/a.md:3: ")


@pytest.mark.parametrize(
    ("path", "fix"),
    [("my news/a.md", {"section": "news"}), ("what?.md", {"slug": "what"})],
    ids=["folder name unless section is set", "file name unless slug is set"],
)
def test_bad_folder_or_file_name_is_an_error(site: Path, path: str, fix: dict) -> None:
    add(site, path, md())
    [line] = error_lines(build_site(site))
    assert line.startswith(f"content/{path}:1: ")  # names the file, so the bad part too
    add(site, path, md(**fix))
    assert build_site(site).ok


@pytest.mark.parametrize(
    ("files", "places"),
    [
        (
            {
                "a.md": "no front matter\n",
                "news/b.md": "---\nheadline: B\ndate: someday\n---\n",
                "news/c.md": md("C is fine"),
                "z.md": "---\nheadline: Z\ndate: 2026-11-20\ntags: x\n---\n",
            },
            ["content/a.md:1", "content/news/b.md:3", "content/z.md:4"],
        ),
        (
            {"a.md": "---\nheadline: ''\ndate: someday\ntags: x\n---\n"},
            ["content/a.md:2", "content/a.md:3", "content/a.md:4"],
        ),
    ],
    ids=["in several files", "in one file"],
)
def test_several_errors_are_reported_together(site: Path, files: dict, places: list) -> None:
    for path, text in files.items():
        add(site, path, text)
    assert [e.split(": ", 1)[0] for e in error_lines(build_site(site))] == places


def test_two_articles_with_the_same_url_name_both_files(site: Path) -> None:
    add(site, "news/a.md", md("A"))
    add(site, "news/b.md", md("B", slug="a"))
    [line] = error_lines(build_site(site))
    assert line.startswith("content/news/b.md:1: ")
    assert "content/news/a.md" in line
    assert "content/news/b.md" in line
    assert "/news/a/" in line


def test_same_url_by_section_and_folder(site: Path) -> None:
    add(site, "news/a.md", md("A"))
    add(site, "other/a.md", md("B", section="news"))
    [line] = error_lines(build_site(site))
    assert "content/news/a.md" in line
    assert "content/other/a.md" in line


def test_same_url_differing_in_case_only_is_an_error(site: Path) -> None:
    add(site, "news/a.md", md("A"))
    add(site, "news/A.md", md("B"))
    assert not build_site(site).ok


@pytest.mark.parametrize(
    ("files", "named", "clash"),
    [
        (
            {"news/local.md": md("A"), "news/local/b.md": md("B")},
            "content/news/local.md",
            "news/local/index.html",
        ),
        ({"tags.md": md("A", tags=["x"])}, "content/tags.md", "tags/index.html"),
        ({"a.md": md("A"), "a/index.html": "<p>x</p>"}, "content/a.md", "a/index.html"),
    ],
    ids=["article over a section index", "article over the tags index", "file over a page"],
)
def test_article_page_clashing_with_another_output_is_an_error(
    site: Path, files: dict, named: str, clash: str
) -> None:
    for path, text in files.items():
        add(site, path, text)
    result = build_site(site)
    assert not result.ok
    [line] = error_lines(result)
    assert named in line and clash in line


def test_draft_may_omit_its_date(site: Path) -> None:
    add(site, "a.md", md(date=None, draft=True))
    result = build_site(site, drafts=True)
    assert result.ok, error_lines(result)
    assert (site / "output/a/index.html").is_file()


def test_broken_draft_is_still_an_error(site: Path) -> None:
    add(site, "a.md", "---\nheadline: A\ndraft: true\ntags: x\n---\n")
    assert not build_site(site).ok


def test_error_result_has_no_output_when_first_build_fails(site: Path) -> None:
    add(site, "a.md", "no front matter\n")
    assert not build_site(site).ok
    assert not (site / "output").exists()


BREAKERS = {
    "non-UTF-8 file": ("a.md", "---\nheadline: Caf\u00e9\n---\n".encode("latin-1")),
    "duplicate URL": ("b.md", md("B", slug="a")),
    "link to a missing article": ("a.md", md("A", body="[x](gone.md)")),
    "missing image": ("a.md", md("A", body="![x](gone.png)")),
    "unknown theme": ("../site.yaml", "title: T\ntheme: nope\n"),
    "unknown config key": ("../site.yaml", "title: T\ncolour: red\n"),
}


@pytest.mark.parametrize(("path", "data"), BREAKERS.values(), ids=BREAKERS.keys())
def test_other_errors_leave_previous_output_untouched(site: Path, path: str, data) -> None:
    add(site, "a.md", md("A"))
    assert build_site(site).ok
    before = snapshot(site / "output")
    add(site, path, data)
    result = build_site(site)
    assert not result.ok
    assert len(error_lines(result)) == 1
    assert snapshot(site / "output") == before
