"""Walk `content/` and assemble the Site: parse every article, apply drafts and schedule, resolve
links between articles, build the section tree; collect every error, then raise once."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime

from generator.core.config import SiteConfig
from generator.core.errors import MAX_ERRORS, BuildError, SourceError
from generator.core.model import Article, Section, Site


def assemble(
    articles: Iterable[Article],
    bodies: Mapping[str, str],
    assets: Iterable[str],
    config: SiteConfig,
    now: datetime,
    drafts: bool = False,
    future: bool = False,
) -> Site:
    """The Site of the articles this build publishes, links checked, sections built."""
    everything = {a.id: replace(a, scheduled=bool(a.date and a.date > now)) for a in articles}
    everything = pair_translations(everything, config)
    kept = {
        i: a
        for i, a in everything.items()
        if (drafts or not a.draft) and (future or not a.scheduled)
    }
    errors = _check_urls(kept.values()) + _check_links(kept, everything, set(assets))
    if errors:
        raise BuildError(errors[:MAX_ERRORS])
    ordered = sorted(kept.values(), key=Article.sort_key)
    return Site(
        sections=build_sections(ordered, config),
        articles={a.id: a for a in ordered},
        held_back=len(everything) - len(kept),
        now=now,
        bodies=bodies,
    )


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
    kind = "article" if target.endswith(".md") else "file"
    return f"links to a missing {kind}: content/{target} does not exist"


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
