"""Files an article refers to: images of a Hugo leaf bundle, site-absolute files of Jekyll and
Hugo (`/images/x.png`), WordPress uploads. Each one found is copied into a folder named after
the article (content/<section>/<slug>/) and the reference rewritten to it; a WordPress upload
not found locally stays a URL and is listed "to download"."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from generator.migrate.model import Entry, Log, Source

TARGET = re.compile(r"(!?\[[^\]\n]*\]\(\s*)(<[^>\n]*>|[^)\s]+)|^(\s*\[[^\]\n]+\]:\s*)(\S+)", re.M)
UPLOADS = "/wp-content/uploads/"


@dataclass
class Files:
    """The files of one article: name under its folder -> the file to copy."""

    entry: Entry
    source: Source
    folder: str  # the article's folder name (its slug)
    log: Log
    link: Callable[[str], str | None]  # an old URL or source path -> the imported file

    def __post_init__(self) -> None:
        self.copies: dict[str, Path] = {}
        root = self.entry.folder
        for path in self.entry.files:
            self.copies[path.relative_to(root).as_posix() if root else path.name] = path

    def body(self, text: str, first_line: int) -> str:
        def one(match: re.Match) -> str:
            lead = match.group(1) or match.group(3)
            target = match.group(2) or match.group(4)
            line = first_line + text.count("\n", 0, match.start()) if first_line else None
            new = self.reference(target.strip("<>"), line)
            return lead + (new if new is not None else target)

        return TARGET.sub(one, text)

    def reference(self, target: str, line: int | None) -> str | None:
        """The new reference to `target`, or None to keep it."""
        parts = urlsplit(target)
        if parts.scheme in ("http", "https") and UPLOADS in parts.path:
            return self._upload(target, parts.path.split(UPLOADS, 1)[1])
        if parts.scheme or parts.netloc or not parts.path or target.startswith("#"):
            return None
        path, fragment = unquote(parts.path), f"#{parts.fragment}" if parts.fragment else ""
        if path.startswith("/") and (entry := self.link(path)) is not None:
            return entry + fragment
        if path.endswith((".md", ".markdown")) and not path.startswith("/"):
            return None
        found = self._find(path)
        if found is None:
            return self._missing(target, path, line)
        return self._copy(found) + fragment

    def _missing(self, target: str, path: str, line: int | None) -> str | None:
        """Neither a file nor an imported entry: the target is linked where it was on the old
        site (relative to the entry's old URL; a file: to download; a page: reported), or, with
        no old site known, left and reported."""
        page = self.entry.old_urls[0].lstrip("/") if self.entry.old_urls else None
        if not urlsplit(self.source.base_url).netloc or (page is None and path[:1] != "/"):
            self.log.leave(self.entry.origin, line, f"'{target}' points to no file of the source")
            return None
        url = urljoin(urljoin(self.source.base_url, page or ""), target)
        if "." in path.rsplit("/", 1)[-1]:
            where = f"{self.entry.origin}:{line}" if line else self.entry.origin
            self.log.downloads.append(f"{url} (not in the source, in {where})")
        else:
            self.log.leave(self.entry.origin, line, f"'{target}' is no imported page: now {url}")
        return url

    def _find(self, path: str) -> Path | None:
        """The file a reference names: beside the entry (a bundle's), else from the site's
        root or static folders; never a file outside the source (`../`, symlinks)."""
        root = self.source.root
        places = [self.entry.folder / path] if self.entry.folder and root else []
        places += [root / static / path.lstrip("/") for static in self.source.static if root]
        return next((p for p in places if p.is_file() and inside(p, root)), None)

    def _upload(self, url: str, rel: str) -> str | None:
        uploads = self.source.uploads
        candidate = uploads / unquote(rel) if uploads else None
        if candidate is None or not candidate.is_file() or not inside(candidate, uploads):
            self.log.downloads.append(f"{url} (in {self.entry.origin})")
            return None
        return self._copy(candidate)

    def _copy(self, path: Path) -> str:
        """Its name in the article's folder (a second file of one name gets a number)."""
        for name, known in self.copies.items():
            if known == path:
                return f"{self.folder}/{name}"
        stem, ext = posixpath.splitext(path.name)
        name, n = path.name, 1
        while name in self.copies:
            n += 1
            name = f"{stem}-{n}{ext}"
        self.copies[name] = path
        return f"{self.folder}/{name}"


def inside(path: Path, folder: Path) -> bool:
    """Whether `path`, links followed, is within `folder`."""
    return folder.resolve() in path.resolve().parents
