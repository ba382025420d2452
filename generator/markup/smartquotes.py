"""Smart punctuation for body HTML: curly quotes, dashes and ellipses in text, never inside
tags, code, preformatted text, scripts or styles.

Works on the finished HTML with a few regular expressions: Python-Markdown's own `smarty`
extension does the same job through inline patterns and costs as much as the rest of the
conversion together.
"""

from __future__ import annotations

import html
import re

TAG = re.compile(r"<!--|<[^<>]*>")
PLAIN = re.compile(r"<[^<>]*>")
RAW = re.compile(r"<(script|style|pre|code|kbd|samp|textarea)\b", re.I)
CLOSES = {
    name: re.compile(rf"</{name}\s*>", re.I)
    for name in ("script", "style", "pre", "code", "kbd", "samp", "textarea")
}
CLOSES["!--"] = re.compile("-->")
OPENING = re.compile(r"[\s(\[{\u2014\u2013\u00a0]")  # a quote after one of these opens
OPENS = rf"(?:(?<=^)|(?<={OPENING.pattern}))"
RULES = [  # (a string the rule needs, pattern, replacement): most text holds no quote or dash
    ("--", re.compile(r"---"), "&mdash;"),
    ("--", re.compile(r"(?<!-)--(?!-)"), "&ndash;"),
    (". ", re.compile(r"\. \. \."), "&hellip;"),
    ("..", re.compile(r"\.\.\."), "&hellip;"),
    ('"', re.compile(OPENS + '"'), "&ldquo;"),
    ('"', re.compile('"'), "&rdquo;"),
    ("'", re.compile(r"'(?=\d\ds\b)"), "&rsquo;"),
    ("'", re.compile(OPENS + "'"), "&lsquo;"),
    ("'", re.compile("'"), "&rsquo;"),
]


def smarten(html: str) -> str:
    """Curly quotes, en and em dashes and ellipses in the text of `html`.

    One pass over the tags, in time linear in the length even for many unclosed `<code` or
    `<!--`: the next closing tag of each kind is searched once and remembered.
    """
    out: list[str] = []
    last, at = " ", 0
    closes: dict[str, int] = {}  # kind -> end of its next closing tag (-1: none left)
    for match in TAG.finditer(html):
        start = match.start()
        if start < at:
            continue  # inside raw text or a comment already copied
        token_end = match.end()
        raw = RAW.match(html, start)
        kind = "!--" if match.group() == "<!--" else raw and raw.group(1).lower()
        if kind:
            close = _next_close(html, kind, token_end, closes)
            if close >= 0:
                token_end = close
            elif kind == "!--":  # unclosed: up to the next `>`, as other tags
                plain = PLAIN.match(html, start)
                if not plain:
                    continue
                token_end = plain.end()
        if start > at:
            text = html[at:start]
            out.append(_text(text, last))
            last = text[-1]
        out.append(html[start:token_end])
        at = token_end
    if at < len(html):
        out.append(_text(html[at:], last))
    return "".join(out)


def _next_close(html: str, kind: str, start: int, closes: dict[str, int]) -> int:
    """End of the first closing tag of `kind` at or after `start`, or -1; searches afresh only
    when the remembered one lies before `start`, so each kind scans the text once."""
    known = closes.get(kind)
    if known is None or (known != -1 and known < start):
        found = CLOSES[kind].search(html, start)
        known = closes[kind] = found.end() if found else -1
    return known


def _text(text: str, before: str) -> str:
    """`text` made smart; `before`, the character ahead of it (before a tag), only tells whether
    a quote at the start opens: a stand-in that no rule changes takes its place."""
    text = (" " if OPENING.match(before) else "x") + text
    for needs, pattern, replacement in RULES:
        if needs in text:
            text = pattern.sub(replacement, text)
    return text[1:]


def smarten_text(text: str) -> str:
    """`smarten` for plain text (a headline, a summary): the same rules, characters out."""
    return html.unescape(smarten(html.escape(text, quote=False)))


WORDS_PER_MINUTE = 230


def reading_minutes(body: str) -> int:
    """Minutes to read body HTML: its words (tags aside) at an adult's pace, at least one."""
    words = len(PLAIN.sub(" ", body).split())
    return max(1, round(words / WORDS_PER_MINUTE))
