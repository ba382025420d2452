"""`site.yaml` -> SiteConfig: typed, validated, with "did you mean" for unknown keys."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.core.errors import SourceError
from generator.core.images import FORMATS, ImageSettings
from generator.core.layout import CONFIG_FILE
from generator.core.yamlio import load_yaml

SECTION_PATH = re.compile(r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")  # BCP 47, simply: en, pt-BR
THEME_NAME = re.compile(r"^[\w][\w.-]*$")  # a folder name: no '/', '..' or leading '.'
URL_UNSAFE = re.compile(r"[\s\"'<>\\^`{|}\x00-\x1f\x7f]")
EXTENSIONS = (  # the values of `markdown_extensions` in site.yaml, in their canonical order
    "tables",
    "footnotes",
    "fenced_code",
    "toc",  # heading ids
    "attr_list",
    "def_list",
    "abbr",
    "smarty",  # smart punctuation: ours (see smartquotes), not Python-Markdown's
)
PYTHON_MARKDOWN, MARKDOWN_IT = "python-markdown", "markdown-it"
RENDERERS = (PYTHON_MARKDOWN, MARKDOWN_IT)  # the values of `markdown` in site.yaml
DIGITS = ("latn", "arab")  # the values of `digits`: European or Arabic-Indic
MAX_NUMBERS = {
    "per_page": 10_000,
    "feed_limit": 10_000,
    "news_sitemap_days": 3_650,
    "sitemap_urls": 50_000,  # the sitemap protocol's own limit per file
}


@dataclass(frozen=True, slots=True)
class SectionConfig:
    path: str
    title: str
    description: str = ""


RTL_LANGS = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"})
DIGITS = ("latn", "arab")
EDITION_KEYS = (
    "title",
    "description",
    "disclaimer",
    "direction",
    "timezone",
    "sections",
    "date_format",
    "digits",
)


def direction_of(tag: str) -> str:
    """The writing direction of a language tag's script: rtl for Arabic, Hebrew, Persian..."""
    return "rtl" if tag.split("-")[0].lower() in RTL_LANGS else "ltr"


@dataclass(frozen=True, slots=True)
class EditionConfig:
    """One entry of `languages`: an edition of the site in one language. `prefix` is the folder
    of its content and of its URLs: "" for the first (default) edition, else its tag."""

    tag: str
    prefix: str
    title: str | None = None  # None: the site's
    description: str | None = None
    disclaimer: str | None = None
    direction: str = "ltr"
    timezone: str | None = None
    sections: tuple[SectionConfig, ...] = ()
    date_format: str | None = None
    digits: str = "latn"


@dataclass(frozen=True, slots=True)
class MenuEntry:
    """One link of a menu: to a URL as written, a page (`about.md` under pages/) or a section."""

    title: str
    url: str = ""
    page: str = ""
    section: str = ""


