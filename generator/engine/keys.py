"""Every cache key, derived from one fingerprint: Masthead's version, the shape of the model (the
names and types of every field of every cached dataclass), `site.yaml` and the build options
that change the output. A new setting, or a new field of the model, is added here once, and
every key that depends on it changes: old caches are then ignored, never misread."""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass

from generator import __version__
from generator.core import model
from generator.core.config import SectionConfig, SiteConfig
from generator.core.hashing import digest
from generator.core.images import ImageSettings
from generator.core.model import Page
from generator.engine.options import BuildOptions
from generator.load.frontmatter import ParseSettings
from generator.load.inventory import Inventory


def model_classes() -> tuple[type, ...]:
    """Every dataclass of the content model, then those the cache keys or stores beside it."""
    own = [
        value
        for value in vars(model).values()
        if dataclasses.is_dataclass(value) and value.__module__ == model.__name__
    ]
    return (*own, SiteConfig, SectionConfig, ParseSettings, Inventory)


@functools.cache
def model_shape() -> str:
    """A digest of the names and (annotated) types of every field of every model class."""
    shape = [
        [cls.__qualname__, [[f.name, str(f.type)] for f in dataclasses.fields(cls)]]
        for cls in model_classes()
    ]
    return digest(json.dumps(shape).encode())


def derive(*parts: object) -> str:
    """A key of `parts` (plain values and dataclasses, whose repr names every field)."""
    return digest(repr(parts).encode())


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """The keys of one build, each derived from the one before: `code` (which caches this code
    can read), `parse` (what a source parses to) and `site` (what the plan and pages are)."""

    code: str
    parse: str
    site: str

    @classmethod
    def of(cls, config: SiteConfig, options: BuildOptions, theme: str = "") -> Fingerprint:
        """`theme`: a digest of the theme's inputs that are not templates (translations)."""
        code = code_key()
        parse = derive(code, ParseSettings.of(config))
        return cls(code, parse, derive(parse, config, options.output_key(), theme))

    def image_key(self, settings: ImageSettings, sha: str) -> str:
        """The key of a source image's renditions: its bytes and the image settings."""
        return derive(self.code, settings, sha)[:32]

    def globals_key(self, shown: list) -> str:
        """What every page shows besides its own inputs: the site, its sections, and what
        menus, bylines and JSON-LD show of the pages and author profiles."""
        return derive(self.site, shown)


def code_key() -> str:
    return derive(__version__, model_shape())


def settings_digest(settings: ParseSettings) -> str:
    """The parse key of `settings` (as `Fingerprint.parse` for a config that holds them)."""
    return derive(code_key(), settings)


def body_key(body: str) -> str:
    return digest(body.encode())


def page_key(
    page: Page,
    template: str,
    globals_key: str,
    meta: Mapping[str, str],
    bodies: Mapping[str, str],
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
