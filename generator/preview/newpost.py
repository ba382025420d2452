"""`masthead new`: a new article file with its front matter filled in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.core.errors import SourceError
from generator.core.layout import CONTENT_DIR
from generator.core.model import slugify
from generator.load.frontmatter import path_error


def create_article(site_dir: Path, headline: str, section: str, today: date | None = None) -> Path:
    """Write `content/<section>/<slug>.md`; never overwrites an existing file."""
    section = section.strip("/")
    problem = path_error(section) if section else None
    if problem:
        raise SourceError("--section", None, f"'{section}' {problem}")
    slug = slugify(headline)
    if not headline.strip() or not slug:
        raise SourceError("headline", None, "needs at least one letter or digit")
    path = site_dir / CONTENT_DIR / section / f"{slug}.md"
    if path.exists():
        raise SourceError(str(path), None, "already exists: choose another headline or edit it")
    quoted = headline.replace("\\", "\\\\").replace('"', '\\"')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'---\nheadline: "{quoted}"\ndate: {(today or date.today()).isoformat()}\n'
        f"author: \ntags: []\ndraft: true\n---\n\nWrite the story here.\n",
        encoding="utf-8",
    )
    return path
