"""One article file -> Article: split the front matter, read every field, collect all errors.

The keys an article may give are the table FIELDS: a new key is one line there (its name is the
Article attribute it fills) plus, unless a reader of `Fields` fits, a function that reads it.
The table also gives the known keys, for "did you mean" and for telling extra data apart.

Pure: a function of the file's bytes, its path and the config, so results can be cached and
computed in worker processes.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from urllib.parse import urlsplit

from generator.core import urls
from generator.core.config import LANGUAGE_TAG, direction_of
from generator.core.errors import SourceError
from generator.core.images import FOCUS
from generator.core.layout import article_stem, is_article
from generator.core.model import Article, Correction, slugify
from generator.load.fields import Field, Fields, ParseSettings, Values, always, known_keys
from generator.load.foreign import missing_hints, template_tags, unread_keys
from generator.load.source import Source, split
from generator.markup.base import SMARTY, MarkupError
from generator.markup.registry import render_markdown
from generator.markup.smartquotes import reading_minutes, smarten_text

SEGMENT = re.compile(r"^[^\W_][\w.~-]*$")
LANG = LANGUAGE_TAG
MAX_NAME_BYTES = 200  # one part of an output path (file systems allow 255)
MAX_PATH_BYTES = 1000  # a whole section or alias path
CORRECTION_SHAPE = "'corrections' must be a list of {date: ..., text: ...}"


class ArticleErrors(Exception):
    """All the errors of one article file."""

    def __init__(self, errors: list[SourceError]) -> None:
        super().__init__(errors)
        self.errors = errors


def path_error(value: str) -> str | None:
    """What makes `value` unfit as a relative site path (a section, a slug, an alias), or None."""
    if value.startswith("/") or "\\" in value:
        return "must be a relative path like news/field-reports, not an absolute one"
    if len(value.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        return f"is longer than {MAX_PATH_BYTES} bytes, too long for the output folder"
    for segment in value.split("/"):
        if segment in ("", ".", ".."):
            return "must not hold '..', '.' or empty parts: it would leave its folder"
        if len(segment.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            return f"has a part longer than {MAX_NAME_BYTES} bytes, too long for a file name"
        if not SEGMENT.match("".join("a" if _emoji(c) else c for c in segment)):
            return (
                f"holds characters not allowed in a URL path ('{segment}'): use letters, "
                "digits, '-' and '_'"
            )
    return None


def _emoji(char: str) -> bool:
    """A character of an emoji (a symbol, a mark such as a variation selector or keycap, a
    skin tone, a joiner): Unicode slugs may hold them (links percent-encode them)."""
    return (
        unicodedata.category(char) in ("So", "Mn", "Me")
        or char == "\u200d"
        or "\U0001f3fb" <= char <= "\U0001f3ff"
    )


def unless_draft(values: Values) -> bool:
    """For `Field.required`: drafts may leave the key out."""
    return not values["draft"]


def _section(fields: Fields, key: str) -> str:
    """The folder, or `section:` (within the article's edition, whose folder it starts with)."""
    explicit = fields.text(key)
    folder = fields.folder
    section = unicodedata.normalize("NFC", explicit if explicit is not None else folder).strip()
    problem = path_error(section) if section else None
    if problem:
        _name_error(fields, "section", explicit, f"the folder '{folder}'", problem)
        return ""
    edition = fields.settings.edition
    if explicit is not None and edition and edition.prefix:
        return f"{edition.prefix}/{section}"
    others = {e.prefix for e in fields.settings.editions[1:]}
    if explicit is not None and section.split("/")[0] in others:
        fields.error(key, f"section '{section}' is in another edition's folder; move the file")
        return ""
    return section


def _slug(fields: Fields, key: str) -> str:
    explicit = fields.text(key)
    name = posixpath.basename(fields.source.id)
    slug = explicit if explicit is not None else article_stem(name)
    slug = unicodedata.normalize("NFC", slug)  # macOS writes file names decomposed (NFD)
    problem = "must be one path part" if "/" in slug else path_error(slug)
    if problem:
        _name_error(fields, "slug", explicit, f"the file name '{name}'", problem)
        return "invalid"
    return slug


def _name_error(fields: Fields, key: str, explicit: str | None, derived: str, problem: str) -> None:
    """A bad section or slug, given as `key` or derived from a folder or file name (then the
    message says how to fix either way; also for a key given empty)."""
    where = f"'{key}'" if explicit is not None else derived
    fields.error(key, f"{where} {problem}" + ("" if explicit else f"; rename it or set `{key}:`"))


def _lang(fields: Fields, key: str) -> str | None:
    """As given, or its edition's; an article in one edition's folder is in its language."""
    lang = fields.text(key)
    if lang and not LANG.match(lang):
        fields.error("lang", f"'lang' must be a language tag like en, ar or pt-BR, not '{lang}'")
        return None
    edition = fields.settings.edition
    if edition is None or lang is None:
        return lang or (edition and edition.tag)
    if lang.split("-")[0].lower() != edition.tag.split("-")[0].lower():
        where = f"content/{edition.prefix}/" if edition.prefix else "the default edition"
        fields.error(
            "lang",
            f"'lang: {lang}' disagrees with its edition: articles in {where} are in "
            f"'{edition.tag}'; move the file to the {lang} edition's folder or fix 'lang'",
        )
    return lang


def _dir(fields: Fields, key: str) -> str | None:
    """As given, or the direction of its edition (when in its language) or language."""
    direction = fields.text(key)
    if direction not in (None, "ltr", "rtl"):
        fields.error("dir", "'dir' must be ltr or rtl")
        direction = None
    lang, edition = fields.values["lang"], fields.settings.edition
    if direction is None and edition and lang == edition.tag:
        return edition.direction
    if direction is None and lang:
        direction = direction_of(lang)
    return direction


def _authors(fields: Fields, key: str) -> tuple[str, ...]:
    """`authors: [A, B]`, or `author:` with one name or a list."""
    if key == "author" and not isinstance(fields.data.get(key), list):
        single = fields.text(key)  # when empty, a list under `authors:` is still checked
        return _names(fields, key, (single,) if single else fields.strings("authors"), "author")
    return _names(fields, key, fields.strings(key), "author")


def _tags(fields: Fields, key: str) -> tuple[str, ...]:
    return _names(fields, key, fields.strings(key), "tag")


def _names(fields: Fields, key: str, names: tuple[str, ...], kind: str) -> tuple[str, ...]:
    """Names that become pages of their own (authors, tags) need a usable slug."""
    for name in names:
        if not slugify(name):
            fields.error(key, f"{kind} '{name}' needs at least one letter or digit")
        elif len(slugify(name).encode()) > MAX_NAME_BYTES:
            fields.error(key, f"{kind} '{name[:40]}...' is too long for a page name")
    return names


def _disclaimer(fields: Fields, key: str) -> str | None:
    """The article's own, or the site's; `disclaimer: false` hides it."""
    if fields.data.get(key) is False:
        return None
    return fields.text(key) or fields.settings.disclaimer or None


def _image(fields: Fields, key: str) -> str | None:
    """An absolute URL as given; otherwise a path under content/ (relative to the article)."""
    image = fields.text(key)
    if image is None or urlsplit(image).scheme in ("http", "https"):
        return image
    folder = fields.folder
    path = image.lstrip("/") if image.startswith("/") else posixpath.join(folder, image)
    path = posixpath.normpath(path)
    if path.startswith("../") or path == "..":
        fields.error("image", "'image' points outside content/")
        return None
    return path


def _focus(fields: Fields, key: str) -> str | None:
    """Where the subject of the lead image is, for crops: one of FOCUS."""
    focus = fields.text(key)
    if focus is not None and focus not in FOCUS:
        fields.error(key, f"'{key}' must be one of: {', '.join(FOCUS)}")
        return None
    return focus


def with_image(values: Values) -> bool:
    """For `Field.required`: keys an article must give when it has a lead image."""
    return values["image"] is not None


ALT_MISSING = (
    "'image_alt' is missing: describe the lead image for readers who cannot see it "
    "(`image_alt: Boats moored at the quay at dawn`)"
)
CORRECTION = (Field("date", Fields.when), Field("text", Fields.text, required=always))


def _corrections(fields: Fields, key: str) -> tuple[Correction, ...]:
    """Newest first; each item a mapping read by the table CORRECTION."""
    raw = fields.data.get(key) or []
    if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
        fields.error(key, CORRECTION_SHAPE)
        return ()
    found = []
    for item in raw:
        lines = {k: fields.lines.get(key) for k in item}
        sub = Fields(fields.source, item, lines, fields.settings)
        values = sub.read(CORRECTION)
        when, text = values["date"], values["text"]
        if set(item) - set(known_keys(CORRECTION)) or when is None:
            sub.error("date", CORRECTION_SHAPE)
        fields.errors.extend(sub.errors)
        if when and text:
            found.append(Correction(when, text))
    return tuple(sorted(found, key=lambda c: c.date, reverse=True))


def _aliases(fields: Fields, key: str) -> tuple[str, ...]:
    """Old URLs as site paths: "/old/story/" -> "old/story/"; "/old.html" stays a file."""
    paths = []
    own = urls.article(fields.values["section"], fields.values["slug"])
    for alias in fields.strings(key):
        path = urlsplit(alias).path.strip()
        problem = path_error(path.strip("/")) if path.strip("/") else "must not be the home page"
        if problem or urlsplit(alias).netloc:
            fields.error("aliases", f"alias '{alias}' {problem or 'must be a path, not a URL'}")
        elif urls.alias(path).casefold() == own.casefold():
            fields.note("aliases", f"alias '{alias}' is the article's own URL: ignored")
        else:
            paths.append(urls.alias(path))
    return tuple(paths)


def _translation_of(fields: Fields, key: str) -> str | None:
    """The translated article's id, given like a Markdown link: relative to this file."""
    target = fields.text(key)
    if target is None:
        return None
    if not is_article(target):
        fields.error("translation_of", "'translation_of' must name the other article's .md file")
        return None
    return posixpath.normpath(posixpath.join(fields.folder, target))


DATE_MISSING = "'date' is missing: add `date: YYYY-MM-DD` (only drafts may omit it)"

# The keys of an article's front matter, read in this order (a field may use those above it).
FIELDS = (
    Field("headline", Fields.text, default="", required=always),
    Field("draft", Fields.flag),
    Field("date", Fields.when, required=unless_draft, missing=DATE_MISSING),
    Field("section", _section),
    Field("slug", _slug),
    Field("lang", _lang),
    Field("dir", _dir),
    Field("summary", Fields.text, default=""),
    Field("updated", Fields.when),
    Field("authors", _authors, aliases=("author",)),
    Field("tags", _tags),
    Field("disclaimer", _disclaimer),
    Field("image", _image),
    Field("image_alt", Fields.text, default="", required=with_image, missing=ALT_MISSING),
    Field("image_caption", Fields.text, default=""),
    Field("image_credit", Fields.text, default=""),
    Field("image_focus", _focus, default="center"),
    Field("corrections", _corrections),
    Field("aliases", _aliases),
    Field("translation_of", _translation_of),
)
KNOWN = known_keys(FIELDS)


def parse_article(source: Source, config: ParseSettings) -> tuple[Article, str]:
    """Validate one article and render its body (links still unresolved); raises ArticleErrors
    holding every problem found in it."""
    data, body, lines, _ = split(source)
    config = config.of_article(source.id)
    fields = Fields(source, data, lines, config)
    fields.hints = missing_hints(data, posixpath.basename(source.id))
    fields.near_misses(KNOWN)
    values = fields.read(FIELDS)
    for key, message in unread_keys(data):
        fields.note(key, message)
    for line, message in template_tags(body, _first_line(source, body)):
        fields.notes.append(str(SourceError(source.path, line, message)))
    if fields.errors:
        raise ArticleErrors(fields.errors)
    section, slug = values["section"], values["slug"]
    edition = config.edition.prefix if config.edition else ""
    if edition and section == edition:  # at the top of its edition, in no section
        values["section"] = ""
    article = Article(
        id=source.id,
        source=source.path,
        url=urls.article(section, slug),
        extra={str(k): v for k, v in data.items() if str(k) not in KNOWN},
        notes=tuple(fields.notes),
        **values,
    )
    return _with_body(article, fields, body)


def _with_body(article: Article, fields: Fields, body: str) -> tuple[Article, str]:
    """The body rendered, and the article with its summary (when it gave none) and links."""
    source, config = fields.source, fields.settings
    first_line = _first_line(source, body)
    try:
        rendered = render_markdown(
            body, fields.folder, config.unsafe_html, config.markdown, config.markdown_extensions
        )
    except MarkupError as exc:
        raise SourceError(source.path, first_line, str(exc)) from None
    links = _located(rendered.links, body, first_line)
    if article.image and "://" not in article.image:
        links += ((article.image, fields.lines.get("image")),)
    smart = smarten_text if SMARTY in config.markdown_extensions else str
    return replace(
        article,
        headline=smart(article.headline),
        summary=smart(article.summary) if article.summary else rendered.summary,
        links=links,
        reading_time=reading_minutes(rendered.html),
    ), rendered.html


def _first_line(source: Source, body: str) -> int:
    """The file line where the body (as `split` gives it: blank lines dropped) begins."""
    return source.text.count("\n", 0, len(source.text) - len(body)) + 1


def _located(
    links: Iterable[tuple[str, str]], body: str, first_line: int
) -> tuple[tuple[str, int | None], ...]:
    """Each link's path with the file line where it is written: links come in body order, so
    each is looked for after the last place the same target was found (a target written twice
    is reported at each of its lines)."""
    after: dict[str, int] = {}
    found = []
    for path, written in links:
        start = after.get(written, 0)
        at = body.find(f"({written}", start)
        at = body.find(written, start) if at < 0 else at
        after[written] = at + 1 if at >= 0 else start
        found.append((path, first_line + body.count("\n", 0, at) if at >= 0 else None))
    return tuple(found)
