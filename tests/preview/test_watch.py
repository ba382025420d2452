"""Watching: the path classifier (a table), the debounce (a fake clock), the rebuild loop (a fake
build), and real files changed under a running Session."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import NOW, add, md, write_tree

from generator.build import BuildOptions, BuildResult, build
from generator.core.errors import SourceError
from generator.preview.watch import (
    Change,
    ChangeKind,
    Debounce,
    Rebuild,
    Rebuilder,
    Session,
    classify,
    describe,
)

C, T, S, K = ChangeKind.CONTENT, ChangeKind.TEMPLATE, ChangeKind.STATIC, ChangeKind.CONFIG
WAIT = 10.0  # seconds any one expected rebuild may take

CLASSIFY = [
    ("content/news/a.md", C),
    ("content/news/photo.jpg", C),
    ("content/news", C),
    ("content", C),
    ("content/news/.a.md.swp", None),
    ("content/news/.a.md.swx", None),
    ("content/news/a.md~", None),
    ("content/news/4913", None),
    ("content/news/.#a.md", None),
    ("content/news/#a.md#", None),
    ("content/news/a.md.tmp", None),
    ("content/_private/a.md", None),
    ("content/.hidden/a.md", None),
    ("templates/article.html", T),
    ("templates/_card.html", T),
    ("templates/.article.html.swp", None),
    ("templates/article.html~", None),
    ("static/style.css", S),
    ("static/fonts/serif.woff2", S),
    ("static/4913", None),
    ("themes/paper/templates/base.html", T),
    ("themes/paper/templates/_byline.html", T),
    ("themes/paper/static/style.css", S),
    ("themes/paper/theme.yaml", K),
    ("themes/paper/i18n/ar.yaml", T),
    ("i18n/fr.yaml", T),
    ("themes/paper", K),
    ("themes/paper/README.md", None),
    ("pages/about.md", C),
    ("pages/legal/.privacy.md.swp", None),
    ("authors/jane-doe.md", C),
    ("site.yaml", K),
    ("site.yaml~", None),
    (".site.yaml.swp", None),
    ("output/index.html", None),
    (".masthead-preview/index.html", None),
    (".masthead-cache/outputs-1.json", None),
    ("..masthead-preview.staging-12/index.html", None),
    (".git/index", None),
    ("README.md", None),
    ("generator/build.py", None),
    ("", None),
]


@pytest.mark.parametrize(("path", "kind"), CLASSIFY)
def test_classify(path: str, kind: ChangeKind | None) -> None:
    assert classify(path) == kind


def test_classify_takes_os_paths() -> None:
    assert classify(Path("content") / "news" / "a.md") == C


@pytest.mark.parametrize(
    ("paths", "line"),
    [
        ([], "first build"),
        (["content/news/a.md"], "content/news/a.md changed"),
        (["content/a.md", "static/s.css"], "content/a.md and static/s.css changed"),
        (["content/a.md", "content/b.md", "site.yaml"], "3 files changed (content/a.md, "),
    ],
)
def test_describe(paths: list[str], line: str) -> None:
    assert describe(Change(p, classify(p)) for p in paths).startswith(line)


A, B, D = (Change(f"content/{n}.md", C) for n in "abd")


def test_debounce_waits_for_quiet() -> None:
    d = Debounce(quiet=0.05, longest=0.5)
    assert d.due_in(0.0) is None
    d.add([A], now=10.0)
    assert d.due_in(10.0) == pytest.approx(0.05)
    assert d.due_in(10.05) == 0
    assert d.take() == (A,)
    assert d.due_in(10.05) is None


def test_debounce_each_change_restarts_the_quiet_window() -> None:
    d = Debounce(quiet=0.05, longest=0.5)
    for t in (0.0, 0.04, 0.08):
        d.add([A], now=t)
    assert d.due_in(0.1) == pytest.approx(0.03)


def test_debounce_builds_a_long_burst_after_longest() -> None:
    d = Debounce(quiet=0.05, longest=0.5)
    t = 0.0
    while t < 0.5:
        d.add([A], now=t)
        assert d.due_in(t) > 0
        t += 0.04
    assert d.due_in(0.5) == 0


def test_debounce_collects_each_path_once_in_order() -> None:
    d = Debounce()
    d.add([B, A], now=0.0)
    d.add([B, D], now=0.01)
    assert d.take() == (B, A, D)
    d.add([A], now=5.0)  # a new batch starts a new window
    assert d.due_in(5.0) == pytest.approx(0.05)


def test_debounce_builds_complete_files_after_a_shorter_pause() -> None:
    """A file closed after writing, or renamed into place, is whole: the batch waits `settled`;
    while one of its files is being written, or gone (an editor's save may move the old
    version away first), it waits `quiet`."""
    d = Debounce(quiet=0.05, longest=0.5, settled=0.01)
    d.add([A], now=0.0)  # modified: being written
    assert d.due_in(0.0) == pytest.approx(0.05)
    d.add([A], now=0.001, complete=True)  # closed
    assert d.due_in(0.001) == pytest.approx(0.01)
    d.add([B], now=0.002)  # another file, still open
    assert d.due_in(0.002) == pytest.approx(0.05)
    d.add([B], now=0.003, complete=True)
    assert d.due_in(0.014) == 0
    assert d.take() == (A, B)
    d.add([D], now=1.0, complete=True)  # a new batch: nothing left open from the last
    assert d.due_in(1.0) == pytest.approx(0.01)


class Recorder:
    """An `on_rebuild` listener the test can wait on."""

    def __init__(self) -> None:
        self.rebuilds: list[Rebuild] = []
        self._cond = threading.Condition()

    def __call__(self, rebuild: Rebuild) -> None:
        with self._cond:
            self.rebuilds.append(rebuild)
            self._cond.notify_all()

    def wait_for(self, test: Callable[[list[Rebuild]], bool], timeout: float = WAIT) -> None:
        with self._cond:
            assert self._cond.wait_for(lambda: test(self.rebuilds), timeout), self.rebuilds

    def changed(self) -> set[str]:
        return {c.path for r in self.rebuilds for c in r.changes}


@pytest.fixture
def loop() -> Iterator[tuple[Rebuilder, Recorder, list]]:
    """A Rebuilder with a fake build that records its calls and can be held inside a build."""
    calls: list[int] = []
    entered, release = threading.Event(), threading.Event()
    release.set()

    def fake_build(options: BuildOptions) -> BuildResult:
        calls.append(1)
        entered.set()
        assert release.wait(WAIT)
        return BuildResult(written=1)

    recorder = Recorder()
    rebuilder = Rebuilder(BuildOptions(site=Path(".")), recorder, fake_build, Debounce(0.01, 0.1))
    thread = threading.Thread(target=rebuilder.run, daemon=True)
    thread.start()
    yield rebuilder, recorder, [calls, entered, release]
    rebuilder.stop()
    thread.join(WAIT)
    assert not thread.is_alive()


def test_changes_during_a_build_make_exactly_one_more(loop) -> None:
    rebuilder, recorder, (calls, entered, release) = loop
    release.clear()
    rebuilder.add([A])
    assert entered.wait(WAIT)
    rebuilder.add([B])
    rebuilder.add([D])
    release.set()
    recorder.wait_for(lambda r: len(r) == 2)
    rebuilder.stop()
    assert [r.changes for r in recorder.rebuilds] == [(A,), (B, D)]
    assert len(calls) == 2


def test_the_loop_survives_a_crashing_build() -> None:
    outcomes = iter([RuntimeError("boom"), BuildResult(written=1)])

    def flaky(options: BuildOptions) -> BuildResult:
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    recorder = Recorder()
    rebuilder = Rebuilder(BuildOptions(site=Path(".")), recorder, flaky, Debounce(0.01, 0.1))
    thread = threading.Thread(target=rebuilder.run, daemon=True)
    thread.start()
    try:
        rebuilder.add([A])
        recorder.wait_for(lambda r: len(r) == 1)
        crashed = recorder.rebuilds[0]
        assert not crashed.result.ok
        assert str(crashed.result.errors[0]).startswith("masthead: internal error: RuntimeError")
        assert "boom" in crashed.trace
        rebuilder.add([B])
        recorder.wait_for(lambda r: len(r) == 2)
        assert recorder.rebuilds[1].result.ok
    finally:
        rebuilder.stop()
        thread.join(WAIT)


def test_the_loop_survives_a_crashing_listener(capsys: pytest.CaptureFixture) -> None:
    seen: list[Rebuild] = []

    def listener(rebuild: Rebuild) -> None:
        seen.append(rebuild)
        raise ValueError("listener bug")

    rebuilder = Rebuilder(
        BuildOptions(site=Path(".")), listener, lambda o: BuildResult(), Debounce(0.0, 0.0)
    )
    first = rebuilder.rebuild()
    second = rebuilder.rebuild((A,))
    assert [r.number for r in seen] == [first.number, second.number] == [0, 1]
    assert "listener bug" in capsys.readouterr().err


# -- real files, real watchdog, the real build ------------------------------------------------

SITE = """
-- site.yaml --
title: Watch Times
sections:
  news: {title: News}
