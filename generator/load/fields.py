"""The machinery of the front matter's table of fields: a `Field` says how one key is read, and
`Fields` reads a table of them from one mapping, collecting every error instead of stopping at
the first (a writer fixes all of an article's mistakes in one pass)."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from generator.core.config import EXTENSIONS, PYTHON_MARKDOWN, SiteConfig, did_you_mean
from generator.core.errors import SourceError
from generator.load.source import Source

MIN_YEAR, MAX_YEAR = 1000, 9000  # far from datetime's limits, whatever the offset or window
MISSING = "'{key}' is missing or empty: add `{key}: ...` to the front matter"

Values = Mapping[str, object]  # the fields read so far, by name


def always(values: Values) -> bool:
    """For `Field.required`: the key must be given."""
    return True


def never(values: Values) -> bool:
    """For `Field.required`: the key may be left out (the field's default applies)."""
    return False


@dataclass(frozen=True, slots=True)
class EditionSettings:
    """What parsing an article of one edition needs: its folder, language and defaults."""

    prefix: str  # "" for the default edition
    tag: str
    direction: str
    timezone: str
    disclaimer: str


@dataclass(frozen=True, slots=True)
class ParseSettings:
    """The parts of site.yaml that parsing an article depends on (they key the parse cache)."""

    timezone: str = "UTC"
    disclaimer: str = ""
    unsafe_html: bool = True  # keep raw HTML in bodies (False: remove it)
    markdown: str = PYTHON_MARKDOWN  # the renderer of bodies: `markdown` in site.yaml
    markdown_extensions: tuple[str, ...] = EXTENSIONS  # in EXTENSIONS' order (see config)
    editions: tuple[EditionSettings, ...] = ()  # with `languages`, the default one first
    edition: EditionSettings | None = None  # the one of the article being read

    @classmethod
    def of(cls, config: SiteConfig) -> ParseSettings:
        editions = tuple(
            EditionSettings(e.prefix, e.tag, e.direction, c.timezone, c.disclaimer)
            for e in config.languages
            for c in [config.for_edition(e)]
        )
        return cls(
            config.timezone,
            config.disclaimer,
            config.unsafe_html,
            config.markdown,
            config.markdown_extensions,
            editions,
        )

    def of_article(self, article_id: str) -> ParseSettings:
        """The settings an article reads with: its edition's time zone and disclaimer."""
        if not self.editions:
            return self
        first = article_id.split("/", 1)[0] if "/" in article_id else ""
        own = next((e for e in self.editions[1:] if e.prefix == first), self.editions[0])
        return replace(self, timezone=own.timezone, disclaimer=own.disclaimer, edition=own)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True)
class Field:
    """One front matter key. `read(fields, key)` gives its value, or None when it is absent or
    an error was recorded; a field may look at the values of the fields before it in its table.
    A required field that yields nothing without an error of its own gets the `missing` error
    (formatted with the key); any other gets `default`. `aliases` are other names of the key
    (giving two of them is an error)."""

    name: str  # the key, and the attribute of the Article it fills
    read: Callable[[Fields, str], object]
    default: object = None
    required: Callable[[Values], bool] = never
    missing: str = MISSING
    aliases: tuple[str, ...] = ()


def known_keys(table: Iterable[Field]) -> tuple[str, ...]:
    """Every key a table reads, aliases included: the rest of a mapping is extra data."""
    return tuple(key for f in table for key in (f.name, *f.aliases))


class Fields:
    """Typed access to the values of one front matter mapping; each bad value adds an error and
    yields None. `lines` gives the file line of each key, for messages."""

    def __init__(
        self, source: Source, data: dict, lines: Mapping[str, int | None], settings: ParseSettings
    ) -> None:
        self.source, self.data, self.lines, self.settings = source, data, lines, settings
        self.errors: list[SourceError] = []
        self.notes: list[str] = []  # warnings: the file builds, but something is not as meant
        self.hints: Mapping[str, tuple[str, str]] = {}  # key -> the key to point at and the
        # error when it is missing (when not `Field.missing`)
        self.values: dict[str, object] = {}

    @property
    def folder(self) -> str:
        """The article's folder under content/, which relative paths start from."""
        return posixpath.dirname(self.source.id)

    def error(self, key: str, message: str) -> None:
        """Record a problem at the key's line; a missing key points at the opening '---'."""
        self.errors.append(SourceError(self.source.path, self.lines.get(key, 1), message))

    def note(self, key: str, message: str) -> None:
        """Record a warning at the key's line."""
        self.notes.append(str(SourceError(self.source.path, self.lines.get(key, 1), message)))

    def read(self, table: Iterable[Field]) -> dict[str, object]:
        """The value of every field of the table, in its order, by name."""
        for entry in table:
            key = self._key(entry)
            before = len(self.errors)
            value = entry.read(self, key)
            if value is None and len(self.errors) == before and entry.required(self.values):
                at, message = self.hints.get(key, (key, entry.missing.format(key=key)))
                self.error(at, message)
            self.values[entry.name] = entry.default if value is None else value
        return self.values

    def near_misses(self, known: tuple[str, ...]) -> None:
        """An unknown key close to a known one is an error (a typo would silently drop a value)."""
        for key in self.data:
            if str(key) not in known and (hint := did_you_mean(str(key), known)):
                self.error(
                    str(key),
                    f"unknown key '{key}': {hint}(unknown keys are kept as extra "
                    "data only when they are not near a known one)",
                )

    def _key(self, entry: Field) -> str:
        """The name the mapping gives the field by: an alias when one is given."""
        given = [k for k in (entry.name, *entry.aliases) if k in self.data]
        if len(given) > 1:
            names = " or ".join(f"'{k}'" for k in sorted(given))
            self.error(entry.name, f"give either {names}, not both")
        return next((k for k in entry.aliases if k in self.data), entry.name)

    def text(self, key: str) -> str | None:
        """Text, stripped; a number is taken as its text; blank is absent."""
        value = self.data.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            self.error(key, f"'{key}' must be text; put it in quotes")
            return None
        return value.strip()

    def flag(self, key: str) -> bool:
        """true or false; absent is false."""
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.error(key, f"'{key}' must be true or false")
            return False
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        """A list of text, stripped, each once."""
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(key, f"'{key}' must be a list of text, e.g. {key}: [one, two]")
            return ()
        return tuple(dict.fromkeys(v.strip() for v in value))

    def when(self, key: str) -> datetime | None:
        """A date or time; without an offset it is in the site's timezone."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.strip())
            except ValueError:
                value = None
        if isinstance(value, date) and not isinstance(value, datetime):
            value = datetime.combine(value, time())
        if not isinstance(value, datetime):
            self.error(key, f"'{key}' is not a date: write 2026-11-25 or 2026-11-25T09:30:00+01:00")
            return None
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            self.error(key, f"'{key}' must be a date between the years {MIN_YEAR} and {MAX_YEAR}")
            return None
        return value if value.tzinfo else value.replace(tzinfo=self.settings.tz)
