"""The cache is data: a SQLite file of JSON and text that no build trusts blindly and that never
runs code, whoever wrote it; a change to the model's shape makes old caches ignored, not
misread; one fingerprint keys everything."""

from __future__ import annotations

import json
import math
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import build_site
from helpers import assert_same_as_clean, make_site, replace_in, stories

from generator.build import BuildOptions
from generator.core.config import parse_config
from generator.core.layout import CACHE_DIR, PACKAGE
from generator.core.model import Article, Correction, Page
from generator.engine.codec import Uncodable, decode, encode
from generator.engine.engine import work_dir
from generator.engine.keys import Fingerprint, model_shape
from generator.engine.store import DB

SITE = (
    "-- site.yaml --\ntitle: Test Times\nbase_url: https://example.org/\nper_page: 2\n"
    + stories("news/flood.md", "news/council.md", "sport/final.md")
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", SITE)


# --- a cache never runs code ---------------------------------------------------------------


class Payload:
    """Unpickling this runs `touch marker`: what a crafted cache could try."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def garbage_database(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)


def foreign_database(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (name TEXT, value BLOB)")
    db.execute("INSERT INTO meta VALUES ('version', ?)", (pickle.dumps(Payload(path)),))
    db.commit()
    db.close()


@pytest.mark.parametrize("database", [garbage_database, foreign_database])
def test_a_crafted_cache_is_never_run(site: Path, tmp_path: Path, database) -> None:
    """Old pickle files with a payload, and a database that is not ours: the build ignores
    them with one note and succeeds; the payload never runs."""
    marker = tmp_path / "marker"
    evil = pickle.dumps(Payload(marker))
    pickle.loads(evil)  # the payload does run when unpickled...
    assert marker.exists()
    marker.unlink()
    cache = site / CACHE_DIR
    work = work_dir(site, site / "output")
    work.mkdir(parents=True)
    for path in (cache / "state.pickle", cache / "bodies.log", work / "plan.pickle"):
        path.write_bytes(evil)
    (cache / "quick.json").write_text(json.dumps({"fingerprint": "x", "saved_ns": 0}))
    database(cache / DB)
    result = build_site(site)
    assert result.ok, result.errors
    assert len(result.notes) == 1 and result.notes[0].startswith(CACHE_DIR), result.notes
    assert not marker.exists()  # ...but never by a build
    assert not (cache / "state.pickle").exists()  # the old cache is gone, never read
    assert_same_as_clean(site, tmp_path)
    again = build_site(site)
    assert (again.notes, again.rendered) == ((), 0)


# --- a new field of the model --------------------------------------------------------------

BUILD = """
import json, sys
from pathlib import Path
from generator.build import BuildOptions, build
from generator.core.model import Article
result = build(BuildOptions(site=Path(sys.argv[1])))
print(json.dumps({"ok": result.ok, "errors": [str(e) for e in result.errors],
                  "notes": result.notes, "parsed": result.parsed,
                  "fields": list(Article.__dataclass_fields__)}))
"""


def copy_with_a_new_field(target: Path) -> Path:
    """A copy of the package whose Article has one more field (with a default)."""
    shutil.copytree(PACKAGE, target / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("themes",):
        if (PACKAGE.parent / name).exists():
            (target / name).symlink_to(PACKAGE.parent / name)
    model = target / "generator/core/model.py"
    anchor = "    links: tuple[tuple[str, int | None], ...] = ()"
    replace_in(model, anchor, anchor + '\n    kicker: str = ""  # a field added later')
    return target


def test_a_new_field_of_the_model_refreshes_the_cache(site: Path, tmp_path: Path) -> None:
    """A warm cache made by this package, then a build by a copy whose Article has one more
    field: it builds (not `'Article' object has no attribute ...`), with a note."""
    assert build_site(site).ok
    replace_in(site / "content/news/flood.md", "evacuated", "rescued")  # no fast path
    copy = copy_with_a_new_field(tmp_path / "copy")
    env = {**os.environ, "PYTHONPATH": str(copy)}
    run = subprocess.run(
        [sys.executable, "-c", BUILD, str(site)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert "kicker" in found["fields"]  # the copy was the one that ran
    assert found["ok"], found["errors"]
    assert len(found["notes"]) == 1 and "model" in found["notes"][0], found["notes"]
    assert found["parsed"] == 3  # nothing of the old cache was used
    back = build_site(site)  # and this package, in turn, refreshes it again
    assert back.ok and len(back.notes) == 1 and "model" in back.notes[0]


# --- the codec -----------------------------------------------------------------------------


def article(**fields) -> Article:
    base = {
        "id": "news/a.md",
        "source": "content/news/a.md",
        "headline": "A",
        "section": "news",
        "slug": "a",
        "url": "news/a/",
        "date": datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/London")),
        "summary": "S",
    }
    return Article(**{**base, **fields})


VALUES = [
    article(),
    article(date=None, updated=datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)),
    article(date=datetime(2026, 1, 2, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
    article(date=datetime(2026, 1, 2, tzinfo=timezone(-timedelta(hours=3), "BRT"))),
    article(date=datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=ZoneInfo("Europe/London"))),
    article(
        tags=("a", "b"),
        corrections=(Correction(datetime(2026, 1, 3, tzinfo=UTC), "Fixed."),),
        links=(("news/b.md", 4), ("news/c.md", None)),
        extra={
            "day": date(2026, 1, 2),
            "naive": datetime(2026, 1, 2, 3, 4),
            "numbers": {1: "one", 2.5: [True, None]},
            "nested": {"list": [1, [2, {"x": ()}]], "bytes": b"\x00\xff"},
            "set": {
                "a",
                "b",
            },  # (in sorted order: a set's repr follows insertion on a hash collision)
            "big": 10**30,
            "float": -0.0,
            "inf": math.inf,
            "text": 'Quote " and \\ and \u2028 and العربية',
            "dates": {date(2026, 1, 1): "new year"},
        },
    ),
    Page("news/a/index.html", "article.html", "article", {"prev": None, "related": ["x"]}),
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_codec_round_trips_exactly(value: object) -> None:
    back = decode(encode(value))
    assert back == value
    assert repr(back) == repr(value)
    assert encode(back) == encode(value)


def test_codec_refuses_what_it_does_not_know() -> None:
    looped: list = []
    looped.append(looped)
    for value in (article(extra={"f": lambda: 0}), article(extra={"loop": looped})):
        with pytest.raises(Uncodable):
            encode(value)


@pytest.mark.parametrize(
    "text",
    [
        '{"c": ["Payload", {}]}',
        '{"c": ["Article", {"id": 1}]}',
        '{"x": 1}',
        '{"t": 1, "m": 2}',
        '{"dt": ["2026-01-01", ["z", "../../etc/passwd"], 0]}',
        "not json",
    ],
)
def test_codec_decodes_nothing_but_data(text: str) -> None:
    with pytest.raises((ValueError, TypeError, KeyError)):
        decode(text)


def test_an_article_the_codec_cannot_store_is_parsed_every_build(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "site",
        SITE + "-- content/news/loop.md --\n---\nheadline: Loop\ndate: 2026-11-20\n"
        "loop: &a [*a]\n---\nBody.\n",
    )
    first = build_site(site)
    assert first.ok, first.errors
    replace_in(site / "content/news/flood.md", "evacuated", "rescued")
    again = build_site(site)
    assert again.ok and again.report.read == ("news/flood.md", "news/loop.md")


# --- one fingerprint -----------------------------------------------------------------------


def fingerprint(tmp_path: Path, config: dict | None = None, **options) -> Fingerprint:
    settings = parse_config({"title": "T", **(config or {})})
    return Fingerprint.of(settings, BuildOptions(site=tmp_path, **options))


def test_every_key_derives_from_the_one_fingerprint(tmp_path: Path) -> None:
    base = fingerprint(tmp_path)
    assert fingerprint(tmp_path, jobs=3, clean=True) == base  # no change to the output
    for other in (
        fingerprint(tmp_path, drafts=True),
        fingerprint(tmp_path, future=True),
        fingerprint(tmp_path, base_url="https://example.org/"),
        fingerprint(tmp_path, out=tmp_path / "elsewhere"),
        fingerprint(tmp_path, {"title": "U"}),
    ):
        assert (other.code, other.parse) == (base.code, base.parse)  # nothing parsed again
        assert other.site != base.site
    timezone_changed = fingerprint(tmp_path, {"timezone": "Asia/Tokyo"})
    assert timezone_changed.parse != base.parse and timezone_changed.site != base.site
    assert base.globals_key([("news", "News", "")]) != base.globals_key([])


def test_the_model_shape_names_every_field() -> None:
    assert len(model_shape()) == 32
    assert replace(article(), tags=("x",)) != article()  # (frozen dataclasses, by value)
