"""The site's files beside `content/`: standalone pages (`pages/about.md` -> `/about/`) and
author profiles (`authors/<slug>.md`). They are few, so they are read on every build that
plans the site (the fast path watches both folders); each is a front matter mapping read by a
table of fields, like an article's, and a Markdown body."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from generator.core import urls
from generator.core.errors import MAX_ERRORS, BuildError, SourceError
from generator.core.hashing import digest
from generator.core.layout import AUTHORS_DIR, PAGES_DIR
from generator.core.model import Profile, StandalonePage, slugify
from generator.load.fields import Field, Fields, ParseSettings, always, known_keys
from generator.load.frontmatter import path_error
from generator.load.inventory import ignored
from generator.load.source import Source, decode, split
from generator.markup.base import SMARTY, MarkupError
from generator.markup.registry import render_markdown
from generator.markup.smartquotes import smarten_text

LINK_KINDS = ("site", "x", "mastodon", "email")


@dataclass(frozen=True, slots=True)
class Extras:
    """What `pages/` and `authors/` hold."""

    pages: Mapping[str, StandalonePage] = field(default_factory=dict)  # by id
    profiles: Mapping[str, Profile] = field(default_factory=dict)  # by slug

    def digest(self) -> str:
        """Of everything they hold: a change makes the site be planned again."""
        return digest(repr((sorted(self.pages.items()), sorted(self.profiles.items()))).encode())

    def shown_everywhere(self) -> list:
        """What every page may show of them (menus, bylines, JSON-LD): not the pages' bodies."""
        pages = [(p.id, p.url, p.title) for p in self.pages.values()]
        return [pages, sorted(self.profiles.items())]


NO_EXTRAS = Extras()


def load_extras(site_dir: Path, settings: ParseSettings) -> Extras:
    """Both folders, read; a BuildError with the problems of both."""
    errors: list[SourceError] = []
    found: list[dict] = []
    for load in (load_pages, load_profiles):
        try:
            found.append(load(site_dir, settings))
        except BuildError as exc:
            errors += exc.errors
    if errors:
        raise BuildError(errors[:MAX_ERRORS])
    return Extras(*found)


Reader = Callable[[Source, Fields, str, int], object]


def files_of(folder: Path, kind: str) -> tuple[list[str], list[SourceError]]:
    """The Markdown files under `folder` (paths under it, sorted); any other file is an error
    (nothing in these folders is copied as it is)."""
    found, errors = [], []
    if not folder.is_dir():
        return found, errors
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if any(ignored(part) for part in rel.split("/")) or path.is_dir():
            continue
        if not path.name.endswith(".md") or not path.is_file():
            message = f"{kind} are Markdown files (.md): move other files to content/ or static/"
            errors.append(SourceError(f"{folder.name}/{rel}", None, message))
        else:
            found.append(rel)
    return found, errors


def read_all(site_dir: Path, name: str, kind: str, settings: ParseSettings, read: Reader) -> list:
    """Every file of the folder `name`, read by `read`; a BuildError holding every problem."""
    names, errors = files_of(site_dir / name, kind)
    made = []
    for rel in names:
        path = f"{name}/{rel}"
        try:
            data = (site_dir / path).read_bytes()
            source = Source(rel, path, decode(path, data))
            front, body, lines, first_line = split(source)
            fields = Fields(source, front, lines, settings)
            made.append(read(source, fields, body, first_line))
            errors += fields.errors
        except SourceError as exc:
            errors.append(exc)
        except OSError as exc:
            errors.append(SourceError(path, None, f"cannot be read ({exc.strerror})"))
    if errors:
        raise BuildError(errors[:MAX_ERRORS])
    return made


def strict(fields: Fields, table: tuple[Field, ...]) -> dict[str, object]:
    """The table's values; any other key is an error (these files have no extra data)."""
    known = known_keys(table)
    for key in fields.data:
        if str(key) not in known:
            fields.error(str(key), f"unknown key '{key}': known keys are {', '.join(known)}")
    return fields.read(table)


