"""Pages to bytes: templates for HTML, code for XML, in worker processes when there are many.
Pure."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator

import jinja2

from generator.core.config import SiteConfig
from generator.core.model import OutputFile, Page, Progress, Site
from generator.pages.plan import CODE_RENDERERS
from generator.render.views import Views

TEMPLATE_ERRORS = (jinja2.TemplateError, TypeError, AttributeError, KeyError, ValueError)


def render(
    env: jinja2.Environment, site: Site, config: SiteConfig, pages: Iterable[Page]
) -> list[OutputFile]:
    """Render pages to bytes in this process (templates for HTML, code for XML)."""
    return list(render_pages(env, site, config, list(pages)))


def render_pages(
    env: jinja2.Environment,
    site: Site,
    config: SiteConfig,
    pages: list[Page],
    jobs: int = 1,
    progress: Progress | None = None,
    locate: Callable[[Exception], Exception | None] = lambda exc: None,
) -> Iterator[OutputFile]:
    """Render `pages` in order, in `jobs` worker processes when jobs > 1 (the engine decides
    when there are pages enough for them). `locate` turns an error raised by a template into
    a user error (workers send back only what pickles)."""
    _WORKER.update(
        env=env, site=site, config=config, views=Views(site, config), pages=pages, locate=locate
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
        if page.template:
            data = w["env"].get_template(page.template).render(w["views"].context(page)).encode()
        else:
            data = CODE_RENDERERS[page.kind](w["site"], w["config"], page)
    except TEMPLATE_ERRORS as exc:
        located = w["locate"](exc)
        if located is None:
            raise
        raise located from None
    return OutputFile(page.path, page.label, data=data)


def _progress(
    results: Iterable[OutputFile], total: int, progress: Progress | None
) -> Iterator[OutputFile]:
    for n, result in enumerate(results, 1):
        if progress:
            progress("rendering", n, total)
        yield result
