"""`masthead init`: a new site that builds at once (site.yaml with comments, one article,
.gitignore), written only into an empty or new folder so nobody's files are touched."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.core.errors import SourceError
from generator.core.layout import CACHE_DIR, CONFIG_FILE, CONTENT_DIR

SITE_YAML = """\
# The site's settings: README.md (site.yaml) lists every key.
title: My News Site
description: News from our town, every day.
# base_url: https://news.example.org/     # the public address: feeds and sitemaps need it
language: en
timezone: UTC                             # a name like Europe/London: dates and embargoes
per_page: 20                              # articles per page of a section
# The sections, by folder under content/ (a nested one: news/field-reports).
sections:
  news:
    title: News
    description: What happened, and why it matters.
"""

ARTICLE = """\
---
headline: Welcome to your new site
date: {today}
author: The Editors
tags: [about]
summary: What Masthead made, and what to do next.
---
This article is `content/news/welcome.md`. Edit it, or write another with
`masthead new "A headline" --section news`, and watch the preview with `masthead serve`.
"""

GITIGNORE = f"/output/\n/{CACHE_DIR}/\n/.masthead-preview/\n"


def start_site(folder: Path, today: date | None = None) -> list[Path]:
    """Write the new site's files into `folder` (made when missing); the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise SourceError(
            str(folder), None, "is not an empty folder: give `masthead init` a new or empty one"
        )
    files = {
        folder / CONFIG_FILE: SITE_YAML,
        folder / CONTENT_DIR / "news" / "welcome.md": ARTICLE.format(
            today=(today or date.today()).isoformat()
        ),
        folder / ".gitignore": GITIGNORE,
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
