"""Every folder and file name of a site and of its cache, in one place."""

from __future__ import annotations

from pathlib import Path

CACHE_DIR = ".masthead-cache"

CONTENT_DIR = "content"

PAGES_DIR = "pages"  # standalone pages: pages/about.md -> /about/

AUTHORS_DIR = "authors"  # author profiles: authors/<slug>.md

CONFIG_FILE = "site.yaml"

I18N_DIR = "i18n"  # translation files `<language tag>.yaml`, in a site and in each theme
ARTICLE_SUFFIXES = (".md", ".markdown")  # the files under content/ that are articles


def is_article(name: str) -> bool:
    return name.endswith(ARTICLE_SUFFIXES)


def article_stem(name: str) -> str:
    """A file name without its article suffix: `a.markdown` -> `a`."""
    for suffix in ARTICLE_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


MANIFEST = "manifest.json"  # the writer's record of what it wrote, in its work folder

PACKAGE = Path(__file__).resolve().parent.parent
PACKAGED = PACKAGE / "themes"  # themes shipped in an installed wheel
CHECKOUT = PACKAGE.parent / "themes"  # in a source checkout or editable install
