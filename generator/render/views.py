"""What templates see: the model turned into the plain dicts that docs/templates.md documents.

Views read only the articles a Page names, so a page's output is a function of its inputs.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.core.config import SiteConfig
from generator.core.model import Article, Site, slugify
from generator.markup.refs import resolve_refs
from generator.render import metadata

TITLE_SEPARATOR = " — "
GROUP_LABELS = {"tag": "Tag", "author": "Author"}
PLAIN_TITLES = {"tags": "Tags", "authors": "Authors", "404": "Page not found"}
REFERENCES = ("prev", "next", "related", "latest", "blocks", "subsections", "translations")


class Views:
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

    def section(self, path: str) -> dict:
        s = self.site.sections[path]
        return {"path": path, "title": s.title, "description": s.description, "url": path + "/"}

    def breadcrumbs(self, path: str) -> list[dict]:
        return [{"title": s.title, "url": s.path + "/"} for s in self.site.ancestry(path)]

    def article(self, article_id: str | None, full: bool = False) -> dict | None:
        if article_id is None:
            return None
        a: Article = self.site.articles[article_id]
        view = {
            "headline": a.headline,
            "url": a.url,
            "date": a.date,
            "updated": a.updated,
            "modified": a.modified,
            "section": self.section(a.section) if a.section else None,
            "authors": [{"name": n, "url": f"authors/{slugify(n)}/"} for n in a.authors],
            "tags": [{"name": t, "url": f"tags/{slugify(t)}/"} for t in a.tags],
            "summary": a.summary,
            "image": a.image,
            "image_alt": a.image_alt,
            "lang": a.lang or self.config.language,
            "dir": a.dir or "ltr",
            "draft": a.draft,
            "scheduled": a.scheduled,
            "extra": a.extra,
        }
        if full:
            corrections = [{"date": c.date, "text": c.text} for c in a.corrections]
            body = Markup(body_html(self.site, self.config, a.id))
            view.update(body=body, disclaimer=a.disclaimer, corrections=corrections)
        return view

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
            "canonical": self.config.absolute(url) if kind != "404" else None,
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
        links = [{"title": self.config.title, "url": "feed.xml"}]
        if listing is not None:
            links.append(
                {
                    "title": f"{title}{TITLE_SEPARATOR}{self.config.title}",
                    "url": listing + "feed.xml",
                }
            )
        return links

    def context(self, page) -> dict:
        """The full template context of a Page: globals, its plain context, then views of it."""
        params = dict(page.context)
        url = page.path.removesuffix("index.html")
        views = getattr(self, f"_{page.kind}", self._plain)(params, url, page.kind)
        if "items" in params:
            views["articles"] = [self.article(i) for i in params.pop("items")]
        params = {k: v for k, v in params.items() if k not in views and k not in REFERENCES}
        return {**self.globals, "breadcrumbs": [], **params, **views}

    def _article(self, c: dict, url: str, kind: str) -> dict:
        art = self.article(c["article"], full=True)
        a = self.site.articles[c["article"]]
        crumbs = self.breadcrumbs(a.section)
        section_title = art["section"]["title"] if art["section"] else None
        jsonld = [metadata.news_article(self.config, a, section_title)]
        jsonld += [metadata.breadcrumb_list(self.config, crumbs)] if crumbs else []
        return {
            "article": art,
            "prev": self.article(c["prev"]),
            "next": self.article(c["next"]),
            "related": [self.article(i) for i in c["related"]],
            "breadcrumbs": crumbs,
            "page": self.page_meta(
                kind,
                url,
                art["headline"],
                art["summary"],
                lang=art["lang"],
                dir=art["dir"],
                image=metadata.image_url(self.config, a.image),
                image_alt=a.image_alt,
                og_type="article",
                jsonld=jsonld,
                article={
                    "published": a.date,
                    "modified": a.modified,
                    "section": section_title,
                    "tags": list(a.tags),
                },
                alternates=self.alternates(c.get("translations", [])),
                feeds=self.feeds(a.section + "/", section_title) if a.section else self.feeds(),
            ),
        }

    def alternates(self, ids: list[str]) -> list[dict]:
        """hreflang links of an article's translations (itself included)."""
        articles = [self.site.articles[i] for i in ids]
        return [
            {"lang": a.lang or self.config.language, "url": self.config.absolute(a.url)}
            for a in articles
        ]

    def _section(self, c: dict, url: str, kind: str) -> dict:
        sec = self.section(c["section"])
        crumbs = self.breadcrumbs(c["section"])
        shown = [self.site.articles[i] for i in c["items"]]
        title = _paged(sec["title"], c["pagination"])
        jsonld = [
            metadata.collection_page(self.config, url, title, sec["description"], shown),
            metadata.breadcrumb_list(self.config, crumbs),
        ]
        return {
            "section": sec,
            "breadcrumbs": crumbs,
            "subsections": [
                {**self.section(s["path"]), "count": s["count"]} for s in c["subsections"]
            ],
            "page": self.page_meta(
                kind,
                url,
                title,
                sec["description"],
                jsonld=jsonld,
                feeds=self.feeds(sec["url"], sec["title"]),
            ),
        }

    def _home(self, c: dict, url: str, kind: str) -> dict:
        return {
            "latest": [self.article(i) for i in c["latest"]],
            "blocks": [
                {
                    "section": self.section(b["section"]),
                    "articles": [self.article(i) for i in b["items"]],
                }
                for b in c["blocks"]
            ],
            "page": self.page_meta(kind, url, None, "", jsonld=[metadata.website(self.config)]),
        }

    def _tag(self, c: dict, url: str, kind: str) -> dict:
        label = f"{GROUP_LABELS[kind]}: {c[kind]['name']}"
        feeds = self.feeds(c[kind]["url"], label) if kind == "tag" else self.feeds()
        return {"page": self.page_meta(kind, url, _paged(label, c["pagination"]), "", feeds=feeds)}

    _author = _tag

    def _redirect(self, c: dict, url: str, kind: str) -> dict:
        target = c["target"]
        return {
            "target": target,
            "page": self.page_meta(
                kind, url, "Moved", "", canonical=self.config.absolute(target), feeds=[]
            ),
        }

    def _plain(self, c: dict, url: str, kind: str) -> dict:
        return {"page": self.page_meta(kind, url, PLAIN_TITLES[kind], "")}


def _paged(title: str, pagination: dict) -> str:
    n = pagination["page"]
    return title if n == 1 else f"{title} (page {n})"


def body_html(site: Site, config: SiteConfig, article_id: str) -> str:
    """An article's body with its local links turned into the final URLs."""

    def url_of(path: str) -> str:
        target = site.articles.get(path)
        return config.link(target.url if target else path)

    return resolve_refs(site.bodies[article_id], url_of)
