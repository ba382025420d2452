"""Helpers that some suites share (conftest.py holds the ones most suites use): the harbour-town
site, incremental builds against clean ones, and a preview server with ways out of its folder."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from conftest import NOW, add, md, snapshot, write_tree
from PIL import Image

from generator.build import BuildOptions, build
from generator.core import urls
from generator.core.model import Article
from generator.preview.serve import PreviewServer

# --- the harbour-town site ---------------------------------------------------------------------
# The site that the head-metadata suites (feeds, social tags, JSON-LD, no base_url) each build, in
# a variant of their own: News and World sections, a flood story in news/world/ with its photo,
# and a council story in news/.

BASE = "https://example.org/news-site/"
# site.yaml alone, for other sites at the same address
SITE_YAML = f"-- site.yaml --\ntitle: Test Times\nbase_url: {BASE}\n"

SECTIONS = {"news": {"title": "News"}, "news/world": {"title": "World"}}
DESCRIBED_SECTIONS = {**SECTIONS, "news": {"title": "News", "description": "All the news."}}
HARBOUR = {  # site.yaml
    "title": "Test Times",
    "description": "News from the harbour town.",
    "base_url": BASE,
    "sections": SECTIONS,
}
FLOOD = {
    "headline": "Harbour wall breached",
    "date": "2026-11-24T09:30:00+01:00",
    "updated": "2026-11-24T18:00:00Z",
    "authors": ["Jane Doe", "Ali Hassan"],
    "tags": ["Floods", "Harbour"],
    "summary": "The sea came in at dawn.",
    "image": "wall.gif",
    "image_alt": "The broken wall",
    "body": "The sea came in.",
}
COUNCIL = {
    "headline": "Council meets",
    "date": "2026-11-22T10:00:00Z",
    "author": "Jane Doe",
    "body": "The council met on Monday.",
}


def tiny_png(seed: int = 0, size: tuple[int, int] = (40, 30)) -> bytes:
    """A real PNG (its colour from `seed`): raster images are read, not copied blindly."""
    out = io.BytesIO()
    Image.new("RGB", size, (seed * 37 % 256, 90, 160)).save(out, "PNG")
    return out.getvalue()


LOGO = '-- static/logo.svg --\n<svg xmlns="http://www.w3.org/2000/svg"/>\n'


def harbour_site(
    config: dict | None = None,
    flood: dict | None = None,
    council: dict | bool = True,
    more: str = "",
) -> str:
    """The harbour site as an inline spec. `config` and `flood` change keys of site.yaml and of
    the flood story's front matter (`body` its text; None leaves a key out); `council` changes
    the council story's, or False leaves the story out; `more` adds files (an inline spec)."""
    settings = {**HARBOUR, **(config or {})}
    spec = "-- site.yaml --\n" + "".join(
        f"{key}: {json.dumps(value)}\n" for key, value in settings.items() if value is not None
    )
    spec += "-- content/news/world/flood.md --\n" + md(**{**FLOOD, **(flood or {})})
    spec += "-- content/news/world/wall.gif --\ngif\n"
    if council is not False:
        changes = council if isinstance(council, dict) else {}
        spec += "-- content/news/local.md --\n" + md(**{**COUNCIL, **changes})
    return spec + more


# --- incremental builds ----------------------------------------------------------------------
# The suites of the build engine and its cache edit these stories between builds; their exact
# text matters (the edits replace words of it).

STORIES = {
    "news/flood.md": """\
---
headline: Harbour wall breached
date: 2026-11-20T09:00:00Z
authors: [Jane Doe]
tags: [Floods]
summary: The sea came in.
---
The sea came in at dawn.

Residents were evacuated by boat.
""",
    "news/council.md": """\
---
headline: Council meets
date: 2026-11-19T09:00:00Z
authors: [Ali Hassan]
tags: [Floods, Budget]
summary: An emergency session.
---
The council met in emergency session.
""",
    "news/bridge.md": """\
---
headline: Bridge repairs approved
date: 2026-11-18T09:00:00Z
authors: [Ali Hassan]
tags: [Budget]
summary: Work starts in spring.
---
Repairs start in spring.
""",
    "sport/final.md": """\
---
headline: Harbour FC win the final
date: 2026-11-17T09:00:00Z
authors: [Wu Lin]
tags: [Football]
summary: A late goal.
---
A goal in the last minute.
""",
}


