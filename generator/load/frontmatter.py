"""One article file -> Article: split the front matter, validate every field, collect all errors.

Pure: a function of the file's bytes, its path and the config, so results can be cached and
computed in worker processes.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from generator.core import urls
from generator.core.config import (
    EXTENSIONS,
    LANGUAGE_TAG,
    PYTHON_MARKDOWN,
    SiteConfig,
    did_you_mean,
)
from generator.core.errors import SourceError
from generator.core.model import Article, Correction, slugify
from generator.core.yamlio import BAD_CHARS, char_problem, load_yaml
from generator.markup.base import MarkupError
from generator.markup.registry import render_markdown

KNOWN = (
    "headline",
    "section",
    "disclaimer",
    "date",
    "updated",
    "author",
    "authors",
    "tags",
    "summary",
    "slug",
    "draft",
    "lang",
    "dir",
    "image",
    "image_alt",
    "corrections",
    "aliases",
    "translation_of",
)
RTL_LANGS = {"ar", "arc", "ckb", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"}
SEGMENT = re.compile(r"^[^\W_][\w.~-]*$")
LANG = LANGUAGE_TAG
FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$", re.M)
MIN_YEAR, MAX_YEAR = 1000, 9000  # far from datetime's limits, whatever the offset or window
MAX_NAME_BYTES = 200  # one part of an output path (file systems allow 255)
MAX_PATH_BYTES = 1000  # a whole section or alias path
MAX_FRONT_MATTER = 256 * 1024  # characters between the fences


@dataclass(frozen=True, slots=True)
class Source:
    """An article file as read: `id` is its path under content/, `path` under the site."""

    id: str
    path: str
    text: str


def decode(path: str, data: bytes) -> str:
    """UTF-8 (a BOM is fine) with every line ending made `\\n`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(path, line, "is not UTF-8 text: save the file as UTF-8") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError(path, line, "holds a NUL byte: is this a binary file named .md?")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = BAD_CHARS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise SourceError(path, line, char_problem(bad.group()) or "")
    return text


def split(source: Source) -> tuple[dict, str, dict[str, int], int]:
    """Front matter mapping, body, the file line of each top-level key, the body's first line."""
    text = source.text
    if not text.startswith("---") or not FENCE.match(text.split("\n", 1)[0]):
        raise SourceError(
            source.path,
            1,
            "no front matter: start the file with a line '---', "
            "then 'headline: ...', then another '---'",
        )
    first_nl = text.find("\n")
    closing = FENCE.search(text, first_nl + 1) if first_nl >= 0 else None
    if closing is None:
        raise SourceError(source.path, 1, "front matter is not closed: add a line '---' after it")
    block = text[first_nl + 1 : closing.start()]
    if len(block) > MAX_FRONT_MATTER:
        raise SourceError(
            source.path,
            1,
            f"front matter is over {MAX_FRONT_MATTER // 1024} KB: keep long text in the body",
        )
    data = load_yaml(block, source.path, first_line=2)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(source.path, 2, "front matter must be 'key: value' lines (a mapping)")
    lines = {}
    for offset, line in enumerate(block.split("\n")):
        match = re.match(r"([^\s#:][^:]*?)\s*:", line)
        if match:
            lines.setdefault(match.group(1).strip("'\""), offset + 2)
    body_line = text.count("\n", 0, closing.end()) + 2
    return data, text[closing.end() :].lstrip("\n"), lines, body_line


class _Fields:
    """Typed access to front matter values; each bad value adds an error and yields None."""

    def __init__(self, source: Source, data: dict, lines: dict[str, int]) -> None:
        self.source, self.data, self.lines = source, data, lines
        self.errors: list[SourceError] = []

    def error(self, key: str, message: str) -> None:
        """Record a problem at the key's line; a missing key points at the opening '---'."""
        self.errors.append(SourceError(self.source.path, self.lines.get(key, 1), message))

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.data.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(
                    key, f"'{key}' is missing or empty: add `{key}: ...` to the front matter"
                )
            return None
        if not isinstance(value, str):
            self.error(key, f"'{key}' must be text; put it in quotes")
            return None
        return value.strip()

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.error(key, f"'{key}' must be true or false")
            return False
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(key, f"'{key}' must be a list of text, e.g. {key}: [one, two]")
            return ()
        return tuple(dict.fromkeys(v.strip() for v in value))

    def when(self, key: str, tz) -> datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.strip())
            except ValueError:
                value = None
        if isinstance(value, date) and not isinstance(value, datetime):
            value = datetime.combine(value, time())
        if not isinstance(value, datetime):
            self.error(key, f"'{key}' is not a date: write 2026-11-25 or 2026-11-25T09:30:00+01:00")
            return None
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            self.error(key, f"'{key}' must be a date between the years {MIN_YEAR} and {MAX_YEAR}")
            return None
        return value if value.tzinfo else value.replace(tzinfo=tz)


