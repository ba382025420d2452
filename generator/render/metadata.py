"""Search and social metadata of a page: canonical link, feeds, Open Graph and schema.org JSON-LD.

Everything here needs absolute URLs, so it is empty when the site has no absolute base_url.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.core import urls
from generator.core.config import SiteConfig
from generator.core.images import SOCIAL_WIDTH, Picture
from generator.core.model import Article, Profile, slugify


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
    config: SiteConfig,
    article: Article,
    section_title: str | None,
    profiles: Mapping[str, Profile] | None = None,
    pic: Picture | None = None,
) -> dict:
    """schema.org NewsArticle, with the fields Google's article guidelines ask for; an author
    with a profile is a Person with its other addresses (`sameAs`)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.summary,
        "datePublished": _iso(article.date),
        "dateModified": _iso(article.modified),
        "author": [person(config, name, slug, profiles) for name, slug in article_authors(article)],
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


def person(
    config: SiteConfig, name: str, slug: str, profiles: Mapping[str, Profile] | None
) -> dict:
    """schema.org Person of an author: the author page's URL, and the profile's addresses."""
    data = {
        "@type": "Person",
        "name": name,
        "url": config.absolute(urls.author(slug, config.edition)),
    }
    profile = (profiles or {}).get(slug)
    if profile is not None:
        data["name"] = profile.name
        if profile.role:
            data["jobTitle"] = profile.role
        if profile.same_as:
            data["sameAs"] = profile.same_as
    return data


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
        "isPartOf": {
            "@type": "WebSite",
            "name": config.title,
            "url": config.absolute(urls.home(config.edition)),
        },
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
        "url": config.absolute(urls.home(config.edition)),
        "publisher": publisher(config),
        **({"inLanguage": config.language} if config.languages else {}),
    }
