"""The writer's double buffer (generator.output.swap): the output folder exchanged whole with a
shadow copy kept in the cache; the shadow kept a true mirror of the output folder (files the user
adds, replaces or deletes there, a shadow deleted, damaged or replaced); the journal wherever no
swap is possible. Every build here goes through the seam `Exchange(shadow=...)`: a shadow whose
steps a test wraps (a refusing file system, a late file)."""

from __future__ import annotations

import errno
import functools
import json
import os
import shutil
import time
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import add, build_site, md, parse_html, snapshot, text_of, write_tree

from generator.build import BuildResult
from generator.engine.engine import work_dir
from generator.output.swap import (
    RACY,
    Exchange,
    Shadow,
    file_time,
    folder_meta,
    read_record,
    write_record,
)

SITE_YAML = "title: Swap Times\nbase_url: https://example.org/\n"
SETTLED = 1_700_000_000 * 10**9  # an mtime long past


def listing(root: Path) -> dict[str, int | None]:
    """Every path under `root`: folders as None, anything else (symlinks too) as its inode."""
    found: dict[str, int | None] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            real_folder = path.is_dir() and not path.is_symlink()
            found[path.relative_to(root).as_posix()] = None if real_folder else path.lstat().st_ino
    return found


def assert_mirror(out: Path, work: Path) -> None:
    """The shadow holds what the output folder holds (the same inodes), trusted by the marker,
    and both copies of every folder carry the mtime the record gives it."""
    shadow = work / "shadow"
    assert (work / "shadow.ok").is_file()
    assert listing(shadow) == listing(out)
    record = read_record(work / "shadow.json")
    assert record is not None
    assert set(record) == {"", *(rel for rel, ino in listing(out).items() if ino is None)}
    for rel, (mtime, meta) in record.items():
        for copy in (os.lstat(out / rel), os.lstat(shadow / rel)):
            assert folder_meta(copy) == meta and mtime in (RACY, copy.st_mtime_ns)


def headline(page: Path) -> str:
    return text_of(parse_html(page).xpath("//h1")[0])


def clean_build(site: Path, tmp: Path) -> dict[str, bytes]:
    """The site built from scratch into a folder of its own."""
    out = tmp / "clean"
    shutil.rmtree(out, ignore_errors=True)
    result = build_site(site, out=out, cache=False)
    assert result.ok, result.errors
    return snapshot(out)


def build(site: Path, shadow: type[Shadow] = Shadow, **options) -> BuildResult:
    """Build `site` committing through `shadow` (a subclass wraps a step)."""
    return build_site(site, commit=Exchange(shadow=shadow), **options)


def settle() -> None:
    """Let the file system's clock tick past what was just changed, as between real builds (a
    folder changed in the tick a commit begins is listed again at the next one)."""
    time.sleep(0.02)


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    """A small site, built once, with a file of the user's in its output folder."""
    site = tmp_path / "site"
    write_tree(site, f"-- site.yaml --\n{SITE_YAML}")
    add(site, "news/a.md", md("Harbour wall breached", tags=["floods"]))
    add(site, "news/b.md", md("Council meets", date="2026-11-19"))
    add(site, "sport/c.md", md("Final won", date="2026-11-18"))
    assert build(site).ok
    (site / "output/CNAME").write_text("news.example.org\n")
    settle()
    return site


class Listing(Shadow):
    """Notes each folder it lists again. (Strategies pass through BuildOptions, which the
    engine stores and compares for now: classes at module level, state on the class.)"""

    listed: ClassVar[list[str]] = []

    def resync(self, rel: str, keep: bool = False) -> None:
        self.listed.append(rel)
        super().resync(rel, keep)


