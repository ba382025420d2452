"""Markdown text -> body HTML with markdown-it-py, for sites with `markdown: markdown-it`.

About 3 times faster than Python-Markdown, with the guarantees of `markup` kept by one pass over
markdown-it's tokens: relative links and images become references, `#` headings become h2,
`javascript:`/`vbscript:`/`data:` URLs are dropped, raw HTML is kept or (`raw_html=False`)
sanitized. The features of `markdown_extensions` map to markdown-it rules and plugins; `toc`
gives the ids Python-Markdown's toc gives, `smarty` is `smartquotes`. markdown-it drops what
lies deeper than `maxNesting` without a word, so a body that deep is an error here.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Sequence

from markdown.extensions.toc import slugify_unicode, unique
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from generator.markup.base import (
    SMARTY,
    TOO_DEEP,
    Deadline,
    Extensions,
    Links,
    MarkupError,
    TimeLimit,
    alarm_usable,
)
from generator.markup.refs import is_relative, local_reference, site_path
from generator.markup.sanitize import bad_url, may_hold_link, sanitize, strip_bad_urls
from generator.markup.smartquotes import smarten

MAX_NESTING = 100  # markdown-it's own default: far beyond articles, within the recursion limit
URL_ATTRS = {"link_open": "href", "image": "src"}


class _MarkdownIt(MarkdownIt):
    def normalizeLink(self, url: str) -> str:
        """Relative links stay as written, not percent-encoded: they become references by
        content path, and the written form is what finds the line of a broken one."""
        return url if is_relative(url) else super().normalizeLink(url)


def _heading_ids(state: StateCore) -> None:
    """A core rule, before `_rewrite` changes links and images: the ids Python-Markdown's toc
    gives headings."""
    ids: set[str] = set()
    for n, token in enumerate(state.tokens):
        if token.type == "heading_open":
            state.env["check"]()  # `unique` tries suffixes one by one: quadratic on many alike
            title = _plain(state.tokens[n + 1].children or [])
            token.attrSet("id", unique(slugify_unicode(title, "-"), ids))


# How each feature of `markdown_extensions` sets up an instance; `smarty` is applied after
# rendering, `attr_list` and `abbr` have no markdown-it equivalent (accepted and ignored).
FEATURES: dict[str, Callable[[MarkdownIt], object]] = {
    "tables": lambda md: md.enable("table"),
    "footnotes": lambda md: md.use(footnote_plugin, inline=False),  # `^[a note]`: not in P-M
    "fenced_code": lambda md: md.enable("fence"),
    "toc": lambda md: md.core.ruler.push("masthead-ids", _heading_ids),
    "def_list": lambda md: md.use(deflist_plugin),
}


class MarkdownItRenderer:
    """The markdown-it renderer (see `registry.Renderer`): one configured instance per set of
    features, kept (it keeps no state between documents), and the deadline they all check."""

    def __init__(self) -> None:
        self.deadline = Deadline()
        self.instances: dict[tuple[Extensions, bool], MarkdownIt] = {}

    def instance(self, extensions: Extensions, checks: bool) -> MarkdownIt:
        """The configured instance for these features, made on first use; `fence` is off unless
        asked for, indented code blocks stay. With `checks`, the inline rules check the
        deadline at every step (where no timer can interrupt them: see `Deadline`)."""
        key = (extensions, checks)
        if key not in self.instances:
            md = _MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
            md.disable("fence")
            for name in extensions:
                if name in FEATURES:
                    FEATURES[name](md)
            md.core.ruler.push("masthead", _rewrite)
            md.add_render_rule("text", _text)
            ruler = md.inline.ruler  # link labels and destinations rescan the rest of the
            for rule in ruler.__rules__ if checks else ():  # paragraph: quadratic on hostile
                ruler.at(rule.name, self.deadline.timed(rule.fn), {"alt": rule.alt})  # text
            self.instances[key] = md
        return self.instances[key]

    def convert(
        self, text: str, folder: str, raw_html: bool, extensions: Extensions, limit: TimeLimit
    ) -> tuple[str, Links]:
        env: EnvType = {"folder": folder, "links": [], "check": self.deadline.check}
        alarm = alarm_usable()
        with self.deadline.running(text, limit, alarm):
            body = self.instance(extensions, checks=not alarm).render(text, env)
        body = smarten(body) if SMARTY in extensions else body
        return body if raw_html else sanitize(body), tuple(env["links"])


def _rewrite(state: StateCore) -> None:
    """A core rule, after all others: what `python_markdown`'s tree processor and
    postprocessors do."""
    for token in state.tokens:
        if token.level >= MAX_NESTING - 1:
            raise MarkupError(TOO_DEEP)
        if token.type in ("heading_open", "heading_close"):
            token.tag = "h2" if token.tag == "h1" else token.tag
        elif token.type == "html_block":
            token.content = _raw(token.content, state)
        elif token.type == "inline" and token.children:
            token.children = list(_inline(token.children, state))


def _inline(children: list[Token], state: StateCore) -> Iterator[Token]:
    for token in children:
        attr = URL_ATTRS.get(token.type)
        target = str(token.attrs.get(attr, "")) if attr else ""
        if token.type == "html_inline":
            token.content = _raw(token.content, state)
        elif target and bad_url(target):
            if token.type == "image":
                alt = state.md.renderer.renderInlineAsText(token.children, state.md.options, {})
                yield from _span(alt)
                continue
            del token.attrs[attr]
        elif target and (local := local_reference(target, state.env["folder"])):
            token.attrSet(attr, local[0])
            state.env["links"].append((local[1], target))
        elif target and (absolute := site_path(target)):
            state.env["links"].append((absolute, target))
        yield token


def _span(text: str) -> list[Token]:
    """An image without its URL becomes its alt text, as with Python-Markdown."""
    return [
        Token("span_open", "span", 1),
        Token("text", "", 0, content=text),
        Token("span_close", "span", -1),
    ]


def _plain(children: Sequence[Token]) -> str:
    """A heading's text as Python-Markdown's toc reads it: no tags, images or footnote marks."""
    return "".join(t.content for t in children if t.type in ("text", "code_inline"))


def _raw(fragment: str, state: StateCore) -> str:
    """Raw HTML kept, without its `javascript:`/`data:` URLs."""
    return strip_bad_urls(fragment, state.env["check"]) if may_hold_link(fragment) else fragment


def _text(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    """Text with quotes left as they are (markdown-it writes `&quot;`), for smart quotes."""
    return html.escape(tokens[idx].content, quote=False)
