"""Search and social metadata of a page: canonical link, feeds, Open Graph and schema.org JSON-LD.

Everything here needs absolute URLs, so it is empty when the site has no absolute base_url.
"""

from __future__ import annotations

from generator.core import urls
from generator.core.config import SiteConfig
from generator.core.images import SOCIAL_WIDTH, Picture
from generator.core.model import Article, slugify


def _iso(moment) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def image_url(config: SiteConfig, image: str | None, pic: Picture | None = None) -> str | None:
    """The absolute URL of an image; of a published raster image, its rendition for social
    cards (SOCIAL_WIDTH wide, or the nearest)."""
    if pic is not None:
        return config.absolute(pic.nearest(SOCIAL_WIDTH).path)
    if not image:
        return None
    return image if "://" in image else config.absolute(image)


def image_object(config: SiteConfig, article: Article, pic: Picture | None) -> dict:
    """schema.org ImageObject of a lead image, with its caption and credit."""
    data = {"@type": "ImageObject", "url": image_url(config, article.image, pic)}
    if pic is not None:
        shown = pic.nearest(SOCIAL_WIDTH)
        data.update(width=shown.width, height=shown.height)
    if article.image_caption:
        data["caption"] = article.image_caption
    if article.image_credit:
        data["creditText"] = article.image_credit
    return data


def breadcrumb_list(config: SiteConfig, crumbs: list[dict]) -> dict:
    """schema.org BreadcrumbList matching the visible breadcrumb."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": n,
                "name": c["title"],
                "item": config.absolute(c["url"]),
            }
            for n, c in enumerate(crumbs, 1)
        ],
    }


def publisher(config: SiteConfig) -> dict:
    org = {"@type": "Organization", "name": config.title, "url": config.absolute("")}
    if config.logo:
        org["logo"] = {"@type": "ImageObject", "url": image_url(config, config.logo)}
    return org


def news_article(
    config: SiteConfig, article: Article, section_title: str | None, pic: Picture | None = None
) -> dict:
    """schema.org NewsArticle, with the fields Google's article guidelines ask for."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.summary,
        "datePublished": _iso(article.date),
        "dateModified": _iso(article.modified),
        "author": [
            {"@type": "Person", "name": name, "url": config.absolute(urls.author(slug))}
            for name, slug in article_authors(article)
        ],
        "publisher": publisher(config),
        "inLanguage": article.lang or config.language,
        "mainEntityOfPage": {"@type": "WebPage", "@id": config.absolute(article.url)},
        "url": config.absolute(article.url),
    }
    if article.image:
        data["image"] = [image_object(config, article, pic)]
    if section_title:
        data["articleSection"] = section_title
    if article.tags:
        data["keywords"] = list(article.tags)
    return {k: v for k, v in data.items() if v is not None}


def article_authors(article: Article) -> list[tuple[str, str]]:
    return [(name, slugify(name)) for name in article.authors]


def collection_page(
    config: SiteConfig, url: str, title: str, description: str, articles: list[Article]
) -> dict:
    """schema.org CollectionPage for a section, listing the articles shown."""
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": title,
        "description": description or config.description,
        "url": config.absolute(url),
        "inLanguage": config.language,
        "isPartOf": {"@type": "WebSite", "name": config.title, "url": config.absolute("")},
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {"@type": "ListItem", "position": n, "url": config.absolute(a.url)}
                for n, a in enumerate(articles, 1)
            ],
        },
    }


def website(config: SiteConfig) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": config.title,
        "description": config.description,
        "url": config.absolute(""),
        "publisher": publisher(config),
    }
