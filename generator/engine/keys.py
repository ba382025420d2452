"""Every cache key, derived from one fingerprint."""

from __future__ import annotations

import json

from generator.core.hashing import digest
from generator.core.model import Page


def page_key(
    page: Page, template: str, globals_key: str, meta: dict[str, str], bodies: dict[str, str]
) -> str:
    """Everything a page's bytes depend on, hashed: equal keys mean equal output."""
    parts = [
        page.path,
        page.template or page.kind,
        template,
        globals_key,
        page.context,
        [meta[i] for i in page.articles],
        [bodies[i] for i in page.bodies],
    ]
    return digest(json.dumps(parts, default=str, separators=(",", ":")).encode())
