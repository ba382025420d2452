"""Every folder and file name of a site and of its cache, in one place."""

from __future__ import annotations

from pathlib import Path

CACHE_DIR = ".masthead-cache"

CONTENT_DIR = "content"

CONFIG_FILE = "site.yaml"

I18N_DIR = "i18n"  # translation files `<language tag>.yaml`, in a site and in each theme

MANIFEST = "manifest.json"  # the writer's record of what it wrote, in its work folder

PACKAGE = Path(__file__).resolve().parent.parent
PACKAGED = PACKAGE / "themes"  # themes shipped in an installed wheel
CHECKOUT = PACKAGE.parent / "themes"  # in a source checkout or editable install
