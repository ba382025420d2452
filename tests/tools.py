"""Where the external tools the tests drive live: headless Chromium and the Nu Html Checker.

`scripts/test.sh` installs them. A missing tool is an error, never a skip: a suite that
quietly skips its browser and validity checks would pass while checking nothing.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parent.parent

SAMPLE_SITE = ("site.yaml", "content", "pages", "authors", "static", "templates", "themes")


def sample_site(dest: Path) -> Path:
    """A copy of the repository's sample site in `dest`: tests build the copy, since one site is
    built by one process at a time (the build lock) and tests run in parallel."""
    for name in SAMPLE_SITE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.is_file():
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest / name)
    return dest


VNU_JAR = REPO / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Keep Chromium offline and quiet: no sandbox (CI runs as root), no GPU, no background
# fetches (component updates, sync, first-run pages). Playwright gives every launch a fresh,
# empty user data dir of its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_INSTALL_HINT = "run `bash scripts/test.sh` from the repository root to install it"


def chromium_path() -> str:
    """The system Chromium (Playwright's own browser download does not work here)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(f"Chromium not found on PATH (chromium / chromium-browser); {_INSTALL_HINT}")


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Chromium through Playwright, closed when the block ends; raises (so the tests
    fail) when Chromium is missing."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def java_path() -> str:
    found = shutil.which("java")
    if not found:
        raise RuntimeError(
            f"java not found on PATH (needed by the Nu Html Checker); {_INSTALL_HINT}"
        )
    return found


def vnu_jar() -> Path:
    """The Nu Html Checker jar: $MASTHEAD_VNU_JAR, else the copy npm put under .tools/."""
    override = os.environ.get("MASTHEAD_VNU_JAR")
    jar = Path(override) if override else VNU_JAR
    if not jar.is_file():
        where = "MASTHEAD_VNU_JAR points at" if override else "expected"
        raise RuntimeError(f"vnu.jar not found ({where} {jar}); {_INSTALL_HINT}")
    return jar


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 (a free port) in a thread; yield its base URL.

    Pages link to `/static/...` from the site root, so they need a server, not file:// URLs.
    """
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
