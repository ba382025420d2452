"""Markdown text -> body HTML and summary, pure; relative links become references to resolve later.

Named `markup` so it does not shadow the `markdown` package.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions.toc import slugify_unicode
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from generator.smartquotes import smarten

EXTENSIONS = (
    "tables",
    "footnotes",
    "fenced_code",
    "toc",
    "attr_list",
    "def_list",
    "abbr",
    "sane_lists",
)
REF_SCHEME = "masthead-ref:"
REF_PATTERN = re.compile(r'(href|src)="masthead-ref:([^"#]*)(#[^"]*)?"')


@dataclass(frozen=True, slots=True)
class Rendered:
    """Body HTML whose local links read `masthead-ref:<path under content/>`; see resolve_refs."""

    html: str
    summary: str
    links: tuple[tuple[str, str], ...] = ()  # (path under content/, the link as written)


class _LocalLinks(Treeprocessor):
    """Rewrites relative links and images to references by content path, since pretty URLs move
    the page away from its source folder; and turns `#` headings into h2, since the headline
    is the page's one h1."""

    folder = ""
    found: list[tuple[str, str]]

    def run(self, root) -> None:
        self.found = []
        for element in root.iter():
            if element.tag == "h1":
                element.tag = "h2"
            attr = {"a": "href", "img": "src"}.get(element.tag)
            target = element.get(attr) if attr else None
            if target and _is_relative(target):
                path, _, fragment = target.partition("#")
                resolved = posixpath.normpath(posixpath.join(self.folder, unquote(path)))
                element.set(attr, REF_SCHEME + resolved + (f"#{fragment}" if fragment else ""))
                self.found.append((resolved, target))


def _is_relative(target: str) -> bool:
    parts = urlsplit(target)
    return not (parts.scheme or parts.netloc or target.startswith(("/", "#")) or not parts.path)


class _Smart(Postprocessor):
    """Smart quotes and dashes on the finished HTML (see smartquotes)."""

    def run(self, text: str) -> str:
        return smarten(text)


class _Renderer:
    """One configured Markdown instance, reset between documents (building one costs more
    than converting a short article)."""

    def __init__(self) -> None:
        self.links = _LocalLinks()
        self.md = markdown.Markdown(
            extensions=list(EXTENSIONS),
            extension_configs={"toc": {"slugify": slugify_unicode}},
        )
        self.md.treeprocessors.register(self.links, "masthead-links", 1)
        self.md.postprocessors.register(_Smart(self.md), "masthead-smart", 10)

    def convert(self, text: str, folder: str) -> str:
        self.links.folder = folder
        try:
            return self.md.reset().convert(text)
        finally:
            self.md.reset()


_renderer: _Renderer | None = None


def render_markdown(text: str, folder: str) -> Rendered:
    """Convert an article body; `folder` is the article's folder under `content/`."""
    global _renderer
    if _renderer is None:
        _renderer = _Renderer()
    body = _renderer.convert(text, folder)
    return Rendered(body, first_paragraph_text(body), tuple(_renderer.links.found))


def first_paragraph_text(body: str) -> str:
    """The default summary: the first paragraph as plain text (footnote marks dropped)."""
    match = re.search(r"<p>(.*?)</p>", body, re.S)
    if not match:
        return ""
    text = re.sub(r"<sup[^>]*>.*?</sup>", "", match.group(1), flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return " ".join(text.split())


def references(body: str) -> list[str]:
    """Content paths that a body links to or embeds, in order."""
    return [html.unescape(m.group(2)) for m in REF_PATTERN.finditer(body)]


def resolve_refs(body: str, url_of) -> str:
    """Replace each reference with `url_of(content_path)` (a final link), keeping fragments."""

    def link(m: re.Match) -> str:
        return f'{m.group(1)}="{html.escape(url_of(html.unescape(m.group(2))))}{m.group(3) or ""}"'

    return REF_PATTERN.sub(link, body)
