# ruff: noqa: RUF001 (Arabic-Indic digits are what these tests are about)
"""The theme's words, dates and digits in the page's language: translation files (theme, child
theme, site), t() with placeholders and CLDR plurals, Babel dates in both kinds of digits, the
English fallback and its one warning, and bad translation files as one-line errors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import build_output, build_site, md, one_error_line, parse_html, text_of, write_tree

from generator.core.layout import CHECKOUT
from generator.render.i18n import Strings, format_day, load_strings, translate

THEME_I18N = CHECKOUT / "default" / "i18n"
STRINGS = load_strings((THEME_I18N,))
LANGUAGES = ("en", "ar", "fr")
DAY = datetime(2026, 11, 5, 9, 30, tzinfo=UTC)


def site_spec(language: str = "en", extra: str = "", **articles: str) -> str:
    """A site in `language`, with News and its Field Reports, one story in each (by a Latin
    author, tagged), paginated two to a page; `extra`: more site.yaml lines."""
    spec = (
        f"-- site.yaml --\ntitle: Test Times\nlanguage: {language}\nper_page: 1\n{extra}"
        "sections:\n  news: {title: News}\n  news/field-reports: {title: Field Reports}\n"
    )
    stories = {
        "news/field-reports/quay.md": md(
            "Quay", date="2026-11-05T09:30:00Z", author="Jane Doe", tags=["Ferries"]
        ),
        "news/council.md": md("Council", date="2026-11-03T09:30:00Z", author="Jane Doe"),
        **articles,
    }
    return spec + "".join(f"-- content/{path} --\n{text}" for path, text in stories.items())


def labels(page: Path) -> dict[str, str]:
    """The theme's words on an article page, by what they are."""
    doc = parse_html(page)
    return {
        "skip": text_of(doc.xpath("//a[@class='skip-link']")[0]),
        "published": text_of(doc.xpath("//p[@class='dates']/span")[0]),
        "by": doc.xpath("//p[@class='byline']")[0].text.strip(),
        "topics": text_of(doc.xpath("//footer[@class='article__footer']/h2")[0]),
        "nav": doc.xpath("//nav[@class='site-nav']")[0].get("aria-label"),
    }


# --- the shipped translation files ---------------------------------------------------------


def test_every_shipped_language_has_every_english_string() -> None:
    english = STRINGS.tables["en"]
    for lang in LANGUAGES:
        assert set(STRINGS.tables[lang]) == set(english), lang
    assert STRINGS.missing(set(LANGUAGES)) == ()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["Skip to main content", "Published 5 November 2026", "By", "Topics", "Sections"]),
        (
            "ar",
            ["انتقل إلى المحتوى الرئيسي", "نُشر في 5 نوفمبر 2026", "بقلم", "الموضوعات", "الأقسام"],
        ),
        (
            "fr",
            [
                "Aller au contenu principal",
                "Publié le 5 novembre 2026",
                "Par",
                "Thèmes",
                "Rubriques",
            ],
        ),
    ],
)
def test_an_article_page_speaks_the_sites_language(
    tmp_path: Path, lang: str, expected: list[str]
) -> None:
    out = build_output(tmp_path, site_spec(lang))
    found = labels(out / "news/field-reports/quay/index.html")
    assert list(found.values()) == expected
    doc = parse_html(out / "news/field-reports/quay/index.html")
    assert doc.xpath("//time")[0].get("datetime") == "2026-11-05T09:30:00+00:00"  # ISO always


def test_placeholders_and_pagination_in_arabic_digits(tmp_path: Path) -> None:
    out = build_output(tmp_path, site_spec("ar", "digits: arab\n"))
    doc = parse_html(out / "news/index.html")
    assert text_of(doc.xpath("//li[@class='pagination__status']")[0]) == "الصفحة ١ من ٢"
    assert text_of(doc.xpath("//nav[@class='subsections']/h2")[0]) == "ضمن News"
    counts = [text_of(s) for s in doc.xpath("//nav[@class='subsections']//span[@class='count']")]
    assert counts == ["مقال واحد"]
    page = parse_html(out / "news/field-reports/quay/index.html")
    time = page.xpath("//p[@class='dates']//time")[0]
    assert (time.text, time.get("datetime")) == ("٥ نوفمبر ٢٠٢٦", "2026-11-05T09:30:00+00:00")


