"""The content model: frozen dataclasses that refer to each other by id, plus pure queries."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from generator.core.images import Picture


@functools.cache
def slugify(text: str) -> str:
    """URL-safe name: accents folded, other scripts kept (Arabic stays), '-' between words."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "-", unicodedata.normalize("NFC", folded).casefold()).strip("-")


@dataclass(frozen=True, slots=True)
class Group:
    """The articles of one tag or author: `name` as written, `slug` for its URL."""

    name: str
    slug: str
    articles: tuple[str, ...]  # ids, newest first


@dataclass(frozen=True, slots=True)
class Correction:
    """A dated correction note shown under an article; it moves the article's modified time."""

    date: datetime
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    """One Markdown file; `id` is its path under `content/` (`news/a.md`)."""

    id: str
    source: str  # path relative to the site folder, for error messages
    headline: str
    section: str  # section path, "" for the root
    slug: str
    url: str  # site path of its page, e.g. "news/a/"
    date: datetime | None
    summary: str
    updated: datetime | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    disclaimer: str | None = None  # None: hidden
    draft: bool = False
    scheduled: bool = False
    lang: str | None = None
    dir: str | None = None
    image: str | None = None
    image_alt: str = ""
    image_caption: str = ""
    image_credit: str = ""
    image_focus: str = "center"  # a key of core.images.FOCUS: where crops keep the subject
    extra: dict = field(default_factory=dict)
    corrections: tuple[Correction, ...] = ()  # newest first
    aliases: tuple[str, ...] = ()  # old site paths that redirect here, e.g. "old/story/"
    translation_of: str | None = None  # id of the article this one translates
    links: tuple[tuple[str, int | None], ...] = ()  # (path under content/, or "/path" from the
    # site's root, line) of local links
    notes: tuple[str, ...] = ()  # warnings about the file ("path:line: ..."), shown every build
    reading_time: int = 0  # minutes, from the body's words

    @property
    def modified(self) -> datetime | None:
        """The latest of published, updated and correction times."""
        times = [t for t in (self.date, self.updated, *(c.date for c in self.corrections)) if t]
        return max(times) if times else None

    def sort_key(self) -> tuple[float, str]:
        """Newest first, then by id, so every listing has one stable order."""
        return (-(self.date.timestamp() if self.date else float("inf")), self.id)


@dataclass(frozen=True, slots=True)
class StandalonePage:
    """A page of `pages/` (About, Contact): no date, section or byline, in no listing or feed."""

    id: str  # path under pages/: "legal/privacy.md"
    source: str  # path under the site, for messages
    title: str
    description: str
    url: str  # "legal/privacy/"
    body: str  # HTML, local links unresolved
    links: tuple[tuple[str, int | None], ...] = ()  # (site path, line): "content/news/a.md"


@dataclass(frozen=True, slots=True)
class Profile:
    """An author's profile, `authors/<slug>.md`: shown on the author's page and in JSON-LD."""

    slug: str
    source: str
    name: str
    role: str = ""
    photo: str | None = None  # site path or URL
    links: tuple[tuple[str, str], ...] = ()  # (kind: site, x, mastodon, email; URL or address)
    bio: str = ""  # HTML

    @property
    def same_as(self) -> list[str]:
        """The profile's web addresses (not the email), for schema.org `sameAs`."""
        return [url for kind, url in self.links if kind != "email"]


@dataclass(frozen=True, slots=True)
class Section:
    path: str
    title: str
    description: str
    parent: str | None  # None for top-level sections
    children: tuple[str, ...]
    article_ids: tuple[str, ...]  # its own articles, newest first

    @property
    def depth(self) -> int:
        return self.path.count("/") + 1


