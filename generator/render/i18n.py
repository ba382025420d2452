"""The theme's words in the page's language: translation files (`i18n/<tag>.yaml` of the site and
of each theme), plural forms, dates and digits through CLDR (Babel), never hand-written tables.

A string is text with `{name}` placeholders, or a mapping of CLDR plural categories (`zero`,
`one`, `two`, `few`, `many`, `other`) to such texts, chosen by `count`. A language without a
string falls back to English; the build warns once, naming the language and the keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from markupsafe import Markup, escape

from generator.core.config import SiteConfig, key_lines
from generator.core.errors import SourceError
from generator.core.hashing import digest
from generator.core.yamlio import load_yaml

FALLBACK = "en"
PLURALS = ("zero", "one", "two", "few", "many", "other")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
DIGIT_CHARS = {"latn": "0123456789", "arab": "٠١٢٣٤٥٦٧٨٩"}
DATE_STYLES = ("short", "medium", "long", "full")
DEFAULT_DATE_FORMAT = "d MMMM y"  # "5 November 2026": day, month name, year

Text = str | Mapping[str, str]  # a plain string, or its plural forms


@dataclass(frozen=True, slots=True)
class Strings:
    """Every translation file of the site and its theme chain, merged per key (the site's
    `i18n/` over a child theme's over its parent's); `digest` changes when any file does."""

    tables: Mapping[str, Mapping[str, Text]]  # language tag (as the file is named) -> strings
    digest: str

    def table(self, lang: str) -> dict[str, Text]:
        """The strings of `lang` over its base language's (`fr-CA` over `fr`), without English."""
        found: dict[str, Text] = {}
        for tag in dict.fromkeys((lang.split("-")[0], lang)):
            found.update(self.tables.get(tag, {}))
        return found

    def text(self, lang: str, key: str) -> Text:
        """The string `key` in `lang`, or in English when `lang` lacks it."""
        found = self.table(lang).get(key)
        if found is None:
            found = self.tables.get(FALLBACK, {}).get(key)
        if found is None:
            raise ValueError(f"unknown string '{key}': add it to i18n/{FALLBACK}.yaml")
        return found

    def missing(self, languages: set[str]) -> tuple[str, ...]:
        """One warning per language that lacks strings English has (English is shown)."""
        english = self.tables.get(FALLBACK, {})
        warnings = []
        for lang in sorted(languages):
            own = self.table(lang)
            lacking = [k for k in english if k not in own]
            if lang.split("-")[0] == FALLBACK or not lacking:
                continue
            keys = ", ".join(f"'{k}'" for k in lacking)
            warnings.append(
                f"i18n: no '{lang}' translation of {keys}: shown in English; "
                f"add them to i18n/{lang}.yaml beside site.yaml"
            )
        return tuple(warnings)


def load_strings(folders: tuple[Path, ...], shown=str) -> Strings:
    """Read `<tag>.yaml` of every folder in `folders` (first wins); `shown` names a file as
    errors show it."""
    tables: dict[str, dict[str, Text]] = {}
    parts = []
    for folder in reversed(folders):
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
            text = path.read_text(encoding="utf-8-sig")
            parts.append(f"{path}\0{text}")
            tables.setdefault(path.stem, {}).update(_parse(text, shown(path)))
    return Strings(tables, digest("\0\0".join(parts).encode()))


def _parse(text: str, name: str) -> dict[str, Text]:
    data = load_yaml(text, name) or {}
    if not isinstance(data, dict):
        raise SourceError(name, 1, "must map string keys to translations")
    lines = key_lines(text)
    for key, value in data.items():
        if isinstance(value, dict):
            wrong = set(value) - set(PLURALS)
            ok = "other" in value and not wrong and all(isinstance(v, str) for v in value.values())
        else:
            ok = isinstance(value, str)
        if not isinstance(key, str) or not ok:
            raise SourceError(
                name,
                lines.get(str(key)),
                f"'{key}' must be text, or plural forms ({', '.join(PLURALS)}) with 'other'",
            )
    return data


def translate(strings: Strings, lang: str, digits: str, key: str, **values: object) -> str:
    """`key` in `lang` with its `{placeholders}` filled; `count` picks the plural form (by
    CLDR's rules for `lang`). Numbers are written in `digits`."""
    found = strings.text(lang, key)
    count = values.get("count")
    if isinstance(found, Mapping):
        if count is None:
            raise ValueError(f"string '{key}' has plural forms: give it a count")
        form = locale_of(lang).plural_form(count)
        found = found.get(form, found["other"])

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise ValueError(f"string '{key}' needs a value for {{{name}}}")
        value = values[name]
        return with_digits(str(value), digits) if isinstance(value, int) else str(value)

    return PLACEHOLDER.sub(fill, found)


def locale_of(lang: str) -> Locale:
    """Babel's locale for a language tag; English for a tag CLDR does not know."""
    try:
        return Locale.parse(lang, sep="-")
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK)


def with_digits(text: str, digits: str) -> str:
    """`text` with its digits (European or Arabic-Indic) written in `digits`."""
    table = str.maketrans(DIGIT_CHARS["arab"] + DIGIT_CHARS["latn"], DIGIT_CHARS[digits] * 2)
    return text.translate(table)


def format_day(value: date | datetime, lang: str, digits: str, date_format: str) -> str:
    """A date as readers of `lang` write it: CLDR month names and order (`date_format` is a
    CLDR style, short to full, or a pattern), in `digits`; direction marks kept."""
    day = value.date() if isinstance(value, datetime) else value
    return with_digits(format_date(day, date_format, locale=locale_of(lang)), digits)


def date_settings(config: SiteConfig, lang: str) -> tuple[str, str]:
    """`(digits, date_format)` for pages in `lang`: the site's settings (an edition's, when an
    edition in `lang` sets them)."""
    return config.digits, config.date_format or DEFAULT_DATE_FORMAT


def template_functions(strings: Strings, config: SiteConfig) -> dict[str, Callable]:
    """`t(key, **values)`, and the filters `date` and `isolate`, for the page rendered (its
    `page.lang`, else the site's language; `lang=` names another, for a part of the page in
    another language)."""

    def language(context: jinja2.runtime.Context) -> str:
        page = context.get("page")
        return (page.get("lang") if isinstance(page, Mapping) else None) or config.language

    @jinja2.pass_context
    def t(context: jinja2.runtime.Context, key: str, lang: str = "", **values: object) -> str:
        lang = lang or language(context)
        return translate(strings, lang, date_settings(config, lang)[0], key, **values)

    @jinja2.pass_context
    def local_date(
        context: jinja2.runtime.Context, value: datetime, style: str = "", lang: str = ""
    ) -> str:
        lang = lang or language(context)
        digits, date_format = date_settings(config, lang)
        when = value.astimezone(config.tz) if isinstance(value, datetime) else value
        return format_day(when, lang, digits, style or date_format)

    @jinja2.pass_context
    def isolate(context: jinja2.runtime.Context, text: str) -> Markup:
        """A name or tag in <bdi> on a right-to-left page, so a Latin name keeps its own
        direction (and the punctuation around it stays where it belongs)."""
        page = context.get("page")
        if isinstance(page, Mapping) and page.get("dir") == "rtl":
            return Markup("<bdi>%s</bdi>") % text
        return escape(text)

    return {"t": t, "date": local_date, "isolate": isolate}
