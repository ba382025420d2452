"""What templates see: the model turned into the plain dicts that docs/templates.md documents.

Views read only the articles a Page names, so a page's output is a function of its inputs.
"""

from __future__ import annotations

from generator.config import SiteConfig
from generator.model import Article, Site, slugify

TITLE_SEPARATOR = " — "


class Views:
    def __init__(self, site: Site, config: SiteConfig) -> None:
        self.site, self.config = site, config
        self.globals = {
            "site": {"title": config.title, "description": config.description,
                     "language": config.language, "base_url": config.base_url,
                     "disclaimer": config.disclaimer},
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
            "headline": a.headline, "url": a.url, "date": a.date, "updated": a.updated,
            "section": self.section(a.section) if a.section else None,
            "authors": [{"name": n, "url": f"authors/{slugify(n)}/"} for n in a.authors],
            "tags": [{"name": t, "url": f"tags/{slugify(t)}/"} for t in a.tags],
            "summary": a.summary, "image": a.image, "image_alt": a.image_alt,
            "lang": a.lang or self.config.language, "dir": a.dir or "ltr", "draft": a.draft,
            "scheduled": a.scheduled, "extra": a.extra,
        }
        if full:
            from markupsafe import Markup

            view.update(body=Markup(a.body_html), disclaimer=a.disclaimer)
        return view

    def page_meta(self, kind: str, url: str, title: str | None, description: str,
                  lang: str | None = None, direction: str = "ltr") -> dict:
        full_title = f"{title}{TITLE_SEPARATOR}{self.config.title}" if title else self.config.title
        return {"kind": kind, "title": full_title, "description": description or
                self.config.description, "lang": lang or self.config.language,
                "dir": direction, "url": url}

    def context(self, page) -> dict:
        """The full template context of a Page."""
        url = page.path.removesuffix("index.html")
        c = dict(page.context)
        extra: dict = {"breadcrumbs": []}
        if page.kind == "article":
            art = self.article(c["article"], full=True)
            extra.update(
                article=art, prev=self.article(c["prev"]), next=self.article(c["next"]),
                related=[self.article(i) for i in c["related"]],
                breadcrumbs=self.breadcrumbs(self.site.articles[c["article"]].section),
                page=self.page_meta("article", url, art["headline"], art["summary"],
                                    art["lang"], art["dir"]),
            )
        elif page.kind == "section":
            sec = self.section(c["section"])
            extra.update(
                section=sec, breadcrumbs=self.breadcrumbs(c["section"]),
                subsections=[{**self.section(s["path"]), "count": s["count"]}
                             for s in c["subsections"]],
                page=self.page_meta("section", url, _paged(sec["title"], c["pagination"]),
                                    sec["description"]),
            )
        elif page.kind == "home":
            extra.update(
                latest=[self.article(i) for i in c["latest"]],
                blocks=[{"section": self.section(b["section"]),
                         "articles": [self.article(i) for i in b["items"]]} for b in c["blocks"]],
                page=self.page_meta("home", url, None, ""),
            )
        elif page.kind in ("tag", "author"):
            group = c[page.kind]
            label = f"{'Tag' if page.kind == 'tag' else 'Author'}: {group['name']}"
            extra["page"] = self.page_meta(page.kind, url, _paged(label, c["pagination"]), "")
        else:
            titles = {"tags": "Tags", "authors": "Authors", "404": "Page not found"}
            extra["page"] = self.page_meta(page.kind, url, titles[page.kind], "")
        if "items" in c:
            extra["articles"] = [self.article(i) for i in c.pop("items")]
        for key in ("article", "prev", "next", "related", "latest", "blocks", "section",
                    "subsections"):
            c.pop(key, None)
        return {**self.globals, **c, **extra}


def _paged(title: str, pagination: dict) -> str:
    n = pagination["page"]
    return title if n == 1 else f"{title} (page {n})"
