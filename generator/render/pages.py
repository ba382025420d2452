"""Pages to bytes: templates for HTML, code for XML, in worker processes when there are many.
Pure."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

import jinja2

from generator.core import editions
from generator.core.config import SiteConfig
from generator.core.model import OutputFile, Page, Progress, Site
from generator.render import fragments
from generator.render.i18n import Strings
from generator.render.views import View, Views

TEMPLATE_ERRORS = (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError)


Code = Callable[[Site, SiteConfig, Page], bytes]
"""The bytes of a page that no template makes (feeds, sitemaps, robots.txt)."""


@dataclass(frozen=True, slots=True)
class Renderers:
    """How each kind of page (by `Page.kind`) becomes bytes: a view, its template's context, or
    code. The kinds live above render, so the caller passes them in."""

    views: Mapping[str, View]
    code: Mapping[str, Code]


def render_pages(
    env: jinja2.Environment,
    site: Site,
    config: SiteConfig,
    pages: list[Page],
    jobs: int = 1,
    progress: Progress | None = None,
    locate: Callable[[Exception], Exception | None] = lambda exc: None,
    *,
    renderers: Renderers,
    strings: Strings,
) -> Iterator[OutputFile]:
    """Render `pages` in order, in `jobs` worker processes when jobs > 1 (the engine decides
    when there are pages enough for them). `locate` turns an error raised by a template into
    a user error (workers send back only what pickles)."""
    fragments.reset(env)
    _WORKER.update(
        env=env,
        editions={
            prefix: (own_site, own_config, Views(own_site, own_config, strings))
            for prefix, (own_site, own_config) in editions.split(site, config).items()
        },
        renderers=renderers,
        pages=pages,
        locate=locate,
    )
    if jobs > 1:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs) as pool:
            results = pool.imap(_render_one, range(len(pages)), chunksize=CHUNK)
            yield from _progress(results, len(pages), progress)
    else:
        yield from _progress(map(_render_one, range(len(pages))), len(pages), progress)


_WORKER: dict = {}  # what forked workers inherit: rendering needs no pickling of the site


CHUNK = 32


def _render_one(index: int) -> OutputFile:
    w = _WORKER
    page: Page = w["pages"][index]
    try:
        data = _bytes(page, w)
    except TEMPLATE_ERRORS as exc:
        located = w["locate"](exc)
        if located is None:
            raise
        raise located from None
    return OutputFile(page.path, page.label, data=data)


def _bytes(page: Page, w: dict) -> bytes:
    renderers: Renderers = w["renderers"]
    site, config, views = w["editions"][page.edition]
    if not page.template:
        return renderers.code[page.kind](site, config, page)
    context = views.context(page, renderers.views[page.kind])
    return w["env"].get_template(page.template).render(context).encode()


def _progress(
    results: Iterable[OutputFile], total: int, progress: Progress | None
) -> Iterator[OutputFile]:
    for n, result in enumerate(results, 1):
        if progress:
            progress("rendering", n, total)
        yield result
