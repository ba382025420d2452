"""Unit tests of generator.load (frontmatter, fields, source) and yamlio: one article file, given
as a string."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from generator.core.config import parse_config
from generator.core.errors import SourceError
from generator.core.model import Article
from generator.core.yamlio import load_yaml
from generator.load.fields import Field, Fields, ParseSettings, always
from generator.load.frontmatter import FIELDS, KNOWN, ArticleErrors, parse_article
from generator.load.source import Source, decode, split

CONFIG = ParseSettings.of(
    parse_config({"title": "T", "disclaimer": "Site note.", "timezone": "Europe/London"})
)


def _source(text: str, article_id: str = "news/field-reports/flood.md") -> Source:
    return Source(article_id, f"content/{article_id}", text)


def _parse(front: str, body: str = "Body.", article_id: str = "news/field-reports/flood.md"):
    article, _ = parse_article(_source(f"---\n{front}---\n{body}", article_id), CONFIG)
    return article


def _errors(front: str, article_id: str = "news/a.md") -> list[str]:
    with pytest.raises(ArticleErrors) as caught:
        _parse(front, article_id=article_id)
    return [str(e) for e in caught.value.errors]


MINIMAL = "headline: Flood\ndate: 2026-11-20\n"


def test_defaults_from_the_file_path() -> None:
    article = _parse(MINIMAL)
    assert (article.section, article.slug, article.url) == (
        "news/field-reports",
        "flood",
        "news/field-reports/flood/",
    )
    assert (article.id, article.source) == (
        "news/field-reports/flood.md",
        "content/news/field-reports/flood.md",
    )


def test_defaults_for_optional_keys() -> None:
    article = _parse(MINIMAL)
    assert article.authors == article.tags == ()
    assert (article.draft, article.lang, article.dir, article.image, article.updated) == (
        False,
        None,
        None,
        None,
        None,
    )
    assert article.disclaimer == "Site note."
    assert article.extra == {}


def test_section_and_slug_from_front_matter() -> None:
    article = _parse(MINIMAL + "section: business\nslug: flood-2026\n")
    assert article.url == "business/flood-2026/"


def test_article_at_content_root_has_no_section() -> None:
    article = _parse(MINIMAL, article_id="about.md")
    assert (article.section, article.url) == ("", "about/")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-20", datetime(2026, 11, 20, tzinfo=UTC)),  # London winter: +00:00
        ("2026-06-01", datetime(2026, 5, 31, 23, tzinfo=UTC)),  # London summer: +01:00
        ("2026-11-20 09:30:00", datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
        ("2026-11-20T09:30:00+01:00", datetime(2026, 11, 20, 8, 30, tzinfo=UTC)),
        ("2026-11-20T09:30:00Z", datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
        ("'2026-11-20T09:30'", datetime(2026, 11, 20, 9, 30, tzinfo=UTC)),
    ],
)
def test_dates_with_and_without_time_and_offset(value: str, expected: datetime) -> None:
    published = _parse(f"headline: A\ndate: {value}\n").date
    assert published.tzinfo is not None
    assert published == expected


def test_date_keeps_its_own_offset() -> None:
    published = _parse("headline: A\ndate: 2026-11-20T09:30:00+05:30\n").date
    assert published.utcoffset() == timedelta(hours=5, minutes=30)


def test_updated_is_parsed_like_date() -> None:
    article = _parse(MINIMAL + "updated: 2026-11-21T10:00:00-05:00\n")
    assert article.updated == datetime(2026, 11, 21, 10, tzinfo=timezone(timedelta(hours=-5)))


@pytest.mark.parametrize(
    ("front", "authors"),
    [
        ("author: Jane Doe\n", ("Jane Doe",)),
        ("authors: [Jane Doe, Ali Hassan]\n", ("Jane Doe", "Ali Hassan")),
        ("author: [Jane Doe, Ali Hassan]\n", ("Jane Doe", "Ali Hassan")),
        ("authors: [Jane Doe, Jane Doe]\n", ("Jane Doe",)),
    ],
)
def test_author_or_authors(front: str, authors: tuple[str, ...]) -> None:
    assert _parse(MINIMAL + front).authors == authors


def test_tags_are_stripped_and_deduplicated_in_order() -> None:
    assert _parse(MINIMAL + "tags: [' ferries ', council, ferries]\n").tags == (
        "ferries",
        "council",
    )


def test_summary_defaults_to_first_paragraph() -> None:
    article = _parse(MINIMAL, body="\nThe *sea* rose.\n\nMore.\n")
    assert article.summary == "The sea rose."


def test_summary_from_front_matter() -> None:
    assert _parse(MINIMAL + "summary: Short.\n").summary == "Short."


@pytest.mark.parametrize(
    ("front", "disclaimer"),
    [
        ("", "Site note."),
        ("disclaimer: Paid for by X.\n", "Paid for by X."),
        ("disclaimer: false\n", None),
    ],
)
def test_disclaimer(front: str, disclaimer: str | None) -> None:
    assert _parse(MINIMAL + front).disclaimer == disclaimer


@pytest.mark.parametrize(
    ("front", "lang", "direction"),
    [
        ("lang: ar\n", "ar", "rtl"),
        ("lang: fa-IR\n", "fa-IR", "rtl"),
        ("lang: en-GB\n", "en-GB", "ltr"),
        ("lang: en\ndir: rtl\n", "en", "rtl"),
        ("", None, None),
    ],
)
def test_lang_and_dir(front: str, lang: str | None, direction: str | None) -> None:
    article = _parse(MINIMAL + front)
    assert (article.lang, article.dir) == (lang, direction)


@pytest.mark.parametrize(
    ("value", "image"),
    [
        ("photo.jpg", "news/field-reports/photo.jpg"),
        ("../map.png", "news/map.png"),
        ("/shared/logo.png", "shared/logo.png"),
        ("https://cdn.example.org/p.jpg", "https://cdn.example.org/p.jpg"),
    ],
)
def test_image_paths(value: str, image: str) -> None:
    article = _parse(MINIMAL + f"image: {value}\nimage_alt: A picture\n")
    assert (article.image, article.image_alt) == (image, "A picture")


def test_unknown_keys_go_to_extra() -> None:
    article = _parse(MINIMAL + "kicker: Exclusive\nrating: 4\nboxes: [a, b]\n")
    assert article.extra == {"kicker": "Exclusive", "rating": 4, "boxes": ["a", "b"]}


def test_near_miss_of_a_known_key_is_an_error() -> None:
    assert _errors(MINIMAL + "headlines: B\n") == [
        "content/news/a.md:4: unknown key 'headlines': did you mean 'headline'? (unknown keys "
        "are kept as extra data only when they are not near a known one)"
    ]


def test_draft_needs_no_date() -> None:
    article = _parse("headline: A\ndraft: true\n")
    assert (article.draft, article.date) == (True, None)


def test_numbers_are_accepted_as_text() -> None:
    assert _parse("headline: 1984\ndate: 2026-11-20\n").headline == "1984"


def test_errors_carry_the_line_of_their_key() -> None:
    found = _errors("headline: A\ndate: 2026-11-20\n\n# comment\ntags: nope\nslug: 'a b'\n")
    assert sorted(found) == [
        "content/news/a.md:6: 'tags' must be a list of text, e.g. tags: [one, two]",
        "content/news/a.md:7: 'slug' holds characters not allowed in a URL path ('a b'): use "
        "letters, digits, '-' and '_'",
    ]


def test_missing_key_errors_point_at_the_opening_line() -> None:
    assert _errors("tags: [a]\n") == [
        "content/news/a.md:1: 'headline' is missing or empty: add `headline: ...` to the "
        "front matter",
        "content/news/a.md:1: 'date' is missing: add `date: YYYY-MM-DD` (only drafts may omit it)",
    ]


def test_impossible_calendar_date_is_an_error_not_a_crash() -> None:
    assert _errors("headline: A\ndate: 2026-02-30\n") == [
        "content/news/a.md:3: 'date' is not a date: write 2026-11-25 or 2026-11-25T09:30:00+01:00"
    ]


def test_date_shaped_text_stays_text_elsewhere() -> None:
    assert _parse(MINIMAL + "kicker: 2026-13-45\n").extra == {"kicker": "2026-13-45"}


def test_every_field_of_the_table_fills_an_article_attribute() -> None:
    assert {field.name for field in FIELDS} <= set(Article.__dataclass_fields__)


def test_the_known_keys_are_the_table_with_its_aliases() -> None:
    assert set(KNOWN) == {field.name for field in FIELDS} | {"author"}


def test_a_table_gives_defaults_missing_errors_and_aliases() -> None:
    table = (
        Field("kicker", Fields.text, required=always),
        Field("weight", Fields.text, default="0"),
        Field("credits", Fields.strings, aliases=("credit",)),
    )
    lines = {"credit": 2, "credits": 3}
    fields = Fields(_source(""), {"credit": ["A"], "credits": ["B"]}, lines, ParseSettings())
    assert fields.read(table) == {"kicker": None, "weight": "0", "credits": ("A",)}
    assert [str(e) for e in fields.errors] == [
        "content/news/field-reports/flood.md:1: 'kicker' is missing or empty: add `kicker: ...` "
        "to the front matter",
        "content/news/field-reports/flood.md:3: give either 'credit' or 'credits', not both",
    ]


# split()


def test_split_returns_data_body_key_lines_and_body_line() -> None:
    data, body, lines, body_line = split(
        _source("---\nheadline: A\n\ndate: 2026-11-20\n---\n\nHi\n")
    )
    assert data["headline"] == "A"
    assert body == "Hi\n"
    assert lines == {"headline": 2, "date": 4}
    assert body_line == 6


def test_split_accepts_dots_as_closing_fence_and_empty_front_matter() -> None:
    data, body, _, _ = split(_source("---\n...\nBody\n"))
    assert (data, body) == ({}, "Body\n")


def test_split_does_not_close_on_dashes_inside_a_line() -> None:
    with pytest.raises(SourceError, match="not closed"):
        split(_source("---\nheadline: a --- b\n"))


def test_split_needs_the_fence_on_its_own_line() -> None:
    with pytest.raises(SourceError, match="no front matter"):
        split(_source("--- headline: A\n---\n"))


# decode() and load_yaml()


def test_decode_strips_bom_and_normalises_line_endings() -> None:
    assert decode("a.md", b"\xef\xbb\xbfa\r\nb\rc\n") == "a\nb\nc\n"


def test_decode_reports_the_line_of_the_bad_byte() -> None:
    with pytest.raises(SourceError) as caught:
        decode("content/a.md", b"one\ntwo\nthr\xe9e\n")
    assert str(caught.value) == "content/a.md:3: is not UTF-8 text: save the file as UTF-8"


def test_decode_refuses_nul_bytes() -> None:
    with pytest.raises(SourceError, match="NUL"):
        decode("content/a.md", b"---\n\x00")


def test_load_yaml_refuses_python_tags_without_running_them() -> None:
    with pytest.raises(SourceError) as caught:
        load_yaml("a: !!python/object/apply:builtins.exit [3]\n", "x.md", first_line=2)
    assert str(caught.value).startswith("x.md:2: YAML error: tags like '!!python/...'")


def test_load_yaml_error_lines_count_from_first_line() -> None:
    with pytest.raises(SourceError) as caught:
        load_yaml("a: 1\nb: c: d\n", "x.md", first_line=10)
    assert str(caught.value).startswith("x.md:11: YAML error")


def test_load_yaml_refuses_duplicate_keys() -> None:
    with pytest.raises(SourceError, match="duplicate key 'a'"):
        load_yaml("a: 1\na: 2\n", "x.md")