def stories(*paths: str, summaries: bool = True) -> str:
    """The STORIES at `paths` (all, by default) as content/ files of an inline spec; without
    their `summary:` lines unless `summaries`."""
    spec = "".join(f"-- content/{path} --\n{STORIES[path]}" for path in paths or STORIES)
    return spec if summaries else re.sub(r"(?m)^summary: .*\n", "", spec)


SECOND = 10**9


def settle(root: Path) -> None:
    """Date every file under `root` well in the past, as files edited long ago are."""
    past = time.time_ns() - 1000 * SECOND
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(past, past))


def make_site(root: Path, spec: str) -> Path:
    """Write the inline site and settle it."""
    write_tree(root, spec)
    settle(root)
    return root


def rewrite(path: Path, text: str) -> None:
    """Write `text` and move the file's mtime on by one second, so size/mtime show the change
    even when the size stays the same."""
    before = path.stat().st_mtime_ns if path.exists() else time.time_ns() - 500 * SECOND
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + SECOND, before + SECOND))


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit the first `old` of a file (which must hold it) into `new`, as `rewrite` does."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    rewrite(path, text.replace(old, new, 1))


def clean_tree(site: Path, tmp: Path, search: bool = False) -> dict[str, bytes]:
    """The output of a clean build of `site` (no cache) in a folder of its own (with the search
    index when `search`, as `build_site` builds)."""
    out = tmp / "clean-build"
    shutil.rmtree(out, ignore_errors=True)
    result = build(BuildOptions(site=site, out=out, cache=False, now=NOW, search=search))
    assert result.ok, result.errors
    return snapshot(out)


def assert_same_as_clean(
    site: Path, tmp: Path, out: Path | None = None, search: bool = False
) -> None:
    """The output folder (`out`, by default the site's output/) holds what a clean build does."""
    built, clean = snapshot(out or site / "output"), clean_tree(site, tmp, search)
    assert sorted(built) == sorted(clean)
    assert [p for p in built if built[p] != clean[p]] == []


# --- a preview server ------------------------------------------------------------------------

WAIT = 10.0
SECRET = "the-secret-outside-the-folder"


def build_with_ways_out(root: Path, spec: str, article: str) -> Path:
    """Build the inline site plus content/news/a.md (`article`) from root/site into root/out,
    then put SECRET beside the output folder, in root/secret.txt and root/outside/secret.txt,
    and links in it that lead there: leak.txt (a file) and escape/ (a folder). The output."""
    site, out = root / "site", root / "out"
    write_tree(site, spec)
    add(site, "news/a.md", article)
    result = build(BuildOptions(site=site, out=out, now=NOW))
    assert result.ok, result.errors
    (root / "secret.txt").write_text(SECRET)
    (root / "outside").mkdir()
    (root / "outside/secret.txt").write_text(SECRET)
    (out / "leak.txt").symlink_to(root / "secret.txt")
    (out / "escape").symlink_to(root / "outside", target_is_directory=True)
    return out


@contextmanager
def running(root: Path, host: str = "127.0.0.1") -> Iterator[PreviewServer]:
    """A PreviewServer of `root` on a free port, serving on a thread until the block ends."""
    server = PreviewServer(root, host=host, port=0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.broadcast.close()
        server.shutdown()
        server.server_close()
        thread.join(WAIT)


def article(article_id: str, day: int | None = 1, **fields: object) -> Article:
    """An Article as the parser would make it from `content/<article_id>`, dated 2026-11-<day>
    (undated with None); `fields` set the rest."""
    folder, _, name = article_id.rpartition("/")
    slug = name.removesuffix(".md")
    values = {
        "id": article_id,
        "source": f"content/{article_id}",
        "headline": slug.title(),
        "section": folder,
        "slug": slug,
        "url": urls.article(folder, slug),
        "date": datetime(2026, 11, day, tzinfo=UTC) if day else None,
        "summary": "",
        **fields,
    }
    return Article(**values)
