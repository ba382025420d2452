"""Local references in body HTML: links to other content, resolved to URLs when a page shows
them."""

from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import unquote, urlsplit

REF_SCHEME = "masthead-ref:"


REF_PATTERN = re.compile(r'(href|src)="masthead-ref:([^"#]*)(#[^"]*)?"')


FOOTNOTE_MARK = re.compile(r"<sup\b[^<>]*>(?:[^<]|<(?!/?sup\b))*</sup>")


TAG = re.compile(r"<[^<>]*>")


def is_relative(target: str) -> bool:
    parts = urlsplit(target)
    return not (parts.scheme or parts.netloc or target.startswith(("/", "#")) or not parts.path)


def site_path(target: str) -> str | None:
    """A site-absolute target's path (`/images/x.png#a` -> `/images/x.png`), to check that the
    site has it; None for any other target."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return None
    return unquote(parts.path)


def local_reference(target: str, folder: str) -> tuple[str, str] | None:
    """A relative link target's reference (`masthead-ref:<path>#<fragment>`) and the path under
    `content/` it names, for an article in `folder`; None for any other target."""
    if not is_relative(target):
        return None
    path, _, fragment = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(folder, unquote(path)))
    return REF_SCHEME + resolved + (f"#{fragment}" if fragment else ""), resolved


def first_paragraph_text(body: str) -> str:
    """The default summary: the first paragraph as plain text (footnote marks dropped). Each
    search stops at the next `<`, so raw HTML with many unclosed tags takes linear time."""
    start = body.find("<p>")
    end = body.find("</p>", start) if start >= 0 else -1
    if end < 0:
        return ""
    text = TAG.sub("", FOOTNOTE_MARK.sub("", body[start + 3 : end]))
    return " ".join(html.unescape(text).split())


def references(body: str) -> list[str]:
    """Content paths that a body links to or embeds, in order."""
    return [html.unescape(m.group(2)) for m in REF_PATTERN.finditer(body)]


def resolve_refs(body: str, url_of) -> str:
    """Replace each reference with `url_of(content_path)` (a final link), keeping fragments."""

    def link(m: re.Match) -> str:
        return f'{m.group(1)}="{html.escape(url_of(html.unescape(m.group(2))))}{m.group(3) or ""}"'

    return REF_PATTERN.sub(link, body)
