"""Markdown text -> body HTML with Python-Markdown; relative links become references to resolve
later.

Python-Markdown converts by default; `markdown: markdown-it` in site.yaml picks markdown-it-py
instead (see `markdown_it`), with the same guarantees, whichever features `markdown_extensions`
turns on. Hostile input is bounded: a body that nests too deeply or takes too long to convert is
an error, not a crash or a hang; links and images never keep `javascript:`, `vbscript:` or
`data:` URLs; with `raw_html=False` every tag and attribute outside a small allowlist (what
Markdown itself writes) is removed (see `sanitize`).
"""

from __future__ import annotations

import html
from collections.abc import Callable

import markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, slugify_unicode
from markdown.htmlparser import HTMLExtractor
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import HtmlBlockPreprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from generator.markup.base import (
    SMARTY,
    Deadline,
    Extensions,
    Links,
    MarkupError,
    TimeLimit,
    alarm_usable,
)
from generator.markup.refs import local_reference, site_path
from generator.markup.sanitize import bad_url, may_hold_link, sanitize, strip_bad_urls
from generator.markup.smartquotes import smarten

ALWAYS = ("sane_lists",)  # list semantics, not a feature a site picks
FEATURES: dict[str, Callable[[], Extension]] = {  # classes, not names: a name makes Python-
    "tables": TableExtension,  # Markdown read the entry points of every installed package
    "footnotes": FootnoteExtension,  # (tens of milliseconds in each new process)
    "fenced_code": FencedCodeExtension,
    "toc": lambda: TocExtension(slugify=slugify_unicode),
    "attr_list": AttrListExtension,
    "def_list": DefListExtension,
    "abbr": AbbrExtension,
    "sane_lists": SaneListExtension,
}


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
            target = _written(element.get(attr)) if attr else None
            if target and bad_url(target):
                _drop_url(element, attr)
            elif target and (local := local_reference(target, self.folder)):
                element.set(attr, local[0])
                self.found.append((local[1], target))
            elif target and (absolute := site_path(target)):
                self.found.append((absolute, target))


def _written(target: str | None) -> str | None:
    """A target as written: an email autolink's (`<a@b.org>`) comes obfuscated as entities
    behind Markdown's `&` placeholder, which is no path (it reads `mailto:a@b.org`)."""
    if target and AMP_SUBSTITUTE in target:
        return html.unescape(target.replace(AMP_SUBSTITUTE, "&"))
    return target


def _drop_url(element, attr: str) -> None:
    """A link keeps its text without its target; an image becomes its alt text."""
    del element.attrib[attr]
    if element.tag == "img":
        alt = element.get("alt", "")
        element.attrib.clear()
        element.tag, element.text = "span", alt


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


class Instance:
    """One configured Markdown instance, reset between documents (building one costs more
    than converting a short article); it loads only the `extensions` the site uses, since
    each costs time on every body. With `checks`, its loops check the deadline at every step
    (where no timer can interrupt it: see `Deadline`)."""

    def __init__(self, raw_html: bool, extensions: Extensions, checks: bool) -> None:
        self.checks = checks
        self.links = _LocalLinks()
        self.deadline = Deadline()
        names = [name for name in extensions if name != SMARTY] + list(ALWAYS)
        self.md = markdown.Markdown(extensions=[FEATURES[name]() for name in names])
        self.md.treeprocessors.register(self.links, "masthead-links", 1)
        if SMARTY in extensions:
            self.md.postprocessors.register(_Smart(self.md), "masthead-smart", 10)
        if checks:
            timed_html = _TimedHtmlBlock(self.md, self.deadline)
            self.md.preprocessors.register(timed_html, "html_block", 20)
            for pattern in self.md.inlinePatterns:
                pattern.handleMatch = self.deadline.timed(pattern.handleMatch)
            for processor in self.md.parser.blockprocessors:
                processor.test = self.deadline.timed(processor.test)
        if raw_html:
            self.md.postprocessors.register(_RawUrls(self.md), "masthead-raw-urls", 35)
        else:
            self.md.postprocessors.register(_Sanitize(self.md), "masthead-sanitize", 1)

    def convert(self, text: str, folder: str, limit: TimeLimit) -> tuple[str, Links]:
        self.links.folder, self.links.found = folder, []  # an empty text skips the tree
        try:
            with self.deadline.running(text, limit, alarm=not self.checks):
                return self.md.reset().convert(text), tuple(self.links.found)
        finally:
            self.md.reset()


class PythonMarkdownRenderer:
    """The default renderer (see `registry.Renderer`): one instance per settings and deadline
    mode, made on first use and kept."""

    def __init__(self) -> None:
        self.instances: dict[tuple[bool, Extensions, bool], Instance] = {}

    def convert(
        self, text: str, folder: str, raw_html: bool, extensions: Extensions, limit: TimeLimit
    ) -> tuple[str, Links]:
        instance = self.instance(raw_html, extensions, checks=not alarm_usable())
        try:
            return instance.convert(text, folder, limit)
        except (RecursionError, MarkupError):  # whatever state is left: a fresh one next time
            self.instances.pop((raw_html, extensions, instance.checks), None)
            raise

    def instance(self, raw_html: bool, extensions: Extensions, checks: bool = False) -> Instance:
        """The configured instance for these settings and deadline mode, made on first use."""
        key = (raw_html, extensions, checks)
        return self.instances.get(key) or self.instances.setdefault(key, Instance(*key))
