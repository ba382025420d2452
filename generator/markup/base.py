"""What every Markdown renderer shares: its result, its error, and the deadline that bounds it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

SMARTY = "smarty"


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


@dataclass(frozen=True, slots=True)
class TimeLimit:
    """The time a body may take to convert: `base` seconds plus `per_mb` per megabyte (about
    2 s/MB are needed), so that a hostile body is an error, not a hang."""

    base: float = 10.0
    per_mb: float = 10.0

    def seconds(self, text: str) -> float:
        return self.base + self.per_mb * len(text) / 1e6


DEFAULT_LIMIT = TimeLimit()
_LIMIT: ContextVar[TimeLimit] = ContextVar("masthead_markup_limit", default=DEFAULT_LIMIT)


def current_limit() -> TimeLimit:
    """The limit of the bodies converted now (see `time_limit`)."""
    return _LIMIT.get()


@contextmanager
def time_limit(limit: TimeLimit) -> Iterator[None]:
    """Bodies converted inside (in this thread, and in the workers forked from it) get `limit`:
    the seam for tests and for callers that cannot pass a limit down to `render_markdown`."""
    token = _LIMIT.set(limit)
    try:
        yield
    finally:
        _LIMIT.reset(token)


class Deadline:
    """Raises MarkupError once a conversion has run past its time; checked from the loops that
    can take quadratic time on hostile input (inline patterns, blocks, raw HTML tags)."""

    def __init__(self) -> None:
        self.until = float("inf")

    def start(self, text: str, limit: TimeLimit) -> None:
        self.until = time.monotonic() + limit.seconds(text)

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
