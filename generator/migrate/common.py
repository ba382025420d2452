"""What the readers of Jekyll and Hugo sites share: reading one file's front matter (a file
that cannot be read is reported, not imported), the site's time zone, Markdown file names."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.core.errors import SourceError
from generator.migrate.frontmatter import split
from generator.migrate.model import Log

MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
SKIPPED_DIRS = {".git", "node_modules", "vendor", "_site", "public", "resources", ".jekyll-cache"}


def read_text(path: Path, where: str, log: Log) -> tuple[dict, str, int] | None:
    """Front matter, body and body line of one file; None (reported) when it cannot be read."""
    try:
        return split(path.read_text(encoding="utf-8"), where)
    except UnicodeDecodeError:
        log.leave(where, None, "not imported: not UTF-8 text")
    except SourceError as exc:
        log.leave(where, exc.line, f"not imported: {exc.message}")
    return None


def zone(name: object, where: str, log: Log) -> str:
    """The time zone's name when Python knows it, else "" (reported)."""
    if not isinstance(name, str) or not name.strip():
        return ""
    try:
        ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        log.leave(where, None, f"unknown time zone '{name}': set `timezone:` in site.yaml")
        return ""
    return name.strip()


def markdown_files(root: Path) -> list[Path]:
    """Markdown files under `root`, sorted, outside the folders of tools and built output."""
    found = []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if path.is_file() and path.suffix.lower() in MARKDOWN and not SKIPPED_DIRS & set(parts):
            found.append(path)
    return found