@dataclass(frozen=True, slots=True)
class ParseSettings:
    """The parts of site.yaml that parsing an article depends on (they key the parse cache)."""

    timezone: str = "UTC"
    disclaimer: str = ""
    unsafe_html: bool = True  # keep raw HTML in bodies (False: remove it)
    markdown: str = PYTHON_MARKDOWN  # the renderer of bodies: `markdown` in site.yaml
    markdown_extensions: tuple[str, ...] = EXTENSIONS  # in EXTENSIONS' order (see config)

    @classmethod
    def of(cls, config: SiteConfig) -> ParseSettings:
        return cls(
            config.timezone,
            config.disclaimer,
            config.unsafe_html,
            config.markdown,
            config.markdown_extensions,
        )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def parse_article(source: Source, config: ParseSettings) -> tuple[Article, str]:
    """Validate one article and render its body (links still unresolved); raises ArticleErrors
    holding every problem found in it."""
    data, body, lines, _ = split(source)
    fields = _Fields(source, data, lines)
    _near_misses(fields)
    folder = posixpath.dirname(source.id)
    headline = fields.text("headline", required=True)
    draft = fields.flag("draft")
    published = fields.when("date", config.tz)
    if published is None and not draft and data.get("date") is None:
        fields.error("date", "'date' is missing: add `date: YYYY-MM-DD` (only drafts may omit it)")
    section, slug = _section(fields, folder), _slug(fields, source.id)
    lang, direction = _language(fields)
    article = Article(
        id=source.id,
        source=source.path,
        headline=headline or "",
        section=section,
        slug=slug,
        url=urls.article(section, slug),
        date=published,
        summary=fields.text("summary") or "",
        updated=fields.when("updated", config.tz),
        authors=_authors(fields),
        tags=_tags(fields),
        disclaimer=_disclaimer(fields, config),
        draft=draft,
        lang=lang,
        dir=direction,
        image=_image(fields, folder),
        image_alt=fields.text("image_alt") or "",
        extra={str(k): v for k, v in data.items() if str(k) not in KNOWN},
        corrections=_corrections(fields, config),
        aliases=_aliases(fields),
        translation_of=_translation_of(fields, folder),
    )
    if fields.errors:
        raise ArticleErrors(fields.errors)
    first_line = source.text.count("\n", 0, len(source.text) - len(body)) + 1
    try:
        rendered = render_markdown(
            body, folder, config.unsafe_html, config.markdown, config.markdown_extensions
        )
    except MarkupError as exc:
        raise SourceError(source.path, first_line, str(exc)) from None
    links = tuple((path, _line_of(body, written, first_line)) for path, written in rendered.links)
    if article.image and "://" not in article.image:
        links += ((article.image, lines.get("image")),)
    return replace(article, summary=article.summary or rendered.summary, links=links), rendered.html


def _line_of(body: str, written: str, first_line: int) -> int | None:
    """The file line where a link target appears first in the body."""
    at = body.find(f"({written}")
    at = body.find(written) if at < 0 else at
    return first_line + body.count("\n", 0, at) if at >= 0 else None


def _near_misses(fields: _Fields) -> None:
    for key in fields.data:
        if str(key) not in KNOWN and (hint := did_you_mean(str(key), KNOWN)):
            fields.error(
                str(key),
                f"unknown key '{key}': {hint}(unknown keys are kept as extra "
                "data only when they are not near a known one)",
            )


def _tags(fields: _Fields) -> tuple[str, ...]:
    tags = fields.strings("tags")
    for tag in tags:
        if not slugify(tag):
            fields.error("tags", f"tag '{tag}' needs at least one letter or digit")
        elif len(slugify(tag).encode()) > MAX_NAME_BYTES:
            fields.error("tags", f"tag '{tag[:40]}...' is too long for a page name")
    return tags


def _corrections(fields: _Fields, config: ParseSettings) -> tuple[Correction, ...]:
    raw = fields.data.get("corrections") or []
    shape = "'corrections' must be a list of {date: ..., text: ...}"
    if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
        fields.error("corrections", shape)
        return ()
    found = []
    for item in raw:
        sub = _Fields(fields.source, item, {k: fields.lines.get("corrections") for k in item})
        when, text = sub.when("date", config.tz), sub.text("text", required=True)
        if set(item) - {"date", "text"} or when is None:
            sub.error("date", shape)
        fields.errors.extend(sub.errors)
        if when and text:
            found.append(Correction(when, text))
    return tuple(sorted(found, key=lambda c: c.date, reverse=True))


