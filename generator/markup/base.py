"""What every Markdown renderer shares: its result, its error, and the deadline that bounds it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

SMARTY = "smarty"


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
