"""`site.yaml` -> SiteConfig: typed, validated, with "did you mean" for unknown keys."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
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
    images: ImageSettings = ImageSettings()  # widths, formats and quality of photos
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


KEYS = tuple(f for f in SiteConfig.__dataclass_fields__ if f != "lines")
TEXT_KEYS = tuple(k for k, f in SiteConfig.__dataclass_fields__.items() if f.type == "str")


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
    return parse_config(data, _key_lines(text))


def _key_lines(text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if match:
            lines.setdefault(match.group(1), number)
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
    if not isinstance(values.get("unsafe_html", True), bool):
        raise fail("unsafe_html", "'unsafe_html' must be true or false")
    if not THEME_NAME.match(values.get("theme", "default")):
        raise fail("theme", "'theme' must be the name of a theme folder, like default")
    if values.get("feed_content", "full") not in ("full", "summary"):
        raise fail("feed_content", "'feed_content' must be full or summary")
    if values.get("markdown", PYTHON_MARKDOWN) not in RENDERERS:
        raise fail("markdown", f"'markdown' must be {' or '.join(RENDERERS)}")
    if "markdown_extensions" in values:
        values["markdown_extensions"] = _parse_extensions(values["markdown_extensions"], fail)
    if "images" in values:
        values["images"] = _parse_images(values["images"], fail)
    _check_base_url(values.get("base_url", ""), fail)
    try:
        ZoneInfo(values.get("timezone", "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        raise fail("timezone", "unknown 'timezone': use a name like Europe/London") from None
    values["sections"] = _parse_sections(values.get("sections", {}), fail)
    if values.get("base_url") and not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    return SiteConfig(**values, lines=lines)


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
