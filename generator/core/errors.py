"""User-facing errors: one format, `path:line: message`, so editors and CI can jump to them."""

from __future__ import annotations

import re
from collections.abc import Iterable


class SourceError(Exception):
    """A mistake in one of the user's files; `line` is 1-based, or None when unknown."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        super().__init__(path, line, message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"

    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.line or 0, self.message)


MAX_ERRORS = 50  # shown of one build: enough to fix in one pass, few enough to read


class BuildError(Exception):
    """Every error of a build, collected so the user can fix them in one pass: the first
    MAX_ERRORS in file and line order are kept, `total` says how many there were."""

    def __init__(self, errors: Iterable[SourceError]) -> None:
        found = sorted(errors, key=SourceError.sort_key)
        self.total = len(found)
        self.errors = found[:MAX_ERRORS]
        super().__init__("\n".join(str(e) for e in self.errors))


def failure(shown: int, total: int) -> str:
    """How a failed build counts its errors: "3 error(s)", or "50 of 102 errors shown"."""
    return f"{shown} of {total} errors shown" if total > shown else f"{shown} error(s)"


UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with control characters and undecodable bytes written as escapes, so that an
    error naming a file stays one readable line."""
    return UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)
