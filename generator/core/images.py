"""Photos as data: the `images` settings of site.yaml, what a source image is (its probe), and
which renditions it is published in, under which names. Pure; Pillow is used above (assets/)."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

RASTER = (".jpg", ".jpeg", ".png", ".webp")  # published as renditions; SVG, GIF: copied
FORMATS = ("webp", "jpeg", "avif", "png")  # the values of `images.formats`
MIME = {"webp": "image/webp", "jpeg": "image/jpeg", "avif": "image/avif", "png": "image/png"}
SUFFIX = {"webp": "webp", "jpeg": "jpg", "avif": "avif", "png": "png"}
MAX_WIDTH = 20_000  # wider sources are refused: no newsroom photo needs more
SOCIAL_WIDTH = 1200  # the rendition social cards (og:image) show
FOCUS = {  # image_focus -> CSS object-position
    "center": "50% 50%",
    "top": "50% 0%",
    "bottom": "50% 100%",
    "left": "0% 50%",
    "right": "100% 50%",
    "top-left": "0% 0%",
    "top-right": "100% 0%",
    "bottom-left": "0% 100%",
    "bottom-right": "100% 100%",
}


@dataclass(frozen=True, slots=True)
class ImageSettings:
    """`images:` in site.yaml: the widths and formats every raster image is published in."""

    widths: tuple[int, ...] = (480, 800, 1200, 1600)
    formats: tuple[str, ...] = ("webp", "jpeg")
    quality: int = 80


@dataclass(frozen=True, slots=True)
class Probe:
    """A source image as read from its header, EXIF orientation applied to the size."""

    sha: str
    width: int
    height: int
    alpha: bool  # has transparency: its fallback is PNG, never JPEG


@dataclass(frozen=True, slots=True)
class Rendition:
    path: str  # output path, e.g. "news/harbour-800w.webp"
    width: int
    height: int
    format: str


@dataclass(frozen=True, slots=True)
class Picture:
    """A published raster image: every rendition, the largest first in each format."""

    source: str  # path under content/
    width: int
    height: int
    renditions: tuple[Rendition, ...]

    @property
    def fallback(self) -> str:
        """The format of `<img src>`: the last one (JPEG or PNG, which every browser shows)."""
        return self.renditions[-1].format

    @property
    def largest(self) -> Rendition:
        """The widest rendition in the fallback format: what `<img src>` and links give."""
        return self.of(self.fallback)[0]

    def of(self, fmt: str) -> list[Rendition]:
        return [r for r in self.renditions if r.format == fmt]

    def nearest(self, width: int) -> Rendition:
        """The fallback rendition nearest `width` (the widest not above it, or the narrowest)."""
        own = self.of(self.fallback)
        below = [r for r in own if r.width <= width]
        return max(below, key=lambda r: r.width) if below else min(own, key=lambda r: r.width)


def is_raster(path: str) -> bool:
    return path.lower().endswith(RASTER)


def widths_for(source_width: int, settings: ImageSettings) -> tuple[int, ...]:
    """The configured widths narrower than the source, and the source's own width when it is
    under the widest: never upscaled."""
    below = [w for w in sorted(settings.widths) if w < source_width]
    if source_width <= max(settings.widths):
        below.append(source_width)
    return tuple(below)


def formats_for(probe: Probe, settings: ImageSettings) -> tuple[str, ...]:
    """The configured formats; an image with transparency gets PNG where JPEG would flatten it."""
    swapped = ("png" if f == "jpeg" and probe.alpha else f for f in settings.formats)
    return tuple(dict.fromkeys(swapped))


def picture(source: str, probe: Probe, settings: ImageSettings) -> Picture:
    """Every rendition of a source under content/, named beside it: `a/b.jpg` -> `a/b-800w.webp`."""
    stem = posixpath.splitext(source)[0]
    renditions = tuple(
        Rendition(
            f"{stem}-{w}w.{SUFFIX[fmt]}", w, max(1, round(probe.height * w / probe.width)), fmt
        )
        for fmt in formats_for(probe, settings)
        for w in reversed(widths_for(probe.width, settings))
    )
    return Picture(source, probe.width, probe.height, renditions)
