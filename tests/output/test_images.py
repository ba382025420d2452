"""Photos: renditions in several widths and formats, pictures in pages, captions, the cache,
bad images, and no GPS position in any published file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import add, build_site, error_lines, md, parse_html, write_tree
from PIL import Image

from generator.build import BuildOptions, build

GPS_IFD = 0x8825


def jpeg(size: tuple[int, int] = (2000, 1000), gps: bool = False) -> bytes:
    exif = Image.Exif()
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    write_tree(tmp_path, "-- site.yaml --\ntitle: T\nbase_url: https://example.org/\n")
    body = 'Text.\n\n![Boats](boat.jpg "Boats at dawn — Jo Bloggs")\n'
    fields = {"image": "boat.jpg", "image_alt": "A boat", "image_caption": "The boat"}
    add(tmp_path, "news/a.md", md("A", body=body, image_credit="Photo: Jo", **fields))
    add(tmp_path, "news/boat.jpg", jpeg(gps=True))
    return tmp_path


def srcset(value: str) -> list[tuple[str, int]]:
    return [(u, int(w[:-1])) for u, w in (part.split() for part in value.split(", "))]


def test_lead_picture_has_every_width_and_its_size(site: Path) -> None:
    assert build_site(site).ok
    doc = parse_html(site / "output/news/a/index.html")
    [img] = doc.xpath("//figure[@class='article__figure']//img")
    assert srcset(img.get("srcset")) == [
        (f"/news/boat-{w}w.jpg", w) for w in (1600, 1200, 800, 480)
    ]
    assert (img.get("width"), img.get("height")) == ("1600", "800")
    assert img.get("fetchpriority") == "high" and img.get("loading") is None
    [source] = doc.xpath("//figure[@class='article__figure']//source")
    assert source.get("type") == "image/webp"
    assert srcset(source.get("srcset"))[0] == ("/news/boat-1600w.webp", 1600)
    assert img.get("sizes") == source.get("sizes") == "(min-width: 46rem) 44rem, 100vw"
    caption = doc.xpath("//figure[@class='article__figure']/figcaption//text()")
    assert [t.strip() for t in caption if t.strip()] == ["The boat", "Photo: Jo"]


def test_body_image_with_title_is_a_lazy_figure(site: Path) -> None:
    assert build_site(site).ok
    doc = parse_html(site / "output/news/a/index.html")
    [figure] = doc.xpath("//div[@class='prose']//figure")
    [img] = figure.xpath(".//img")
    assert img.get("loading") == "lazy" and img.get("decoding") == "async"
    assert img.get("alt") == "Boats"
    assert figure.xpath(".//span[@class='figure__caption']/text()") == ["Boats at dawn"]
    assert figure.xpath(".//span[@class='figure__credit']/text()") == ["Jo Bloggs"]


def test_social_cards_and_json_ld_use_the_1200_rendition(site: Path) -> None:
    assert build_site(site).ok
    doc = parse_html(site / "output/news/a/index.html")
    url = "https://example.org/news/boat-1200w.jpg"
    assert doc.xpath("//meta[@property='og:image']/@content") == [url]
    text = doc.xpath("//script[@type='application/ld+json']/text()")[0]
    assert '"creditText": "Photo: Jo"' in text and url in text


def test_no_published_file_keeps_the_gps_position(site: Path) -> None:
    assert build_site(site).ok
    published = [p for p in (site / "output/news").iterdir() if p.suffix in (".jpg", ".webp")]
    assert len(published) == 8
    for path in published:
        with Image.open(path) as image:
            assert GPS_IFD not in image.getexif(), path
    assert not (site / "output/news/boat.jpg").exists()


def test_renditions_are_reused_and_a_body_edit_makes_none(site: Path) -> None:
    first = build_site(site)
    assert (first.report.images_made, first.report.images_reused) == (1, 0)
    add(site, "news/a.md", (site / "content/news/a.md").read_text() + "\nMore.\n")
    again = build(BuildOptions(site=site))
    assert (again.report.images_made, again.report.images_reused) == (0, 1)
    (site / "content/news/boat.jpg").unlink()
    add(site, "news/a.md", md("A"))
    gone = build(BuildOptions(site=site))
    assert gone.ok and not (site / "output/news/boat-800w.jpg").exists()


BAD = {
    "text": b"not an image",
    "truncated": jpeg()[:2000],
    "too wide": jpeg((20_001, 10)),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_image_is_one_line_naming_article_and_image(site: Path, kind: str) -> None:
    add(site, "news/boat.jpg", BAD[kind])
    [line] = error_lines(build_site(site))
    assert line.startswith("content/news/a.md:") and "content/news/boat.jpg" in line


def test_decompression_bomb_is_an_error(site: Path) -> None:
    limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = 1000  # the same check Pillow makes of a real bomb
    try:
        [line] = error_lines(build_site(site))
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    assert "decompression bomb" in line and "content/news/a.md" in line


def test_missing_alt_is_an_error_naming_the_file(site: Path) -> None:
    add(site, "news/b.md", md("B", image="boat.jpg"))
    [line] = error_lines(build_site(site))
    assert line.startswith("content/news/b.md:") and "image_alt" in line