@pytest.mark.parametrize(
    ("lang", "tag", "paged", "missing"),
    [
        ("en", "Tag: Ferries", "News (page 2)", "Page not found"),
        ("ar", "وسم: Ferries", "News (الصفحة ٢)", "الصفحة غير موجودة"),
        ("fr", "Mot-clé\u00a0: Ferries", "News (page 2)", "Page introuvable"),
    ],
)
def test_page_titles_that_code_writes(
    tmp_path: Path, lang: str, tag: str, paged: str, missing: str
) -> None:
    out = build_output(tmp_path, site_spec(lang, "digits: arab\n" if lang == "ar" else ""))
    title = lambda path: parse_html(out / path).findtext(".//title")  # noqa: E731
    assert title("tags/ferries/index.html") == f"{tag} — Test Times"
    assert title("news/page/2/index.html") == f"{paged} — Test Times"
    assert title("404.html") == f"{missing} — Test Times"


def test_names_keep_their_direction_on_a_right_to_left_page(tmp_path: Path) -> None:
    out = build_output(tmp_path, site_spec("ar"))
    doc = parse_html(out / "news/field-reports/quay/index.html")
    assert doc.xpath("//p[@class='byline']/a/bdi/text()") == ["Jane Doe"]
    assert doc.xpath("//a[@rel='tag']/bdi/text()") == ["Ferries"]
    assert doc.xpath("//nav[@class='breadcrumbs']//a/bdi/text()") == ["News", "Field Reports"]
    english = build_output(tmp_path / "en", site_spec("en"))
    assert not parse_html(english / "news/field-reports/quay/index.html").xpath("//bdi")


# --- overrides: child theme over parent, site over both ------------------------------------


def test_site_and_child_theme_override_per_key(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        "-- themes/mine/theme.yaml --\nparent: default\n"
        "-- themes/mine/i18n/en.yaml --\nby: Words by\ntopics: Subjects\n"
        "-- i18n/en.yaml --\ntopics: Filed under\n"
        "-- i18n/de.yaml --\npublished: Veröffentlicht\n",
    )
    out = build_output(tmp_path, site_spec("en", "theme: mine\n"))
    found = labels(out / "news/field-reports/quay/index.html")
    assert (found["by"], found["topics"], found["skip"]) == (
        "Words by",
        "Filed under",
        "Skip to main content",
    )


# --- the English fallback and its warning ---------------------------------------------------


def test_a_missing_string_falls_back_to_english_with_one_warning(tmp_path: Path) -> None:
    write_tree(tmp_path, "-- i18n/de.yaml --\npublished: Veröffentlicht am\nby: Von\n")
    result = build_site(tmp_path, site_spec("de"))
    assert result.ok, result.errors
    found = labels(tmp_path / "output/news/field-reports/quay/index.html")
    assert found["published"] == "Veröffentlicht am 5 November 2026"  # CLDR month names
    assert (found["by"], found["topics"]) == ("Von", "Topics")
    lines = [w for w in result.warnings if w.startswith("i18n:")]
    assert len(lines) == 1, result.warnings  # once per build, however many pages show them
    assert "'de'" in lines[0] and "'topics'" in lines[0] and "'published'" not in lines[0]
    again = build_site(tmp_path)
    assert again.warnings == result.warnings  # a build that finds nothing changed says it too


def test_a_template_asking_for_an_unknown_string_names_the_template(tmp_path: Path) -> None:
    write_tree(tmp_path, "-- templates/tags.html --\n{{ t('no_such_key') }}\n")
    result = build_site(tmp_path, site_spec())
    one_error_line(result, "templates/tags.html:1", "unknown string 'no_such_key'")


# --- plurals, dates and digits --------------------------------------------------------------


ARABIC_ARTICLES = {
    0: "لا مقالات",
    1: "مقال واحد",
    2: "مقالان",
    3: "3 مقالات",
    11: "11 مقالًا",
    100: "100 مقال",
}


