"""What every reader of a foreign site gives: entries (an article or a page as found) and the
site's settings; and the log where conversions and leftovers are counted for the report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ARTICLE, PAGE = "article", "page"


@dataclass(frozen=True, slots=True)
class Entry:
    """One source item before conversion. `front` is its front matter as the source wrote it
    (WordPress fields put into the same shape), `body` Markdown, `body_line` the source line the
    body starts on (0: a body with no file lines, from WordPress). `old_urls` are the site
    paths ("/2020/01/02/x.html") it answered at."""

    kind: str  # ARTICLE or PAGE
    origin: str  # the file (or WXR item) it came from, for the report
    key: str  # how other entries link to it ({% post_url %}, ref): its path in the source
    front: dict
    body: str
    body_line: int
    section: str  # the source's own section ("" for none): Hugo's folder, Jekyll's none
    slug: str
    old_urls: tuple[str, ...] = ()
    folder: Path | None = None  # where relative files of the body are found (a leaf bundle)
    files: tuple[Path, ...] = ()  # files of a bundle, copied beside the article


@dataclass(frozen=True, slots=True)
class Source:
    """A whole foreign site as read: its entries and what goes into site.yaml."""

    entries: tuple[Entry, ...]
    title: str = ""
    base_url: str = ""
    timezone: str = ""
    sections: dict[str, dict[str, str]] = field(default_factory=dict)  # path -> title, description
    root: Path | None = None  # where site-absolute files (/images/x.png) are found
    static: tuple[str, ...] = ("",)  # folders under `root` holding site-absolute files
    uploads: Path | None = None  # WordPress: a local copy of wp-content/uploads
    variables: dict[str, str] = field(default_factory=dict)  # Jekyll's `{{ site.x }}` values


@dataclass
class Log:
    """What the import did (by kind, counted) and what it left for a person (`file:line`)."""

    done: Counter = field(default_factory=Counter)
    left: list[str] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def did(self, kind: str, times: int = 1) -> None:
        self.done[kind] += times

    def leave(self, where: str, line: int | None, what: str) -> None:
        self.left.append(f"{where}:{line}: {what}" if line else f"{where}: {what}")
