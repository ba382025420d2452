"""The build against hostile input: random and malicious front matter, bodies, file names and
folder trees (hypothesis), then every named case of the issue. For every input the build either
succeeds or fails with one-line errors naming the file; it never raises, never hangs, never writes
outside its output folder, and builds the same input to the same bytes."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, timedelta, timezone
from pathlib import Path

import lxml.etree
import pytest
import yaml
from conftest import NOW, add, md, parse_html, snapshot, write_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import BuildOptions, BuildResult, build
from generator.core.errors import SourceError
from generator.load.source import MAX_ARTICLE_BYTES, read_source
from generator.markup.base import TimeLimit
from generator.markup.base import time_limit as markup_time_limit

BASE = "https://example.org/"
SITE_YAML = f"title: Hostile Times\nbase_url: {BASE}\n"
CASE_SECONDS = 20  # a hard bound per generated case: a hang fails the test, it does not stall it


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (pytest runs tests on the main thread)."""

    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def everything(root: Path) -> dict[str, bytes | None]:
    """Every path under `root` (folders as None), symlinks not followed."""
    found: dict[str, bytes | None] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            regular = stat.S_ISREG(path.lstat().st_mode)  # never open a pipe
            found[rel] = path.read_bytes() if regular else None
    return found


def assert_clear(result: BuildResult, site: Path) -> None:
    """Errors are one line each, `path[:line]: message`, naming a file of the site (or, for
    pages, what produced them)."""
    for error in result.errors:
        assert isinstance(error, SourceError)
        text = str(error)
        assert "\n" not in text and "\r" not in text, text
        assert "Traceback" not in text
        assert error.path and error.message, text
        if error.path.startswith("content/") and "\\" not in error.path:
            assert os.path.lexists(site / error.path), text
    for warning in result.warnings:
        assert "\n" not in warning


def build_checked(site: Path, out: Path, **options: object) -> BuildResult:
    """Build, asserting the result is clear and nothing outside `out` (and the cache) changed."""
    root = site.parent
    before = {k: v for k, v in everything(root).items() if not _ours(k, out, site)}
    with time_limit(CASE_SECONDS):
        result = build(BuildOptions(site=site, out=out, now=NOW, jobs=1, **options))
    after = {k: v for k, v in everything(root).items() if not _ours(k, out, site)}
    assert after == before, "the build wrote or removed something outside its output folder"
    assert_clear(result, site)
    return result


def _ours(rel: str, out: Path, site: Path) -> bool:
    """Paths a build may touch: its output folder and the site's cache."""
    top = out.relative_to(site.parent).as_posix()
    cache = site.relative_to(site.parent).as_posix() + "/.masthead-cache"
    return any(rel == p or rel.startswith(p + "/") for p in (top, cache))


# ---------------------------------------------------------------------------------------------
# Random and malicious sites (hypothesis)

ANY_NAME_CHAR = st.characters(codec="utf-8", exclude_characters="/\x00", exclude_categories=("Cs",))
TEXT_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))  # what editors save
NAME_CHARS = st.sampled_from([*"abcxyz019-_. ", "é", "ü", "س", "ж", "🎉", "A", "%", "#", "'"])
HOSTILE_NAMES = ["..md", ".md", "index.md", "Index.md", "a b.md", "Syria.md", "syria.md",
                 "سوريا.md", "café.md", "cafe\u0301.md", "🎉.md", "feed.xml.md", "a\nb.md",
                 "-x.md", "x.MD", "404.md", "page.md", "robots.txt.md", "static.md"]  # fmt: skip
FOLDERS = ["", "", "news", "news", "news/world", "News", "tags", "authors", "static", "a b", "نص",
           "..x", "x.y", "news/page", "feed.xml"]  # fmt: skip