def _aliases(fields: _Fields) -> tuple[str, ...]:
    """Old URLs as site paths: "/old/story/" -> "old/story/"; "/old.html" stays a file."""
    paths = []
    for alias in fields.strings("aliases"):
        path = urlsplit(alias).path.strip()
        problem = _path_error(path.strip("/")) if path.strip("/") else "must not be the home page"
        if problem or urlsplit(alias).netloc:
            fields.error("aliases", f"alias '{alias}' {problem or 'must be a path, not a URL'}")
            continue
        paths.append(urls.alias(path))
    return tuple(paths)


def _translation_of(fields: _Fields, folder: str) -> str | None:
    """The translated article's id, given like a Markdown link: relative to this file."""
    target = fields.text("translation_of")
    if target is None:
        return None
    if not target.endswith(".md"):
        fields.error("translation_of", "'translation_of' must name the other article's .md file")
        return None
    return posixpath.normpath(posixpath.join(folder, target))


class ArticleErrors(Exception):
    """All the errors of one article file."""

    def __init__(self, errors: list[SourceError]) -> None:
        super().__init__(errors)
        self.errors = errors


def _path_error(value: str) -> str | None:
    if value.startswith("/") or "\\" in value:
        return "must be a relative path like news/field-reports, not an absolute one"
    if len(value.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        return f"is longer than {MAX_PATH_BYTES} bytes, too long for the output folder"
    for segment in value.split("/"):
        if segment in ("", ".", ".."):
            return "must not hold '..', '.' or empty parts: it would leave its folder"
        if len(segment.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            return f"has a part longer than {MAX_NAME_BYTES} bytes, too long for a file name"
        if not SEGMENT.match(segment):
            return (
                f"holds characters not allowed in a URL path ('{segment}'): use letters, "
                "digits, '-' and '_'"
            )
    return None


def _section(fields: _Fields, folder: str) -> str:
    explicit = fields.text("section")
    section = unicodedata.normalize("NFC", explicit if explicit is not None else folder).strip()
    problem = _path_error(section) if section else None
    if problem:
        where = "'section'" if explicit is not None else f"the folder '{folder}'"
        fields.error(
            "section", f"{where} {problem}" + ("" if explicit else "; rename it or set `section:`")
        )
        return ""
    return section


def _slug(fields: _Fields, source_id: str) -> str:
    explicit = fields.text("slug")
    slug = explicit if explicit is not None else posixpath.basename(source_id)[: -len(".md")]
    slug = unicodedata.normalize("NFC", slug)  # macOS writes file names decomposed (NFD)
    problem = "must be one path part" if "/" in slug else _path_error(slug)
    if problem:
        where = "'slug'" if explicit is not None else f"the file name '{slug}.md'"
        fields.error(
            "slug", f"{where} {problem}" + ("" if explicit else "; rename it or set `slug:`")
        )
        return "invalid"
    return slug


def _authors(fields: _Fields) -> tuple[str, ...]:
    if "author" in fields.data and "authors" in fields.data:
        fields.error("authors", "give either 'author' or 'authors', not both")
    key = "author" if "author" in fields.data else "authors"
    if isinstance(fields.data.get("author"), list):
        names = fields.strings("author")
    else:
        single = fields.text("author")
        names = (single,) if single else fields.strings("authors")
    for name in names:
        if not slugify(name):
            fields.error(key, f"author '{name}' needs at least one letter or digit")
        elif len(slugify(name).encode()) > MAX_NAME_BYTES:
            fields.error(key, f"author '{name[:40]}...' is too long for a page name")
    return names


def _language(fields: _Fields) -> tuple[str | None, str | None]:
    lang = fields.text("lang")
    if lang and not LANG.match(lang):
        fields.error("lang", f"'lang' must be a language tag like en, ar or pt-BR, not '{lang}'")
        lang = None
    direction = fields.text("dir")
    if direction not in (None, "ltr", "rtl"):
        fields.error("dir", "'dir' must be ltr or rtl")
        direction = None
    if direction is None and lang:
        direction = "rtl" if lang.split("-")[0].lower() in RTL_LANGS else "ltr"
    return lang, direction


def _image(fields: _Fields, folder: str) -> str | None:
    """An absolute URL as given; otherwise a path under content/ (relative to the article)."""
    image = fields.text("image")
    if image is None or urlsplit(image).scheme in ("http", "https"):
        return image
    path = image.lstrip("/") if image.startswith("/") else posixpath.join(folder, image)
    path = posixpath.normpath(path)
    if path.startswith("../") or path == "..":
        fields.error("image", "'image' points outside content/")
        return None
    return path


def _disclaimer(fields: _Fields, config: ParseSettings) -> str | None:
    if fields.data.get("disclaimer") is False:
        return None
    return fields.text("disclaimer") or config.disclaimer or None
