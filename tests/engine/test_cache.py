"""The build cache in `.masthead-cache/`: never trusted when damaged or foreign (a one-line
note, then a clean build), safe to delete, and robust to files vanishing during a build."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import NOW, build_site, snapshot
from helpers import SECOND, assert_same_as_clean, make_site, replace_in, stories

from generator.build import BuildOptions
from generator.cli import main
from generator.core.layout import CACHE_DIR
from generator.engine.engine import Engine, manifest_file
from generator.engine.store import DB

SITE = (
    "-- site.yaml --\ntitle: Test Times\nbase_url: https://example.org/\nper_page: 2\n"
    + stories("news/flood.md", "news/council.md", "sport/final.md", summaries=False)
    + "-- content/sport/pitch.gif --\nnot really a PNG\n"
)
ARTICLES = 3


def touch(path: Path) -> None:
    """Move a file's mtime on by one second, same bytes: a build has to look at the cache."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + SECOND))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", SITE)


def cache(site: Path) -> Path:
    return site / CACHE_DIR


def sql(folder: Path, *statements: str) -> None:
    db = sqlite3.connect(folder / DB, isolation_level=None)
    for statement in statements:
        db.execute(statement)
    db.close()


# --- damaged or foreign caches -------------------------------------------------------------


def garbage(folder: Path) -> None:
    (folder / DB).write_bytes(bytes(range(256)) * 64)


