"""What content/ holds: the walk of the folder (light to import: the no-change fast path walks it
before any parser is loaded)."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.core.errors import UNPRINTABLE, BuildError, SourceError, printable
from generator.core.layout import CONTENT_DIR, is_article

EUID = os.geteuid()
GROUPS = frozenset({os.getegid(), *os.getgroups()})
Stats = dict[str, tuple[int, int]]  # path -> (size, mtime_ns)


@dataclass(frozen=True, slots=True)
class Inventory:
    """What `content/` holds: article ids and other files (copied as they are), both under it."""

    articles: tuple[str, ...]
    assets: tuple[str, ...]
    warnings: tuple[str, ...] = ()


MARKDOWNISH = re.compile(r"\.(md|markdown|mdown|mkdn?)$", re.IGNORECASE)
UNPRINTABLE_NAME = "the name holds a control character or is not UTF-8: rename it"
NOT_AN_ARTICLE = "copied as a file, not read as an article: only .md and .markdown files are"
EDITOR_NAME = "skipped: names starting with '#' are ignored (an editor's file): rename it"
IMPORT_HINTS = {  # private names other generators give articles, and the way over
    "_posts": "run `masthead import jekyll`",
    "_drafts": "run `masthead import jekyll`",
    "_index.md": "run `masthead import hugo`",
    "_index.markdown": "run `masthead import hugo`",
}


def ignored(name: str) -> bool:
    """Hidden and private names, and editors' temporary and backup files."""
    return (
        name.startswith((".", "_", "#"))
        or name.endswith(("~", ".swp", ".swx", ".tmp"))
        or name == "4913"
    )


def scan(content: Path, seen: Stats | None = None) -> Inventory:
    """List content files in a stable order. Symlinks to folders (never followed), symlinks
    that lead out of `content/` or nowhere, and special files (pipes, devices) are skipped with
    a warning; unreadable files and folders, names that are not text, and Markdown under none
    but private names are errors (raised together as a BuildError). `content/` itself may be a
    symlink. `seen`, when given, gets the size and time stamp of every file listed (by its
    path): the one `stat` the build takes."""
    articles: list[str] = []
    assets: list[str] = []
    warnings: list[str] = []
    errors: list[SourceError] = []
    private: list[tuple[str, os.DirEntry]] = []  # names starting with '_': why, if no article
    root = os.path.realpath(content)
    todo = [("", str(content))] if content.is_dir() else []
    while todo:
        prefix, folder = todo.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            where = printable(f"{CONTENT_DIR}/{prefix}".rstrip("/"))
            errors.append(SourceError(where, None, f"folder cannot be read ({exc.strerror})"))
            continue
        for entry in entries:
            rel = prefix + entry.name
            if ignored(entry.name):
                _note_ignored(entry, rel, private, warnings)
                continue
            problem = _symlink_problem(entry, root) if entry.is_symlink() else None
            if UNPRINTABLE.search(entry.name):
                errors.append(SourceError(_shown(rel), None, UNPRINTABLE_NAME))
            elif problem:
                warnings.append(f"{_shown(rel)}: {problem}; skipped")
            elif entry.is_dir():
                todo.append((rel + "/", entry.path))
            elif not entry.is_file():
                warnings.append(
                    f"{_shown(rel)}: not a regular file (a pipe, socket or device); skipped"
                )
            elif not _readable(entry):
                errors.append(SourceError(_shown(rel), None, "cannot be read (permission denied)"))
            else:
                (articles if is_article(entry.name) else assets).append(rel)
                warnings += _name_warning(entry.name, rel)
                if seen is not None:
                    info = entry.stat()
                    seen[entry.path] = (info.st_size, info.st_mtime_ns)
    errors += [] if articles else _why_no_articles(private)
    if errors:
        raise BuildError(errors)
    return Inventory(tuple(sorted(articles)), tuple(sorted(assets)), tuple(warnings))


def _note_ignored(
    entry: os.DirEntry, rel: str, private: list[tuple[str, os.DirEntry]], warnings: list[str]
) -> None:
    """An ignored name that may hold an article: a private one is kept (if the site turns out
    to have no article, it says why); a Markdown file named like an editor's is a warning."""
    if entry.name.startswith("_"):
        private.append((rel, entry))
    elif entry.name.startswith("#") and is_article(entry.name):
        warnings.append(f"{_shown(rel)}: {EDITOR_NAME}")


def _name_warning(name: str, rel: str) -> list[str]:
    """A file named like Markdown that is no article (`a.MD`), said: it is only copied."""
    return (
        [f"{_shown(rel)}: {NOT_AN_ARTICLE}"]
        if MARKDOWNISH.search(name) and not is_article(name)
        else []
    )


def _why_no_articles(private: list[tuple[str, os.DirEntry]]) -> list[SourceError]:
    """For a site without articles: each private name that holds Markdown, and what to do."""
    errors = []
    for rel, entry in private:
        inside = (n for _, _, names in os.walk(entry.path) for n in names) if entry.is_dir() else ()
        if is_article(entry.name) or any(map(is_article, inside)):
            where = _shown(rel) + ("/" if entry.is_dir() else "")
            hint = IMPORT_HINTS.get(entry.name, "rename it without the '_' to publish it")
            message = f"is skipped: names starting with '_' are ignored; {hint}"
            errors.append(SourceError(where, None, message))
    return errors


def _shown(rel: str) -> str:
    return printable(f"{CONTENT_DIR}/{rel}")


def _readable(entry: os.DirEntry) -> bool:
    """Whether this process may read the file. The mode bits answer from the `stat` the scan
    takes anyway (a second system call per file cost more than the rest of a no-change build);
    `os.access` has the last word where they say no (root, or an ACL, may still read it)."""
    info = entry.stat()
    if info.st_uid == EUID:
        bit = stat.S_IRUSR
    else:
        bit = stat.S_IRGRP if info.st_gid in GROUPS else stat.S_IROTH
    return bool(info.st_mode & bit) or os.access(entry.path, os.R_OK)


def _symlink_problem(entry: os.DirEntry, root: str) -> str | None:
    """Why a symlink in content/ is skipped, or None when it is a file inside content/."""
    try:
        info = os.stat(entry.path)
    except OSError as exc:
        return f"a link that leads nowhere ({exc.strerror})"
    if stat.S_ISDIR(info.st_mode):
        return "a link to a folder (links to folders are never followed)"
    if os.path.commonpath([root, os.path.realpath(entry.path)]) != root:
        return "a link to a file outside content/"
    return None
