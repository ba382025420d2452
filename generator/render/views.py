"""What templates see: the model turned into the plain dicts that docs/templates.md documents.

Views read only the articles a Page names, so a page's output is a function of its inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from markupsafe import Markup

from generator.core import urls
from generator.core.config import SiteConfig
from generator.core.model import Article, Page, Site, slugify
from generator.markup.refs import resolve_refs
from generator.render.pictures import body_pictures

TITLE_SEPARATOR = " — "


class Views:
    """The shared parts of template contexts (globals, article and section dicts, breadcrumbs,
    `page` metadata); each page kind's view builds its own context from them."""

    def __init__(self, site: Site, config: SiteConfig) -> None:
        self.site, self.config = site, config
        self.absolute = config.absolute("") is not None  # feeds and social data need it
        self.globals = {
            "site": {
                "title": config.title,
                "description": config.description,
                "language": config.language,
                "base_url": config.base_url,
                "disclaimer": config.disclaimer,
                "logo": config.logo or None,
            },
            "nav": [self.section(s.path) for s in site.top_sections()],
        }
        self.shown: dict[str, dict] = {}  # article views by id: most articles appear on many pages

    def section(self, path: str) -> dict:
        s = self.site.sections[path]
        url = urls.section(path)
        return {"path": path, "title": s.title, "description": s.description, "url": url}

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
        return {
            "headline": a.headline,
            "url": a.url,
            "date": a.date,
            "updated": a.updated,
            "modified": a.modified,
            "section": self.section(a.section) if a.section else None,
            "authors": [{"name": n, "url": urls.author(slugify(n))} for n in a.authors],
            "tags": [{"name": t, "url": urls.tag(slugify(t))} for t in a.tags],
            "summary": a.summary,
            "image": a.image,
            "image_alt": a.image_alt,
            "image_caption": a.image_caption,
            "image_credit": a.image_credit,
            "image_focus": a.image_focus,
            "picture": self.site.images.get(a.image) if a.image else None,
            "lang": a.lang or self.config.language,
            "dir": a.dir or "ltr",
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
            "dir": "ltr",
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
        links = [{"title": self.config.title, "url": urls.feed()}]
        if listing is not None:
            links.append(
                {
                    "title": f"{title}{TITLE_SEPARATOR}{self.config.title}",
                    "url": urls.feed(listing),
                }
            )
        return links

    def articles(self, ids: Iterable[str]) -> list[dict]:
        return [self.article(i) for i in ids]

    def context(self, page: Page, view: View) -> dict:
        """The full template context of a Page: the globals, then what its kind's view shows."""
        return {**self.globals, "breadcrumbs": [], **view(self, page, urls.of_output(page.path))}


View = Callable[[Views, Page, str], dict]
"""A kind's part of the template context of one of its pages, given the page and its URL."""


def body_html(site: Site, config: SiteConfig, article_id: str) -> str:
    """An article's body with its local links turned into the final URLs, and its images into
    pictures (a link to a raster image leads to its largest rendition: the original is not
    published)."""

    def url_of(path: str) -> str:
        target, pic = site.articles.get(path), site.images.get(path)
        if pic is not None:
            return config.link(pic.largest.path)
        return config.link(target.url if target else path)

    body = body_pictures(site.bodies[article_id], site.images, config.link)
    return resolve_refs(body, url_of)