FRAGMENTS = [
    "# Heading\n", "---\n", "---\nheadline: fake\n---\n", "***\n", "> quote\n", "- item\n",
    "1. one\n", "[link](other.md)", "[up](../../../etc/passwd)", "![img](pic.png)",
    "[js](javascript:alert(1))", "<script>alert(1)</script>", "<iframe src=x></iframe>",
    "<a href='javascript:x'>a</a>", "`code`", "```\ncode\n```\n", "[^1]\n\n[^1]: note\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n", "{: onclick=x}", "&amp; &#0; &#xD800;", "\t", "\r\n",
    "\r", "\u2028", "\ufeff", "]]>", "</body>", "<!--", "*", "_", "[",
    "<", "\\", "%", "'", '"', "Ünïcödé", "مرحبا", "🎉",
]  # fmt: skip
YAML_CHARS = st.sampled_from([*":-[]{}&*!|>'\"#%@`,? \n\t", "a", "b", "1", "\\", "é"])

scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(),
    st.text(TEXT_CHARS, max_size=20),
    st.text(max_size=5),
    st.dates(min_value=date(1, 1, 1)),
    st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=-12))])),
)
value = st.recursive(
    scalar,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(TEXT_CHARS, max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
KEYS = ["headline", "date", "updated", "author", "authors", "tags", "summary", "slug", "section",
        "draft", "lang", "dir", "image", "image_alt", "corrections", "aliases", "translation_of",
        "disclaimer", "kicker", "headlnie"]  # fmt: skip


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["valid", "typed", "garbage"]))
    if kind == "garbage":
        return "".join(draw(st.lists(YAML_CHARS, max_size=60))) + "\n"
    headline = draw(st.text(TEXT_CHARS, min_size=1, max_size=40))
    when = draw(st.sampled_from(["2026-11-20", "1969-01-02", "2026-11-20T23:59:59-12:00"]))
    data: dict = {"headline": headline, "date": when}
    if kind == "typed":
        data.update(draw(st.dictionaries(st.sampled_from(KEYS), value, max_size=5)))
    text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False)
    return text


@st.composite
def article(draw: st.DrawFn) -> bytes:
    pieces = st.sampled_from(FRAGMENTS) | st.text(TEXT_CHARS, max_size=20)
    body = "".join(draw(st.lists(pieces, max_size=12)))
    text = "---\n" + draw(front_matter()) + "---\n" + body
    mutation = draw(st.integers(0, 30))
    if mutation == 0:
        return draw(st.binary(max_size=200))  # a binary file named .md
    if mutation == 1:  # a character pasted from elsewhere: control, NUL, lone surrogate
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["\x00", "\x0b", "\x1b", "\ud800"])) + text[at:]
    return text.encode("utf-8", "surrogatepass")


@st.composite
def trees(draw: st.DrawFn) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for _ in range(draw(st.integers(1, 4))):
        folder = draw(st.sampled_from(FOLDERS))
        name = draw(
            st.sampled_from(HOSTILE_NAMES)
            | st.text(NAME_CHARS, min_size=1, max_size=12)
            | st.text(NAME_CHARS, min_size=1, max_size=12)
            | st.text(ANY_NAME_CHAR, min_size=1, max_size=3)
        )
        name = name if name.endswith((".md", ".MD")) or draw(st.booleans()) else name + ".md"
        if len(name.encode()) > 200 or name in (".", ".."):
            continue
        files[f"{folder}/{name}".lstrip("/")] = draw(article())
    if draw(st.booleans()):
        files["news/pic.png"] = b"\x89PNG\r\n\x1a\n"
    return files


def write_files(site: Path, files: dict[str, bytes], site_yaml: str = SITE_YAML) -> None:
    site.mkdir(parents=True, exist_ok=True)
    (site / "site.yaml").write_text(site_yaml, encoding="utf-8")
    for rel, data in files.items():
        target = site / "content" / rel
        with contextlib.suppress(OSError):  # a name the file system refuses is no test case
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.parent.is_dir():
                continue
            target.write_bytes(data)


def assert_same_build(site: Path, first: Path, second: Path, result: BuildResult) -> None:
    """A second build of the same input, from scratch, gives the same result and bytes."""
    again = build_checked(site, second, cache=False)
    assert [str(e) for e in again.errors] == [str(e) for e in result.errors]
    if result.ok:
        assert snapshot(second) == snapshot(first)