def test_a_commit_lists_again_only_the_folders_that_moved(paper: Path) -> None:
    """The cost of a commit is one stat per folder of the output folder, plus a listing of the
    folders where something else than the writer added, removed or replaced a name."""
    listed = Listing.listed
    listed.clear()
    out = paper / "output"
    edit(paper)
    assert build(paper, Listing).ok
    assert listed[0] == ""  # CNAME appeared there (and the first build's folders were young)
    for n in range(2):  # each copy live in turn
        listed.clear()
        edit(paper, f"Harbour wall, day {n}")
        assert build(paper, Listing).ok
        assert listed == []
    (out / "news/extra.html").write_text("<p>hand made</p>")
    settle()
    edit(paper, "Harbour wall, day 2")
    assert build(paper, Listing).ok
    assert listed == ["news"]
    assert (out / "news/extra.html").read_text() == "<p>hand made</p>"
    assert_mirror(out, work_dir(paper, out))


def test_a_folder_changed_in_the_tick_a_commit_begins_is_listed_again(paper: Path) -> None:
    """The file system stamps changes on its own clock, at its own granularity: a folder whose
    mtime is not older than the commit's start (read on that clock) could change again without
    its mtime moving, so the next commit lists it again; once older, it is left alone."""
    listed, out = Listing.listed, paper / "output"
    (out / "news/extra.html").write_text("<p>hand made</p>")
    tick = os.stat(out / "news").st_mtime_ns  # the commit begins in this very tick
    edit(paper)
    listed.clear()
    assert build(paper, functools.partial(Listing, clock=lambda: tick)).ok
    assert "news" in listed
    for expected in (["news"], []):
        listed.clear()
        edit(paper, f"Harbour wall, {len(expected)}")
        assert build(paper, Listing).ok
        assert listed == expected
    assert (out / "news/extra.html").read_text() == "<p>hand made</p>"
    assert_mirror(out, work_dir(paper, out))


def test_the_file_systems_clock_is_read_by_a_touch(tmp_path: Path) -> None:
    """Read before a change, it is never later than the time the change is given, whatever
    the system's clock says (the file system's lags it by up to a tick)."""
    for n in range(20):
        now = file_time(tmp_path / "clock")
        (tmp_path / f"folder-{n}").mkdir()
        assert os.stat(tmp_path / f"folder-{n}").st_mtime_ns >= now


def test_a_first_build_makes_its_shadow_from_the_staged_tree(tmp_path: Path) -> None:
    """The shadow of a first build is made before its tree goes live: trusted at once, and the
    next commit lists no folder again."""
    site = tmp_path / "site"
    write_tree(site, f"-- site.yaml --\n{SITE_YAML}")
    add(site, "news/a.md", md("Harbour wall breached"))
    add(site, "sport/c.md", md("Final won", date="2026-11-18"))
    listed, out = Listing.listed, site / "output"
    listed.clear()
    assert build(site, Listing).ok
    assert listed == []
    assert_mirror(out, work_dir(site, out))
    edit(site)
    assert build(site, Listing).ok
    assert listed == []
    assert_mirror(out, work_dir(site, out))


def edit(site: Path, headline: str = "Harbour wall repaired") -> None:
    """A revised article; the first time also a removed one and one in a new section."""
    add(site, "news/a.md", md(headline, tags=["floods"]))
    if (site / "content/sport/c.md").exists():
        (site / "content/sport/c.md").unlink()
        add(site, "culture/d.md", md("Museum reopens", date="2026-11-17"))
    settle()


def test_a_commit_swaps_the_folder_whole_and_keeps_unchanged_files(
    paper: Path, tmp_path: Path
) -> None:
    out, work = paper / "output", work_dir(paper, paper / "output")
    assert (work / "shadow.ok").is_file()  # made by the first build
    folder, kept = os.lstat(out), (out / "static/style.css").stat()
    edit(paper)
    result = build(paper)
    assert result.ok, result.errors
    assert os.lstat(out).st_ino != folder.st_ino  # exchanged, not written into
    style = (out / "static/style.css").stat()
    assert (style.st_ino, style.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)
    assert headline(out / "news/a/index.html") == "Harbour wall repaired"
    assert not (out / "sport").exists()
    assert headline(out / "culture/d/index.html") == "Museum reopens"
    assert snapshot(out) == {**clean_build(paper, tmp_path), "CNAME": b"news.example.org\n"}
    assert_mirror(out, work)
    assert not (work / "journal").exists()