def markdown(source: Source, settings: ParseSettings, body: str, first_line: int):
    """The body rendered, with links resolved from the file's folder under the site."""
    folder = posixpath.dirname(source.path)
    try:
        return render_markdown(
            body, folder, settings.unsafe_html, settings.markdown, settings.markdown_extensions
        )
    except MarkupError as exc:
        raise SourceError(source.path, first_line, str(exc)) from None


PAGE_FIELDS = (
    Field("title", Fields.text, default="", required=always),
    Field("description", Fields.text, default=""),
)


def read_page(source: Source, fields: Fields, body: str, first_line: int) -> StandalonePage:
    values = strict(fields, PAGE_FIELDS)
    url = urls.folder(source.id.removesuffix(".md").removesuffix("/index"))
    problem = path_error(url.strip("/")) if url else "must not be the home page"
    if problem:
        fields.error("title", f"the page's path {problem}; rename the file")
    rendered = markdown(source, fields.settings, body, first_line)
    links = tuple((path, first_line) for path, _ in rendered.links)
    smart = smarten_text if SMARTY in fields.settings.markdown_extensions else str
    title, description = smart(values["title"]), smart(values["description"])
    return StandalonePage(source.id, source.path, title, description, url, rendered.html, links)


def load_pages(site_dir: Path, settings: ParseSettings) -> dict[str, StandalonePage]:
    """The pages of `pages/`, by id (path under it)."""
    pages = read_all(site_dir, PAGES_DIR, "pages", settings, read_page)
    return {p.id: p for p in pages}


def _links(fields: Fields, key: str) -> tuple[tuple[str, str], ...]:
    """`links: {site: URL, x: "@handle" or URL, mastodon: "@user@host" or URL, email: ...}`."""
    raw = fields.data.get(key)
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        fields.error(key, f"'links' must map {', '.join(LINK_KINDS)} to text")
        return ()
    found = []
    for kind in LINK_KINDS:
        value = raw.get(kind, "").strip()
        link = web_link(kind, value) if value else None
        if value and link is None:
            fields.error(key, f"links: '{kind}' {value!r} is not a usable address")
        elif link:
            found.append((kind, link))
    for kind in set(raw) - set(LINK_KINDS):
        fields.error(key, f"links: unknown kind '{kind}': use {', '.join(LINK_KINDS)}")
    return tuple(found)


def web_link(kind: str, value: str) -> str | None:
    """A profile link as an address: handles become URLs; None when it is not usable."""
    if kind == "email":
        return value if "@" in value and " " not in value else None
    if kind == "x" and value.startswith("@") and value[1:].isidentifier():
        return f"https://x.com/{value[1:]}"
    if kind == "mastodon" and value.count("@") == 2 and value.startswith("@"):
        user, host = value[1:].split("@")
        return f"https://{host}/@{user}"
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.netloc else None


PROFILE_FIELDS = (
    Field("name", Fields.text, default="", required=always),
    Field("role", Fields.text, default=""),
    Field("photo", Fields.text),
    Field("links", _links),
)


def read_profile(source: Source, fields: Fields, body: str, first_line: int) -> Profile:
    values = strict(fields, PROFILE_FIELDS)
    slug = source.id.removesuffix(".md")
    if "/" in slug or slugify(slug) != slug:
        fields.error("name", f"a profile's file name must be its slug: {slugify(slug)}.md")
    name = values["name"]
    if name and slugify(name) != slug:
        fields.error("name", f"the name {name!r} has the slug {slugify(name)!r}: rename the file")
    bio = markdown(source, fields.settings, body, first_line)
    return Profile(slug=slug, source=source.path, bio=bio.html, **values)


def load_profiles(site_dir: Path, settings: ParseSettings) -> dict[str, Profile]:
    """The profiles of `authors/`, by slug (the file name, which is the author page's)."""
    profiles = read_all(site_dir, AUTHORS_DIR, "author profiles", settings, read_profile)
    return {p.slug: p for p in profiles}