@dataclass(frozen=True)
class Site:
    """Sections in display order, articles newest first. (No slots: the groupings below are
    computed once per build and kept.)"""

    sections: dict[str, Section]
    articles: dict[str, Article]
    held_back: int = 0  # drafts and future articles left out of this build
    now: datetime | None = None  # the build's time: what is scheduled, what is recent news
    bodies: Mapping[str, str] = field(default_factory=dict)  # id -> body, links unresolved
    images: Mapping[str, Picture] = field(default_factory=dict)  # content path -> renditions
    warnings: tuple[str, ...] = ()  # the notes of every article, in id order
    drafts: tuple[str, ...] = ()  # the files of the drafts held back, for the summary
    pages: Mapping[str, StandalonePage] = field(default_factory=dict)  # by id, from pages/
    profiles: Mapping[str, Profile] = field(default_factory=dict)  # by slug, from authors/
    every: Mapping[str, Article] | None = None  # an edition's site: the articles of them all

    @property
    def everywhere(self) -> Mapping[str, Article]:
        """The articles of every edition: translations and links may cross editions."""
        return self.articles if self.every is None else self.every

    def latest(self, n: int | None = None) -> list[Article]:
        items = list(self.articles.values())
        return items if n is None else items[:n]

    def top_sections(self) -> list[Section]:
        return [s for s in self.sections.values() if s.parent is None]

    def subtree(self, path: str) -> list[Article]:
        """Articles of a section and all its descendants, newest first."""
        prefix = path + "/"
        return [
            a for a in self.articles.values() if a.section == path or a.section.startswith(prefix)
        ]

    def ancestry(self, path: str) -> list[Section]:
        """The sections from the top down to `path`, for breadcrumbs."""
        parts = path.split("/") if path else []
        paths = ("/".join(parts[: i + 1]) for i in range(len(parts)))
        return [self.sections[p] for p in paths if p in self.sections]  # an edition's folder isn't

    @functools.cached_property
    def translations(self) -> dict[str, tuple[str, ...]]:
        """For each article in a translation group, all the group's ids (itself included)."""
        groups: dict[str, list[str]] = {}
        everywhere = self.everywhere
        for article in everywhere.values():
            root, seen = article, {article.id}
            while root.translation_of in everywhere and root.translation_of not in seen:
                root = everywhere[root.translation_of]
                seen.add(root.id)
            groups.setdefault(root.id, []).append(article.id)
        return {i: tuple(sorted(g)) for g in groups.values() if len(g) > 1 for i in g}

    @functools.cached_property
    def by_tag(self) -> list[Group]:
        return _group(self.articles.values(), lambda a: a.tags)

    @functools.cached_property
    def by_author(self) -> list[Group]:
        return _group(self.articles.values(), lambda a: a.authors)


def _group(articles, names_of) -> list[Group]:
    """Group by slug, so `Syria` and `syria` share one page; the name shown is the first sorted."""
    ids: dict[str, list[str]] = {}
    names: dict[str, set[str]] = {}
    for article in articles:
        for name in names_of(article):
            slug = slugify(name)
            if article.id not in ids.setdefault(slug, []):
                ids[slug].append(article.id)
            names.setdefault(slug, set()).add(name)
    return [Group(min(names[s]), s, tuple(ids[s])) for s in sorted(ids)]


@dataclass(frozen=True, slots=True)
class Page:
    """One output page: what it shows is `context` (plain data, article ids by reference)."""

    path: str  # output path, e.g. "news/a/index.html"
    template: str
    kind: str
    context: dict = field(hash=False)
    articles: tuple[str, ...] = ()  # ids whose metadata the page shows
    bodies: tuple[str, ...] = ()  # ids whose body the page shows
    source: str = ""  # what produced it, for messages
    edition: str = ""  # the URL prefix of its edition ("ar"), "" for the default one

    @property
    def label(self) -> str:
        return self.source or self.template or self.kind


@dataclass(frozen=True, slots=True)
class OutputFile:
    """A file of the built site: bytes to write, or a file to copy."""

    path: str
    source: str
    data: bytes | None = None
    copy_from: Path | None = None

    @property
    def label(self) -> str:
        return self.source


Progress = Callable[[str, int, int], None]  # called with (phase, done, total)
