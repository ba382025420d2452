"""Walk `content/` and assemble the Site: parse every article, apply drafts and schedule, resolve
links between articles, build the section tree; collect every error, then raise once."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType

from generator.core.config import SiteConfig
from generator.core.errors import BuildError, SourceError
from generator.core.layout import CONFIG_FILE, CONTENT_DIR, PAGES_DIR, is_article
from generator.core.model import Article, Section, Site, StandalonePage
from generator.load.extras import NO_EXTRAS, Extras


def assemble(
    articles: Iterable[Article],
    bodies: Mapping[str, str],
    assets: Iterable[str],
    config: SiteConfig,
    now: datetime,
    drafts: bool = False,
    future: bool = False,
    extras: Extras = NO_EXTRAS,
    failed: Mapping[str, Iterable[SourceError]] = MappingProxyType({}),
) -> Site:
    """The Site of the articles this build publishes, links checked, sections built, with the
    standalone pages and author profiles of `extras` (their links and the menus checked).
    `failed`: the errors of the sources that did not parse (raised with these; links to them are
    not reported as missing)."""
    everything = {a.id: replace(a, scheduled=bool(a.date and a.date > now)) for a in articles}
    everything = pair_translations(everything, config)
    kept = {
        i: a
        for i, a in everything.items()
        if (drafts or not a.draft) and (future or not a.scheduled)
    }
    errors = [e for found in failed.values() for e in found]
    known = set(assets) | {*failed}
    errors += _check_urls(kept.values()) + _check_links(kept, everything, known)
    errors += _check_page_links(extras.pages, kept, everything, known)
    ordered = sorted(kept.values(), key=Article.sort_key)
    sections = build_sections(ordered, config)
    errors += _check_menus(config, sections, extras.pages)
    if errors:
        raise BuildError(errors)
    return Site(
        sections=sections,
        articles={a.id: a for a in ordered},
        held_back=len(everything) - len(kept),
        now=now,
        bodies=bodies,
        warnings=tuple(n for i in sorted(everything) for n in everything[i].notes),
        drafts=tuple(a.source for i, a in sorted(everything.items()) if i not in kept and a.draft),
        pages=extras.pages,
        profiles=extras.profiles,
    )


def _check_page_links(
    pages: Mapping[str, StandalonePage], kept: dict, everything: dict, assets: set[str]
) -> list[SourceError]:
    """A page links to articles as `../content/news/a.md` and to pages as `contact.md`."""
    errors = []
    for page in pages.values():
        for target, line in page.links:
            if target.startswith(f"{CONTENT_DIR}/"):
                problem = _link_problem(
                    target.removeprefix(f"{CONTENT_DIR}/"), kept, everything, assets
                )
            elif (
                target.startswith(f"{PAGES_DIR}/") and target.removeprefix(f"{PAGES_DIR}/") in pages
            ):
                problem = None
            else:
                problem = f"links to {target}, which is neither a page nor under content/"
            if problem:
                errors.append(SourceError(page.source, line, problem))
    return errors


def _check_menus(
    config: SiteConfig, sections: Mapping[str, Section], pages: Mapping[str, StandalonePage]
) -> list[SourceError]:
    """Every menu link to a page or a section names one this build has."""
    errors = []
    for menu in config.menus:
        for entry in menu.entries:
            if entry.page and entry.page not in pages:
                where = config.lines.get(f"page:{entry.page}", config.lines.get("menus"))
                message = (
                    f"menu '{menu.name}' links to the page {entry.page!r}: "
                    f"there is no {PAGES_DIR}/{entry.page}"
                )
                errors.append(SourceError(CONFIG_FILE, where, message))
            if entry.section and entry.section.strip("/") not in sections:
                where = config.lines.get(f"section:{entry.section}", config.lines.get("menus"))
                message = (
                    f"menu '{menu.name}' links to the section {entry.section!r}, "
                    "which does not exist or has no articles"
                )
                errors.append(SourceError(CONFIG_FILE, where, message))
    return errors


def pair_translations(articles: dict[str, Article], config: SiteConfig) -> dict[str, Article]:
    """An article of one edition translates the article at the same path in an earlier edition
    (the default one first), unless `translation_of` says otherwise."""
    prefixes = [e.prefix + "/" if e.prefix else "" for e in config.languages]
    for n, prefix in enumerate(prefixes[1:], 1):
        for i, article in articles.items():
            if article.translation_of or not i.startswith(prefix):
                continue
            same = (p + i.removeprefix(prefix) for p in prefixes[:n])
            found = next((other for other in same if other in articles), None)
            if found:
                articles[i] = replace(article, translation_of=found)
    return articles


def _check_urls(articles: Iterable[Article]) -> list[SourceError]:
    seen: dict[str, Article] = {}
    errors = []
    for article in articles:
        other = seen.setdefault(article.url.casefold(), article)
        if other is not article:
            errors.append(
                SourceError(
                    article.source,
                    1,
                    f"has the same URL /{article.url} "
                    f"as {other.source}: change the slug of one of them",
                )
            )
    return errors


def _check_links(
    kept: dict[str, Article], everything: dict[str, Article], assets: set[str]
) -> list[SourceError]:
    errors = []
    for article in kept.values():
        for target, line in article.links:
            if target.startswith("/"):
                continue  # from the site's root: checked against the planned pages
            problem = _link_problem(target, kept, everything, assets)
            if problem:
                errors.append(SourceError(article.source, line, problem))
        if article.translation_of and article.translation_of not in everything:
            errors.append(
                SourceError(
                    article.source,
                    None,
                    f"'translation_of' names a missing article: content/{article.translation_of}",
                )
            )
    return errors


def _link_problem(target: str, kept: dict, everything: dict, assets: set[str]) -> str | None:
    if target.startswith("../") or target == "..":
        return f"links to '{target}', outside content/"
    if target in kept or target in assets:
        return None
    if target in everything:
        why = "a draft" if everything[target].draft else "scheduled for later"
        return f"links to content/{target}, which is {why} and not published in this build"
    kind = "article" if is_article(target) else "file"
    return f"links to a missing {kind}: content/{target} does not exist"


def check_site_paths(
    articles: Iterable[Article], files: set[str], base_path: str
) -> list[SourceError]:
    """Links from the site's root (`/images/x.png`, `/news/`) to no file the site writes:
    `files` are the output paths of its pages and copies. A site under a base path (`/paper/`)
    may link to the rest of its host."""
    errors = []
    for article in articles:
        for target, line in article.links:
            if not target.startswith(base_path) or is_article(target):
                continue  # (or not from the root at all; or a source file, kept as written)
            path = target.removeprefix(base_path)
            if not {path, posixpath.join(path, "index.html")} & files:
                message = f"links to a missing file: {target} is no file or page of this site"
                errors.append(SourceError(article.source, line, message))
    return errors


def build_sections(articles: list[Article], config: SiteConfig) -> dict[str, Section]:
    """Each section with articles in its subtree, and its ancestors; configured order first. An
    edition's folder (`ar/`) is no section: its sections are top-level ones of their edition."""
    roots = {e.prefix for e in config.languages[1:]}
    paths = {a.section for a in articles if a.section}
    for path in list(paths):
        parts = path.split("/")
        paths.update("/".join(parts[:i]) for i in range(1, len(parts)))
    paths -= roots
    specs = {s.path: s for s in config.sections}
    for edition in config.languages:
        specs |= {s.path: s for s in config.for_edition(edition).sections}
    configured = list(specs)
    order = sorted(
        paths, key=lambda p: (configured.index(p) if p in configured else len(configured), p)
    )
    sections = {}
    for path in order:
        spec = specs.get(path)
        parent = posixpath.dirname(path)
        parent = None if parent in roots or not parent else parent
        sections[path] = Section(
            path=path,
            title=spec.title if spec else path.rsplit("/", 1)[-1].replace("-", " ").title(),
            description=spec.description if spec else "",
            parent=parent,
            children=tuple(p for p in order if posixpath.dirname(p) == path),
            article_ids=tuple(a.id for a in articles if a.section == path),
        )
    return sections
