"""Photos with Pillow: read a source image's header (its probe) and make its renditions.

Every problem is an ImageProblem whose message says what is wrong in a few words; the engine
names the article and the file. EXIF orientation is applied, and no EXIF (GPS position above
all) or XMP is carried into a published file: a newsroom must never leak where a source stood.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from generator.core.hashing import digest
from generator.core.images import MAX_WIDTH, ImageSettings, Picture, Probe, Rendition

SAVE = {  # Pillow's name and options of each format (quality added where it means something)
    "webp": ("WEBP", {"method": 4}),
    "jpeg": ("JPEG", {"optimize": True, "progressive": True}),
    "avif": ("AVIF", {}),
    "png": ("PNG", {"optimize": True}),
}
ORIENTATION = 0x0112
TURNED = (5, 6, 7, 8)  # EXIF orientations that swap width and height


class ImageProblem(Exception):
    """A source image that cannot be published; the message says why."""


@contextmanager
def opened(data: bytes) -> Iterator[Image.Image]:
    """The image in `data`, a decompression bomb an error rather than a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                yield image
        except UnidentifiedImageError:
            raise ImageProblem("is not an image Masthead can read (JPEG, PNG or WebP)") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageProblem(
                "has too many pixels (a decompression bomb?): Pillow refuses it; make it smaller"
            ) from None
        except (OSError, SyntaxError, ValueError) as exc:
            raise ImageProblem(f"is damaged or truncated ({exc}); export it again") from None


def probe(path: Path) -> Probe:
    """What a source image is: digest of its bytes, size (upright), transparency."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImageProblem(f"cannot be read ({exc.strerror})") from None
    with opened(data) as image:
        width, height = image.size
        if image.getexif().get(ORIENTATION) in TURNED:
            width, height = height, width
        alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if max(width, height) > MAX_WIDTH:
        raise ImageProblem(f"is {width}x{height} px, over {MAX_WIDTH:,} px: make it smaller")
    return Probe(digest(data), width, height, alpha)


def renditions(
    path: Path, picture: Picture, settings: ImageSettings
) -> Iterator[tuple[str, bytes]]:
    """(output path, bytes) of every rendition of the picture, from the source file."""
    with opened(path.read_bytes()) as source:
        upright = ImageOps.exif_transpose(source)
        upright.load()
        for rendition in picture.renditions:
            yield rendition.path, encoded(upright, rendition, settings)


def encoded(image: Image.Image, rendition: Rendition, settings: ImageSettings) -> bytes:
    """One rendition: resized, in its format, without EXIF or XMP (the colour profile kept)."""
    keep_alpha = rendition.format != "jpeg" and image.mode in ("RGBA", "LA", "PA", "P")
    image = image.convert("RGBA" if keep_alpha else "RGB")
    if image.size != (rendition.width, rendition.height):
        image = image.resize((rendition.width, rendition.height), Image.Resampling.LANCZOS)
    name, options = SAVE[rendition.format]
    if rendition.format != "png":
        options = {**options, "quality": settings.quality}
    icc = image.info.get("icc_profile")
    out = io.BytesIO()
    image.save(out, name, **options, **({"icc_profile": icc} if icc else {}))
    return out.getvalue()


def icon(path: Path, size: int) -> bytes:
    """A square PNG icon of a raster logo: fitted, on a transparent ground."""
    with opened(path.read_bytes()) as source:
        logo = ImageOps.exif_transpose(source).convert("RGBA")
        logo.thumbnail((size, size), Image.Resampling.LANCZOS)
        square = Image.new("RGBA", (size, size), (0, 0, 0, 0))
        square.paste(logo, ((size - logo.width) // 2, (size - logo.height) // 2))
        out = io.BytesIO()
        square.save(out, "PNG", optimize=True)
        return out.getvalue()