def test_files_the_user_adds_replaces_or_deletes_are_respected(paper: Path, tmp_path: Path) -> None:
    """Through several swaps (each copy live in turn): added files and folders stay, a
    Masthead file the user replaced keeps the user's version, a deleted one stays deleted, a
    folder the user closed (chmod) stays closed."""
    out, work = paper / "output", work_dir(paper, paper / "output")
    (out / "news/extra.html").write_text("<p>hand made</p>")
    (out / "downloads/2026").mkdir(parents=True)
    (out / "downloads/2026/report.pdf").write_bytes(b"%PDF-1.7")
    (out / "latest").symlink_to("news/a/index.html")
    edit(paper)
    assert build(paper).ok
    assert (out / "news/extra.html").read_text() == "<p>hand made</p>"
    assert (out / "downloads/2026/report.pdf").read_bytes() == b"%PDF-1.7"
    assert headline(out / "latest") == "Harbour wall repaired"
    assert_mirror(out, work)

    (out / "CNAME").unlink()
    (out / "downloads/2026").chmod(0o700)
    mine = out / "static/style.tmp"
    mine.write_text("body { color: red }")
    os.replace(mine, out / "static/style.css")  # another inode at a path Masthead wrote
    for n, title in enumerate(["Harbour wall inspected", "Harbour wall reopened"]):
        edit(paper, title)
        assert build(paper).ok
        assert headline(out / "news/a/index.html") == title
        assert not (out / "CNAME").exists(), f"build {n}"
        assert (out / "static/style.css").read_text() == "body { color: red }"
        assert (out / "downloads/2026/report.pdf").read_bytes() == b"%PDF-1.7"
        assert (out / "downloads/2026").stat().st_mode & 0o777 == 0o700
        assert_mirror(out, work)
    user = {"news/extra.html", "downloads/2026/report.pdf", "latest", "static/style.css"}
    clean = clean_build(paper, tmp_path)
    assert {p: d for p, d in snapshot(out).items() if p not in user} == {
        p: d for p, d in clean.items() if p not in user
    }


def test_folders_keep_their_group_mode_and_attributes_through_swaps(paper: Path) -> None:
    """After a swap the output folder's folders are other directories: each is given the mode,
    owner, group and extended attributes of the one it stands for, and a chmod or chgrp made
    between builds (which leaves the mtime alone) is noticed."""
    out, work = paper / "output", work_dir(paper, paper / "output")
    other = 4242 if os.geteuid() == 0 else max(os.getgroups())
    os.setxattr(out / "news", "user.deploy", b"keep")
    (out / "news/extra.html").write_text("<p>hand made</p>")
    edit(paper)
    assert build(paper).ok
    os.chown(out / "news", -1, other)
    (out / "static").chmod(0o750)
    for title in ("Harbour wall inspected", "Harbour wall reopened"):
        folder = os.lstat(out).st_ino
        edit(paper, title)
        assert build(paper).ok
        assert os.lstat(out).st_ino != folder  # swapped
        assert (out / "news").stat().st_gid == other
        assert os.getxattr(out / "news", "user.deploy") == b"keep"
        assert (out / "static").stat().st_mode & 0o777 == 0o750
        assert_mirror(out, work)


def test_a_file_added_right_after_a_build_is_kept(paper: Path) -> None:
    """The folders a commit changed carry an mtime in the past, so a change made in the same
    clock tick still moves it."""
    out = paper / "output"
    for n in range(3):
        edit(paper, f"Harbour wall, day {n}")
        assert build(paper).ok
        (out / f"news/late-{n}.txt").write_text(str(n))
    edit(paper, "Harbour wall, day 3")
    assert build(paper).ok
    assert [(out / f"news/late-{n}.txt").read_text() for n in range(3)] == ["0", "1", "2"]
    assert_mirror(out, work_dir(paper, out))


class Late(Shadow):
    """Files written into the output folder just before the exchange."""

    def exchange(self, a: Path, b: Path) -> None:
        (self.out / "news/late.txt").write_text("late news")
        (self.out / "static/late.txt").write_text("late static")
        super().exchange(a, b)