@settings(
    max_examples=60,
    deadline=timedelta(seconds=CASE_SECONDS),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=trees())
def test_random_sites_build_or_fail_clearly_and_deterministically(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp, "site")
        write_files(site, files)
        result = build_checked(site, Path(tmp, "out1"))
        assert_same_build(site, Path(tmp, "out1"), Path(tmp, "out2"), result)


@settings(max_examples=50, deadline=timedelta(seconds=CASE_SECONDS))
@given(text=st.text(YAML_CHARS, max_size=200))
def test_random_site_yaml_builds_or_fails_clearly(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp, "site")
        write_files(site, {"a.md": md("A").encode()}, site_yaml="title: T\n" + text)
        build_checked(site, Path(tmp, "out"))


# ---------------------------------------------------------------------------------------------
# Named cases


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site folder inside tmp_path (whose other files must never change)."""
    write_tree(tmp_path / "site", f"-- site.yaml --\n{SITE_YAML}")
    return tmp_path / "site"


def one(site: Path, text: str | bytes, name: str = "news/a.md", **options: object) -> BuildResult:
    """Build the site with one extra article; returns the result (checked)."""
    add(site, name, text)
    return build_checked(site, site / "output", **options)


def single_error(result: BuildResult) -> str:
    assert not result.ok and len(result.errors) == 1, [str(e) for e in result.errors]
    return str(result.errors[0])


def alias_bomb(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]")
    return "\n".join(lines)


@pytest.mark.parametrize("where", ["article", "site.yaml"])
def test_yaml_alias_bomb_is_an_error_in_bounded_time(site: Path, where: str) -> None:
    if where == "article":
        text = "---\nheadline: Laughs\ndate: 2026-11-20\n" + alias_bomb() + "\n---\nBody.\n"
        error = single_error(one(site, text))
        assert error.startswith("content/news/a.md: YAML error: expands to more than")
    else:
        (site / "site.yaml").write_text("title: T\n" + alias_bomb() + "\n")
        error = single_error(one(site, md("A")))
        assert error.startswith("site.yaml: YAML error: expands to more than")


@pytest.mark.parametrize(
    "nesting",
    [
        "x: " + "[" * 100_000 + "]" * 100_000,
        "x: " + "{a: " * 50_000 + "}" * 50_000,
        "x:\n" + "".join(" " * n + "- \n" for n in range(1, 500)),
        "".join(" " * n + "k:\n" for n in range(500)) + " " * 500 + "v",
    ],
    ids=["flow-lists", "flow-maps", "block-lists", "block-maps"],
)
def test_very_deep_yaml_nesting_is_an_error_not_a_crash(site: Path, nesting: str) -> None:
    text = "---\nheadline: Deep\ndate: 2026-11-20\n" + nesting + "\n---\nBody.\n"
    error = single_error(one(site, text))
    assert "YAML error: nested more than 64 levels deep" in error


def test_huge_article_is_a_clear_error_at_once(site: Path) -> None:
    paragraph = ("The harbour wall held for another night. " * 25 + "\n\n").encode()
    text = md("Huge").encode() + paragraph * (33 * 1024 * 1024 // len(paragraph) + 1)
    assert len(text) > 33 * 1024 * 1024
    error = single_error(one(site, text))
    assert error == (
        "content/news/a.md: is over 32 MB: split it, or put data in files beside it and link to "
        "them"
    )


def test_a_live_blog_over_4_mb_is_read(site: Path) -> None:
    """The limit was 4 MB: a live blog grows past it."""
    paragraph = "Update: the harbour wall held for another night. " * 20 + "\n\n"
    add(site, "news/live.md", md("Live", paragraph * (5 * 1024 * 1024 // len(paragraph) + 1)))
    source, data = read_source(site, "news/live.md")
    assert len(data) > 5 * 1024 * 1024 > 4 * 1024 * 1024
    assert source.text.startswith('---\nheadline: "Live"')


def test_big_article_under_the_limit_builds(site: Path) -> None:
    paragraph = "The harbour wall *held* for another [night](https://example.org/). " * 20
    body = "\n\n".join([paragraph] * (1024 * 1024 // len(paragraph)))
    result = one(site, md("Big", body))
    assert result.ok, result.errors
    assert len((site / "output/news/a/index.html").read_bytes()) > 1024 * 1024
    assert MAX_ARTICLE_BYTES == 32 * 1024 * 1024


def test_huge_front_matter_is_a_clear_error(site: Path) -> None:
    lines = "".join(f"note{n}: {'x' * 100}\n" for n in range(10_000))
    error = single_error(one(site, "---\nheadline: H\ndate: 2026-11-20\n" + lines + "---\nB\n"))
    assert error == "content/news/a.md:1: front matter is over 256 KB: keep long text in the body"


def test_big_front_matter_under_the_limit_builds(site: Path) -> None:
    lines = "".join(f"note{n}: {'x' * 100}\n" for n in range(1_000))
    assert one(site, "---\nheadline: H\ndate: 2026-11-20\n" + lines + "---\nB\n").ok


@pytest.mark.parametrize(
    "data, line",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1),
        (b"---\nheadline: A\ndate: 2026-11-20\n---\nBody \x00 text\n", 5),
        (bytes(range(256)), 2),
    ],
    ids=["png", "nul-in-body", "all-bytes"],
)
def test_binary_files_named_md_are_one_error(site: Path, data: bytes, line: int) -> None:
    error = single_error(one(site, data))
    assert error.startswith(f"content/news/a.md:{line}: ")
    assert "UTF-8" in error or "NUL" in error


@pytest.mark.parametrize(
    "text, line",
    [
        ('---\nheadline: "Half \\ud800 a character"\ndate: 2026-11-20\n---\nB\n', 2),
        ('---\nheadline: A\ndate: 2026-11-20\nkicker: "\\udfff"\n---\nB\n', 4),
        (b"---\nheadline: A\ndate: 2026-11-20\n---\nCESU \xed\xa0\x80 bytes\n", 5),
    ],
    ids=["yaml-escape", "yaml-escape-low", "encoded-surrogate"],
)
def test_lone_surrogates_are_one_located_error(site: Path, text: str | bytes, line: int) -> None:
    error = single_error(one(site, text))
    assert error.startswith(f"content/news/a.md:{line}: ")


@pytest.mark.parametrize(
    "text, line, code",
    [
        ('---\nheadline: "Bell \\a"\ndate: 2026-11-20\n---\nB\n', 2, "U+0007"),
        ('---\nheadline: "Null \\0 here"\ndate: 2026-11-20\n---\nB\n', 2, "U+0000"),
        ("---\nheadline: A\ndate: 2026-11-20\n---\nA\n\nPasted\x0bfrom Word\n", 7, "U+000B"),
        ("---\nheadline: A\ndate: 2026-11-20\n---\nEscape \x1b[31m red\n", 5, "U+001B"),
    ],
)
def test_control_characters_feeds_cannot_carry_are_located_errors(
    site: Path, text: str, line: int, code: str
) -> None:
    error = single_error(one(site, text))
    assert error.startswith(f"content/news/a.md:{line}: ")
    assert code in error


def test_mixed_line_endings_keep_line_numbers(site: Path) -> None:
    text = "---\r\nheadline: A\rdate: 2026-11-20\n\r\nheadlnie: typo\r\n---\nBody\r\n"
    error = single_error(one(site, text))
    assert error.startswith("content/news/a.md:5: unknown key 'headlnie'")


def test_mixed_line_endings_build(site: Path) -> None:
    result = one(site, "---\r\nheadline: Mixed\rdate: 2026-11-20\n---\r\nOne\r\rTwo\nThree\r\n")
    assert result.ok, result.errors
    paragraphs = parse_html(site / "output/news/a/index.html").xpath("//main//p")
    assert any("One" in p.text_content() for p in paragraphs)


def test_front_matter_fence_inside_the_body_is_body(site: Path) -> None:
    body = "Before\n\n---\nheadline: Impostor\nslug: other\n---\n\nAfter"
    assert one(site, md("Real", body)).ok
    page = parse_html(site / "output/news/a/index.html")
    assert page.xpath("string(//h1)").strip() == "Real"
    assert "Impostor" in page.xpath("string(//main)")
    assert not (site / "output/news/other").exists()


def test_tabs_in_yaml_are_a_located_error(site: Path) -> None:
    text = "---\nheadline: A\ndate: 2026-11-20\ntags:\n\t- one\n---\nB\n"
    error = single_error(one(site, text))
    assert error.startswith("content/news/a.md:5: YAML error:")


@pytest.mark.parametrize(
    "front, line",
    [
        ("headline: A\ndate: 2026-11-20\nheadline: B", 4),
        ("headline: A\ndate: 2026-11-20\nkicker: {a: 1, a: 2}", 4),
        (
            "headline: A\ndate: 2026-11-20\ncorrections:\n  - {date: 2026-11-21, date: 2026-11-22}",
            5,
        ),
        ("headline: A\ndate: 2026-11-20\n'tags': [a]\ntags: [b]", 5),
    ],
    ids=["top-level", "same-line", "nested", "quoted"],
)
def test_duplicate_keys_are_errors_not_last_one_wins(site: Path, front: str, line: int) -> None:
    error = single_error(one(site, f"---\n{front}\n---\nBody\n"))
    assert error.startswith(f"content/news/a.md:{line}: YAML error: duplicate key")


@pytest.mark.parametrize(
    "headline, shown",
    [("42", "42"), ("3.5", "3.5"), ("-7", "-7"), ("0x1F", "31"), ("'007'", "007")],
)
def test_numeric_headlines_become_text(site: Path, headline: str, shown: str) -> None:
    assert one(site, f"---\nheadline: {headline}\ndate: 2026-11-20\n---\nB\n").ok
    page = parse_html(site / "output/news/a/index.html")
    assert page.xpath("string(//h1)").strip() == shown


@pytest.mark.parametrize("headline", ["[a, b]", "{a: 1}", "2026-11-20", "true", "~"])
def test_non_text_headlines_are_located_errors(site: Path, headline: str) -> None:
    error = single_error(one(site, f"---\nheadline: {headline}\ndate: 2026-11-20\n---\nB\n"))
    assert error.startswith("content/news/a.md:2: 'headline' ")


@pytest.mark.parametrize(
    "when, published",
    [
        ("1969-07-20T20:17:00Z", "1969-07-20T20:17:00+00:00"),
        ("1850-01-01", "1850-01-01T00:00:00+00:00"),
        ("1066-10-14T09:00:00-01:00", "1066-10-14T09:00:00-01:00"),
    ],
)
def test_dates_before_1970_build(site: Path, when: str, published: str) -> None:
    assert one(site, md("Old", date=when)).ok
    page = parse_html(site / "output/news/a/index.html")
    data = [json.loads(s.text) for s in page.xpath("//script[@type='application/ld+json']")]
    assert data[0]["datePublished"] == published
    feed = lxml.etree.parse(str(site / "output/feed.xml"))
    assert feed.findtext(
        "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}published"
    )


@pytest.mark.parametrize(
    "when",
    ["0001-01-01", "0999-12-31", "9999-12-31", "9999-12-31T23:00:00-05:00", "10000-01-01",
     "99999-01-01T00:00:00Z", "2026-02-30", "2026-01-01T25:00:00"],
)  # fmt: skip
@pytest.mark.parametrize("future", [False, True])
def test_dates_out_of_range_are_located_errors(site: Path, when: str, future: bool) -> None:
    error = single_error(one(site, md("Far", date=when), future=future))
    assert error.startswith("content/news/a.md:3: 'date' ")


def test_updated_and_correction_dates_are_bounded_too(site: Path) -> None:
    corrections = [{"date": "0010-01-01", "text": "x"}]
    result = one(site, md("A", updated="9999-12-31", corrections=corrections))
    assert {e.path for e in result.errors} == {"content/news/a.md"}
    assert {e.line for e in result.errors} == {4, 5}


@pytest.mark.parametrize(
    "when, site_tz, published",
    [
        ("2026-11-20T09:30:00+05:30", "UTC", "2026-11-20T09:30:00+05:30"),
        ("2026-11-20T09:30:00", "Asia/Kolkata", "2026-11-20T09:30:00+05:30"),
        ("2026-03-29T01:30:00", "Europe/London", "2026-03-29T01:30:00+00:00"),  # DST gap
        ("2026-11-20T23:30:00-11:00", "Pacific/Kiritimati", "2026-11-20T23:30:00-11:00"),
    ],
)
def test_time_zones(site: Path, when: str, site_tz: str, published: str) -> None:
    (site / "site.yaml").write_text(SITE_YAML + f"timezone: {site_tz}\n")
    assert one(site, md("Zoned", date=when)).ok
    page = parse_html(site / "output/news/a/index.html")
    data = json.loads(page.xpath("string(//script[@type='application/ld+json'][1])"))
    assert data["datePublished"] == published


def test_case_insensitive_url_collision_names_both_files(site: Path) -> None:
    add(site, "news/Syria.md", md("One"))
    error = single_error(one(site, md("Two"), "news/syria.md"))
    assert "content/news/Syria.md" in error and "content/news/syria.md" in error


def test_case_insensitive_file_collision_is_an_error(site: Path) -> None:
    add(site, "news/Photo.JPG", b"one")
    result = one(site, b"two", "news/photo.jpg")
    assert not result.ok
    assert "photo.jpg" in str(result.errors[0]).lower()


def test_unicode_slugs_and_their_percent_encoded_urls(site: Path) -> None:
    add(site, "أخبار/سوريا.md", md("Arabic", "[accents](../world/café.md)", tags=["Été"]))
    add(site, "world/café.md", md("Accents"))
    add(site, "world/cafe\u0301-nfd.md", md("Decomposed name, as macOS writes it"))
    add(site, "world/my photo.gif", b"\x89PNG")
    result = one(site, md("Spaces", "![pic](my%20photo.gif)"), "world/plain.md")
    assert result.ok, result.errors
    out = site / "output"
    assert (out / "أخبار/سوريا/index.html").is_file()
    assert (out / "world/café/index.html").is_file()
    assert (out / "world/café-nfd/index.html").is_file()  # NFC, whatever the file name's form
    page = parse_html(out / "أخبار/سوريا/index.html")
    links = page.xpath("//main//a/@href")
    assert "/world/caf%C3%A9/" in links
    plain = parse_html(out / "world/plain/index.html")
    assert "/world/my%20photo.gif" in plain.xpath("//main//img/@src")
    sitemap = (out / "sitemap.xml").read_text()
    assert f"{BASE}%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7/" in sitemap
    assert (out / "tags/ete/index.html").is_file()


def test_emoji_file_name_is_a_unicode_slug(site: Path) -> None:
    assert one(site, md("Party"), "news/🎉.md").ok
    assert (site / "output/news/🎉/index.html").is_file()


def test_file_name_with_spaces_is_a_clear_error_unless_slug_is_set(site: Path) -> None:
    error = single_error(one(site, md("Spaced"), "news/my story.md"))
    assert "rename it or set `slug:`" in error
    assert one(site, md("Spaced", slug="my-story"), "news/my story.md").ok
    assert (site / "output/news/my-story/index.html").is_file()


@pytest.mark.parametrize(
    "front",
    [{"slug": "x" * 300}, {"section": "a/" * 600 + "b"}, {"tags": ["t" * 300]},
     {"author": "a" * 300}, {"aliases": ["/" + "o" * 300 + "/"]}, {"author": "!!!"}],
)  # fmt: skip
def test_names_too_long_for_a_file_system_are_located_errors(site: Path, front: dict) -> None:
    error = single_error(one(site, md("Long", **front)))
    assert error.startswith("content/news/a.md:")


def test_symlinks_out_of_content_are_not_followed_and_warned(site: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "passwd.md").write_text(md("Stolen"))
    (secret / "key.txt").write_text("SECRET KEY")
    add(site, "news/ok.md", md("Fine"))
    (site / "content/news/leak.md").symlink_to(secret / "passwd.md")
    (site / "content/news/key.txt").symlink_to(secret / "key.txt")
    (site / "content/folder").symlink_to(secret, target_is_directory=True)
    (site / "content/news/loop.md").symlink_to(site / "content/news/loop.md")
    (site / "content/news/nowhere.md").symlink_to(tmp_path / "missing.md")
    result = build_checked(site, site / "output")
    assert result.ok, result.errors
    assert sorted(result.warnings) == sorted(
        [
            "content/folder: a link to a folder (links to folders are never followed); skipped",
            "content/news/key.txt: a link to a file outside content/; skipped",
            "content/news/leak.md: a link to a file outside content/; skipped",
            "content/news/loop.md: a link that leads nowhere (Too many levels of symbolic "
            "links); skipped",
            "content/news/nowhere.md: a link that leads nowhere (No such file or directory); "
            "skipped",
        ]
    )
    for data in snapshot(site / "output").values():
        assert b"SECRET KEY" not in data and b"Stolen" not in data


def test_symlink_inside_content_to_a_file_inside_is_followed(site: Path) -> None:
    add(site, "news/map.gif", b"\x89PNG")
    (site / "content/news/same.gif").symlink_to(site / "content/news/map.gif")
    assert one(site, md("A", "![m](same.gif)")).ok
    assert (site / "output/news/same.gif").read_bytes() == b"\x89PNG"


def test_folder_link_loop_inside_content_does_not_hang(site: Path) -> None:
    add(site, "news/a.md", md("A"))
    (site / "content/news/again").symlink_to(site / "content/news", target_is_directory=True)
    result = build_checked(site, site / "output")
    assert result.ok and result.articles == 1


def test_content_folder_that_is_itself_a_symlink_builds(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    (articles / "news").mkdir(parents=True)
    (articles / "news/a.md").write_text(md("Linked"))
    outside = tmp_path / "outside.md"
    outside.write_text(md("Outside"))
    (articles / "news/out.md").symlink_to(outside)
    site = tmp_path / "site"
    write_tree(site, f"-- site.yaml --\n{SITE_YAML}")
    (site / "content").symlink_to(articles, target_is_directory=True)
    result = build_checked(site, site / "output")
    assert result.ok, result.errors
    assert (site / "output/news/a/index.html").is_file()
    assert result.warnings[0] == "content/news/out.md: a link to a file outside content/; skipped"


def test_pipe_named_md_is_skipped_not_waited_for(site: Path) -> None:
    add(site, "news/a.md", md("A"))
    os.mkfifo(site / "content/news/pipe.md")
    result = build_checked(site, site / "output")
    assert result.ok
    assert result.warnings == (
        "content/news/pipe.md: not a regular file (a pipe, socket or device); skipped",
    )


def test_file_names_that_are_not_text_are_one_line_errors(site: Path) -> None:
    add(site, "news/a.md", md("A"))
    (site / "content/news/a\nb.md").write_text(md("Newline"))
    os.close(os.open(os.path.join(os.fsencode(site / "content/news"), b"\xff.png"), os.O_CREAT))
    result = build_checked(site, site / "output")
    assert sorted(str(e) for e in result.errors) == [
        "content/news/\\udcff.png: the name holds a control character or is not UTF-8: rename it",
        "content/news/a\\nb.md: the name holds a control character or is not UTF-8: rename it",
    ]


def without_root_powers(args: list[str]) -> list[str]:
    """The command run without root's power to read any file (root in CI and containers)."""
    if os.geteuid() != 0:
        return args
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", *args]


