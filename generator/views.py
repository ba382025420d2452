"""What templates see: the model turned into the plain dicts that docs/templates.md documents.

Views read only the articles a Page names, so a page's output is a function of its inputs.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.config import SiteConfig
from generator.model import Article, Site, slugify

TITLE_SEPARATOR = " — "
GROUP_LABELS = {"tag": "Tag", "author": "Author"}
PLAIN_TITLES = {"tags": "Tags", "authors": "Authors", "404": "Page not found"}
REFERENCES = ("prev", "next", "related", "latest", "blocks", "subsections")  # ids, not views


class Views:
    def __init__(self, site: Site, config: SiteConfig) -> None:
        self.site, self.config = site, config
        self.globals = {
            "site": {
                "title": config.title,
                "description": config.description,
                "language": config.language,
                "base_url": config.base_url,
                "disclaimer": config.disclaimer,
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
            view.update(body=Markup(a.body_html), disclaimer=a.disclaimer)
        return view

    def page_meta(
        self,
        kind: str,
        url: str,
        title: str | None,
        description: str,
        lang: str | None = None,
        direction: str = "ltr",
    ) -> dict:
        full_title = f"{title}{TITLE_SEPARATOR}{self.config.title}" if title else self.config.title
        return {
            "kind": kind,
            "title": full_title,
            "description": description or self.config.description,
            "lang": lang or self.config.language,
            "dir": direction,
            "url": url,
        }

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
        return {
            "article": art,
            "prev": self.article(c["prev"]),
            "next": self.article(c["next"]),
            "related": [self.article(i) for i in c["related"]],
            "breadcrumbs": self.breadcrumbs(self.site.articles[c["article"]].section),
            "page": self.page_meta(
                kind, url, art["headline"], art["summary"], art["lang"], art["dir"]
            ),
        }

    def _section(self, c: dict, url: str, kind: str) -> dict:
        sec = self.section(c["section"])
        return {
            "section": sec,
            "breadcrumbs": self.breadcrumbs(c["section"]),
            "subsections": [
                {**self.section(s["path"]), "count": s["count"]} for s in c["subsections"]
            ],
            "page": self.page_meta(
                kind, url, _paged(sec["title"], c["pagination"]), sec["description"]
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
            "page": self.page_meta(kind, url, None, ""),
        }

    def _tag(self, c: dict, url: str, kind: str) -> dict:
        label = f"{GROUP_LABELS[kind]}: {c[kind]['name']}"
        return {"page": self.page_meta(kind, url, _paged(label, c["pagination"]), "")}

    _author = _tag

    def _plain(self, c: dict, url: str, kind: str) -> dict:
        return {"page": self.page_meta(kind, url, PLAIN_TITLES[kind], "")}


def _paged(title: str, pagination: dict) -> str:
    n = pagination["page"]
    return title if n == 1 else f"{title} (page {n})"