def test_a_file_written_while_a_build_swaps_is_never_lost(paper: Path) -> None:
    """Written into the output folder after the writer looked and before the exchange, a file
    lands in the copy that stops being live; it is never deleted, and shows from the next build
    on (in a folder the commit writes to, and in one it does not)."""
    out, work = paper / "output", work_dir(paper, paper / "output")
    edit(paper)
    assert build(paper, Late).ok
    for name in ("news/late.txt", "static/late.txt"):
        assert (work / "shadow" / name).exists()
    for title in ("Harbour wall inspected", "Harbour wall reopened"):
        edit(paper, title)
        assert build(paper).ok
        assert (out / "news/late.txt").read_text() == "late news"
        assert (out / "static/late.txt").read_text() == "late static"
    edit(paper, "Harbour wall closed")
    assert build(paper).ok
    assert_mirror(out, work)


def pickled_command(sentinel: Path) -> bytes:
    """A pickle that, loaded, would run `touch sentinel`: a record of the kind an attacker
    with write access to the cache could leave (JSON never runs it)."""
    return b"cos\nsystem\n(S'touch " + str(sentinel).encode() + b"'\ntR."


def damage(work: Path, how: str, outside: Path) -> None:
    shadow, record = work / "shadow", work / "shadow.json"
    if how == "deleted":
        shutil.rmtree(shadow)
    elif how == "marker lost":
        (work / "shadow.ok").unlink()
    elif how == "record garbage":
        record.write_bytes(b"garbage")
    elif how == "record with paths out":
        write_record(record, {"": (1, 1), "../../..": (1, 1)})  # not followed
    elif how == "record of another format":
        data = json.loads(record.read_text())
        record.write_text(json.dumps({**data, "format": "shadow-record-1"}))
    elif how == "record of wrong types":
        data = json.loads(record.read_text())
        record.write_text(json.dumps({**data, "mtimes": [str(m) for m in data["mtimes"]]}))
    elif how == "record a pickle":
        record.write_bytes(pickled_command(outside / "ran"))
    elif how == "a file instead":
        shutil.rmtree(shadow)
        shadow.write_text("not a folder")
    elif how == "a symlink out":
        shutil.rmtree(shadow)
        shadow.symlink_to(outside, target_is_directory=True)
    elif how == "a folder a symlink out":
        shutil.rmtree(shadow / "news")
        (shadow / "news").symlink_to(outside, target_is_directory=True)
    elif how == "files missing where the commit writes":
        (shadow / "CNAME").unlink()  # the root folder: the home page changes
        (shadow / "404.html").unlink()
        (shadow / "news/index.html").unlink()


@pytest.mark.parametrize(
    "how",
    ["deleted", "marker lost", "record garbage", "record with paths out",
     "record of another format", "record of wrong types", "record a pickle", "a file instead",
     "a symlink out",
     "a folder a symlink out", "files missing where the commit writes"],
)  # fmt: skip
def test_a_damaged_shadow_is_mended_and_never_written_through(
    paper: Path, tmp_path: Path, how: str
) -> None:
    out, work = paper / "output", work_dir(paper, paper / "output")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep me")
    edit(paper)
    assert build(paper).ok
    damage(work, how, outside)
    edit(paper, "Harbour wall inspected")
    result = build(paper)
    assert result.ok, result.errors
    assert listing(outside) == {"keep.txt": (outside / "keep.txt").stat().st_ino}
    assert (outside / "keep.txt").read_text() == "keep me"
    assert snapshot(out) == {**clean_build(paper, tmp_path), "CNAME": b"news.example.org\n"}
    edit(paper, "Harbour wall reopened")  # the next commit trusts the shadow again
    assert build(paper).ok
    assert_mirror(out, work)