def test_unreadable_files_and_folders_are_one_line_errors(site: Path) -> None:
    add(site, "news/a.md", md("A"))
    add(site, "news/secret.md", md("Secret"))
    add(site, "news/photo.gif", b"\x89PNG")
    add(site, "closed/b.md", md("B"))
    os.chmod(site / "content/news/secret.md", 0)
    os.chmod(site / "content/news/photo.gif", 0)
    os.chmod(site / "content/closed", 0)
    command = without_root_powers([sys.executable, "-m", "generator", "build", str(site)])
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    finally:
        os.chmod(site / "content/closed", 0o755)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert "error: content/closed: folder cannot be read (Permission denied)" in lines
    assert "error: content/news/photo.gif: cannot be read (permission denied)" in lines
    assert "error: content/news/secret.md: cannot be read (permission denied)" in lines
    assert lines[-1].startswith("build failed with 3 error(s)")


@pytest.mark.parametrize(
    "body, problem",
    [
        ("[" * 20_000, "takes too long"),
        ("<a " * 20_000, "takes too long"),
        ("*" * 3000 + "deep" + "*" * 3000, "nests too deeply"),
    ],
    ids=["brackets", "unclosed-tags", "emphasis"],
)
def test_pathological_markdown_is_an_error_in_bounded_time(
    site: Path, body: str, problem: str
) -> None:
    with markup_time_limit(TimeLimit(base=1.0)):
        error = single_error(one(site, md("Slow", body)))
    assert error.startswith("content/news/a.md:6: the body ") and problem in error


