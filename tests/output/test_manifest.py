"""The writer's record (generator.output.manifest): a base and a log of changes appended after
it, written anew when the log grows; paths marked as of unknown content before a commit; a log
cut short, damaged or left beside another base never trusted beyond what it proves."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.output.files import forget
from generator.output.manifest import SMALL_LOG, UNKNOWN, Manifest, load, mark, update
from generator.output.writer import read_manifest

SITE = {f"news/{n}/index.html": f"h{n}" for n in range(40)}


def fresh(path: Path) -> Manifest:
    """The record as a new process reads it (not the one this process remembers)."""
    forget(path)
    return load(path)


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "manifest.json"
    update(load(path), dict(SITE), {})
    return path


def test_a_first_record_is_a_base_alone(base: Path) -> None:
    read = fresh(base)
    assert read.files == SITE and read.token is not None and read.lines == 0
    assert not read.log.exists()
    assert load(base) is load(base)  # parsed once while the files stay the same


def test_a_few_changes_are_appended_to_the_log(base: Path) -> None:
    before = base.read_bytes()
    files = {**SITE, "news/0/index.html": "h99", "news/new/index.html": "h100"}
    del files["news/1/index.html"]
    entries = {"news/0/index.html": "h99", "news/new/index.html": "h100", "news/1/index.html": None}
    update(load(base), files, entries)
    assert base.read_bytes() == before
    assert len(base.with_suffix(".log").read_text().splitlines()) == 1 + len(entries)
    assert fresh(base).files == files
    assert load(base).files == files


def test_a_long_log_is_folded_into_a_new_base(base: Path) -> None:
    files = dict(SITE)
    for n in range(SMALL_LOG + 1):
        files[f"news/{n % 40}/index.html"] = f"v{n}"
        update(load(base), dict(files), {f"news/{n % 40}/index.html": f"v{n}"})
    read = fresh(base)  # the last change made the log one line too long
    assert read.files == json.loads(base.read_text())["files"] == files
    assert read.lines == 0 and not read.log.exists()


def test_paths_marked_before_a_commit_are_not_trusted_until_written(base: Path) -> None:
    marked = mark(load(base), ["news/0/index.html", "news/new/index.html"])
    read = fresh(base)  # a kill here: the commit may or may not have written them
    assert read.files["news/0/index.html"] == UNKNOWN
    assert read.files["news/new/index.html"] == UNKNOWN
    known = read_manifest(base)
    assert "news/0/index.html" not in known and known["news/2/index.html"] == "h2"
    files = {**SITE, "news/0/index.html": "h99", "news/new/index.html": "h100"}
    update(marked, files, {"news/0/index.html": "h99", "news/new/index.html": "h100"})
    assert fresh(base).files == files


def test_a_line_cut_short_ends_the_log_and_the_next_change_writes_a_base(base: Path) -> None:
    update(load(base), {**SITE, "news/0/index.html": "h99"}, {"news/0/index.html": "h99"})
    with open(base.with_suffix(".log"), "a") as log:
        log.write('["news/2/index.html", "h7')  # killed in the middle of a line
    read = fresh(base)
    assert read.files == {**SITE, "news/0/index.html": "h99"} and read.lines is None
    files = {**read.files, "news/3/index.html": "h3b"}
    update(read, files, {"news/3/index.html": "h3b"})
    assert not read.log.exists()
    assert fresh(base).files == files


@pytest.mark.parametrize("damage", ["garbage line", "wrong types", "no header"])
def test_a_damaged_log_is_trusted_only_before_the_damage(base: Path, damage: str) -> None:
    update(load(base), {**SITE, "news/0/index.html": "h99"}, {"news/0/index.html": "h99"})
    log = base.with_suffix(".log")
    lines = log.read_text().splitlines(keepends=True)
    bad = {"garbage line": "{garbage\n", "wrong types": "[1, 2]\n", "no header": ""}[damage]
    if damage == "no header":
        lines = lines[1:]
    log.write_text("".join([*lines, bad, '["news/5/index.html", "later"]\n']))
    read = fresh(base)
    expected = SITE if damage == "no header" else {**SITE, "news/0/index.html": "h99"}
    assert read.files == expected


def test_a_log_beside_another_base_is_ignored(base: Path, tmp_path: Path) -> None:
    """A kill after a new base was written, before the old log went: the old log names the
    old base's token."""
    update(load(base), {**SITE, "news/0/index.html": "h99"}, {"news/0/index.html": "h99"})
    old_log = tmp_path / "old.log"
    shutil.copy(base.with_suffix(".log"), old_log)
    forget(base)
    update(Manifest(base, {}, None, None), dict(SITE), {})  # a new base, token and all
    shutil.copy(old_log, base.with_suffix(".log"))
    assert fresh(base).files == SITE


@pytest.mark.parametrize("content", ["{garbage", "[1, 2]", '{"a.html": "h1"}', ""])
def test_a_damaged_or_foreign_base_is_no_record(base: Path, content: str) -> None:
    base.write_text(content)
    read = fresh(base)
    assert read.files == {} and read.token is None
    update(read, dict(SITE), {})
    assert fresh(base).files == SITE
