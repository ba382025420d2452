"""`{% fragment key, ... %}...{% endfragment %}`: a part of a template rendered once per render
pass for each key and reused wherever it appears again.

A news site shows the same teaser card of an article on its section pages, its tag pages, its
author pages, the home page and as a related article on other articles' pages: about a dozen
times per article. The theme wraps the card in a fragment keyed by what the card shows (the
article's URL, the macro's arguments, the page's language and direction), so each distinct card
is rendered once. The cache lives for one render pass (`reset`), in which an article's view does
not change; worker processes each keep their own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser


class FragmentCache(Extension):
    """The `fragment` tag. The key is the template, the tag's line and the tag's values, so two
    fragments never share an entry by accident; the values must name everything the fragment
    shows (the tag cannot see what else its body reads)."""

    tags = frozenset({"fragment"})

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        environment.extend(fragments={})

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        values: list[nodes.Expr] = [nodes.Const(f"{parser.name}:{lineno}")]
        values.append(parser.parse_expression())
        while parser.stream.skip_if("comma"):
            values.append(parser.parse_expression())
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        call = self.call_method("_fragment", [nodes.Tuple(values, "load")])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _fragment(self, key: tuple[Hashable, ...], caller: Callable[[], str]) -> str:
        cache: dict = self.environment.fragments
        found = cache.get(key)
        if found is None:
            found = cache[key] = caller()
        return found


def reset(env: jinja2.Environment) -> None:
    """Forget every fragment: the views they were rendered from may have changed."""
    env.fragments.clear()
