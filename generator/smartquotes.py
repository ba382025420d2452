"""Smart punctuation for body HTML: curly quotes, dashes and ellipses in text, never inside
tags, code, preformatted text, scripts or styles.

Works on the finished HTML with a few regular expressions: Python-Markdown's own `smarty`
extension does the same job through inline patterns and costs as much as the rest of the
conversion together.
"""

from __future__ import annotations

import re

TOKENS = re.compile(
    r"(<!--.*?-->|<(script|style|pre|code|kbd|samp|textarea)\b.*?</\2\s*>|<[^>]*>)", re.S | re.I
)
OPENS = r"(?:(?<=^)|(?<=[\s(\[{\u2014\u2013\u00a0]))"
RULES = [
    (re.compile(r"---"), "&mdash;"),
    (re.compile(r"(?<!-)--(?!-)"), "&ndash;"),
    (re.compile(r"\.\.\.|\. \. \."), "&hellip;"),
    (re.compile(OPENS + '"'), "&ldquo;"),
    (re.compile('"'), "&rdquo;"),
    (re.compile(r"'(?=\d\ds\b)"), "&rsquo;"),
    (re.compile(OPENS + "'"), "&lsquo;"),
    (re.compile("'"), "&rsquo;"),
]


def smarten(html: str) -> str:
    """Curly quotes, en and em dashes and ellipses in the text of `html`."""
    parts = TOKENS.split(html)
    out, last = [], " "
    # split() yields text, then the token and its inner group, in turn
    for index in range(0, len(parts), 3):
        text = parts[index]
        if text:
            out.append(_text(text, last))
            last = text[-1]
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)


def _text(text: str, before: str) -> str:
    if not any(c in text for c in "\"'-."):
        return text
    text = before + text
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text[1:] if before else text
