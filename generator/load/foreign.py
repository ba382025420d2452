"""What articles written for another generator (Jekyll, Hugo, WordPress exports) carry that
Masthead does not read, and the message that names the fix: their front matter keys, TOML or
JSON front matter, and template tags in the body that readers would see as text.

One table, FOREIGN_KEYS: a key of another generator -> the key Masthead reads instead. Pure:
functions of a file's text and its front matter mapping.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

IMPORT = "run `masthead import`"
FOREIGN_KEYS = {  # their key -> ours
    "title": "headline",
    "excerpt": "summary",
    "description": "summary",
    "lastmod": "updated",
    "last_modified_at": "updated",
    "modified": "updated",
    "categories": "section",  # (the first; the rest as tags)
    "category": "section",
    "featured_image": "image",
    "cover": "image",
    "permalink": "aliases",  # (the old URL, to keep it answering)
    "url": "aliases",
}
REQUIRED = ("headline",)  # ours that are errors when missing: the hint goes in the error

OTHER_FRONT_MATTER = {  # how another generator's front matter opens (its first line) -> why
    r"\+\+\+\s*": "Front matter in TOML (`+++`): Masthead reads YAML between `---` lines; "
    "rewrite it as YAML, or run `masthead import hugo`",
    r"\{.*": "Front matter in JSON (`{`): Masthead reads YAML between `---` lines; "
    "rewrite it as YAML, or run `masthead import hugo`",
}

DATED_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-")  # Jekyll's _posts/2020-01-31-slug.md
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+\1")
TAGS = (  # template tags that other generators expand and Masthead shows as they are
    (re.compile(r"\{\{[<%]"), "a Hugo shortcode", "hugo"),
    (
        re.compile(r"(?<!\{)\{%|\{\{\s*(?:site|page|post|include|content)\b"),
        "a Liquid tag",
        "jekyll",
    ),
)


def other_front_matter(first_line: str) -> str | None:
    """The message for a file whose front matter is not YAML, or None."""
    found = (m for start, m in OTHER_FRONT_MATTER.items() if re.fullmatch(start, first_line))
    return next(found, None)


def missing_hints(data: Mapping, name: str) -> dict[str, tuple[str, str]]:
    """For a required key that is missing, when the file says where it went (a foreign key,
    or for `date` Jekyll's dated file name): the key to point at, and the error."""
    hints = {
        ours: (theirs, f"'{ours}' is missing; this file has '{theirs}': rename it, or {IMPORT}")
        for theirs, ours in FOREIGN_KEYS.items()
        if ours in REQUIRED and theirs in data and ours not in data
    }
    dated = DATED_NAME.match(name)
    if dated and "date" not in data:
        hints["date"] = (
            "date",
            f"'date' is missing; the file name starts with one: add `date: {dated.group(1)}`, "
            "or run `masthead import jekyll`",
        )
    return hints


def unread_keys(data: Mapping) -> Iterator[tuple[str, str]]:
    """(key, warning) for each foreign key that Masthead keeps only as extra data."""
    for theirs, ours in FOREIGN_KEYS.items():
        if theirs in data and ours not in data and ours not in REQUIRED:
            message = f"'{theirs}' is not read (kept as extra data): Masthead reads '{ours}'"
            yield theirs, f"{message}; rename it, or {IMPORT}"


def template_tags(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(file line, warning) for the first template tag of each kind outside code, with how many
    lines hold one."""
    found: dict[str, list[int]] = {}
    for number, line in _prose(body):
        for pattern, kind, source in TAGS:
            if pattern.search(line):
                found.setdefault(f"{kind}\0{source}", []).append(first_line + number)
    for key, lines in found.items():
        kind, source = key.split("\0")
        more = f" ({len(lines)} lines hold one)" if len(lines) > 1 else ""
        yield (
            lines[0],
            (
                f"{kind} is shown to readers as text{more}: write it as Markdown or HTML, or run "
                f"`masthead import {source}`"
            ),
        )


def _prose(body: str) -> Iterator[tuple[int, str]]:
    """(line number from 0, text) of the body's lines outside fenced code, code spans removed."""
    fence = ""
    for number, line in enumerate(body.split("\n")):
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
        elif opening:
            fence = opening.group(1)
        elif not line.startswith(("    ", "\t")):
            yield number, CODE_SPAN.sub("", line)
