"""WordPress bodies: HTML (with WordPress's own habits: paragraphs as blank lines, `[caption]`,
`[embed]`, bare video URLs on a line) -> Markdown, by markdownify. Embeds stay raw HTML."""

from __future__ import annotations

import re
from html import unescape

from markdownify import MarkdownConverter

from generator.migrate.bodies import youtube
from generator.migrate.model import Log

CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.S)
CAPTIONED = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.S)
EMBED = re.compile(
    r"\[embed[^\]]*\](.*?)\[/embed\]|^[ \t]*(https?://[^\s<>\"]+)[ \t]*$", re.S | re.M
)
VIDEO = re.compile(r"(?:youtube\.com/watch\?v=|youtu\.be/)([\w-]{6,})")
BLOCK = re.compile(
    r"^\s*<(?:p|div|h[1-6]|ul|ol|li|table|blockquote|figure|pre|iframe|hr|!--)\b", re.I
)
SHORTCODE = re.compile(r"\[(/?)([a-z][\w-]*)((?:\s+[\w-]+=(?:\"[^\"]*\"|'[^']*'|\S+))*)\s*/?\]")
KNOWN_SHORTCODES = {"gallery", "audio", "video", "playlist", "embed", "caption", "wp_caption"}


class Converter(MarkdownConverter):
    """markdownify, keeping embeds (iframes, embedded posts) as raw HTML and captions in italics."""

    def convert_iframe(self, el, text, parent_tags) -> str:
        return f"\n\n{el}\n\n"

    def convert_blockquote(self, el, text, parent_tags) -> str:
        if {"twitter-tweet", "instagram-media", "tiktok-embed"} & set(el.get("class") or []):
            return f"\n\n{el}\n\n"
        return super().convert_blockquote(el, text, parent_tags)

    def convert_figcaption(self, el, text, parent_tags) -> str:
        return f"\n\n*{text.strip()}*\n\n" if text.strip() else ""


def to_markdown(html: str, where: str, log: Log) -> str:
    """The Markdown of one WordPress body; shortcodes with no form here are reported."""
    html, captions = CAPTION.subn(_caption, html)
    log.did("[caption] -> figure", captions)
    html = EMBED.sub(lambda m: _embed(m, log), html)
    for match in SHORTCODE.finditer(html):
        if match.group(2) in KNOWN_SHORTCODES or match.group(3):
            log.leave(where, None, f"left as it is: shortcode {match.group()[:80]}")
    if "<p" not in html:
        html = autop(html)
    text = Converter(heading_style="ATX", bullets="-", escape_underscores=False).convert(html)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _caption(match: re.Match) -> str:
    inner = CAPTIONED.match(match.group(1))
    if inner is None:
        return match.group(1)
    return f"<figure>{inner.group(1)}<figcaption>{inner.group(2).strip()}</figcaption></figure>"


def _embed(match: re.Match, log: Log) -> str:
    url = (match.group(1) or match.group(2)).strip()
    video = VIDEO.search(url)
    if video:
        log.did("embedded YouTube URL -> iframe")
        return youtube(video.group(1))
    if match.group(1) is not None:
        log.did("[embed] -> link")
        return f'<p><a href="{url}">{url}</a></p>'
    return match.group()


def autop(html: str) -> str:
    """WordPress's paragraphs: blocks between blank lines, each a <p> unless it is a block tag
    already; single line ends inside become <br>."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", html.replace("\r\n", "\n")) if b.strip()]
    return "\n".join(
        b if BLOCK.match(b) else "<p>" + b.replace("\n", "<br>\n") + "</p>" for b in blocks
    )


def plain_text(html: str) -> str | None:
    """An excerpt as the plain text a summary is."""
    text = " ".join(unescape(re.sub(r"<[^>]*>", " ", html)).split())
    return re.sub(r" ([.,;:!?])", r"\1", text) or None
