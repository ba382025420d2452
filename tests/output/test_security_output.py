"""The output folder under attack: dangerous output folders refused (also through relative paths
and symlinks), symlinks never followed out of the output folder, files Masthead did not write
left alone unless --clean, one build of a site at a time (a lock), and `kill -9` at any moment
of a build (at each step of the writer's commit, and at random moments of a large build) leaving
the output folder the whole previous site or the whole new one, with no rollback needed."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import NOW, add, md, parse_html, snapshot, text_of, write_tree
from test_output_swap import assert_mirror

from generator.build import BuildOptions, build
from generator.core.errors import SourceError
from generator.engine.engine import work_dir
from generator.engine.lock import LOCK_FILE, build_lock, holder
from generator.output.guard import FolderClash, dangerous_output, leads_out, refuse_links_out

REPO = Path(__file__).resolve().parents[2]
SITE_YAML = "title: Lock Times\nbase_url: https://example.org/\n"


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path under `root`, symlinks as their target, folders as None."""
    found: dict[str, bytes | None] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = os.readlink(path).encode()
            else:
                found[rel] = None if path.is_dir() else path.read_bytes()
    return found


@pytest.fixture
def small(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    write_tree(site, f"-- site.yaml --\n{SITE_YAML}")
    add(site, "news/a.md", md("A"))
    add(site, "news/b.md", md("B", date="2026-11-19"))
    return site


# ---------------------------------------------------------------------------------------------
# Dangerous output folders


def untouched(root: Path) -> dict[str, bytes | None]:
    """`tree(root)` without the site's cache (where the build lock lives)."""
    return {k: v for k, v in tree(root).items() if ".masthead-cache" not in k.split("/")}


def refused(site: Path, out: Path, everything: Path) -> str:
    before = untouched(everything)
    result = build(BuildOptions(site=site, out=out, now=NOW, clean=True))
    assert not result.ok and len(result.errors) == 1
    assert untouched(everything) == before, "a refused build must touch nothing"
    error = str(result.errors[0])
    assert "refused as the output folder" in error and "\n" not in error
    return error


@pytest.mark.parametrize(
    "out",
    [".", "site", "site/.", "site/content", "site/content/news", "site/templates", "site/static",
     "site/themes/x", "site/.git", "site/.masthead-cache", "site/.masthead-cache/out", ".."],
)  # fmt: skip
def test_dangerous_output_folders_are_refused(
    small: Path, out: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small.parent
    (small / "templates").mkdir()
    (small / ".git").mkdir()
    monkeypatch.chdir(root)
    refused(Path("site"), Path(out), root)


@pytest.mark.parametrize("target", ["site", "site/content", "site/content/news", "."])
def test_dangerous_output_folders_are_refused_through_symlinks(small: Path, target: str) -> None:
    root = small.parent
    link = root / "link"
    link.symlink_to(root / target, target_is_directory=True)
    refused(small, link, root)
    refused(small, link / ".", root)


def test_output_holding_the_real_content_folder_is_refused(tmp_path: Path) -> None:
    """content/ is a symlink into a data folder: building into that folder (with --clean!)
    would delete every article."""
    data = tmp_path / "data"
    (data / "articles/news").mkdir(parents=True)
    (data / "articles/news/a.md").write_text(md("A"))
    site = tmp_path / "site"
    write_tree(site, f"-- site.yaml --\n{SITE_YAML}")
    (site / "content").symlink_to(data / "articles", target_is_directory=True)
    assert "holds the site's content/ folder" in refused(site, data, tmp_path)


def test_home_and_its_parents_are_refused(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "users/someone"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents/thesis.txt").write_text("years of work")
    monkeypatch.setenv("HOME", str(home))
    assert "home folder" in refused(small, home, tmp_path)
    assert "home folder" in refused(small, tmp_path / "users", tmp_path)


@pytest.mark.parametrize("out", ["/", "/usr", "/etc", "/tmp", "/home", "/root", "/var"])
def test_root_and_system_folders_are_refused(small: Path, out: str) -> None:
    # checked on the guard alone: a build with --clean there must never run in a test
    assert dangerous_output(Path(out), small) is not None


@pytest.mark.parametrize("out", ["/srv/www/site", "/public", "output", "../elsewhere/out"])
def test_ordinary_output_folders_are_fine(small: Path, out: str) -> None:
    assert dangerous_output(small / out if not out.startswith("/") else Path(out), small) is None


# ---------------------------------------------------------------------------------------------
# Symlinks in the output folder, and files Masthead did not write


def test_clean_removes_links_but_never_follows_them(small: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "keep.txt").write_text("keep me")
    (outside / "deep/keep.txt").write_text("keep me too")
    out = small / "output"
    assert build(BuildOptions(site=small, now=NOW)).ok
    (out / "linked-folder").symlink_to(outside, target_is_directory=True)
    (out / "news/linked-file.txt").symlink_to(outside / "keep.txt")
    (out / "mine.txt").write_text("not Masthead's")
    before = tree(outside)
    result = build(BuildOptions(site=small, now=NOW, clean=True))
    assert result.ok, result.errors
    assert tree(outside) == before
    assert {"mine.txt", "news/linked-file.txt"} <= set(result.cleaned)
    assert not (out / "mine.txt").exists() and not (out / "news/linked-file.txt").is_symlink()


def test_a_build_never_writes_or_deletes_through_a_symlinked_folder(
    small: Path, tmp_path: Path
) -> None:
    """output/news moved elsewhere and linked back: removing a stale page, or writing a new one,
    must not touch the files behind the link (the build refuses, naming the path)."""
    out = small / "output"
    assert build(BuildOptions(site=small, now=NOW)).ok
    elsewhere = tmp_path / "elsewhere"
    (out / "news").rename(elsewhere)
    (out / "news").symlink_to(elsewhere, target_is_directory=True)
    before = tree(elsewhere)
    (small / "content/news/b.md").unlink()  # its page is now stale
    add(small, "news/c.md", md("C"))  # a new page to write
    result = build(BuildOptions(site=small, now=NOW, clean=True))
    assert tree(elsewhere) == before
    assert not result.ok
    assert all("symlink that leads out of the output folder" in str(e) for e in result.errors)


def test_links_out_helpers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "inside").mkdir(parents=True)
    (tmp_path / "away").mkdir()
    (out / "away").symlink_to(tmp_path / "away", target_is_directory=True)
    (out / "again").symlink_to(out / "inside", target_is_directory=True)
    assert not leads_out(out, "a.html") and not leads_out(out, "inside/a.html")
    assert not leads_out(out, "again/a.html")  # a link that stays inside
    assert leads_out(out, "away/a.html") and leads_out(out, "away/x/y.html")
    (out / "inside/deeper").mkdir()
    (out / "inside/deeper/exit").symlink_to(tmp_path, target_is_directory=True)
    assert leads_out(out, "again/deeper/exit/a.html")  # in through one link, out through another
    assert leads_out(out, "inside/../../a.html") and not leads_out(out, "inside/../a.html")
    refuse_links_out(out, ["a.html", "again/b.html", "inside/deeper/c.html"])
    with pytest.raises(Exception, match=r"away/a\.html") as caught:
        refuse_links_out(out, ["a.html", "away/a.html", "again/deeper/exit/b.html"])
    assert "again/deeper/exit/b.html" in str(caught.value)


def test_folder_clash_names_both_sources() -> None:
    clash = FolderClash()
    clash.check("feed.xml", "the site feed")
    with pytest.raises(Exception) as caught:
        clash.check("Feed.XML/index.html", "content/feed.xml.md")
    assert "content/feed.xml.md" in str(caught.value) and "the site feed" in str(caught.value)
    other = FolderClash()
    other.check("a/b/index.html", "content/a/b.md")
    with pytest.raises(Exception, match="a/b"):
        other.check("a/b", "content/a/b")


def test_article_named_like_a_feed_is_a_clear_error(small: Path) -> None:
    add(small, "feed.xml.md", md("Clash"))
    result = build(BuildOptions(site=small, now=NOW))
    assert not result.ok
    assert "feed.xml" in str(result.errors[0]) and "content/feed.xml.md" in str(result.errors[0])


def test_a_clash_brought_by_a_later_build_is_a_clear_error(small: Path) -> None:
    """The writer checks claims from the first path the last build did not write: an article
    added later that needs as a folder what the site writes as a file is still refused."""
    assert build(BuildOptions(site=small, now=NOW)).ok
    before = snapshot(small / "output")
    add(small, "feed.xml.md", md("Clash"))
    result = build(BuildOptions(site=small, now=NOW))
    assert not result.ok
    assert "feed.xml" in str(result.errors[0]) and "content/feed.xml.md" in str(result.errors[0])
    assert snapshot(small / "output") == before


def test_files_masthead_did_not_write_are_kept_and_clean_says_what_it_removed(
    small: Path,
) -> None:
    out = small / "output"
    run = [sys.executable, "-m", "generator", "build", str(small)]
    assert subprocess.run(run, capture_output=True, check=False, timeout=120).returncode == 0
    (out / "CNAME").write_text("news.example.org")
    (out / "news/extra.html").write_text("<p>hand made</p>")
    done = subprocess.run(run, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0 and (out / "CNAME").exists()
    assert "removed CNAME" not in done.stdout
    done = subprocess.run([*run, "--clean"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "removed CNAME (not written by Masthead; --clean)" in done.stdout.splitlines()
    assert "removed news/extra.html (not written by Masthead; --clean)" in done.stdout.splitlines()
    assert not (out / "CNAME").exists()


# ---------------------------------------------------------------------------------------------
# One build at a time


def test_lock_refuses_a_second_holder_naming_the_first(small: Path) -> None:
    with build_lock(small):
        assert holder(small) == str(os.getpid())
        caught: list[BaseException] = []

        def second() -> None:
            try:
                with build_lock(small):
                    pass
            except SourceError as exc:
                caught.append(exc)

        thread = threading.Thread(target=second)
        thread.start()
        thread.join(10)
        assert len(caught) == 1
        assert str(caught[0]) == (
            f"{LOCK_FILE}: another Masthead build of this site is running (process "
            f"{os.getpid()}): wait for it to finish, or stop it, then build again"
        )
    assert holder(small) == ""
    with build_lock(small):  # free again
        pass


def test_lock_of_a_killed_process_is_free_at_once(small: Path) -> None:
    code = (
        "import sys, time; from pathlib import Path; from generator.engine.lock import build_lock\n"
        "with build_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(small)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "held"
        with pytest.raises(SourceError, match=f"process {child.pid}"), build_lock(small):
            pass
    finally:
        child.kill()
        child.wait(10)
    with build_lock(small):
        pass


def test_forked_workers_do_not_keep_the_lock(small: Path) -> None:
    ready, tell = os.pipe()
    with build_lock(small):
        pid = os.fork()
        if pid == 0:  # a worker that outlives the build
            os.write(tell, b"!")  # fork handlers have run by now
            time.sleep(3)
            os._exit(0)
        assert os.read(ready, 1) == b"!"
    try:
        with build_lock(small):
            pass
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


LOCK_STRESS = """
import os, sys, time
from pathlib import Path
from generator.core.errors import SourceError
from generator.engine.lock import build_lock
site, held = Path(sys.argv[1]), 0
deadline = time.monotonic() + 2
while time.monotonic() < deadline:
    try:
        with build_lock(site):
            os.close(os.open(site / "inside", os.O_CREAT | os.O_EXCL))  # fails if two are in
            os.unlink(site / "inside")
            held += 1
    except SourceError:
        pass
print(held)
"""


def test_lock_holds_against_many_processes_racing_for_it(small: Path) -> None:
    """Taking, and removing the lock file when done, never lets two holders in at once."""
    racers = [
        subprocess.Popen([sys.executable, "-c", LOCK_STRESS, str(small)], stdout=subprocess.PIPE)
        for _ in range(4)
    ]
    counts = [int(r.communicate(timeout=60)[0]) for r in racers]
    assert all(r.returncode == 0 for r in racers)
    assert sum(counts) > 100
    assert not (small / LOCK_FILE).exists()


def test_a_missing_site_folder_takes_no_lock(tmp_path: Path) -> None:
    with build_lock(tmp_path / "nowhere"):
        pass
    assert not (tmp_path / "nowhere").exists()


def test_build_refuses_while_another_holds_the_lock(small: Path) -> None:
    with build_lock(small):
        result = build(BuildOptions(site=small, now=NOW))
    assert [str(e) for e in result.errors] == [
        f"{LOCK_FILE}: another Masthead build of this site is running (process {os.getpid()}): "
        "wait for it to finish, or stop it, then build again"
    ]
    assert not (small / "output").exists()
    assert build(BuildOptions(site=small, now=NOW)).ok


# ---------------------------------------------------------------------------------------------
# A large site, killed at any moment


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated site of 800 articles, built once."""
    site = tmp_path_factory.mktemp("large") / "site"
    subprocess.run(
        [sys.executable, str(REPO / "bench/corpus.py"), "800", str(site), "--tool", "masthead"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    done = masthead("build", str(site), "-j", "2")
    assert done.returncode == 0, done.stderr
    return site


def masthead(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def retitle(site: Path, title: str) -> None:
    """Change what every page shows, so the next build rewrites all of them."""
    config = site / "site.yaml"
    lines = config.read_text().splitlines()
    config.write_text("\n".join(f"title: {title}" if line.startswith("title:") else line
                                for line in lines) + "\n")  # fmt: skip


@contextlib.contextmanager
def killed_at(args: tuple[str, ...], when) -> Iterator[subprocess.Popen]:
    """Start `masthead args`, wait until `when(elapsed)` is true, then kill -9 it."""
    child = start(*args)
    began = time.monotonic()
    try:
        while child.poll() is None and not when(time.monotonic() - began):
            time.sleep(0.002)
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        yield child
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)


def test_kill_9_at_any_moment_never_loses_the_published_site(large: Path) -> None:
    out = large / "output"
    before = snapshot(out)
    assert len(before) > 1000
    retitle(large, "The Rewritten Gazette")
    started = time.monotonic()
    done = masthead("build", str(large), "-j", "2", "-o", str(large.parent / "timing"))
    full = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    after = snapshot(large.parent / "timing")  # the new site, complete
    rng = random.Random(7)
    delays = sorted([0.05, 0.3, *(rng.uniform(0.1, 1.0) * full for _ in range(5))])
    for delay in delays:
        with killed_at(("build", str(large), "-j", "2"), lambda t, d=delay: t >= d) as child:
            if child.returncode == 0:
                continue  # it finished first: nothing to check at this delay
        now = snapshot(out)  # the previous site, or the new one if the kill came after the swap
        assert now in (before, after), f"killed after {delay:.2f} s of {full:.2f} s"
        if now == after:
            break
    done = masthead("build", str(large), "-j", "2")
    assert done.returncode == 0, done.stderr
    clean = large.parent / "clean"
    done = masthead("build", str(large), "--no-cache", "-o", str(clean))
    assert done.returncode == 0, done.stderr
    assert snapshot(out) == snapshot(clean)
    retitle(large, "The Benchmark Gazette")


# A child build that kills itself (SIGKILL: no cleanup of any kind runs) at one step of the
# writer's commit, through the seam the writer offers: `Exchange(shadow=...)` with a Shadow whose
# steps die.
KILLER = """
import os, signal, sys
from pathlib import Path
from generator.build import BuildOptions, build
from generator.output.swap import Exchange, Shadow

point, site = sys.argv[1], Path(sys.argv[2])
jobs = int(sys.argv[3]) if len(sys.argv) > 3 else None

def die():
    os.kill(os.getpid(), signal.SIGKILL)

class Killing(Shadow):
    listed, applied = [], []

    def resync(self, rel, keep=False):
        self.listed.append(rel)
        if point == "mending the shadow" and len(self.listed) == 3:
            die()
        super().resync(rel, keep)

    def apply(self, root, changed, removed):
        self.applied.append(root)
        if (point, len(self.applied)) in (("moving in", 1), ("replaying", 2)):
            super().apply(root, changed[: len(changed) // 2], [])
            die()
        super().apply(root, changed, removed)

    def exchange(self, a, b):
        if point == "before the exchange":
            die()
        super().exchange(a, b)
        if point == "after the exchange":
            die()

result = build(BuildOptions(site=site, jobs=jobs, commit=Exchange(shadow=Killing)))
sys.exit(0 if result.ok else 1)
"""
KILL_POINTS = ["mending the shadow", "moving in", "before the exchange", "after the exchange",
               "replaying"]  # fmt: skip
SWAPPED = ("after the exchange", "replaying")


def killed_in(point: str, site: Path, jobs: int | None = None) -> subprocess.CompletedProcess:
    """Build `site` in a child that kills itself at `point` of the commit."""
    done = subprocess.run(
        [sys.executable, "-c", KILLER, point, str(site), *([str(jobs)] if jobs else [])],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    return done


@pytest.mark.parametrize("point", KILL_POINTS)
def test_kill_9_at_each_step_of_a_commit_leaves_a_whole_site(
    small: Path, tmp_path: Path, point: str
) -> None:
    """Killed while the shadow is mended, while the new files move into it, just before or
    just after the exchange, or while the old site (now the shadow) is brought up to date: the
    output folder is the whole previous site or the whole new one (a file of the user's in
    both), with no rollback; the next build ends with the new site and a true shadow."""
    out, work = small / "output", work_dir(small, small / "output")
    assert build(BuildOptions(site=small)).ok
    (out / "CNAME").write_text("news.example.org\n")  # the user's
    if point == "mending the shadow":
        (work / "shadow.ok").unlink()  # the next commit checks every folder
    before = snapshot(out)
    add(small, "news/a.md", md("A, revised"))
    (small / "content/news/b.md").unlink()
    add(small, "culture/c.md", md("C"))
    assert build(BuildOptions(site=small, out=tmp_path / "clean", cache=False)).ok
    after = {**snapshot(tmp_path / "clean"), "CNAME": b"news.example.org\n"}
    assert after != before
    killed_in(point, small)
    assert snapshot(out) == (after if point in SWAPPED else before)
    assert build(BuildOptions(site=small)).ok
    assert snapshot(out) == after
    assert text_of(parse_html(out / "news/a/index.html").xpath("//h1")[0]) == "A, revised"
    assert_mirror(out, work)


def test_killed_after_the_exchange_then_undone_puts_the_old_page_back(
    small: Path, tmp_path: Path
) -> None:
    """Killed after the new site went live but before the writer's record said so, then the
    edit is undone: the page goes back to its old text. The record marked the paths the commit
    wrote as of unknown content first, so none is trusted to hold its old bytes."""
    out = small / "output"
    assert build(BuildOptions(site=small)).ok
    original = (small / "content/news/a.md").read_text()
    add(small, "news/a.md", md("A, revised"))
    killed_in("after the exchange", small)
    assert text_of(parse_html(out / "news/a/index.html").xpath("//h1")[0]) == "A, revised"
    (small / "content/news/a.md").write_text(original)
    assert build(BuildOptions(site=small)).ok
    assert build(BuildOptions(site=small, out=tmp_path / "clean", cache=False)).ok
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_kill_9_while_files_move_in_leaves_the_previous_site_untouched(large: Path) -> None:
    """A full rewrite of 800 articles, killed with half the new files in the shadow: the output
    folder is the previous site, byte for byte, before any rollback; the next build succeeds."""
    out = large / "output"
    assert masthead("build", str(large)).returncode == 0
    before = snapshot(out)
    retitle(large, "The Half-Written Gazette")
    try:
        killed_in("moving in", large, jobs=2)
        assert snapshot(out) == before
        done = masthead("build", str(large), "-j", "2")
        assert done.returncode == 0, done.stderr
        title = text_of(parse_html(out / "index.html").xpath("//title")[0])
        assert "The Half-Written Gazette" in title
        assert_mirror(out, work_dir(large, out))
    finally:
        retitle(large, "The Benchmark Gazette")


def test_kill_9_during_a_first_build_leaves_no_half_site(large: Path, tmp_path: Path) -> None:
    out = tmp_path / "first"
    for delay in (0.3, 1.0, 2.0):
        with killed_at(
            ("build", str(large), "-o", str(out), "--no-cache"), lambda t, d=delay: t >= d
        ):
            pass
        assert not out.exists() or len(snapshot(out)) > 1000
        leftovers = [p.name for p in tmp_path.iterdir() if p.name != "first"]
        assert leftovers == [], "nothing may be left beside the output folder"
    done = masthead("build", str(large), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert len(snapshot(out)) > 1000
    staged = list(work_dir(large, out).glob("staging-*"))
    assert staged == [], "the staging folders of killed builds are removed by the next one"


def test_a_second_build_of_the_same_site_fails_at_once_naming_the_first(large: Path) -> None:
    retitle(large, "The Twice Built Gazette")
    first = start("build", str(large), "-j", "2")
    try:
        lock = large / LOCK_FILE
        deadline = time.monotonic() + 20
        while holder(large) != str(first.pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert lock.exists() and holder(large) == str(first.pid)
        began = time.monotonic()
        second = masthead("build", str(large))
        assert time.monotonic() - began < 10  # at once, not after the first
        assert second.returncode == 1
        lines = second.stderr.splitlines()
        assert lines[0] == (
            f"error: {LOCK_FILE}: another Masthead build of this site is running (process "
            f"{first.pid}): wait for it to finish, or stop it, then build again"
        )
        assert first.wait(300) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(30)
        retitle(large, "The Benchmark Gazette")
    assert masthead("build", str(large)).returncode == 0
