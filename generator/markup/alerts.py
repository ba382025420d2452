"""GitHub-style alerts: a quote whose first line is `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`,
`[!WARNING]` or `[!CAUTION]` becomes an aside with a title. Done on the HTML both renderers
write (the same `<blockquote><p>[!NOTE]` from each), so the two agree by construction."""

from __future__ import annotations

import re

KINDS = {
    "note": "Note",
    "tip": "Tip",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
}
OPENING = re.compile(
    r"<blockquote>\s*<p>\[!(" + "|".join(KINDS) + r")\][ \t]*(?:<br />)?(\n|</p>\s*)",
    re.IGNORECASE,
)
QUOTE_TAG = re.compile(r"<(/?)blockquote\b[^>]*>")


def alerts(html: str) -> str:
    """The HTML with each alert quote made an `<aside class="alert alert-<kind>">`."""
    if "[!" not in html:
        return html
    out, at = [], 0
    for match in OPENING.finditer(html):
        if match.start() < at:
            continue  # inside an alert already made: its own quotes are handled below
        end = _closing(html, match.end())
        if end is None:
            continue
        kind = match.group(1).lower()
        opened = "<p>" if match.group(2) == "\n" else ""
        out += [
            html[at : match.start()],
            f'<aside class="alert alert-{kind}" role="note">\n',
            f'<p class="alert__title">{KINDS[kind]}</p>\n{opened}',
            alerts(html[match.end() : end]),
            "</aside>",
        ]
        at = end + len("</blockquote>")
    return "".join(out) + html[at:] if out else html


def _closing(html: str, start: int) -> int | None:
    """Where the `</blockquote>` closing the quote opened before `start` begins."""
    depth = 1
    for tag in QUOTE_TAG.finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.start()
    return None
