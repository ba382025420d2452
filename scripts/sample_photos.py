"""Draw the sample site's photographs: harbour scenes made for this project with Pillow (sky,
sea, hills, boats, a lighthouse, lanterns), saved as JPEGs beside the articles that use them.

    python scripts/sample_photos.py   # rewrites content/**/<name>.jpg

Deterministic (a fixed seed per picture), so running it again gives the same files.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
SIZE = (2000, 1333)
Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Scene:
    sky: tuple[Colour, Colour]  # top, horizon
    sea: tuple[Colour, Colour]  # horizon, foreground
    horizon: float  # share of the height
    sun: tuple[float, float, Colour] | None  # x, y (shares), colour


def mix(a: Colour, b: Colour, t: float) -> Colour:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def gradient(draw: ImageDraw.ImageDraw, top: int, bottom: int, colours: tuple[Colour, Colour]):
    for y in range(top, bottom):
        draw.line([(0, y), (SIZE[0], y)], fill=mix(*colours, (y - top) / max(1, bottom - top)))


def backdrop(scene: Scene, rng: random.Random) -> tuple[Image.Image, int]:
    """Sky, sun, far hills and sea with ripples; the horizon's height in pixels."""
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    horizon = round(SIZE[1] * scene.horizon)
    gradient(draw, 0, horizon, scene.sky)
    if scene.sun:
        x, y, colour = scene.sun
        cx, cy = SIZE[0] * x, SIZE[1] * y
        for r, a in ((260, 0.25), (170, 0.5), (90, 1.0)):
            glow = mix(scene.sky[1], colour, a)
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=glow)
    hills = [(0, horizon)]
    for x in range(0, SIZE[0] + 100, 100):
        hills.append((x, horizon - rng.randint(20, 110)))
    hills.append((SIZE[0], horizon))
    draw.polygon(hills, fill=mix(scene.sky[1], (40, 60, 70), 0.6))
    gradient(draw, horizon, SIZE[1], scene.sea)
    for _ in range(700):
        y = rng.randint(horizon + 5, SIZE[1])
        x, length = rng.randint(0, SIZE[0]), rng.randint(10, 30 + (y - horizon) // 6)
        shade = mix(scene.sea[0], (255, 255, 255), rng.uniform(0.15, 0.4))
        draw.line([(x, y), (x + length, y)], fill=shade, width=1 + (y - horizon) // 250)
    return image, horizon


def boat(draw: ImageDraw.ImageDraw, x: int, y: int, scale: float, hull: Colour, sail: bool):
    w, h = 260 * scale, 60 * scale
    draw.polygon([(x, y), (x + w, y), (x + w * 0.85, y + h), (x + w * 0.12, y + h)], fill=hull)
    draw.rectangle([x + w * 0.3, y - h * 0.8, x + w * 0.6, y], fill=(235, 232, 220))
    mast = x + w * 0.45
    draw.line(
        [(mast, y - h * 0.8), (mast, y - h * 4)], fill=(60, 50, 40), width=max(2, round(5 * scale))
    )
    if sail:
        draw.polygon(
            [(mast + 6, y - h * 3.8), (mast + 6, y - h), (mast + w * 0.45, y - h)],
            fill=(245, 240, 225),
        )


def lighthouse(draw: ImageDraw.ImageDraw, x: int, base: int, lit: bool):
    draw.polygon(
        [(x - 140, base), (x + 160, base), (x + 120, base - 60), (x - 100, base - 60)],
        fill=(70, 70, 75),
    )
    draw.polygon(
        [(x - 45, base - 60), (x + 45, base - 60), (x + 28, base - 520), (x - 28, base - 520)],
        fill=(240, 240, 235),
    )
    for n in range(3):
        top = base - 140 - n * 130
        draw.polygon(
            [(x - 40, top), (x + 40, top), (x + 37, top - 55), (x - 37, top - 55)],
            fill=(190, 40, 40),
        )
    draw.rectangle(
        [x - 36, base - 590, x + 36, base - 520], fill=(255, 230, 140) if lit else (60, 70, 80)
    )
    draw.polygon([(x - 48, base - 590), (x + 48, base - 590), (x, base - 640)], fill=(40, 40, 45))
    if lit:
        draw.polygon(
            [(x, base - 555), (x - 900, base - 700), (x - 900, base - 420)], fill=(255, 240, 190)
        )


def quay(draw: ImageDraw.ImageDraw, horizon: int, rng: random.Random, flooded: bool):
    top = horizon + (140 if flooded else 60)
    draw.rectangle([0, top, 760, SIZE[1]], fill=(120, 110, 100))
    for x in range(0, 760, 80):
        for y in range(top, SIZE[1], 40):
            draw.rectangle(
                [x + (y // 40 % 2) * 40, y, x + 78 + (y // 40 % 2) * 40, y + 38],
                outline=(95, 88, 80),
            )
    for n, x in enumerate(range(40, 700, 170)):
        h = rng.randint(220, 330)
        colour = [(200, 90, 70), (230, 200, 120), (120, 160, 190), (240, 235, 220)][n % 4]
        draw.rectangle([x, top - h, x + 150, top], fill=colour)
        draw.polygon(
            [(x - 10, top - h), (x + 75, top - h - 80), (x + 160, top - h)], fill=(90, 60, 55)
        )
        for wx in (x + 25, x + 95):
            draw.rectangle([wx, top - h + 60, wx + 30, top - h + 110], fill=(60, 70, 90))
    if flooded:
        draw.rectangle([0, top - 70, 900, SIZE[1]], fill=(95, 115, 120))


def lanterns(draw: ImageDraw.ImageDraw, rng: random.Random):
    for string in range(3):
        y0 = 180 + string * 150
        for n in range(16):
            x = 80 + n * 120
            y = y0 + 60 * ((n - 7.5) / 7.5) ** 2 * -1 + 60
            colour = rng.choice([(255, 170, 60), (255, 110, 80), (255, 220, 120), (240, 80, 120)])
            draw.ellipse([x - 26, y - 34, x + 26, y + 34], fill=colour)
            draw.ellipse([x - 12, y - 16, x + 12, y + 16], fill=(255, 245, 200))


def dawn_boats(rng: random.Random) -> Image.Image:
    scene = Scene(
        ((120, 150, 200), (250, 200, 160)),
        ((90, 120, 150), (30, 55, 80)),
        0.55,
        (0.7, 0.5, (255, 230, 170)),
    )
    image, horizon = backdrop(scene, rng)
    draw = ImageDraw.Draw(image)
    for x, dy, s, c in (
        (200, 120, 1.3, (170, 50, 40)),
        (900, 260, 1.8, (40, 70, 120)),
        (1450, 80, 1.0, (230, 200, 80)),
    ):
        boat(draw, x, horizon + dy, s, c, sail=s < 1.5)
    return image


def lighthouse_dusk(rng: random.Random) -> Image.Image:
    scene = Scene(((40, 40, 90), (230, 120, 90)), ((60, 60, 100), (20, 25, 50)), 0.62, None)
    image, horizon = backdrop(scene, rng)
    draw = ImageDraw.Draw(image)
    draw.polygon(
        [(1200, horizon + 40), (2000, horizon - 60), (2000, SIZE[1]), (1300, SIZE[1])],
        fill=(45, 45, 40),
    )
    lighthouse(draw, 1600, horizon + 10, lit=True)
    return image


def fish_market(rng: random.Random) -> Image.Image:
    scene = Scene(
        ((15, 20, 45), (50, 60, 100)),
        ((30, 35, 60), (10, 12, 25)),
        0.5,
        (0.2, 0.15, (240, 240, 220)),
    )
    image, horizon = backdrop(scene, rng)
    draw = ImageDraw.Draw(image)
    quay(draw, horizon, rng, flooded=False)
    for x in range(900, 1900, 260):
        draw.rectangle([x, horizon + 200, x + 200, horizon + 320], fill=(70, 110, 160))
        for _ in range(14):
            fx, fy = x + rng.randint(10, 170), horizon + rng.randint(205, 300)
            draw.ellipse([fx, fy, fx + 40, fy + 14], fill=(200, 205, 215))
        draw.line(
            [(x + 100, horizon + 200), (x + 100, horizon - 80)], fill=(200, 200, 180), width=4
        )
        draw.ellipse([x + 80, horizon - 100, x + 120, horizon - 60], fill=(255, 230, 150))
    return image


def flooded_quay(rng: random.Random) -> Image.Image:
    scene = Scene(((110, 115, 125), (170, 175, 180)), ((100, 115, 120), (60, 75, 80)), 0.45, None)
    image, horizon = backdrop(scene, rng)
    draw = ImageDraw.Draw(image)
    quay(draw, horizon, rng, flooded=True)
    boat(draw, 1200, horizon + 300, 1.6, (90, 90, 100), sail=False)
    for _ in range(500):
        x, y = rng.randint(0, SIZE[0]), rng.randint(0, SIZE[1])
        draw.line([(x, y), (x - 8, y + 30)], fill=(200, 205, 210), width=1)
    return image


def lantern_night(rng: random.Random) -> Image.Image:
    scene = Scene(((10, 15, 40), (40, 30, 70)), ((30, 25, 55), (8, 8, 20)), 0.6, None)
    image, horizon = backdrop(scene, rng)
    draw = ImageDraw.Draw(image)
    lanterns(draw, rng)
    for x in (300, 1100, 1600):
        boat(draw, x, horizon + 150, 1.2, (20, 20, 30), sail=False)
    return image


PHOTOS: dict[str, tuple[int, Callable[[random.Random], Image.Image]]] = {
    "content/news/field-reports/boats-at-dawn.jpg": (1, dawn_boats),
    "content/news/field-reports/gannet-point-dusk.jpg": (2, lighthouse_dusk),
    "content/news/field-reports/fish-market-night.jpg": (3, fish_market),
    "content/news/field-reports/quay-in-the-rain.jpg": (4, flooded_quay),
    "content/culture/lanterns-over-the-water.jpg": (5, lantern_night),
}


def main() -> None:
    for path, (seed, draw) in PHOTOS.items():
        image = draw(random.Random(seed)).filter(ImageFilter.GaussianBlur(1.2))
        target = ROOT / path
        image.save(target, "JPEG", quality=72, optimize=True, progressive=True)
        print(f"{path}: {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