@dataclass(frozen=True, slots=True)
class Menu:
    name: str  # "main" (the header) or "footer"
    entries: tuple[MenuEntry, ...]


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    description: str = ""
    base_url: str = ""
    language: str = "en"
    disclaimer: str = ""
    theme: str = "default"
    per_page: int = 20
    sections: tuple[SectionConfig, ...] = ()
    timezone: str = "UTC"
    logo: str = ""  # site path or URL of the publisher logo (structured data, social cards)
    twitter: str = ""  # the site's handle for Twitter/X cards, e.g. "@harbourledger"
    feed_limit: int = 20
    feed_content: str = "full"  # or "summary"
    news_sitemap_days: int = 2
    sitemap_urls: int = 50_000  # URLs per sitemap file; past it, an index of several
    unsafe_html: bool = True  # raw HTML in article bodies is kept (False: removed)
    markdown: str = PYTHON_MARKDOWN  # or "markdown-it": the renderer of article bodies
    markdown_extensions: tuple[str, ...] = EXTENSIONS  # the Markdown features bodies may use
    images: ImageSettings = field(default_factory=ImageSettings)  # photos' widths, formats
    search: bool = True  # a Pagefind index of the article pages in output/pagefind/
    copyright: str = ""  # the footer's copyright line
    menus: tuple[Menu, ...] = ()  # `menus:` as written (links resolved when the site is known)
    params: dict = field(default_factory=dict)  # free values for templates: `site.params`
    date_format: str = ""  # a CLDR style (short, medium, long, full) or pattern; "": d MMMM y
    digits: str = "latn"  # or "arab": Arabic-Indic digits in dates and counts
    languages: tuple[EditionConfig, ...] = ()  # the editions; none: one, in `language`
    edition: str = ""  # not a key: the URL prefix of the edition this config is of ("ar")
    lines: dict = field(default_factory=dict, compare=False, repr=False)  # key -> line in file

    @property
    def base_path(self) -> str:
        """The sub-path every internal link starts with: `/` or `/sub/`."""
        path = urlsplit(self.base_url).path if self.base_url else "/"
        return path if path.endswith("/") else path + "/"

    def link(self, path: str) -> str:
        """The root-relative link to a site path, under the base path: `news/` -> `/sub/news/`."""
        return self.base_path + quote(path.lstrip("/"))

    def absolute(self, path: str) -> str | None:
        """The absolute URL of a site path, or None when the site has no absolute base_url."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}{self.link(path)}" if parts.netloc else None

    @property
    def origin(self) -> str:
        """`https://host` of base_url, or "" when there is none."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def section(self, path: str) -> SectionConfig | None:
        return next((s for s in self.sections if s.path == path), None)

    def menu(self, name: str) -> Menu | None:
        return next((m for m in self.menus if m.name == name), None)

    @property
    def default_edition(self) -> EditionConfig | None:
        return self.languages[0] if self.languages else None

    @property
    def current(self) -> EditionConfig | None:
        """The edition this config is of (None without `languages`)."""
        return next((e for e in self.languages if e.prefix == self.edition), None)

    def edition_of(self, content_path: str) -> EditionConfig | None:
        """The edition a path under content/ belongs to (None without `languages`)."""
        first = content_path.split("/", 1)[0]
        others = (e for e in self.languages[1:] if e.prefix == first and "/" in content_path)
        return next(others, self.default_edition)

    def for_edition(self, edition: EditionConfig) -> SiteConfig:
        """The config as one edition sees it: its title, language, sections (falling back to
        the default edition's), disclaimer and time zone."""
        own = {s.path: s for s in edition.sections}
        merged = (*edition.sections, *(s for s in self.sections if s.path not in own))
        prefix = edition.prefix + "/" if edition.prefix else ""
        return replace(
            self,
            title=edition.title or self.title,
            description=self.description if edition.description is None else edition.description,
            disclaimer=self.disclaimer if edition.disclaimer is None else edition.disclaimer,
            timezone=edition.timezone or self.timezone,
            language=edition.tag,
            sections=tuple(replace(s, path=prefix + s.path) for s in merged),
            edition=edition.prefix,
        )


KEYS = tuple(f for f in SiteConfig.__dataclass_fields__ if f not in ("lines", "edition"))
TEXT_KEYS = tuple(
    k for k, f in SiteConfig.__dataclass_fields__.items() if f.type == "str" and k in KEYS
)


@functools.lru_cache(maxsize=1024)
def did_you_mean(key: str, known: tuple[str, ...]) -> str:
    """The hint for an unknown key: the closest known one, or empty (remembered: the same
    extra key, like `title`, is usually in every article)."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
    return f"did you mean '{close[0]}'? " if close else ""


def load_config(site_dir: Path, base_url: str | None = None) -> SiteConfig:
    """Read `site.yaml`; `base_url` (from the command line) overrides the file's."""
    path = site_dir / CONFIG_FILE
    if not path.is_file():
        raise SourceError(CONFIG_FILE, None, "not found: a site needs a site.yaml with a title")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(CONFIG_FILE, None, "is not UTF-8 text; save it as UTF-8") from None
    data = load_yaml(text, CONFIG_FILE) or {}
    if not isinstance(data, dict):
        raise SourceError(CONFIG_FILE, 1, "must be a mapping of keys to values")
    if base_url is not None:
        data["base_url"] = base_url
    return parse_config(data, key_lines(text))


