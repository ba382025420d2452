"""Build progress: silent under a second, a bar on a terminal, a few plain lines elsewhere."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import build_site, write_tree

from generator.cli import main
from generator.preview.progress import DELAY, WIDTH, Progress


class Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty
        self.flushes = 0

    def isatty(self) -> bool:
        return self.tty

    def flush(self) -> None:
        self.flushes += 1


class Clock:
    def __init__(self, start: float = 100.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def run(progress: Progress, phase: str, total: int) -> None:
    for done in range(1, total + 1):
        progress(phase, done, total)


@pytest.mark.parametrize("tty", [True, False])
def test_builds_under_a_second_print_nothing(tty: bool) -> None:
    stream, clock = Stream(tty), Clock()
    progress = Progress(stream, clock)
    clock.now += DELAY - 0.01
    run(progress, "parsing", 50)
    run(progress, "rendering", 200)
    progress.close()
    assert stream.getvalue() == ""


def test_tty_draws_one_bar_line_per_phase() -> None:
    stream, clock = Stream(tty=True), Clock()
    progress = Progress(stream, clock)
    clock.now += 1.5
    progress("rendering", 5, 10)
    half = "#" * (WIDTH // 2) + "-" * (WIDTH - WIDTH // 2)
    assert stream.getvalue() == f"\rrendering  [{half}] 5/10"
    progress("rendering", 10, 10)
    assert stream.getvalue().endswith(f"\rrendering  [{'#' * WIDTH}] 10/10\n")
    progress.close()  # the line is already ended
    assert stream.getvalue().count("\n") == 1
    assert stream.flushes >= 2


def test_tty_bar_redraws_in_place() -> None:
    stream, clock = Stream(tty=True), Clock()
    progress = Progress(stream, clock)
    clock.now += 2
    run(progress, "parsing", 8)
    text = stream.getvalue()
    assert text.count("\r") == 8
    assert text.count("\n") == 1 and text.endswith("8/8\n")
    bars = [part.split("[")[1].split("]")[0] for part in text.strip().split("\r") if part]
    assert all(len(bar) == WIDTH for bar in bars)
    assert [bar.count("#") for bar in bars] == sorted(bar.count("#") for bar in bars)


def test_tty_close_ends_an_unfinished_bar() -> None:
    stream, clock = Stream(tty=True), Clock()
    progress = Progress(stream, clock)
    clock.now += 5
    progress("rendering", 3, 10)
    assert not stream.getvalue().endswith("\n")
    progress.close()
    assert stream.getvalue().endswith("3/10\n")


def test_close_without_output_prints_nothing() -> None:
    for tty in (True, False):
        stream = Stream(tty)
        Progress(stream, Clock()).close()
        assert stream.getvalue() == ""


def test_plain_stream_prints_quarters_without_control_characters() -> None:
    stream, clock = Stream(tty=False), Clock()
    progress = Progress(stream, clock)
    clock.now += 3
    run(progress, "parsing", 100)
    run(progress, "rendering", 8)
    progress.close()
    text = stream.getvalue()
    assert "\r" not in text and "[" not in text
    assert text.splitlines() == [
        "parsing: 25/100",
        "parsing: 50/100",
        "parsing: 75/100",
        "parsing: 100/100",
        "rendering: 2/8",
        "rendering: 4/8",
        "rendering: 6/8",
        "rendering: 8/8",
    ]


def test_plain_stream_shows_the_end_of_a_small_phase_once() -> None:
    stream, clock = Stream(tty=False), Clock()
    progress = Progress(stream, clock)
    clock.now += 3
    run(progress, "parsing", 1)
    progress("parsing", 1, 1)  # reported twice: printed once
    assert stream.getvalue().splitlines() == ["parsing: 1/1"]


def test_output_starts_only_once_the_build_is_slow() -> None:
    stream, clock = Stream(tty=False), Clock()
    progress = Progress(stream, clock)
    for done in range(1, 101):
        clock.now += 0.02  # one second passes at item 50
        progress("rendering", done, 100)
    lines = stream.getvalue().splitlines()
    assert lines[0] in ("rendering: 50/100", "rendering: 51/100")
    assert lines[-1] == "rendering: 100/100"


def test_no_total_prints_nothing() -> None:
    stream, clock = Stream(tty=True), Clock()
    progress = Progress(stream, clock)
    clock.now += 5
    progress("rendering", 0, 0)
    assert stream.getvalue() == ""


# --- the build reports its phases ------------------------------------------------------------

SITE = """
-- site.yaml --
title: Test Times
-- content/news/a.md --
---
headline: One
date: 2026-11-20
---
Body one.
-- content/news/b.md --
---
headline: Two
date: 2026-11-19
---
Body two.
-- content/sport/c.md --
---
headline: Three
date: 2026-11-18
tags: [Football]
---
Body three.
"""


def calls_of(site: Path, **options) -> list[tuple[str, int, int]]:
    calls: list[tuple[str, int, int]] = []
    result = build_site(site, progress=lambda *call: calls.append(call), **options)
    assert result.ok, result.errors
    return calls


def check_phase(calls: list[tuple[str, int, int]], phase: str, total: int) -> None:
    seen = [(done, n) for name, done, n in calls if name == phase]
    assert seen == [(done, total) for done in range(1, total + 1)]


@pytest.mark.parametrize("workers", [False, True])
def test_build_reports_parsing_and_rendering(tmp_path: Path, workers: bool) -> None:
    write_tree(tmp_path, SITE)
    calls: list[tuple[str, int, int]] = []
    more = {"parallel_from": 2} if workers else {}
    result = build_site(tmp_path, jobs=2, progress=lambda *call: calls.append(call), **more)
    assert result.ok, result.errors
    check_phase(calls, "parsing", 3)
    check_phase(calls, "rendering", result.pages)
    assert {name for name, _, _ in calls} == {"parsing", "rendering"}


def test_incremental_build_reports_only_the_work_done(tmp_path: Path) -> None:
    write_tree(tmp_path, SITE)
    assert calls_of(tmp_path)
    assert [c for c in calls_of(tmp_path) if c[0] == "rendering"] == []


def test_slow_build_on_a_terminal_draws_bars(tmp_path: Path) -> None:
    write_tree(tmp_path, SITE)
    stream, clock = Stream(tty=True), Clock()
    progress = Progress(stream, clock)
    clock.now += 10
    result = build_site(tmp_path, progress=progress)
    progress.close()
    assert result.ok, result.errors
    lines = stream.getvalue().split("\n")  # each ends its bar, redrawn with \r
    assert len(lines) == 3 and lines[2] == ""
    assert lines[0].endswith("parsing    [" + "#" * WIDTH + "] 3/3")
    assert lines[1].endswith(f"[{'#' * WIDTH}] {result.pages}/{result.pages}")


def test_cli_quick_build_prints_no_progress(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    write_tree(tmp_path, SITE.replace("2026-11-", "2020-01-"))
    assert main(["build", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "parsing" not in captured.err and "rendering" not in captured.err
    assert "\r" not in captured.err + captured.out
