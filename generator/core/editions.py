"""A site in several languages is several editions: each a Site of its own articles and sections,
seen through a SiteConfig of its own (title, language, sections, URL prefix). Page kinds plan and
render each edition as if it were the whole site; translations and links cross editions through
`Site.every`."""

from __future__ import annotations

from generator.core.config import EditionConfig, SiteConfig
from generator.core.model import Site

Edition = tuple[Site, SiteConfig]


def split(site: Site, config: SiteConfig) -> dict[str, Edition]:
    """Each edition's site and config by URL prefix, the default edition ("") first. Without
    `languages`, the one edition is the site itself."""
    if not config.languages:
        return {"": (site, config)}
    return {e.prefix: edition(site, config, e) for e in config.languages}


def edition(site: Site, config: SiteConfig, chosen: EditionConfig) -> Edition:
    """The articles and sections of one edition (the default one: all under no other's folder)."""

    def own(path: str) -> bool:
        return config.edition_of(path) == chosen

    sections = {path: s for path, s in site.sections.items() if own(path + "/")}
    articles = {i: a for i, a in site.articles.items() if own(i)}
    return (
        Site(sections, articles, site.held_back, site.now, site.bodies, every=site.articles),
        config.for_edition(chosen),
    )


def about(config: SiteConfig, chosen: EditionConfig) -> dict:
    """What templates know of an edition: `edition` in every page's context."""
    return {
        "tag": chosen.tag,
        "title": chosen.title or config.title,
        "direction": chosen.direction,
        "digits": chosen.digits,
        "date_format": chosen.date_format,
        "timezone": chosen.timezone or config.timezone,
        "url": chosen.prefix + "/" if chosen.prefix else "",
    }
