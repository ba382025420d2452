"""Raster images as readers get them: `<picture>` with a `srcset` per format, `sizes` for the
place in the page, `width` and `height` (no layout jump), lazy loading except for the page's
lead image; and in bodies, an image with a title becomes a `<figure>` with its caption."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from markupsafe import Markup

from generator.core.images import FOCUS, MIME, Picture
from generator.markup.refs import REF_SCHEME

BODY_SIZES = "(min-width: 46rem) 44rem, 100vw"  # the measure of the article body
CREDIT = " — "  # "Caption — Credit" in an image's title
IMG = re.compile(r"<img\b[^<>]*>")
ATTR = re.compile(r'([\w:-]+)="([^"]*)"')
FIGURE = re.compile(r"<p>\s*(<img\b[^<>]*\btitle=\"[^\"]*\"[^<>]*>)\s*</p>")

Link = Callable[[str], str]  # site path -> link


def picture_html(
    pic: Picture,
    alt: str,
    sizes: str,
    link: Link,
    *,
    lead: bool = False,
    cls: str = "",
    focus: str = "",
) -> Markup:
    """The `<picture>` of a published image; `lead`: the page's first image, fetched first."""

    def srcset(fmt: str) -> str:
        return ", ".join(f"{link(r.path)} {r.width}w" for r in pic.of(fmt))

    formats = dict.fromkeys(r.format for r in pic.renditions)
    sources = "".join(
        f'<source type="{MIME[f]}" srcset="{html.escape(srcset(f))}" sizes="{sizes}">'
        for f in formats
        if f != pic.fallback
    )
    best = pic.largest
    loading = ' fetchpriority="high"' if lead else ' loading="lazy" decoding="async"'
    style = f' style="object-position: {FOCUS[focus]}"' if focus and focus != "center" else ""
    img = (
        f'<img src="{html.escape(link(best.path))}" srcset="{html.escape(srcset(pic.fallback))}"'
        f' sizes="{sizes}" width="{best.width}" height="{best.height}"'
        f' alt="{html.escape(alt)}"{loading}{style}>'
    )
    cls_attr = f' class="{cls}"' if cls else ""
    return Markup(f"<picture{cls_attr}>{sources}{img}</picture>")


def body_pictures(body: str, images: Mapping[str, Picture], link: Link) -> str:
    """A body with each image given a caption (by its title) in a figure, and each published
    raster image (a file beside the article, or a site path) as a `<picture>`."""
    body = FIGURE.sub(lambda m: figure(m.group(1), images, link), body)
    return IMG.sub(lambda m: as_picture(m.group(0), images, link), body)


def figure(img: str, images: Mapping[str, Picture], link: Link) -> str:
    """`<p><img title="Caption — Credit"></p>` -> a figure with the caption and the credit."""
    attrs = dict(ATTR.findall(img))
    caption, _, credit = attrs.pop("title").partition(CREDIT)
    shown = "".join(f' {k}="{v}"' for k, v in attrs.items())
    credit_html = f' <span class="figure__credit">{credit}</span>' if credit else ""
    return (
        f'<figure class="figure">{as_picture(f"<img{shown}>", images, link)}<figcaption>'
        f'<span class="figure__caption">{caption}</span>{credit_html}</figcaption></figure>'
    )


def as_picture(img: str, images: Mapping[str, Picture], link: Link) -> str:
    """An `<img>` of a published raster image as its `<picture>`; any other as it is."""
    attrs = dict(ATTR.findall(img))
    src = html.unescape(attrs.get("src", ""))
    path = src.removeprefix(REF_SCHEME) if src.startswith(REF_SCHEME) else src[1:]
    pic = images.get(path) if src.startswith((REF_SCHEME, "/")) else None
    if pic is None:
        return img
    return picture_html(pic, html.unescape(attrs.get("alt", "")), BODY_SIZES, link)
