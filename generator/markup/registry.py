"""The Markdown renderers by the name site.yaml gives them; a renderer is imported only when a
site picks it."""

from __future__ import annotations

from generator.core.config import EXTENSIONS, MARKDOWN_IT, PYTHON_MARKDOWN
from generator.markup.base import TOO_DEEP, Extensions, MarkupError, Rendered
from generator.markup.python_markdown import _convert
from generator.markup.refs import first_paragraph_text


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
    bounds."""
    try:
        if renderer == MARKDOWN_IT:
            from generator.markup import (
                markdown_it as markup_it,  # imported by the sites that choose it only
            )

            body, links = markup_it.convert(text, folder, raw_html, extensions)
        else:
            body, links = _convert(text, folder, raw_html, extensions)
    except RecursionError:
        raise MarkupError(TOO_DEEP) from None
    return Rendered(body, first_paragraph_text(body), links)