def test_unclosed_raw_tags_take_linear_time(site: Path) -> None:
    """Smart punctuation must not rescan to the end of the body for every unclosed <code>
    (pasted HTML): 110 KB of them took 9 s, 440 KB 70 s, and no deadline can stop it."""
    began = time.monotonic()
    assert one(site, md("Pasted", "x <code> y " * 10_000)).ok
    assert time.monotonic() - began < 3


def test_pathological_markdown_does_not_break_the_next_article(site: Path) -> None:
    add(site, "news/deep.md", md("Deep", ">" * 5000 + " x\n\n" + "*" * 3000 + "a" + "*" * 3000))
    add(site, "news/z.md", md("Fine", "Just *text*."))
    result = build_checked(site, site / "output")
    assert [str(e) for e in result.errors] == [
        "content/news/deep.md:6: the body nests too deeply (quotes, lists or emphasis inside "
        "each other)"
    ]
    (site / "content/news/deep.md").unlink()
    assert build_checked(site, site / "output").ok
    assert "<em>text</em>" in (site / "output/news/z/index.html").read_text()


@pytest.mark.parametrize(
    "line",
    [
        "theme: ../../../etc", "base_url: 'https://example.org/\"><script>'", "per_page: 1e400",
        "news_sitemap_days: 100000000", "timezone: ../../etc/passwd", "unsafe_html: maybe",
        "title: [a, b]", "sections: {'../x': {title: X}}", "feed_limit: -1", "language: '<x>'",
    ],
)  # fmt: skip
def test_hostile_site_yaml_is_one_clear_error(site: Path, line: str) -> None:
    (site / "site.yaml").write_text("title: T\n" + line + "\n")
    error = single_error(one(site, md("A")))
    assert error.startswith("site.yaml:")


def test_cli_never_shows_a_traceback(tmp_path: Path) -> None:
    """The command, on a site holding many of the cases above at once: one line per problem."""
    site = tmp_path / "site"
    write_tree(site, f"-- site.yaml --\n{SITE_YAML}")
    cases = {
        "bomb.md": "---\nheadline: B\ndate: 2026-11-20\n" + alias_bomb() + "\n---\n",
        "deep.md": "---\nx: " + "[" * 50_000 + "\n---\n",
        "binary.md": bytes(range(256)),
        "far.md": md("Far", date="9999-12-31"),
        "dup.md": "---\nheadline: A\nheadline: B\ndate: 2026-11-20\n---\n",
        "ok.md": md("Fine"),
    }
    for name, text in cases.items():
        add(site, f"news/{name}", text)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(site), "--future"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    lines = done.stderr.splitlines()
    assert all(line.startswith(("error: ", "warning: ", "build failed")) for line in lines), lines
    assert len([line for line in lines if line.startswith("error: ")]) == 5
    assert not (site / "output").exists()
