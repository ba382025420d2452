"""Take the default theme's screenshots for the docs: docs/screenshots/*.png.

Builds the sample site at the repository root into a temporary folder, serves it on
127.0.0.1 and photographs an article and a section page at desktop and phone widths with
headless Chromium (Playwright driving the system Chromium; `bash scripts/test.sh` installs
everything needed).

    python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # so `tests.tools` imports when run as a script
    sys.path.insert(0, str(REPO))

from playwright.sync_api import sync_playwright  # noqa: E402

from generator.build import BuildOptions, build  # noqa: E402
from tests.tools import CHROMIUM_ARGS, chromium_path, serve  # noqa: E402

PAGES = {
    "article": "news/field-reports/harbour-flood/",
    "section": "news/",
}
# name: (viewport width, viewport height, device scale factor)
DEVICES = {
    "desktop": (1280, 800, 1),
    "phone": (390, 844, 2),
}
MAX_BYTES = 1_500_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="masthead-shots-") as tmp:
        site = Path(tmp) / "out"
        result = build(BuildOptions(site=REPO, out=site))
        if not result.ok:
            for error in result.errors:
                print(f"error: {error}", file=sys.stderr)
            return 1
        with serve(site) as base_url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            try:
                for page_name, site_path in PAGES.items():
                    for device, (width, height, scale) in DEVICES.items():
                        target = args.out / f"{page_name}-{device}.png"
                        shoot(browser, base_url + site_path, target, width, height, scale)
            finally:
                browser.close()
    return 0


def shoot(browser, url: str, target: Path, width: int, height: int, scale: int) -> None:
    """A full-page PNG of `url`; retaken at 1x when the hi-dpi one is too heavy for the docs."""
    for factor in dict.fromkeys((scale, 1)):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=factor,
            color_scheme="light",
        )
        try:
            page = context.new_page()
            response = page.goto(url, wait_until="load")
            if response is None or not response.ok:
                raise RuntimeError(f"GET {url} failed")
            load_lazy_images(page)
            page.screenshot(path=str(target), full_page=True, animations="disabled")
        finally:
            context.close()
        size = target.stat().st_size
        if size <= MAX_BYTES:
            break
    shown = target.relative_to(REPO) if target.is_relative_to(REPO) else target
    print(f"{shown}: {width}px x{factor}, {size // 1024} KiB")
    if size > MAX_BYTES:
        print(f"warning: {shown} is over {MAX_BYTES // 1000} kB", file=sys.stderr)


def load_lazy_images(page) -> None:
    """Scroll down the page a screen at a time so `loading=lazy` images load, then wait for them.

    A full-page screenshot does not scroll, so lazy images below the first screen would be blank.
    """
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
                window.scrollTo(0, y);
                await new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)));
            }
            window.scrollTo(0, 0);
            await Promise.all([...document.images].map(img => img.complete ? null
                : new Promise(r => { img.onload = img.onerror = r; })));
        }"""
    )


if __name__ == "__main__":
    sys.exit(main())
