"""What templates see: the model turned into the plain dicts that docs/templates.md documents.

Views read only the articles a Page names, so a page's output is a function of its inputs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from markupsafe import Markup

from generator.core import editions, urls
from generator.core.config import MenuEntry, SiteConfig
from generator.core.layout import CONTENT_DIR
from generator.core.model import Article, Page, Site, slugify
from generator.load.frontmatter import direction_of
from generator.markup.refs import resolve_refs
from generator.render.i18n import Strings, date_settings, translate
from generator.render.pictures import body_pictures

TITLE_SEPARATOR = " — "


class Views:
    """The shared parts of template contexts (globals, article and section dicts, breadcrumbs,
    `page` metadata); each page kind's view builds its own context from them."""

    def __init__(self, site: Site, config: SiteConfig, strings: Strings) -> None:
        self.site, self.config, self.strings = site, config, strings
        self.absolute = config.absolute("") is not None  # feeds and social data need it
        self.globals = {
            "site": {
                "title": config.title,
                "description": config.description,
                "language": config.language,
                "base_url": config.base_url,
                "disclaimer": config.disclaimer,
                "logo": config.logo or None,
                "copyright": config.copyright,
                "params": config.params,
                "search": config.search,
            },
            "nav": self.menu("main"),
            "menus": {"main": self.menu("main"), "footer": self.menu("footer")},
            "edition": editions.about(config, config.current) if config.current else None,
            "languages": self.switcher([]),
        }
        self.shown: dict[str, dict] = {}  # article views by id: most articles appear on many pages

    def section(self, path: str) -> dict:
        s = self.site.sections[path]
        url = urls.section(path)
        return {"path": path, "title": s.title, "description": s.description, "url": url}

    def menu(self, name: str) -> list[dict]:
        """A menu's links ({title, url}); the main menu defaults to the top-level sections."""
        menu = self.config.menu(name)
        if menu is None:
            return (
                [self.section(s.path) for s in self.site.top_sections()] if name == "main" else []
            )
        return [{"title": e.title, "url": self.menu_url(e)} for e in menu.entries]

    def menu_url(self, entry: MenuEntry) -> str:
        """A site path (for `url()`), or an absolute URL as written."""
        if entry.page:
            return self.site.pages[entry.page].url
        if entry.section:
            return urls.section(entry.section.strip("/"))
        return entry.url if urlsplit(entry.url).scheme else entry.url.lstrip("/")

    def profile(self, slug: str) -> dict | None:
        """An author's profile as templates show it, or None when there is none."""
        p = self.site.profiles.get(slug)
        if p is None:
            return None
        return {
            "name": p.name,
            "role": p.role,
            "photo": p.photo,
            "links": [{"kind": kind, "url": url} for kind, url in p.links],
            "bio": Markup(resolve_site_refs(self.site, self.config, p.bio)),
        }

    def word(self, key: str, **values: object) -> str:
        """The theme's string `key` (see `i18n`) in the pages' language, for titles that code
        writes: "Tag: Ferries", "(page 2)"."""
        lang = self.config.language
        return translate(self.strings, lang, date_settings(self.config, lang)[0], key, **values)

    def breadcrumbs(self, path: str) -> list[dict]:
        return [{"title": s.title, "url": urls.section(s.path)} for s in self.site.ancestry(path)]

    def article(self, article_id: str | None, full: bool = False) -> dict | None:
        """An article as lists show it (made once: most articles appear on many pages), or
        `full`, with its body, disclaimer and corrections, as its own page shows it."""
        if article_id is None:
            return None
        view = self.shown.get(article_id)
        if view is None:
            view = self.shown[article_id] = self.summary(article_id)
        if not full:
            return view
        a = self.site.articles[article_id]
        corrections = [{"date": c.date, "text": c.text} for c in a.corrections]
        body = Markup(body_html(self.site, self.config, a.id))
        return {**view, "body": body, "disclaimer": a.disclaimer, "corrections": corrections}

    def summary(self, article_id: str) -> dict:
        """What lists show of an article."""
        a: Article = self.site.articles[article_id]
        ed = self.config.edition
        return {
            "headline": a.headline,
            "url": a.url,
            "date": a.date,
            "updated": a.updated,
            "modified": a.modified,
            "section": self.section(a.section) if a.section else None,
            "authors": [{"name": n, "url": urls.author(slugify(n), ed)} for n in a.authors],
            "tags": [{"name": t, "url": urls.tag(slugify(t), ed)} for t in a.tags],
            "summary": a.summary,
            "reading_time": a.reading_time,
            "image": a.image,
            "image_alt": a.image_alt,
            "image_caption": a.image_caption,
            "image_credit": a.image_credit,
            "image_focus": a.image_focus,
            "picture": self.site.images.get(a.image) if a.image else None,
            "lang": a.lang or self.config.language,
            "dir": a.dir or direction_of(self.config.language),
            "draft": a.draft,
            "scheduled": a.scheduled,
            "extra": a.extra,
        }

    def page_meta(self, kind: str, url: str, title: str | None, description: str, **more) -> dict:
        """`page`: title, description, language, and the links and cards search engines read."""
        page = {
            "kind": kind,
            "title": f"{title}{TITLE_SEPARATOR}{self.config.title}" if title else self.config.title,
            "heading": title or self.config.title,
            "description": description or self.config.description,
            "lang": self.config.language,
            "dir": self.config.current.direction
            if self.config.current
            else direction_of(self.config.language),
            "url": url,
            "canonical": self.config.absolute(url),
            "feeds": self.feeds(),
            "image": None,
            "image_alt": "",
            "og_type": "website",
            "article": None,
            "alternates": [],
            "jsonld": [],
            "twitter": self.config.twitter or None,
        }
        page.update(more)
        if not self.absolute:
            page.update(feeds=[], jsonld=[], alternates=[], image=None)
        return page

    def feeds(self, listing: str | None = None, title: str = "") -> list[dict]:
        """Feeds a page links with rel=alternate: the site's, and that of what it belongs to."""
        links = [{"title": self.config.title, "url": urls.feed(urls.home(self.config.edition))}]
        if listing is not None:
            links.append(
                {
                    "title": f"{title}{TITLE_SEPARATOR}{self.config.title}",
                    "url": urls.feed(listing),
                }
            )
        return links

    def switcher(self, translations: Iterable[str]) -> list[dict]:
        """The language switcher: each edition, at the translation of this page when there
        is one, else at its home."""
        everywhere, config = self.site.everywhere, self.config
        found = {config.edition_of(i): everywhere[i].url for i in translations}
        return [
            {
                "tag": e.tag,
                "name": language_name(e.tag),
                "dir": e.direction,
                "title": e.title or config.title,
                "url": found.get(e, urls.home(e.prefix)),
                "translated": e in found,
                "current": e.prefix == config.edition,
            }
            for e in config.languages
        ]

    def articles(self, ids: Iterable[str]) -> list[dict]:
        return [self.article(i) for i in ids]

    def context(self, page: Page, view: View) -> dict:
        """The full template context of a Page: the globals, then what its kind's view shows."""
        return {**self.globals, "breadcrumbs": [], **view(self, page, urls.of_output(page.path))}