@pytest.mark.parametrize(("count", "expected"), ARABIC_ARTICLES.items())
def test_arabic_has_six_plural_forms(count: int, expected: str) -> None:
    assert translate(STRINGS, "ar", "latn", "articles", count=count) == expected


def test_plurals_in_english_and_french_and_digits() -> None:
    say = lambda lang, n, digits="latn": translate(STRINGS, lang, digits, "articles", count=n)  # noqa: E731
    assert [say("en", n) for n in (0, 1, 3)] == ["0 articles", "1 article", "3 articles"]
    assert [say("fr", n) for n in (0, 1, 3)] == ["0 article", "1 article", "3 articles"]
    assert say("ar", 3, "arab") == "٣ مقالات"
    assert say("ar", 11, "arab") == "١١ مقالًا"


def test_a_region_tag_uses_its_language_and_an_unknown_one_english() -> None:
    assert translate(STRINGS, "fr-CA", "latn", "next") == "Suivante"
    assert translate(STRINGS, "zz", "latn", "articles", count=1) == "1 article"


@pytest.mark.parametrize(
    ("lang", "digits", "date_format", "expected"),
    [
        ("en", "latn", "d MMMM y", "5 November 2026"),
        ("ar", "latn", "d MMMM y", "5 نوفمبر 2026"),
        ("ar", "arab", "d MMMM y", "٥ نوفمبر ٢٠٢٦"),
        ("ar-SY", "arab", "d MMMM y", "٥ تشرين الثاني ٢٠٢٦"),
        ("fr", "latn", "long", "5 novembre 2026"),
        ("ar", "arab", "short", "٥\u200f/١١\u200f/٢٠٢٦"),  # CLDR's right-to-left marks kept
        ("en", "arab", "d MMMM y", "٥ November ٢٠٢٦"),
    ],
)
def test_dates_through_cldr(lang: str, digits: str, date_format: str, expected: str) -> None:
    assert format_day(DAY, lang, digits, date_format) == expected


def test_site_date_format_and_digits(tmp_path: Path) -> None:
    out = build_output(tmp_path, site_spec("fr", "date_format: EEEE d MMMM y\n"))
    doc = parse_html(out / "news/field-reports/quay/index.html")
    assert doc.xpath("//p[@class='dates']//time/text()") == ["jeudi 5 novembre 2026"]


@pytest.mark.parametrize(
    ("line", "phrase"),
    [
        ("digits: roman", "'digits' must be latn or arab"),
        ('date_format: "xyz \'"', "'date_format' must be short, medium, long, full"),
    ],
)
def test_bad_date_settings(tmp_path: Path, line: str, phrase: str) -> None:
    result = build_site(tmp_path, site_spec("en", line + "\n"))
    one_error_line(result, "site.yaml:4", phrase)


# --- bad translation files ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "where", "phrase"),
    [
        ("by: By\nnext: [Next\n", "i18n/en.yaml:2", "YAML error"),
        ("by: By\nnext: !!python/object:os.system x\n", "i18n/en.yaml:2", "read safely"),
        ("by: By\nnext: [1, 2]\n", "i18n/en.yaml:2", "'next' must be text, or plural forms"),
        ("articles:\n  one: an article\n", "i18n/en.yaml:1", "with 'other'"),
        ("articles:\n  single: x\n  other: y\n", "i18n/en.yaml:1", "plural forms"),
        ("- a list\n", "i18n/en.yaml:1", "must map string keys"),
    ],
)
def test_a_bad_translation_file_is_one_line(
    tmp_path: Path, text: str, where: str, phrase: str
) -> None:
    write_tree(tmp_path, f"-- i18n/en.yaml --\n{text}")
    one_error_line(build_site(tmp_path, site_spec()), where, phrase)


def test_strings_digest_follows_every_file(tmp_path: Path) -> None:
    (tmp_path / "en.yaml").write_text("by: By\n", encoding="utf-8")
    first = load_strings((tmp_path, THEME_I18N))
    (tmp_path / "en.yaml").write_text("by: Bx\n", encoding="utf-8")
    second = load_strings((tmp_path, THEME_I18N))
    assert isinstance(first, Strings) and first.digest != second.digest
    assert second.text("en", "by") == "Bx" and second.text("en", "next") == "Next"