def truncated(folder: Path) -> None:
    raw = (folder / DB).read_bytes()
    (folder / DB).write_bytes(raw[: len(raw) // 2])


def foreign_database(folder: Path) -> None:
    (folder / DB).unlink()
    sql(folder, "CREATE TABLE sources (id TEXT, data BLOB)", "INSERT INTO sources VALUES (1, 2)")


def newer_schema(folder: Path) -> None:
    sql(folder, "PRAGMA user_version = 99")


def older_version(folder: Path) -> None:
    sql(folder, "UPDATE meta SET value = '0.0.0' WHERE name = 'version'")


def other_model(folder: Path) -> None:
    sql(folder, "UPDATE meta SET value = 'another' WHERE name = 'model'")


def damaged_body(folder: Path) -> None:
    sql(folder, "UPDATE bodies SET html = replace(html, 'e', 'x')")


def missing_bodies(folder: Path) -> None:
    sql(folder, "DELETE FROM bodies")


def damaged_article(folder: Path) -> None:
    sql(folder, "UPDATE articles SET json = replace(json, 'a', 'b')")


def garbage_article(folder: Path) -> None:
    sql(folder, 'UPDATE articles SET json = \'{"c": ["Article", {"id": 1}]}\'')


DAMAGE = [
    garbage,
    truncated,
    foreign_database,
    newer_schema,
    older_version,
    other_model,
    damaged_body,
    missing_bodies,
    damaged_article,
    garbage_article,
]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__)
def test_damaged_cache_is_noted_ignored_and_replaced(built: Path, tmp_path: Path, damage) -> None:
    damage(cache(built))
    touch(built / "content/news/flood.md")
    replace_in(built / "site.yaml", "per_page: 2", "per_page: 3")  # every article is read
    shutil.rmtree(built / "output")  # every body is read
    result = build_site(built)
    assert result.ok, result.errors
    assert len(result.notes) == 1, result.notes
    note = result.notes[0]
    assert "\n" not in note and note.startswith(CACHE_DIR), note
    assert (result.parsed, result.rendered) == (ARTICLES, result.pages)  # nothing trusted
    assert_same_as_clean(built, tmp_path)
    again = build_site(built)  # the cache was rebuilt and is trusted again
    assert (again.notes, again.parsed, again.rendered) == ((), 0, 0)


def test_cache_of_another_version_names_it(built: Path) -> None:
    older_version(cache(built))
    touch(built / "content/news/flood.md")
    result = build_site(built)
    assert result.ok, result.errors
    assert len(result.notes) == 1
    assert "0.0.0" in result.notes[0]
    assert (result.parsed, result.rendered) == (ARTICLES, result.pages)


def test_damaged_cache_is_replaced_even_when_the_output_is_unchanged(
    built: Path, tmp_path: Path
) -> None:
    """Damage found only by reading: nothing in the output is rewritten for it."""
    garbage(cache(built))
    touch(built / "content/news/flood.md")
    result = build_site(built)
    assert result.ok and len(result.notes) == 1
    assert result.written == 0  # same bytes as before: the output is not touched
    assert_same_as_clean(built, tmp_path)


def test_cli_prints_the_note(built: Path, capsys: pytest.CaptureFixture) -> None:
    garbage(cache(built))
    touch(built / "content/news/flood.md")
    assert main(["build", str(built)]) == 0
    err = capsys.readouterr().err
    notes = [line for line in err.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1 and CACHE_DIR in notes[0], err


def test_cache_survives_many_edits_and_keeps_one_body_per_article(
    built: Path, tmp_path: Path
) -> None:
    """Bodies of changed files are dropped as they are replaced: the cache does not grow."""
    path = built / "content/news/flood.md"
    original = path.read_text(encoding="utf-8")
    big = "Paragraph of filler text. " * 20000  # ~500 kB per version
    for n in range(4):
        path.write_text(original.replace("Residents", f"Version {n} {big}\n\nResidents"))
        touch(path)
        result = build_site(built)
        assert result.ok, result.errors
    db = sqlite3.connect(cache(built) / DB)
    assert db.execute("SELECT count(*) FROM bodies").fetchone()[0] == ARTICLES
    db.close()
    shutil.rmtree(built / "output")
    assert build_site(built).ok
    assert_same_as_clean(built, tmp_path)


@pytest.mark.parametrize("damage", ["garbage", "not-a-mapping", "missing"])
def test_damaged_record_of_written_files_is_not_trusted(
    built: Path, tmp_path: Path, damage: str
) -> None:
    """The record of what was written to each output folder (beside it) may be damaged."""
    record = manifest_file(built, built / "output")
    assert record.is_file()
    if damage == "missing":
        record.unlink()
    else:
        record.write_text("{garbage" if damage == "garbage" else "[1, 2]")
    touch(built / "content/news/flood.md")
    result = build_site(built)  # never raises
    assert result.ok, result.errors
    assert_same_as_clean(built, tmp_path)


# --- deleting the cache, or files, at awkward moments --------------------------------------


def test_cache_deleted_between_builds_gives_a_clean_build(built: Path, tmp_path: Path) -> None:
    before = snapshot(built / "output")
    shutil.rmtree(cache(built))
    result = build_site(built)
    assert result.ok, result.errors
    assert result.notes == ()
    assert (result.parsed, result.rendered) == (ARTICLES, result.pages)
    assert snapshot(built / "output") == before
    assert_same_as_clean(built, tmp_path)


def test_cache_deleted_with_an_article_warns_then_clean_removes_the_stale_page(
    built: Path, tmp_path: Path
) -> None:
    """`.masthead-cache/` is safe to delete, but it holds the record of which files earlier
    builds wrote: without it, a page of a deleted article cannot be told from a file of the
    user's, so it is kept with a warning (never a user's file lost), and --clean removes it."""
    shutil.rmtree(cache(built))
    (built / "content/sport/final.md").unlink()
    result = build_site(built)
    assert result.ok, result.errors
    assert any("--clean" in w and "did not write" in w for w in result.warnings)
    assert (built / "output/sport/final/index.html").exists()
    result = build_site(built, clean=True)
    assert result.ok, result.errors
    assert "sport/final/index.html" in result.cleaned
    assert not (built / "output/sport/final/index.html").exists()
    assert_same_as_clean(built, tmp_path)


def test_cache_deleted_during_a_build_does_not_poison_the_output(
    built: Path, tmp_path: Path
) -> None:
    """Deleted after the state is loaded, before bodies are read or appended (for example by
    a user cleaning up while `masthead watch` rebuilds)."""
    replace_in(built / "content/news/council.md", "emergency", "special")
    shutil.rmtree(built / "output")  # so that pages are rendered with bodies from the cache

    def progress(phase: str, done: int, total: int) -> None:  # called as parsing starts
        if phase == "parsing" and done == 1:
            shutil.rmtree(cache(built), ignore_errors=True)

    result = build_site(built, progress=progress)
    assert result.ok or result.errors
    if result.ok:
        assert_same_as_clean(built, tmp_path)
    result = build_site(built)  # and what the cache now holds is sound
    assert result.ok, result.errors
    shutil.rmtree(built / "output")
    assert build_site(built).ok
    assert_same_as_clean(built, tmp_path)


def deleting_as_parsing_starts(path: Path):
    """A progress callback that deletes `path` before the first file is parsed: after the scan
    that listed it, before it is read (or copied)."""

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "parsing" and done == 1:
            path.unlink(missing_ok=True)

    return progress


@pytest.mark.parametrize("mode", ["cold", "cached", "workers"])
def test_article_deleted_between_scan_and_read(site: Path, mode: str) -> None:
    if mode == "cached":
        assert build_site(site).ok
        for path in (site / "content").rglob("*.md"):
            touch(path)  # each is looked at again
    before = snapshot(site / "output") if (site / "output").exists() else {}
    victim = site / "content/news/council.md"
    workers = {"parallel_from": 2} if mode == "workers" else {}
    result = build_site(site, jobs=2, progress=deleting_as_parsing_starts(victim), **workers)
    assert not victim.exists()
    if result.ok and mode != "workers":  # treated as deleted (workers may have read it first)
        assert not (site / "output/news/council/index.html").exists()
    elif not result.ok:  # or a clear error naming the file; the output folder untouched
        assert any("content/news/council.md" in str(e) for e in result.errors), result.errors
        assert (snapshot(site / "output") if (site / "output").exists() else {}) == before


def test_image_deleted_between_scan_and_copy(site: Path) -> None:
    image = site / "content/sport/pitch.gif"
    result = build_site(site, progress=deleting_as_parsing_starts(image))  # never raises
    assert not image.exists()
    if result.ok:
        assert not (site / "output/sport/pitch.gif").exists()
    else:
        assert any("pitch.gif" in str(e) for e in result.errors), result.errors


# --- a long-lived engine (`masthead serve`, `watch`) ---------------------------------------


def serving(site: Path) -> tuple[Engine, BuildOptions]:
    engine = Engine(persist_every_build=False)  # as watch.Session makes it
    options = BuildOptions(site=site, out=site / ".masthead-preview", now=NOW, jobs=1, search=False)
    result = engine(options)
    assert result.ok, result.errors
    return engine, options


def test_serving_edits_to_one_article_then_another_stay_incremental(
    site: Path, tmp_path: Path
) -> None:
    """A preview keeps the bodies it parsed in memory (it does not write the cache): an edit
    to a second article must still find the first one's new body, not call the cache damaged."""
    engine, options = serving(site)
    for path, old, new in [
        ("content/news/flood.md", "evacuated", "rescued"),
        ("content/news/council.md", "emergency", "special"),
        ("content/news/flood.md", "rescued", "taken off"),
    ]:
        replace_in(site / path, old, new)
        result = engine(options)
        assert result.ok, result.errors
        assert (result.parsed, result.notes) == (1, ())  # not "cache ignored", not from scratch
    assert_same_as_clean(site, tmp_path, options.out)


def test_cache_deleted_while_serving(site: Path, tmp_path: Path) -> None:
    engine, options = serving(site)
    shutil.rmtree(cache(site))
    replace_in(site / "content/news/council.md", "emergency", "special")
    result = engine(options)  # never raises
    assert result.ok, result.errors
    assert_same_as_clean(site, tmp_path, options.out)


def test_serve_and_build_sharing_the_cache(site: Path, tmp_path: Path) -> None:
    """`masthead serve` running while `masthead build` is run in another terminal."""
    engine, options = serving(site)
    replace_in(site / "content/news/flood.md", "at dawn", "at dawn, fast")
    assert build_site(site).ok
    replace_in(
        site / "content/news/council.md",
        "emergency session",
        "emergency session that went on for hours",
    )
    assert engine(options).ok
    assert_same_as_clean(site, tmp_path, options.out)
    assert build_site(site).ok
    assert_same_as_clean(site, tmp_path)
