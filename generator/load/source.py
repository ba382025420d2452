"""One article file as text: read (up to a bound), decoded (UTF-8, `\\n` line ends, no characters
feeds cannot carry) and split into its front matter mapping and its body, with the line of every
key for messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.core.errors import SourceError
from generator.core.layout import CONTENT_DIR
from generator.core.yamlio import BAD_CHARS, char_problem, load_yaml
from generator.load.foreign import other_front_matter

FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$", re.M)
NO_FRONT_MATTER = (
    "no front matter: start the file with a line '---', then 'headline: ...', then another '---'"
)
MAX_FRONT_MATTER = 256 * 1024  # characters between the fences
MAX_ARTICLE_BYTES = 32 * 1024 * 1024  # a live blog grows large; the bound keeps memory sane


@dataclass(frozen=True, slots=True)
class Source:
    """An article file as read: `id` is its path under content/, `path` under the site."""

    id: str
    path: str
    text: str


def decode(path: str, data: bytes) -> str:
    """UTF-8 (a BOM is fine) with every line ending made `\\n`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(path, line, "is not UTF-8 text: save the file as UTF-8") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError(path, line, "holds a NUL byte: is this a binary file named .md?")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = BAD_CHARS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise SourceError(path, line, char_problem(bad.group()) or "")
    return text


def read_source(site_dir: Path, article_id: str) -> tuple[Source, bytes]:
    """The decoded file, and its bytes (whose digest keys the cache)."""
    path = f"{CONTENT_DIR}/{article_id}"
    try:
        with open(site_dir / path, "rb") as file:
            data = file.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise SourceError(path, None, f"cannot be read ({exc.strerror})") from None
    if len(data) > MAX_ARTICLE_BYTES:
        raise SourceError(
            path,
            None,
            f"is over {MAX_ARTICLE_BYTES // (1024 * 1024)} MB: split it, or put data in files "
            "beside it and link to them",
        )
    return Source(article_id, path, decode(path, data)), data


def split(source: Source) -> tuple[dict, str, dict[str, int], int]:
    """Front matter mapping, body, the file line of each top-level key, the body's first line."""
    text = source.text
    first = text.split("\n", 1)[0]
    if not text.startswith("---") or not FENCE.match(first):
        raise SourceError(source.path, 1, other_front_matter(first) or NO_FRONT_MATTER)
    first_nl = text.find("\n")
    closing = FENCE.search(text, first_nl + 1) if first_nl >= 0 else None
    if closing is None:
        raise SourceError(source.path, 1, "front matter is not closed: add a line '---' after it")
    block = text[first_nl + 1 : closing.start()]
    if len(block) > MAX_FRONT_MATTER:
        raise SourceError(
            source.path,
            1,
            f"front matter is over {MAX_FRONT_MATTER // 1024} KB: keep long text in the body",
        )
    data = load_yaml(block, source.path, first_line=2)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(source.path, 2, "front matter must be 'key: value' lines (a mapping)")
    body_line = text.count("\n", 0, closing.end()) + 2
    return data, text[closing.end() :].lstrip("\n"), _key_lines(block), body_line


def _key_lines(block: str) -> dict[str, int]:
    """The file line of each top-level key of the front matter (it starts on line 2)."""
    lines: dict[str, int] = {}
    for offset, line in enumerate(block.split("\n")):
        match = re.match(r"([^\s#:][^:]*?)\s*:", line)
        if match:
            lines.setdefault(match.group(1).strip("'\""), offset + 2)
    return lines
