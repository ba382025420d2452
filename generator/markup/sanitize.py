"""Raw HTML in article bodies made safe: `javascript:`, `vbscript:` and `data:` URLs taken out of
links and images (always), or everything outside an allowlist of tags and attributes taken out
(with `unsafe_html: false`). Pure functions over HTML text, used by `markup`."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

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


URL_TAGS = {"a": "href", "img": "src", "area": "href"}
LINK_TAG = re.compile(r"<(?:a|img|area)\b", re.I)
VOID = frozenset({"br", "hr", "img", "wbr", "area", "col"})
DROP_WITH_CONTENT = frozenset(
    [
        "script",
        "style",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "noscript",
        "noembed",
        "noframes",
        "textarea",
        "select",
        "option",
        "svg",
        "math",
        "title",
        "head",
        "xmp",
        "plaintext",
    ]
)
GLOBAL_ATTRS = frozenset({"id", "class", "title", "lang", "dir"})
CELL = frozenset({"colspan", "rowspan", "style"})
ALLOWED: dict[str, frozenset[str]] = {
    **{
        tag: frozenset()
        for tag in [
            "p",
            "br",
            "hr",
            "em",
            "strong",
            "b",
            "i",
            "u",
            "s",
            "del",
            "ins",
            "sub",
            "sup",
            "small",
            "mark",
            "code",
            "pre",
            "kbd",
            "samp",
            "var",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "ul",
            "dl",
            "dt",
            "dd",
            "table",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "caption",
            "div",
            "section",
            "span",
            "figure",
            "figcaption",
            "cite",
        ]
    },
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "th": CELL | {"scope"},
    "td": CELL,
    "abbr": frozenset(),
    "time": frozenset({"datetime"}),
}
URL_ATTRS = frozenset({"href", "src", "cite"})
TEXT_ALIGN = re.compile(r"text-align:\s*(left|right|center);?")


Check = Callable[[], None]  # raises to stop a parse that has run too long


def _unchecked() -> None:
    pass


class _CheckedParser(HTMLParser):
    """Calls `check` at every tag: the standard library's parser is quadratic on many unclosed
    `<a `, and the caller's deadline must be able to stop it."""

    def __init__(self, check: Check) -> None:
        super().__init__(convert_charrefs=True)
        self.check = check

    def parse_starttag(self, i: int) -> int:
        self.check()
        return super().parse_starttag(i)


def may_hold_link(fragment: str) -> bool:
    return bool(LINK_TAG.search(fragment)) and (":" in fragment or "&" in fragment)


def _attributes(attrs: list[tuple[str, str | None]], keep) -> str:
    seen: set[str] = set()
    parts = []
    for name, value in attrs:
        if name in seen or not keep(name, value):
            continue
        seen.add(name)
        parts.append(f" {name}" if value is None else f' {name}="{html.escape(value)}"')
    return "".join(parts)


class _BadUrlFinder(_CheckedParser):
    """Finds start tags of links and images with a dangerous URL, by position."""

    def __init__(self, check: Check) -> None:
        super().__init__(check)
        self.found: list[tuple[tuple[int, int], str, str]] = []

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
    everything else byte for byte as it was."""
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


def _safe_attribute(tag: str, name: str, value: str | None) -> bool:
    if name not in ALLOWED[tag] and name not in GLOBAL_ATTRS:
        return False
    if name.startswith("on") or (value is None and name in URL_ATTRS):
        return False
    if name in URL_ATTRS:
        return url_scheme(value or "") in SAFE_SCHEMES | {""}
    if name == "style":
        return bool(TEXT_ALIGN.fullmatch((value or "").strip()))
    return True


class _Allowlist(_CheckedParser):
    """Rebuilds HTML from allowed tags and attributes only; other tags are dropped (their text
    kept, except inside scripts, styles, frames and the like); comments are dropped; every end
    tag matches a start tag."""

    def __init__(self, check: Check) -> None:
        super().__init__(check)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping: list[str] = []  # the dropped element whose content is being skipped

    def handle_starttag(self, tag: str, attrs: list, closed: bool = False) -> None:
        if self.skipping:
            if tag == self.skipping[-1] and not closed:
                self.skipping.append(tag)
            return
        if tag in DROP_WITH_CONTENT:
            if tag not in VOID and not closed:
                self.skipping.append(tag)
            return
        tag = "h2" if tag == "h1" else tag
        if tag not in ALLOWED:
            return
        if tag == "img" and not any(n == "src" and _safe_attribute(tag, n, v) for n, v in attrs):
            return
        self.out.append(f"<{tag}{_attributes(attrs, lambda n, v: _safe_attribute(tag, n, v))}>")
        if tag not in VOID:
            self.open.append(tag)
            if closed:
                self.handle_endtag(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        tag = "h2" if tag == "h1" else tag
        if tag in self.open:
            while self.open:
                top = self.open.pop()
                self.out.append(f"</{top}>")
                if top == tag:
                    break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{t}>" for t in reversed(self.open))


def sanitize(fragment: str, check: Check = _unchecked) -> str:
    """`fragment` with only allowlisted tags and attributes and safe URLs (see ALLOWED)."""
    cleaner = _Allowlist(check)
    cleaner.feed(fragment)
    return cleaner.result()
