"""Markdown text -> body HTML and summary, pure; relative links become references to resolve later.

Named `markup` so it does not shadow the `markdown` package. Python-Markdown converts by default;
`markdown: markdown-it` in site.yaml picks markdown-it-py instead (see `markup_it`), with the
same guarantees, kept by the helpers here that both use, whichever features `markdown_extensions`
turns on. Hostile input is bounded: a body
that nests too deeply or takes too long to convert is an error, not a crash or a hang; links and
images never keep `javascript:`, `vbscript:` or `data:` URLs; with `raw_html=False` every tag and
attribute outside a small allowlist (what Markdown itself writes) is removed.
"""

from __future__ import annotations

import html
import posixpath
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions.toc import slugify_unicode
from markdown.htmlparser import HTMLExtractor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import HtmlBlockPreprocessor
from markdown.treeprocessors import Treeprocessor

from generator.sanitize import bad_url, may_hold_link, sanitize, strip_bad_urls
from generator.smartquotes import smarten

EXTENSIONS = (  # the values of `markdown_extensions` in site.yaml, in their canonical order
    "tables",
    "footnotes",
    "fenced_code",
    "toc",  # heading ids
    "attr_list",
    "def_list",
    "abbr",
    "smarty",  # smart punctuation: ours (see smartquotes), not Python-Markdown's
)
SMARTY = "smarty"
ALWAYS = ("sane_lists",)  # list semantics, not a feature a site picks
REF_SCHEME = "masthead-ref:"
REF_PATTERN = re.compile(r'(href|src)="masthead-ref:([^"#]*)(#[^"]*)?"')
FOOTNOTE_MARK = re.compile(r"<sup\b[^<>]*>(?:[^<]|<(?!/?sup\b))*</sup>")
TAG = re.compile(r"<[^<>]*>")

BASE_SECONDS = 10.0  # the time a body may take to convert: this much,
SECONDS_PER_MB = 10.0  # plus this per megabyte (about 2 s/MB are needed)


class MarkupError(Exception):
    """The body cannot be converted within bounds; the message says why, for the user."""


Links = tuple[tuple[str, str], ...]  # (path under content/, the link as written)
Extensions = tuple[str, ...]  # names from EXTENSIONS, in its order


@dataclass(frozen=True, slots=True)
class Rendered:
    """Body HTML whose local links read `masthead-ref:<path under content/>`; see resolve_refs."""

    html: str
    summary: str
    links: Links = ()


PYTHON_MARKDOWN, MARKDOWN_IT = "python-markdown", "markdown-it"
RENDERERS = (PYTHON_MARKDOWN, MARKDOWN_IT)  # the values of `markdown` in site.yaml
TOO_DEEP = "the body nests too deeply (quotes, lists or emphasis inside each other)"


class Deadline:
    """Raises MarkupError once a conversion has run past its time; checked from the loops that
    can take quadratic time on hostile input (inline patterns, blocks, raw HTML tags)."""

    def __init__(self) -> None:
        self.until = float("inf")

    def start(self, text: str) -> None:
        self.until = time.monotonic() + BASE_SECONDS + SECONDS_PER_MB * len(text) / 1e6

    def check(self) -> None:
        if time.monotonic() > self.until:
            raise MarkupError(
                "the body takes too long to convert: look for a very long paragraph or line, "
                "or many unclosed '[' or '<'"
            )

    def timed(self, method: Callable) -> Callable:
        """`method`, checking the deadline at every call."""
        check = self.check

        def timed(*args):
            check()
            return method(*args)

        return timed


class _LocalLinks(Treeprocessor):
    """Rewrites relative links and images to references by content path, since pretty URLs move
    the page away from its source folder; turns `#` headings into h2, since the headline
    is the page's one h1; and drops `javascript:`/`data:` URLs of links and images."""

    folder = ""
    found: list[tuple[str, str]]

    def run(self, root) -> None:
        self.found = []
        for element in root.iter():
            if element.tag == "h1":
                element.tag = "h2"
            attr = {"a": "href", "img": "src"}.get(element.tag)
            target = element.get(attr) if attr else None
            if target and bad_url(target):
                _drop_url(element, attr)
            elif target and (local := local_reference(target, self.folder)):
                element.set(attr, local[0])
                self.found.append((local[1], target))


def _drop_url(element, attr: str) -> None:
    """A link keeps its text without its target; an image becomes its alt text."""
    del element.attrib[attr]
    if element.tag == "img":
        alt = element.get("alt", "")
        element.attrib.clear()
        element.tag, element.text = "span", alt


def is_relative(target: str) -> bool:
    parts = urlsplit(target)
    return not (parts.scheme or parts.netloc or target.startswith(("/", "#")) or not parts.path)


def local_reference(target: str, folder: str) -> tuple[str, str] | None:
    """A relative link target's reference (`masthead-ref:<path>#<fragment>`) and the path under
    `content/` it names, for an article in `folder`; None for any other target."""
    if not is_relative(target):
        return None
    path, _, fragment = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(folder, unquote(path)))
    return REF_SCHEME + resolved + (f"#{fragment}" if fragment else ""), resolved


