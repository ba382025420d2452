"""What every Markdown renderer shares: its result, its error, and the deadline that bounds it."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

SMARTY = "smarty"


class MarkupError(Exception):
    """The body cannot be converted within bounds; the message says why, for the user."""


Links = tuple[tuple[str, str], ...]  # (path under content/, or from the site's root with a
# leading `/`; the link as written)


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


TOO_LONG = (
    "the body takes too long to convert: look for a very long paragraph or line, "
    "or many unclosed '[' or '<'"
)


class Deadline:
    """Raises MarkupError once a conversion has run past its time.

    Where it can (the main thread of a process on a system with interval timers: the CLI and
    the build's worker processes), a timer interrupts the conversion with SIGALRM, and the
    conversion runs at full speed. Elsewhere (the preview's build thread) the loops that can
    take quadratic time on hostile input (inline patterns, blocks, raw HTML tags) check the
    clock at every step, through the methods `timed` wraps: about a tenth of the conversion's
    time, paid only for the few bodies a preview converts. A renderer keeps one configured
    instance per mode (`alarm_usable()`)."""

    def __init__(self) -> None:
        self.until = float("inf")

    @contextmanager
    def running(self, text: str, limit: TimeLimit, alarm: bool) -> Iterator[None]:
        """The conversion of `text` inside is bounded by `limit`: by the timer with `alarm`
        (when `alarm_usable()` said so), else by the checks of the `timed` methods."""
        seconds = limit.seconds(text)
        self.until = time.monotonic() + seconds
        if not alarm:
            yield
            return
        signal.signal(signal.SIGALRM, _on_alarm)
        _ARMED.append(self)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _ARMED.remove(self)

    def check(self) -> None:
        if time.monotonic() > self.until:
            raise MarkupError(TOO_LONG)

    def timed(self, method: Callable) -> Callable:
        """`method`, checking the deadline at every call."""
        check = self.check

        def timed(*args):
            check()
            return method(*args)

        return timed


_ARMED: list[Deadline] = []  # the deadline the timer is set for (one at a time per process)


def alarm_usable() -> bool:
    """Whether a conversion here can be bounded by SIGALRM: the main thread, a system with
    interval timers, and no one else's alarm handler or timer in use."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and not _ARMED
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, _on_alarm)
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )


def _on_alarm(signum: int, frame: object) -> None:
    if _ARMED:
        raise MarkupError(TOO_LONG)