def key_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if match:
            lines.setdefault(match.group(1), number)
        target = re.search(r"(?:^|[\s{,])(page|section)\s*:\s*['\"]?([^'\"\s,}]+)", line)
        if target:  # the line of a menu's link to a page or section, for its error
            lines.setdefault(f"{target.group(1)}:{target.group(2)}", number)
    return lines


def parse_config(data: dict, lines: dict[str, int] | None = None) -> SiteConfig:
    """Validate the mapping from `site.yaml`; raise one SourceError for the first bad key."""
    lines = lines or {}

    def fail(key: str, message: str) -> SourceError:
        return SourceError(CONFIG_FILE, lines.get(key), message)

    for key in data:
        if key not in KEYS:
            hint = did_you_mean(str(key), KEYS)
            raise fail(str(key), f"unknown key '{key}': {hint}known keys: {', '.join(KEYS)}")
    values = {k: v for k, v in data.items() if v is not None}
    for key in TEXT_KEYS:
        if key in values and not isinstance(values[key], str):
            raise fail(key, f"'{key}' must be text")
    if not str(values.get("title", "")).strip():
        raise fail("title", "'title' is required: add `title: Your Site Name`")
    if not LANGUAGE_TAG.match(values.get("language", "en")):
        raise fail("language", "'language' must be a language tag like en, ar or pt-BR")
    for key, most in MAX_NUMBERS.items():
        number = values.get(key, 1)
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= most:
            raise fail(key, f"'{key}' must be a whole number from 1 to {most:,}")
    for key in ("unsafe_html", "search"):
        if not isinstance(values.get(key, True), bool):
            raise fail(key, f"'{key}' must be true or false")
    if not isinstance(values.get("params", {}), dict):
        raise fail("params", "'params' must be a mapping of names to values")
    values["menus"] = _parse_menus(values.get("menus", {}), fail)
    _check_choices(values, fail)
    if "markdown_extensions" in values:
        values["markdown_extensions"] = _parse_extensions(values["markdown_extensions"], fail)
    values["images"] = _parse_images(values.get("images", {}), fail)
    _check_base_url(values.get("base_url", ""), fail)
    try:
        ZoneInfo(values.get("timezone", "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        raise fail("timezone", "unknown 'timezone': use a name like Europe/London") from None
    values["sections"] = _parse_sections(values.get("sections", {}), fail)
    if "languages" in values:
        values["languages"] = parse_languages(values["languages"], fail)
        first = values["languages"][0].tag
        if values.setdefault("language", first) != first:
            raise fail("language", f"'language' must be the first of 'languages' ({first})")
    if values.get("base_url") and not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    return SiteConfig(**values, lines=lines)


def _check_choices(values: dict, fail) -> None:
    """The keys whose value is one of a few words (or, for date_format, a CLDR pattern)."""
    if not THEME_NAME.match(values.get("theme", "default")):
        raise fail("theme", "'theme' must be the name of a theme folder, like default")
    if values.get("feed_content", "full") not in ("full", "summary"):
        raise fail("feed_content", "'feed_content' must be full or summary")
    if values.get("digits", "latn") not in DIGITS:
        raise fail("digits", f"'digits' must be {' or '.join(DIGITS)}")
    if not _date_format_ok(values.get("date_format", "")):
        raise fail(
            "date_format",
            "'date_format' must be short, medium, long, full or a CLDR date pattern like d MMMM y",
        )
    if values.get("markdown", PYTHON_MARKDOWN) not in RENDERERS:
        raise fail("markdown", f"'markdown' must be {' or '.join(RENDERERS)}")


def _date_format_ok(pattern: str) -> bool:
    """Whether Babel can write a date with `pattern` (imported here: the fast path reads no
    config)."""
    from babel.dates import format_date

    try:
        format_date(date(2026, 1, 2), pattern or "long", locale="en")
    except (ValueError, KeyError, AttributeError, TypeError):
        return False
    return True


def _parse_extensions(raw: object, fail) -> tuple[str, ...]:
    """The named features in EXTENSIONS' order, once each: the same set, however written, keys
    the parse cache the same."""
    known = f"known names: {', '.join(EXTENSIONS)}"
    if not isinstance(raw, list) or not all(isinstance(name, str) for name in raw):
        raise fail("markdown_extensions", f"'markdown_extensions' must be a list of names; {known}")
    for name in raw:
        if name not in EXTENSIONS:
            hint = did_you_mean(name, EXTENSIONS)
            raise fail(
                "markdown_extensions",
                f"unknown name '{name}' in 'markdown_extensions': {hint}{known}",
            )
    return tuple(name for name in EXTENSIONS if name in raw)


def _parse_images(raw: object, fail) -> ImageSettings:
    """`images: {widths: [...], formats: [...], quality: 80}`, each key optional."""
    default = ImageSettings()
    shape = "'images' takes widths (a list of pixels), formats (a list) and quality (1-100)"
    if not isinstance(raw, dict) or set(raw) - {"widths", "formats", "quality"}:
        raise fail("images", shape)
    widths = raw.get("widths", list(default.widths))
    if not isinstance(widths, list) or not widths or not all(_whole(w, 16, 10_000) for w in widths):
        raise fail("images", "'images.widths' must be a list of widths from 16 to 10,000 px")
    formats = raw.get("formats", list(default.formats))
    if not isinstance(formats, list) or not formats or not all(f in FORMATS for f in formats):
        raise fail("images", f"'images.formats' must be a list of: {', '.join(FORMATS)}")
    if "avif" in formats and not _avif():
        raise fail("images", "'images.formats': this Pillow cannot write AVIF; remove avif")
    quality = raw.get("quality", default.quality)
    if not _whole(quality, 1, 100):
        raise fail("images", "'images.quality' must be a whole number from 1 to 100")
    return ImageSettings(tuple(sorted(set(widths))), tuple(dict.fromkeys(formats)), quality)


def _whole(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _avif() -> bool:
    from PIL import features  # only when AVIF is asked for

    return bool(features.check("avif"))


def _check_base_url(url: str, fail) -> None:
    if URL_UNSAFE.search(url):
        raise fail("base_url", "'base_url' holds a space, quote or other character URLs cannot")
    parts = urlsplit(url)
    absolute = parts.scheme in ("http", "https") and parts.netloc
    if url and not absolute and not url.startswith("/"):
        raise fail("base_url", "'base_url' must be an http(s) URL or a path starting with '/'")
    if parts.query or parts.fragment:
        raise fail("base_url", "'base_url' must not hold a query or fragment")


def _parse_sections(raw: object, fail) -> tuple[SectionConfig, ...]:
    if not isinstance(raw, dict):
        raise fail("sections", "'sections' must map section paths to {title, description}")
    sections = []
    for path, spec in raw.items():
        path = str(path).strip("/")
        if not SECTION_PATH.match(path):
            raise fail("sections", f"section path '{path}' may hold only a-z, 0-9, '-', '_', '/'")
        spec = spec or {}
        if not isinstance(spec, dict) or set(spec) - {"title", "description"}:
            raise fail("sections", f"section '{path}' takes only 'title' and 'description'")
        if not all(isinstance(v, str) for v in spec.values() if v is not None):
            raise fail("sections", f"section '{path}': 'title' and 'description' must be text")
        title = spec.get("title") or path.rsplit("/", 1)[-1].replace("-", " ").title()
        sections.append(SectionConfig(path, str(title), str(spec.get("description") or "")))
    return tuple(sections)


MENU_NAMES = ("main", "footer")
MENU_TARGETS = ("url", "page", "section")
MENU_SHAPE = "entries are {title, url}, {title, page: about.md} or {title, section: news}"


def _parse_menus(raw: object, fail) -> tuple[Menu, ...]:
    """`menus: {main: [...], footer: [...]}`; whether a page or section exists is checked
    when the site is assembled."""
    if not isinstance(raw, dict) or set(raw) - set(MENU_NAMES):
        raise fail("menus", f"'menus' must map {' and/or '.join(MENU_NAMES)} to lists of links")
    menus = []
    for name, entries in raw.items():
        if not isinstance(entries, list):
            raise fail("menus", f"menu '{name}' must be a list: {MENU_SHAPE}")
        menus.append(Menu(name, tuple(_menu_entry(name, e, fail) for e in entries)))
    return tuple(menus)


def _menu_entry(name: str, entry: object, fail) -> MenuEntry:
    if not isinstance(entry, dict) or not all(isinstance(v, str) for v in entry.values()):
        raise fail("menus", f"menu '{name}': {MENU_SHAPE}")
    targets = [k for k in MENU_TARGETS if entry.get(k)]
    if set(entry) - {"title", *MENU_TARGETS} or not entry.get("title") or len(targets) != 1:
        raise fail(
            "menus",
            f"menu '{name}': each entry needs a title and one of url, page or "
            f"section ({MENU_SHAPE}); got {entry!r}",
        )
    if URL_UNSAFE.search(entry.get("url", "")):
        raise fail("menus", f"menu '{name}': the url {entry['url']!r} holds a space or quote")
    return MenuEntry(**{k: v.strip() for k, v in entry.items()})


def parse_languages(raw: object, fail) -> tuple[EditionConfig, ...]:
    """`languages`: tag -> the edition's settings; the first is the default edition."""
    if not isinstance(raw, dict) or not raw:
        raise fail("languages", "'languages' must map language tags to settings, like `en: {}`")
    editions = []
    for n, (tag, spec) in enumerate(raw.items()):
        tag = str(tag)
        if not LANGUAGE_TAG.match(tag):
            raise fail("languages", f"'languages': '{tag}' is not a language tag like en or ar")
        editions.append(_parse_edition(tag, "" if n == 0 else tag, spec or {}, fail))
    return tuple(editions)


def _parse_edition(tag: str, prefix: str, spec: object, fail) -> EditionConfig:
    def bad(message: str) -> SourceError:
        return fail("languages", f"'languages' -> {tag}: {message}")

    if not isinstance(spec, dict):
        raise bad(f"must be a mapping of settings: {', '.join(EDITION_KEYS)}")
    for key in spec:
        if key not in EDITION_KEYS:
            hint = did_you_mean(str(key), EDITION_KEYS)
            raise bad(f"unknown key '{key}': {hint}known keys: {', '.join(EDITION_KEYS)}")
    values = {k: v for k, v in spec.items() if v is not None}
    texts = [k for k in EDITION_KEYS if k != "sections" and k in values]
    if any(not isinstance(values[k], str) for k in texts):
        raise bad(f"{', '.join(texts)} must be text")
    if values.setdefault("direction", direction_of(tag)) not in ("ltr", "rtl"):
        raise bad("'direction' must be ltr or rtl")
    if values.setdefault("digits", "latn") not in DIGITS:
        raise bad(f"'digits' must be {' or '.join(DIGITS)}")
    try:
        ZoneInfo(values.get("timezone", "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        raise bad("unknown 'timezone': use a name like Asia/Damascus") from None
    values["sections"] = _parse_sections(
        values.get("sections", {}), lambda key, message: bad(message)
    )
    return EditionConfig(tag, prefix, **values)
