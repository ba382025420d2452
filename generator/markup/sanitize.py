"""Raw HTML in article bodies made safe: `javascript:`, `vbscript:` and `data:` URLs taken out of
links and images (always, by `strip_bad_urls`), or everything outside an allowlist of tags and
attributes taken out (with `unsafe_html: false`, by `sanitize`, which leaves the parsing to
nh3: Ammonia, fuzzed and maintained, is a safer judge of hostile HTML than a parser of ours).
Pure functions over HTML text, used by the renderers."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

import nh3

BAD_SCHEMES = frozenset({"javascript", "vbscript", "data"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", "masthead-ref"})
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")  # browsers skip these when reading a scheme


def url_scheme(url: str) -> str:
    """The scheme a browser would see in `url` (entities decoded, blanks skipped), lowercased;
    "" for a relative URL."""
    match = SCHEME.match(URL_IGNORED.sub("", html.unescape(url)))
    return match.group(1).lower() if match else ""


def bad_url(url: str) -> bool:
    return url_scheme(url) in BAD_SCHEMES


# What `unsafe_html: false` keeps: what Markdown itself writes (footnotes, toc ids, table
# alignment, code languages, abbreviations) and plain text markup; `h1` is read as `h2`, since
# the headline is the page's one h1.
TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "small",
    "mark", "code", "pre", "kbd", "samp", "var", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "div", "section", "span", "figure", "figcaption", "cite", "a", "img", "blockquote", "q",
    "abbr", "time",
})  # fmt: skip
GLOBAL_ATTRS = frozenset({"id", "class", "title", "lang", "dir"})
CELL = frozenset({"colspan", "rowspan", "style"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": GLOBAL_ATTRS,
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "th": CELL | {"scope"},
    "td": CELL,
    "time": frozenset({"datetime"}),
}
DROP_WITH_CONTENT = frozenset({
    "script", "style", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
    "noscript", "noembed", "noframes", "textarea", "select", "option", "svg", "math", "title",
    "head", "xmp", "plaintext",
})  # fmt: skip
TEXT_ALIGN = re.compile(r"text-align:\s*(left|right|center);?")


def _attribute(tag: str, name: str, value: str) -> str | None:
    """What nh3 does not judge itself: `cite` URLs (only `href` and `src` are URLs to it) and
    `style`, kept for table alignment only."""
    if name == "cite":
        return value if url_scheme(value) in SAFE_SCHEMES | {""} else None
    if name == "style":
        return value if TEXT_ALIGN.fullmatch(value.strip()) else None
    return value


CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(DROP_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    attribute_filter=_attribute,
    link_rel=None,
    url_schemes=set(SAFE_SCHEMES),
)
# nh3's output escapes `<` and `"` everywhere but in tags, so these match tags only.
H1 = re.compile(r"<(/?)h1\b")
IMG_WITHOUT_SRC = re.compile(r'<img\b(?![^>]* src=")[^>]*>')
PASSES = 4  # at most 3 were needed for 200,000 random hostile fragments


def sanitize(fragment: str) -> str:
    """`fragment` with only allowlisted tags and attributes and safe URLs (see TAGS and
    ATTRIBUTES); an image without a safe `src` is left out, as a browser would show nothing.
    The parser can build trees that read back otherwise (a heading in a link in a heading), so
    the result is cleaned again until stable: cleaning it once more changes nothing."""
    clean = CLEANER.clean(fragment)
    for _ in range(PASSES - 1):
        again = CLEANER.clean(clean)
        if again == clean:
            break
        clean = again
    return IMG_WITHOUT_SRC.sub("", H1.sub(r"<\1h2", clean))


Check = Callable[[], None]  # raises to stop a parse that has run too long


def _unchecked() -> None:
    pass


URL_TAGS = {"a": "href", "img": "src", "area": "href"}
LINK_TAG = re.compile(r"<(?:a|img|area)\b", re.I)


def may_hold_link(fragment: str) -> bool:
    return bool(LINK_TAG.search(fragment)) and (":" in fragment or "&" in fragment)


def _attributes(
    attrs: list[tuple[str, str | None]], keep: Callable[[str, str | None], bool]
) -> str:
    seen: set[str] = set()
    parts = []
    for name, value in attrs:
        if name in seen or not keep(name, value):
            continue
        seen.add(name)
        parts.append(f" {name}" if value is None else f' {name}="{html.escape(value)}"')
    return "".join(parts)


class _BadUrlFinder(HTMLParser):
    """Finds start tags of links and images with a dangerous URL, by position; calls `check` at
    every tag, since the standard library's parser is quadratic on many unclosed `<a ` and the
    caller's deadline must be able to stop it."""

    def __init__(self, check: Check) -> None:
        super().__init__(convert_charrefs=True)
        self.check = check
        self.found: list[tuple[tuple[int, int], str, str]] = []

    def parse_starttag(self, i: int) -> int:
        self.check()
        return super().parse_starttag(i)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attr = URL_TAGS.get(tag)
        if attr and any(n == attr and v and bad_url(v) for n, v in attrs):
            raw = self.get_starttag_text() or ""
            kept = _attributes(attrs, lambda n, v: not (n == attr and v and bad_url(v)))
            end = "/>" if raw.rstrip().endswith("/>") else ">"
            self.found.append((self.getpos(), raw, f"<{tag}{kept}{end}"))

    handle_startendtag = handle_starttag


def strip_bad_urls(fragment: str, check: Check = _unchecked) -> str:
    """`fragment` with the `javascript:`/`vbscript:`/`data:` URLs of links and images removed;
    everything else byte for byte as it was (raw HTML is kept as written by default)."""
    finder = _BadUrlFinder(check)
    finder.feed(fragment)
    finder.close()
    if not finder.found:
        return fragment
    starts = [0] + [m.end() for m in re.finditer("\n", fragment)]
    pieces, at = [], 0
    for (line, column), raw, replacement in finder.found:
        offset = starts[line - 1] + column
        if fragment.startswith(raw, offset) and offset >= at:
            pieces += [fragment[at:offset], replacement]
            at = offset + len(raw)
    return "".join(pieces) + fragment[at:]
