"""Markdown text -> body HTML and summary, pure; relative links become references to resolve later.

Named `markup` so it does not shadow the `markdown` package. Hostile input is bounded: a body
that nests too deeply or takes too long to convert is an error, not a crash or a hang; links and
images never keep `javascript:`, `vbscript:` or `data:` URLs; with `raw_html=False` every tag and
attribute outside a small allowlist (what Markdown itself writes) is removed.
"""

from __future__ import annotations

import html
import posixpath
import re
import time
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

BASE_SECONDS = 10.0  # the time a body may take to convert: this much,
SECONDS_PER_MB = 10.0  # plus this per megabyte (about 2 s/MB are needed)


class MarkupError(Exception):
    """The body cannot be converted within bounds; the message says why, for the user."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """Body HTML whose local links read `masthead-ref:<path under content/>`; see resolve_refs."""

    html: str
    summary: str
    links: tuple[tuple[str, str], ...] = ()  # (path under content/, the link as written)


class _Deadline:
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
            elif target and _is_relative(target):
                path, _, fragment = target.partition("#")
                resolved = posixpath.normpath(posixpath.join(self.folder, unquote(path)))
                element.set(attr, REF_SCHEME + resolved + (f"#{fragment}" if fragment else ""))
                self.found.append((resolved, target))


def _drop_url(element, attr: str) -> None:
    """A link keeps its text without its target; an image becomes its alt text."""
    del element.attrib[attr]
    if element.tag == "img":
        alt = element.get("alt", "")
        element.attrib.clear()
        element.tag, element.text = "span", alt


def _is_relative(target: str) -> bool:
    parts = urlsplit(target)
    return not (parts.scheme or parts.netloc or target.startswith(("/", "#")) or not parts.path)


class _TimedExtractor(HTMLExtractor):
    deadline: _Deadline

    def parse_starttag(self, i: int) -> int:
        self.deadline.check()
        return super().parse_starttag(i)


class _TimedHtmlBlock(HtmlBlockPreprocessor):
    """Markdown's raw HTML block reader, checking the deadline at every tag (the standard
    library's HTML parser is quadratic on many unclosed `<a `)."""

    def __init__(self, md: markdown.Markdown, deadline: _Deadline) -> None:
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
    than converting a short article)."""

    def __init__(self, raw_html: bool) -> None:
        self.links = _LocalLinks()
        self.deadline = _Deadline()
        self.md = markdown.Markdown(
            extensions=list(EXTENSIONS),
            extension_configs={"toc": {"slugify": slugify_unicode}},
        )
        self.md.treeprocessors.register(self.links, "masthead-links", 1)
        self.md.postprocessors.register(_Smart(self.md), "masthead-smart", 10)
        self.md.preprocessors.register(_TimedHtmlBlock(self.md, self.deadline), "html_block", 20)
        for pattern in self.md.inlinePatterns:
            pattern.handleMatch = self._timed(pattern.handleMatch)
        for processor in self.md.parser.blockprocessors:
            processor.test = self._timed(processor.test)
        if raw_html:
            self.md.postprocessors.register(_RawUrls(self.md), "masthead-raw-urls", 35)
        else:
            self.md.postprocessors.register(_Sanitize(self.md), "masthead-sanitize", 1)

    def _timed(self, method):
        check = self.deadline.check

        def timed(*args):
            check()
            return method(*args)

        return timed

    def convert(self, text: str, folder: str) -> str:
        self.links.folder, self.links.found = folder, []  # an empty text skips the tree
        self.deadline.start(text)
        try:
            return self.md.reset().convert(text)
        finally:
            self.md.reset()


_renderers: dict[bool, _Renderer] = {}


def render_markdown(text: str, folder: str, raw_html: bool = True) -> Rendered:
    """Convert an article body; `folder` is the article's folder under `content/`; raw HTML is
    kept, or (`raw_html=False`) removed. Raises MarkupError for a body beyond bounds."""
    renderer = _renderers.get(raw_html) or _renderers.setdefault(raw_html, _Renderer(raw_html))
    try:
        body = renderer.convert(text, folder)
    except RecursionError:
        _renderers.pop(raw_html, None)  # a fresh instance next time, whatever state is left
        raise MarkupError(
            "the body nests too deeply (quotes, lists or emphasis inside each other)"
        ) from None
    except MarkupError:
        _renderers.pop(raw_html, None)
        raise
    return Rendered(body, first_paragraph_text(body), tuple(renderer.links.found))


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