class _TimedExtractor(HTMLExtractor):
    deadline: Deadline

    def parse_starttag(self, i: int) -> int:
        self.deadline.check()
        return super().parse_starttag(i)


class _TimedHtmlBlock(HtmlBlockPreprocessor):
    """Markdown's raw HTML block reader, checking the deadline at every tag (the standard
    library's HTML parser is quadratic on many unclosed `<a `)."""

    def __init__(self, md: markdown.Markdown, deadline: Deadline) -> None:
        super().__init__(md)
        self.deadline = deadline

    def run(self, lines: list[str]) -> list[str]:
        parser = _TimedExtractor(self.md)
        parser.deadline = self.deadline
        parser.feed("\n".join(lines))
        parser.close()
        return "".join(parser.cleandoc).split("\n")


class _Smart(Postprocessor):
    """Smart quotes and dashes on the finished HTML (see smartquotes)."""

    def run(self, text: str) -> str:
        return smarten(text)


class _RawUrls(Postprocessor):
    """Drops `javascript:`/`data:` URLs from links and images in raw HTML (kept otherwise)."""

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for n, block in enumerate(blocks):
            if isinstance(block, str) and may_hold_link(block):
                blocks[n] = strip_bad_urls(block)
        return text


class _Sanitize(Postprocessor):
    """With raw HTML off: the whole body rebuilt from an allowlist of tags and attributes."""

    def run(self, text: str) -> str:
        return sanitize(text)


class _Renderer:
    """One configured Markdown instance, reset between documents (building one costs more
    than converting a short article); it loads only the `extensions` the site uses, since
    each costs time on every body."""

    def __init__(self, raw_html: bool, extensions: Extensions) -> None:
        self.links = _LocalLinks()
        self.deadline = Deadline()
        self.md = markdown.Markdown(
            extensions=[name for name in extensions if name != SMARTY] + list(ALWAYS),
            extension_configs={"toc": {"slugify": slugify_unicode}},
        )
        self.md.treeprocessors.register(self.links, "masthead-links", 1)
        if SMARTY in extensions:
            self.md.postprocessors.register(_Smart(self.md), "masthead-smart", 10)
        self.md.preprocessors.register(_TimedHtmlBlock(self.md, self.deadline), "html_block", 20)
        for pattern in self.md.inlinePatterns:
            pattern.handleMatch = self.deadline.timed(pattern.handleMatch)
        for processor in self.md.parser.blockprocessors:
            processor.test = self.deadline.timed(processor.test)
        if raw_html:
            self.md.postprocessors.register(_RawUrls(self.md), "masthead-raw-urls", 35)
        else:
            self.md.postprocessors.register(_Sanitize(self.md), "masthead-sanitize", 1)

    def convert(self, text: str, folder: str) -> str:
        self.links.folder, self.links.found = folder, []  # an empty text skips the tree
        self.deadline.start(text)
        try:
            return self.md.reset().convert(text)
        finally:
            self.md.reset()


_renderers: dict[tuple[bool, Extensions], _Renderer] = {}  # one per process and settings


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
            from generator import markup_it  # imported by the sites that choose it only

            body, links = markup_it.convert(text, folder, raw_html, extensions)
        else:
            body, links = _convert(text, folder, raw_html, extensions)
    except RecursionError:
        raise MarkupError(TOO_DEEP) from None
    return Rendered(body, first_paragraph_text(body), links)


def _convert(text: str, folder: str, raw_html: bool, extensions: Extensions) -> tuple[str, Links]:
    """Body HTML and local links with Python-Markdown."""
    key = (raw_html, extensions)
    renderer = _renderers.get(key) or _renderers.setdefault(key, _Renderer(*key))
    try:
        return renderer.convert(text, folder), tuple(renderer.links.found)
    except (RecursionError, MarkupError):
        _renderers.pop(key, None)  # a fresh instance next time, whatever state is left
        raise


def first_paragraph_text(body: str) -> str:
    """The default summary: the first paragraph as plain text (footnote marks dropped). Each
    search stops at the next `<`, so raw HTML with many unclosed tags takes linear time."""
    start = body.find("<p>")
    end = body.find("</p>", start) if start >= 0 else -1
    if end < 0:
        return ""
    text = TAG.sub("", FOOTNOTE_MARK.sub("", body[start + 3 : end]))
    return " ".join(html.unescape(text).split())


def references(body: str) -> list[str]:
    """Content paths that a body links to or embeds, in order."""
    return [html.unescape(m.group(2)) for m in REF_PATTERN.finditer(body)]


def resolve_refs(body: str, url_of) -> str:
    """Replace each reference with `url_of(content_path)` (a final link), keeping fragments."""

    def link(m: re.Match) -> str:
        return f'{m.group(1)}="{html.escape(url_of(html.unescape(m.group(2))))}{m.group(3) or ""}"'

    return REF_PATTERN.sub(link, body)