def test_damage_where_the_commit_does_not_write_never_loses_a_file(paper: Path) -> None:
    """The weak spot: only folders a commit changes are checked in the shadow (one stat per
    folder of the output folder is the budget). A file deleted by hand elsewhere in the shadow
    is missing from the output folder for one build, never lost: the output folder's copy of
    that folder changed before it went live, so it is not taken for the user's deletion."""
    out, work = paper / "output", work_dir(paper, paper / "output")
    (out / "downloads").mkdir()
    (out / "downloads/report.pdf").write_bytes(b"%PDF-1.7")
    os.utime(out / "downloads", ns=(SETTLED, SETTLED))  # made long ago
    edit(paper)
    assert build(paper).ok
    (work / "shadow/downloads/report.pdf").unlink()
    found = []
    for title in ("Harbour wall inspected", "Harbour wall reopened", "Harbour wall closed"):
        edit(paper, title)
        assert build(paper).ok
        copies = [p for p in (out, work / "shadow") if (p / "downloads/report.pdf").exists()]
        assert copies, "the user's file is in one copy or both"
        found.append(out in copies)
    assert found == [False, True, True]
    assert (out / "downloads/report.pdf").read_bytes() == b"%PDF-1.7"
    assert_mirror(out, work)


def test_a_symlinked_folder_inside_the_output_folder_is_written_through(paper: Path) -> None:
    """The user moved news/ and linked it back (inside the output folder): the writer writes
    through the link with its journal, and keeps the shadow level without checking it whole."""
    out, work = paper / "output", work_dir(paper, paper / "output")
    (out / "archive").mkdir()
    (out / "news").rename(out / "archive/news")
    (out / "news").symlink_to("archive/news", target_is_directory=True)
    folder = os.lstat(out).st_ino
    for title in ("Harbour wall repaired", "Harbour wall inspected", "Harbour wall reopened"):
        edit(paper, title)
        assert build(paper).ok
        assert (out / "news").is_symlink() and os.lstat(out).st_ino == folder
        assert headline(out / "archive/news/a/index.html") == title
        assert (work / "shadow.ok").is_file()  # trusted: the next build is no full check
    assert not (work / "journal").exists()


def refused(what: str) -> OSError:
    return PermissionError(errno.EPERM, f"{what}: Operation not permitted (simulated)")


class ExchangeRefused(Shadow):
    """A file system that cannot exchange two folders."""

    def exchange(self, a: Path, b: Path) -> None:
        raise OSError(errno.EINVAL, "Invalid argument (simulated)", str(a))


class OwnerRefused(Shadow):
    """A folder of another user: its copy cannot be given its owner."""

    def adopt(self, src: str, dst: str, st: os.stat_result) -> None:
        raise refused(f"chown {dst}")


class NotLinux(Shadow):
    def supported(self) -> bool:
        return False


class MountPoint(Shadow):
    """The output folder is a mount point (a bind mount, say: the same file system)."""

    def is_mount(self, path: Path) -> bool:
        return path == self.out or super().is_mount(path)


NO_SWAP = {
    "exchange refused": ExchangeRefused,
    "owner refused": OwnerRefused,
    "not linux": NotLinux,
    "mount point": MountPoint,
    "symlink": Shadow,
}


@pytest.mark.parametrize("why", sorted(NO_SWAP))
def test_the_journal_is_used_where_no_swap_is_possible(
    paper: Path, tmp_path: Path, why: str
) -> None:
    out = paper / "output"
    if why == "symlink":
        (tmp_path / "public").mkdir()
        out.rename(tmp_path / "public/site")
        out.symlink_to(tmp_path / "public/site", target_is_directory=True)
        assert build(paper).ok  # another folder, once resolved: a first build there
    work, folder = work_dir(paper, out), os.stat(out).st_ino
    edit(paper)
    result = build(paper, NO_SWAP[why])
    assert result.ok, result.errors
    expected = {**clean_build(paper, tmp_path), "CNAME": b"news.example.org\n"}
    assert snapshot(out) == expected
    assert os.stat(out).st_ino == folder  # written into, not exchanged
    assert not (work / "shadow").exists() and not (work / "shadow.ok").exists()
    assert not (work / "journal").exists()
    assert out.is_symlink() == (why == "symlink")
    if why.endswith("refused"):
        note = json.loads((work / "no-swap").read_text())
        assert note["dev"] == os.stat(out).st_dev and "simulated" in note["why"]
        edit(paper, "Harbour wall inspected")  # refused once: the note keeps the journal in use
        assert build(paper).ok
        assert os.stat(out).st_ino == folder
        assert headline(out / "news/a/index.html") == "Harbour wall inspected"