@functools.cache
def language_name(tag: str) -> str:
    """A language's name in itself (CLDR): "العربية", "English"; the tag when CLDR has none."""
    try:
        return Locale.parse(tag, sep="-").get_display_name(tag.replace("-", "_")) or tag
    except (ValueError, UnknownLocaleError):
        return tag


View = Callable[[Views, Page, str], dict]
"""A kind's part of the template context of one of its pages, given the page and its URL."""


def body_html(site: Site, config: SiteConfig, article_id: str) -> str:
    """An article's body with its local links turned into the final URLs, and its images into
    pictures (a link to a raster image leads to its largest rendition: the original is not
    published)."""

    def url_of(path: str) -> str:
        target, pic = site.everywhere.get(path), site.images.get(path)
        if pic is not None:
            return config.link(pic.largest.path)
        return config.link(target.url if target else path)

    body = body_pictures(site.bodies[article_id], site.images, config.link)
    return resolve_refs(body, url_of)


def resolve_site_refs(site: Site, config: SiteConfig, html: str) -> str:
    """The local links of a page's or profile's body (site paths: `content/news/a.md`,
    `pages/contact.md`) turned into the final URLs."""

    def url_of(path: str) -> str:
        folder, _, rest = path.partition("/")
        target = site.articles.get(rest) if folder == CONTENT_DIR else site.pages.get(rest)
        return config.link(target.url if target else rest)

    return resolve_refs(html, url_of)
