"""The build cache in `.masthead-cache/`: never trusted when damaged or foreign (a one-line
note, then a clean build), safe to delete, and robust to files vanishing during a build."""

from __future__ import annotations

import os
import pickle
import shutil
import sys
from pathlib import Path

import pytest
from conftest import NOW, build_site, snapshot
from helpers import SECOND, assert_same_as_clean, make_site, replace_in, stories

import generator.engine.engine as build_module
import generator.engine.parse as sources_module
import generator.engine.store as cache_module
import generator.render.pages as render_module
from generator.build import BuildOptions
from generator.cli import main
from generator.core.hashing import checksum
from generator.core.layout import CACHE_DIR
from generator.engine.engine import Engine, manifest_file
from generator.engine.store import BODIES, MAGIC, STATE, load_state, save_state

SITE = (
    "-- site.yaml --\ntitle: Test Times\nbase_url: https://example.org/\nper_page: 2\n"
    + stories("news/flood.md", "news/council.md", "sport/final.md", summaries=False)
    + "-- content/sport/pitch.png --\nnot really a PNG\n"
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


# --- damaged or foreign caches -------------------------------------------------------------


def _framed(payload: bytes) -> bytes:
    """A state file with a valid header and digest around `payload`."""
    return MAGIC + checksum(payload).encode() + b"\n" + payload


def garbage(folder: Path) -> None:
    (folder / STATE).write_bytes(bytes(range(256)) * 4)


def empty(folder: Path) -> None:
    (folder / STATE).write_bytes(b"")


def truncated_state(folder: Path) -> None:
    raw = (folder / STATE).read_bytes()
    (folder / STATE).write_bytes(raw[: len(raw) // 2])


def flipped_byte(folder: Path) -> None:
    raw = bytearray((folder / STATE).read_bytes())
    raw[-10] ^= 0xFF
    (folder / STATE).write_bytes(bytes(raw))


def truncated_log(folder: Path) -> None:
    raw = (folder / BODIES).read_bytes()
    (folder / BODIES).write_bytes(raw[: len(raw) // 2])


def missing_log(folder: Path) -> None:
    (folder / BODIES).unlink()


def foreign_pickle(folder: Path) -> None:
    (folder / STATE).write_bytes(_framed(pickle.dumps({"sources": {}, "pages": {}})))


def unloadable_pickle(folder: Path) -> None:
    """Pickled by code that no longer exists (a class from a module that is gone)."""
    (folder / STATE).write_bytes(_framed(b"cmasthead_gone\nOldState\n)R."))


def older_version(folder: Path) -> None:
    state = load_state(folder)
    state.version = "0.0.0"
    save_state(folder, state)


DAMAGE = [
    garbage,
    empty,
    truncated_state,
    flipped_byte,
    truncated_log,
    missing_log,
    foreign_pickle,
    unloadable_pickle,
    older_version,
]


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__)
def test_damaged_cache_is_noted_ignored_and_replaced(built: Path, tmp_path: Path, damage) -> None:
    damage(cache(built))
    touch(built / "content/news/flood.md")
    result = build_site(built)
    assert result.ok, result.errors
    assert len(result.notes) == 1, result.notes
    note = result.notes[0]
    assert "\n" not in note and note.startswith(CACHE_DIR), note
    assert (result.parsed, result.rendered) == (ARTICLES, result.pages)  # nothing trusted
    assert result.written == 0  # same bytes as before: the output is not touched
    assert_same_as_clean(built, tmp_path)
    again = build_site(built)  # the cache was rebuilt and is trusted again
    assert (again.notes, again.parsed, again.rendered) == ((), 0, 0)


def test_state_from_another_version_saved_by_save_state(built: Path) -> None:
    save_state(cache(built), cache_module.CacheState(version="0.0.0"))
    touch(built / "content/news/flood.md")
    result = build_site(built)
    assert result.ok, result.errors
    assert len(result.notes) == 1
    assert "0.0.0" in result.notes[0]


def test_masthead_upgrade_drops_the_cache(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] == "generator" and hasattr(module, "__version__"):
            monkeypatch.setattr(module, "__version__", "9.9.9")
    result = build_site(built)
    assert result.ok, result.errors
    assert len(result.notes) == 1
    assert "9.9.9" in result.notes[0]
    assert (result.parsed, result.rendered) == (ARTICLES, result.pages)


def test_cli_prints_the_note(built: Path, capsys: pytest.CaptureFixture) -> None:
    garbage(cache(built))
    touch(built / "content/news/flood.md")
    assert main(["build", str(built)]) == 0
    err = capsys.readouterr().err
    notes = [line for line in err.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1 and CACHE_DIR in notes[0], err


@pytest.mark.parametrize("filler", [b"x", b"\xff"], ids=["ascii", "not-utf8"])
def test_garbage_in_the_body_log_is_detected(built: Path, tmp_path: Path, filler: bytes) -> None:
    """The body log overwritten with garbage of the same length (say, a disk error): the state
    still matches its size, so only a check of the bytes read can tell."""
    log = cache(built) / BODIES
    log.write_bytes(filler * log.stat().st_size)
    shutil.rmtree(built / "output")  # every page is rendered again, bodies from the log
    result = build_site(built)
    assert result.ok, result.errors
    assert len(result.notes) == 1 and result.notes[0].startswith(CACHE_DIR), result.notes
    assert_same_as_clean(built, tmp_path)


def test_cache_survives_many_edits_and_compaction(built: Path, tmp_path: Path) -> None:
    """Bodies of changed files become garbage in the log, which is compacted past a size."""
    path = built / "content/news/flood.md"
    original = path.read_text(encoding="utf-8")
    big = "Paragraph of filler text. " * 20000  # ~500 kB per version
    for n in range(4):
        path.write_text(original.replace("Residents", f"Version {n} {big}\n\nResidents"))
        touch(path)
        result = build_site(built)
        assert result.ok, result.errors
    state = load_state(cache(built))
    assert state.log_size < 3 * len(big)
    assert (cache(built) / BODIES).stat().st_size == state.log_size
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
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleted after the state is loaded, before bodies are read or appended (for example by
    a user cleaning up while `masthead watch` rebuilds)."""
    replace_in(built / "content/news/council.md", "emergency", "special")
    shutil.rmtree(built / "output")  # so that pages are rendered with bodies from the log
    real = build_module.load_articles

    def load_articles(*args, **kwargs):
        shutil.rmtree(cache(built))
        return real(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(build_module, "load_articles", load_articles)
        result = build_site(built)
    assert result.ok or result.errors
    if result.ok:
        assert_same_as_clean(built, tmp_path)
    result = build_site(built)  # and what the cache now holds is sound
    assert result.ok, result.errors
    shutil.rmtree(built / "output")
    assert build_site(built).ok
    assert_same_as_clean(built, tmp_path)


def deleting_after_scan(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    real = build_module.scan

    def scan(content):
        found = real(content)
        path.unlink()
        return found

    monkeypatch.setattr(build_module, "scan", scan)


@pytest.mark.parametrize("mode", ["cold", "cached", "workers"])
def test_article_deleted_between_scan_and_read(
    site: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    if mode == "cached":
        assert build_site(site).ok
    if mode == "workers":
        monkeypatch.setattr(sources_module, "PARALLEL_FROM", 2)
        monkeypatch.setattr(render_module, "PARALLEL_FROM", 2)
    before = snapshot(site / "output") if (site / "output").exists() else {}
    victim = site / "content/news/council.md"
    deleting_after_scan(monkeypatch, victim)
    result = build_site(site, jobs=2)  # never raises
    if result.ok:  # treated as deleted
        assert not (site / "output/news/council/index.html").exists()
    else:  # or a clear error naming the file; the output folder untouched
        assert any("content/news/council.md" in str(e) for e in result.errors), result.errors
        assert (snapshot(site / "output") if (site / "output").exists() else {}) == before


def test_image_deleted_between_scan_and_copy(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deleting_after_scan(monkeypatch, site / "content/sport/pitch.png")
    result = build_site(site)  # never raises
    if result.ok:
        assert not (site / "output/sport/pitch.png").exists()
    else:
        assert any("pitch.png" in str(e) for e in result.errors), result.errors


# --- a long-lived engine (`masthead serve`, `watch`) ---------------------------------------


def serving(site: Path) -> tuple[Engine, BuildOptions]:
    engine = Engine(persist_every_build=False)  # as watch.Session makes it
    options = BuildOptions(site=site, out=site / ".masthead-preview", now=NOW, jobs=1)
    result = engine(options)
    assert result.ok, result.errors
    return engine, options


def test_serving_edits_to_one_article_then_another_stay_incremental(
    site: Path, tmp_path: Path
) -> None:
    """A preview keeps the bodies it parsed in memory (it does not append to the log): an edit
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
