"""The Markdown renderers by the name site.yaml gives them (`markdown:`); a renderer's module is
imported only when a site picks it, since each costs import time on every build."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Protocol

from generator.core.config import EXTENSIONS, MARKDOWN_IT, PYTHON_MARKDOWN
from generator.markup.alerts import alerts
from generator.markup.base import (
    TOO_DEEP,
    Extensions,
    Links,
    MarkupError,
    Rendered,
    TimeLimit,
    current_limit,
)
from generator.markup.refs import first_paragraph_text


class Renderer(Protocol):
    """Converts an article body to HTML whose local links read `masthead-ref:<path>` (see
    `refs`), with the guarantees of `render_markdown`; one per process, reused for every body."""

    def convert(
        self, text: str, folder: str, raw_html: bool, extensions: Extensions, limit: TimeLimit
    ) -> tuple[str, Links]:
        """Body HTML and its local links; raises MarkupError past `limit`."""
        ...


def _python_markdown() -> Renderer:
    from generator.markup.python_markdown import PythonMarkdownRenderer

    return PythonMarkdownRenderer()


def _markdown_it() -> Renderer:
    from generator.markup.markdown_it import MarkdownItRenderer

    return MarkdownItRenderer()


MAKERS: dict[str, Callable[[], Renderer]] = {
    PYTHON_MARKDOWN: _python_markdown,
    MARKDOWN_IT: _markdown_it,
}


@functools.cache
def renderer_for(name: str) -> Renderer:
    """The process's one renderer called `name` in site.yaml, made (and imported) on first use."""
    return MAKERS[name]()


def render_markdown(
    text: str,
    folder: str,
    raw_html: bool = True,
    renderer: str = PYTHON_MARKDOWN,
    extensions: Extensions = EXTENSIONS,
) -> Rendered:
    """Convert an article body; `folder` is the article's folder under `content/`; raw HTML is
    kept, or (`raw_html=False`) removed; `renderer` and `extensions` are the values of
    `markdown:` and `markdown_extensions:` in site.yaml. Raises MarkupError for a body beyond
    bounds (the time limit is `current_limit()`)."""
    try:
        body, links = renderer_for(renderer).convert(
            text, folder, raw_html, extensions, current_limit()
        )
    except RecursionError:
        raise MarkupError(TOO_DEEP) from None
    body = alerts(body)
    return Rendered(body, first_paragraph_text(body), links)