"""


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, Recorder]]:
    site = tmp_path / "site"
    write_tree(site, SITE)
    add(site, "news/a.md", md("First", "Original body."))
    recorder = Recorder()
    options = BuildOptions(site=site, now=NOW)
    with Session(options, recorder) as session:
        first = session.start()
        assert first.result.ok, first.result.errors
        yield site, recorder


def page(site: Path, path: str) -> str:
    return (site / "output" / path).read_text(encoding="utf-8")


def test_atomic_save_rebuilds_once(watched) -> None:
    site, recorder = watched
    temp = site / "content/news/.a.md.tmp"
    temp.write_text(md("First", "Edited body."), encoding="utf-8")
    os.replace(temp, site / "content/news/a.md")
    recorder.wait_for(lambda r: len(r) >= 2)
    assert recorder.rebuilds[1].changes == (Change("content/news/a.md", C),)
    assert "Edited body." in page(site, "news/a/index.html")


def test_pages_and_profiles_are_watched(watched) -> None:
    """pages/ and authors/ appear after the preview began, then change."""
    site, recorder = watched
    (site / "pages").mkdir()
    (site / "pages/about.md").write_text("---\ntitle: About\n---\nWho we are.\n")
    recorder.wait_for(lambda r: "about/index.html" in r[-1].result.report.rendered)
    assert "Who we are." in page(site, "about/index.html")
    (site / "pages/about.md").write_text("---\ntitle: About\n---\nWho we were.\n")
    recorder.wait_for(lambda r: "Who we were." in page(site, "about/index.html"))
    (site / "authors").mkdir()
    (site / "authors/jo.md").write_text("---\nname: Jo\nrole: Editor\n---\nHi.\n")
    recorder.wait_for(lambda r: (site / "output/authors/jo/index.html").is_file())
    assert all(r.result.ok for r in recorder.rebuilds)


def test_a_save_that_moves_the_old_version_away_first_rebuilds_once(watched) -> None:
    """Vim and Emacs: rename the file to a backup, write it anew, delete the backup. The batch
    is never built while the file is gone."""
    site, recorder = watched
    article = site / "content/news/a.md"
    for n in range(3):
        os.replace(article, site / "content/news/a.md~")
        article.write_text(md("First", f"Edited body {n}."), encoding="utf-8")
        (site / "content/news/a.md~").unlink()
        recorder.wait_for(lambda r, n=n: len(r) >= n + 2)
        assert f"Edited body {n}." in page(site, "news/a/index.html")
    assert [r.changes for r in recorder.rebuilds[1:]] == [(Change("content/news/a.md", C),)] * 3
    assert all(r.result.ok for r in recorder.rebuilds)


def test_editor_temporary_files_do_not_rebuild(watched) -> None:
    site, recorder = watched
    folder = site / "content/news"
    for name in ("4913", "a.md~", ".a.md.swp", ".#a.md", "#a.md#"):
        (folder / name).write_text("scratch", encoding="utf-8")
    add(site, "news/b.md", md("Second"))
    recorder.wait_for(lambda r: "content/news/b.md" in recorder.changed())
    assert recorder.changed() == {"content/news/b.md"}
    assert "Second" in page(site, "news/index.html")


def test_burst_of_200_files_makes_few_rebuilds(watched) -> None:
    site, recorder = watched
    for n in range(200):
        add(site, f"news/burst-{n:03}.md", md(f"Burst {n}"))
    recorder.wait_for(lambda r: r[-1].result.articles == 201)
    assert len(recorder.rebuilds) - 1 <= 3, [describe(r.changes) for r in recorder.rebuilds]
    assert all(r.result.ok for r in recorder.rebuilds)
    for n in range(200):
        assert f"Burst {n}" in page(site, f"news/burst-{n:03}/index.html")


def test_a_template_folder_made_after_the_start_is_watched(watched) -> None:
    site, recorder = watched
    (site / "templates").mkdir()
    recorder.wait_for(lambda r: "templates" in recorder.changed())
    override = site / "templates/404.html"
    override.write_text("<!DOCTYPE html><title>Lost</title><p>Lost at sea v1", encoding="utf-8")
    recorder.wait_for(lambda r: "Lost at sea v1" in page(site, "404.html"))
    done = len(recorder.rebuilds)
    override.write_text("<!DOCTYPE html><title>Lost</title><p>Lost at sea v2", encoding="utf-8")
    recorder.wait_for(lambda r: len(r) > done and "Lost at sea v2" in page(site, "404.html"))
    assert recorder.rebuilds[-1].changes == (Change("templates/404.html", T),)


def test_site_yaml_and_errors(watched) -> None:
    site, recorder = watched
    (site / "site.yaml").write_text(SITE.split("--\n", 1)[1].replace("Watch", "Tide"))
    recorder.wait_for(lambda r: "Tide Times" in page(site, "index.html"))
    add(site, "news/a.md", "---\nheadlnie: Typo\ndate: 2026-11-20\n---\n")
    recorder.wait_for(lambda r: not r[-1].result.ok)
    failed = recorder.rebuilds[-1]
    assert any(str(e).startswith("content/news/a.md:2: ") for e in failed.result.errors)
    assert failed.describe().startswith("content/news/a.md changed: build failed with")
    assert "First" in page(site, "news/a/index.html")  # the last good page stays


def test_rebuild_line_names_change_pages_and_time() -> None:
    result = BuildResult(written=3, removed=1)
    line = Rebuild(4, (A,), result, 41.6).describe()
    assert line == "content/a.md changed: 3 written, 1 removed in 42 ms"
    failed = Rebuild(5, (A, B), BuildResult(errors=(SourceError("content/a.md", 2, "x"),)), 3.0)
    assert failed.describe() == (
        "content/a.md and content/b.md changed: build failed with 1 error(s) in 3 ms; "
        "the last good pages stay"
    )


def test_session_takes_a_build_callable(tmp_path: Path) -> None:
    write_tree(tmp_path, SITE)
    used: list[BuildOptions] = []

    def engine(options: BuildOptions) -> BuildResult:
        used.append(options)
        return build(options)

    options = BuildOptions(site=tmp_path, now=NOW)
    with Session(options, Recorder(), build=engine) as session:
        assert session.start().result.ok
    assert used == [options]
