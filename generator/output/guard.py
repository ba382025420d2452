"""Checks that keep the writer's hands off everything but the output folder: which folders may not
be an output folder, and which paths in it lead out through a symlink."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from generator.core.errors import BuildError, SourceError

SOURCE_DIRS = ("content", "templates", "themes", "static", ".git", ".masthead-cache")
SYSTEM_DIRS = frozenset(
    [
        "Applications",
        "Library",
        "System",
        "Users",
        "Volumes",
        "bin",
        "boot",
        "dev",
        "etc",
        "home",
        "lib",
        "lib32",
        "lib64",
        "libx32",
        "media",
        "mnt",
        "opt",
        "private",
        "proc",
        "root",
        "run",
        "sbin",
        "snap",
        "srv",
        "sys",
        "tmp",
        "usr",
        "var",
    ]
)  # folders right under / that hold the system or everyone's files


def _real(path: Path) -> Path:
    """The path with every symlink followed (loops and missing parts allowed)."""
    return Path(os.path.realpath(os.path.abspath(path)))


def dangerous_output(out: Path, site_dir: Path) -> str | None:
    """Why `out` must not be the output folder, or None. Building there could delete or
    overwrite what is not Masthead's: the root or home folder (or a parent of home), the site
    folder or a parent of it, a source folder of the site (or a folder inside one, or holding
    one), also when any of them is reached through a symlink or a relative path."""
    out, site = _real(out), _real(site_dir)
    home = _real(Path.home())
    if out == Path(out.anchor) or (out.parent == Path(out.anchor) and out.name in SYSTEM_DIRS):
        return "is the root folder or a system folder"
    if home.is_relative_to(out):
        return "is the home folder or one of its parents"
    if site.is_relative_to(out):
        return "is the site folder or one of its parents"
    for name in SOURCE_DIRS:
        for source in dict.fromkeys((site / name, _real(site / name))):
            if out.is_relative_to(source):
                return f"is inside the site's {name}/ folder"
            if name in ("content", "templates", "themes", "static") and source.is_relative_to(out):
                return f"holds the site's {name}/ folder (through a link)"
    return None


def leads_out(out: Path, rel: str) -> bool:
    """True when the folder of `out/rel` is not inside `out` once symlinks are followed: writing
    or deleting `rel` would touch a file outside the output folder."""
    return LinksOut(out).leads(rel)


class LinksOut:
    """`leads_out` for many paths of one output folder: each folder is looked at once, after
    its parent (a folder that is no symlink leads where its parent does), so checking every file
    of a full rewrite costs one lstat per folder, and a realpath only per symlink."""

    def __init__(self, out: Path) -> None:
        self.out, self.root = out, _real(out)
        self.folders: dict[str, bool] = {"": False}

    def leads(self, rel: str) -> bool:
        return self._folder(rel.rpartition("/")[0])

    def _folder(self, folder: str) -> bool:
        found = self.folders.get(folder)
        if found is None:
            parent, _, name = folder.rpartition("/")
            path = os.path.join(self.out, folder)
            if name in ("", ".", ".."):  # not a plain name: followed whole
                found = not _real(Path(path)).is_relative_to(self.root)
            else:
                found = self._folder(parent) or (
                    os.path.islink(path) and not _real(Path(path)).is_relative_to(self.root)
                )
            self.folders[folder] = found
        return found


def refuse_links_out(out: Path, paths: Iterable[str]) -> None:
    """Raise one BuildError naming every path that a symlink inside `out` would lead out of it
    (call before touching any of them)."""
    links = LinksOut(out)
    bad = sorted({p for p in paths if links.leads(p)})
    if bad:
        raise BuildError(
            SourceError(
                f"{out.name}/{p}",
                None,
                "is reached through a symlink that leads out of the output folder; refused "
                "(remove the link, or build into another folder)",
            )
            for p in bad[:20]
        )


class FolderClash:
    """Finds an output path that one source writes as a file and another needs as a folder
    (`feed.xml`, and `feed.xml/index.html` of an article named `feed.xml.md`); compared
    case-insensitively, as some hosts do. Feed it every path the writer takes."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[str, str]] = {}  # casefolded path -> (path, source)
        self.folders: dict[str, tuple[str, str]] = {}  # casefolded folder -> a file in it

    def check(self, path: str, source: str) -> None:
        """Note `path` written by `source`; raise a BuildError when it clashes."""
        key = path.casefold()
        parts = key.split("/")
        for n in range(1, len(parts)):
            folder = "/".join(parts[:n])
            if folder in self.files:
                self._clash(path, source, *self.files[folder])
            self.folders.setdefault(folder, (path, source))
        if key in self.folders:
            self._clash(path, source, *self.folders[key])
        self.files.setdefault(key, (path, source))

    @staticmethod
    def _clash(path: str, source: str, other: str, other_source: str) -> None:
        raise BuildError(
            [
                SourceError(
                    source,
                    None,
                    f"writes {path}, which clashes with {other} of {other_source} (one needs "
                    "as a folder what the other writes as a file): rename or move one of them",
                )
            ]
        )
