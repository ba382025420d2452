"""The incremental build engine: what a change re-reads, re-renders and rewrites; parallel
workers; the CLI summary; the journaled writer surviving an interrupted update.

Every incremental result is also compared with a clean build (cache off, another folder): the
engine may skip work, never change the output.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import NOW, build_site, snapshot, write_tree
from helpers import SECOND, assert_same_as_clean, make_site, replace_in, rewrite, settle, stories

from generator.build import BuildOptions, BuildResult, build
from generator.cli import main, parser
from generator.core.layout import CACHE_DIR, CHECKOUT
from generator.engine.engine import manifest_file, work_dir
from generator.engine.keys import model_shape
from generator.engine.store import DB, open_store
from generator.output.journal import Journal, journal_dir, recover

SITE = """
-- site.yaml --
title: Test Times
base_url: https://example.org/
per_page: 2
sections:
  news: {title: News}
  sport: {title: Sport}
""" + stories()  # four stories, with summaries (helpers.STORIES)

ARTICLE_PAGES = {
    "news/flood/index.html",
    "news/council/index.html",
    "news/bridge/index.html",
    "sport/final/index.html",
}


# --- helpers -------------------------------------------------------------------------------


def add_before_last_endblock(path: Path, html: str) -> None:
    """Add visible text to a template's content block (the last `{% endblock %}`)."""
    head, mark, tail = path.read_text(encoding="utf-8").rpartition("{% endblock %}")
    assert mark, path
    rewrite(path, head + html + "\n" + mark + tail)


def override(site: Path, name: str) -> Path:
    """Copy a template of the default theme into the site's templates/ (same text)."""
    target = site / "templates" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CHECKOUT / "default" / "templates" / name, target)
    return target


def stamps(out: Path) -> dict[str, tuple[int, int]]:
    """Inode and mtime of every output file: equal means the writer did not touch it."""
    found = {}
    for path in out.rglob("*"):
        if path.is_file():
            st = path.stat()
            found[path.relative_to(out).as_posix()] = (st.st_ino, st.st_mtime_ns)
    return found


def changed_files(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {p for p in set(before) | set(after) if before.get(p) != after.get(p)}


@pytest.fixture
def rebuild(site: Path):
    """Build the site (successfully); returns the result and the output paths it rendered, as
    its report says."""

    def run(**options) -> tuple[BuildResult, set[str]]:
        result = build_site(site, **options)
        assert result.ok, result.errors
        return result, set(result.report.rendered)

    return run


def database(site: Path) -> sqlite3.Connection:
    """The site's cache database, to look into or damage."""
    return sqlite3.connect(site / CACHE_DIR / DB, isolation_level=None)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", SITE)


class Watch:
    """Output bytes and stamps before a build, to tell what the build rewrote."""

    def __init__(self, site: Path) -> None:
        self.out = site / "output"
        self.bytes, self.stamps = snapshot(self.out), stamps(self.out)

    def touched(self) -> set[str]:
        now = stamps(self.out)
        return {p for p in set(now) | set(self.stamps) if now.get(p) != self.stamps.get(p)}

    def changed(self) -> set[str]:
        return changed_files(self.bytes, snapshot(self.out))


@pytest.fixture
def edit(built: Path, rebuild):
    """Replace `old` with `new` in a file of the built site and build again (successfully);
    returns a Watch from before the edit, the result and the output paths rendered."""

    def run(path: str, old: str, new: str) -> tuple[Watch, BuildResult, set[str]]:
        watch = Watch(built)
        replace_in(built / path, old, new)
        return (watch, *rebuild())

    return run


# --- what a build reuses -------------------------------------------------------------------


def test_cold_build_parses_and_renders_everything(site: Path, tmp_path: Path) -> None:
    result = build_site(site)
    assert result.ok, result.errors
    assert (result.parsed, result.rendered, result.reused) == (4, result.pages, 0)
    assert result.written == result.files
    assert (site / CACHE_DIR / DB).is_file()
    assert result.report.planned and result.report.read == tuple(sorted(result.report.read))
    assert_same_as_clean(site, tmp_path)


def test_build_without_change_reuses_everything_and_writes_nothing(built: Path) -> None:
    watch = Watch(built)
    result = build_site(built)
    assert result.ok, result.errors
    assert (result.parsed, result.rendered, result.written, result.removed) == (0, 0, 0, 0)
    assert result.reused == result.pages
    assert result.unchanged == result.files
    assert watch.touched() == set()


def test_unchanged_files_are_not_read_again(built: Path) -> None:
    replace_in(built / "site.yaml", "Test Times", "Test Tribune")  # no fast path: a build
    result = build_site(built)
    assert (result.parsed, result.report.read) == (0, ())
    assert result.rendered == result.pages


def test_touched_file_is_read_and_confirmed_by_hash(built: Path, rebuild) -> None:
    """A new mtime with the same bytes: read to compare the hash, then nothing else."""
    path = built / "content/news/flood.md"
    rewrite(path, path.read_text(encoding="utf-8"))
    watch = Watch(built)
    result, again = rebuild()
    assert result.report.read == ("news/flood.md",)
    assert (result.parsed, result.rendered, result.written) == (0, 0, 0)
    assert again == set()
    assert watch.touched() == set()


def test_same_size_rewrite_in_the_save_tick_is_seen(site: Path, tmp_path: Path) -> None:
    """A file written in the same tick as the cache was saved may later change without a new
    size or mtime: such files are hashed, never trusted on their stamps."""
    path = site / "content/news/flood.md"
    tick = time.time_ns() + 30 * SECOND  # not older than the save time of the next build
    os.utime(path, ns=(tick, tick))
    assert build_site(site).ok
    store, _ = open_store(site / CACHE_DIR, model_shape())
    assert store.saved_ns() <= tick
    store.close()
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("at dawn", "at dusk"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    result = build_site(site)
    assert result.ok, result.errors
    assert result.parsed == 1
    assert "at dusk" in (site / "output/news/flood/index.html").read_text(encoding="utf-8")
    assert_same_as_clean(site, tmp_path)


# --- exact invalidation --------------------------------------------------------------------


def test_body_typo_rerenders_only_the_article_and_feeds_that_carry_it(
    built: Path, edit, tmp_path: Path
) -> None:
    watch, result, again = edit("content/news/flood.md", "evacuated", "evacuatd")
    expected = {
        "news/flood/index.html",
        "feed.xml",
        "news/feed.xml",
        "tags/floods/feed.xml",
    }
    assert again == expected
    assert (result.parsed, result.rendered, result.written) == (1, 4, 4)
    assert result.reused == result.pages - 4
    assert watch.changed() == expected
    assert watch.touched() == expected  # listings, home, tag pages keep inode and mtime
    for kept in ("news/index.html", "tags/floods/index.html", "index.html", "sitemap.xml"):
        assert kept not in watch.touched()
    assert_same_as_clean(built, tmp_path)


def test_body_typo_with_summary_feeds_rerenders_only_the_article(
    site: Path, rebuild, tmp_path: Path
) -> None:
    replace_in(site / "site.yaml", "per_page: 2", "per_page: 2\nfeed_content: summary")
    rebuild()
    watch = Watch(site)
    replace_in(site / "content/news/flood.md", "evacuated", "evacuatd")
    _, again = rebuild()
    assert again == {"news/flood/index.html"}
    assert watch.touched() == {"news/flood/index.html"}
    assert_same_as_clean(site, tmp_path)


def test_body_edit_in_a_new_process_reuses_the_saved_plan(built: Path, rebuild) -> None:
    replace_in(built / "content/news/flood.md", "evacuated", "evacuatd")
    result, _ = rebuild()
    assert not result.report.planned  # each build_site is a new Engine, as `masthead build` is
    again, rendered = rebuild(clean=True)  # planned anew: the same keys (templates included)
    assert again.report.planned and rendered == set()
    replace_in(built / "content/news/flood.md", "Harbour wall breached", "Harbour wall holds")
    result, _ = rebuild()
    assert result.report.planned


SILENT, NOTED = 0, 1  # a damaged head is passed over; a damaged page is found when read


@pytest.mark.parametrize(
    ("damage", "notes"),
    [
        ("DELETE FROM plans", SILENT),
        ("UPDATE plans SET head = 'garbage'", SILENT),
        ("UPDATE plans SET head = replace(head, 'news', 'newz')", SILENT),
        ("DELETE FROM page_data", NOTED),
        ("UPDATE page_data SET json = replace(json, 'flood', 'flxod')", NOTED),
    ],
    ids=["deleted", "garbage", "head changed", "pages deleted", "page changed"],
)
def test_damaged_saved_plan_is_never_used(
    built: Path, rebuild, tmp_path: Path, damage: str, notes: int
) -> None:
    database(built).execute(damage)
    replace_in(built / "content/news/flood.md", "evacuated", "evacuatd")
    result, _ = rebuild()
    assert result.report.planned
    assert len(result.notes) == notes, result.notes
    assert_same_as_clean(built, tmp_path)


def test_plan_is_not_used_after_a_build_into_another_folder(
    built: Path, rebuild, tmp_path: Path
) -> None:
    """A build into another output folder saves sources the first folder's plan was not keyed
    with: that plan is made again, not trusted."""
    replace_in(built / "content/news/flood.md", "Harbour wall breached", "Harbour wall holds")
    assert build_site(built, out=tmp_path / "elsewhere").report.planned
    replace_in(built / "content/news/flood.md", "evacuated", "evacuatd")
    result, _ = rebuild()
    assert result.report.planned
    assert_same_as_clean(built, tmp_path)
    result, _ = rebuild()
    assert (result.rendered, result.written) == (0, 0)


def test_typo_in_first_paragraph_of_article_without_summary_updates_listings(
    built: Path, rebuild, edit, tmp_path: Path
) -> None:
    """With no `summary:`, the first paragraph is the summary that listings show."""
    path = built / "content/news/bridge.md"
    replace_in(path, "summary: Work starts in spring.\n", "")
    rebuild()
    watch, _, again = edit("content/news/bridge.md", "Repairs start", "Repairs strat")
    assert "news/index.html" not in again  # bridge is on page 2 of news
    assert {"news/bridge/index.html", "news/page/2/index.html", "index.html"} <= again
    assert "news/page/2/index.html" in watch.changed()
    assert_same_as_clean(built, tmp_path)


def test_headline_change_updates_listings_but_not_unrelated_articles(
    built: Path, edit, tmp_path: Path
) -> None:
    watch, _, again = edit("content/sport/final.md", "win the final", "lift the cup")
    assert {"sport/final/index.html", "sport/index.html", "index.html"} <= again
    assert {"tags/football/index.html", "authors/wu-lin/index.html"} <= again
    others = ARTICLE_PAGES - {"sport/final/index.html"}
    assert not again & others
    assert not watch.touched() & others
    assert "news/index.html" not in watch.touched()
    assert_same_as_clean(built, tmp_path)


def test_unrelated_body_edit_does_not_rewrite_other_article_pages(edit) -> None:
    watch, _, again = edit("content/sport/final.md", "last minute", "final minute")
    assert not again & (ARTICLE_PAGES - {"sport/final/index.html"})
    assert watch.touched() & ARTICLE_PAGES == {"sport/final/index.html"}


def test_neighbour_headline_change_rewrites_the_pages_that_link_it(
    built: Path, edit, tmp_path: Path
) -> None:
    """council sits between flood and bridge (older/newer links) and shares tags with both."""
    _, _, again = edit("content/news/council.md", "Council meets", "Council convenes")
    assert ARTICLE_PAGES - {"sport/final/index.html"} <= again
    assert "sport/final/index.html" not in again
    assert_same_as_clean(built, tmp_path)


def test_section_template_change_rerenders_section_pages_only(
    built: Path, rebuild, tmp_path: Path
) -> None:
    template = override(built, "section.html")
    _, again = rebuild()
    assert again == set()  # an override with the theme's own text changes nothing
    add_before_last_endblock(template, '<p class="marker">Section note</p>')
    watch = Watch(built)
    _, again = rebuild()
    sections = {"news/index.html", "news/page/2/index.html", "sport/index.html"}
    assert again == sections
    assert watch.touched() == sections
    assert "Section note" in (built / "output/sport/index.html").read_text(encoding="utf-8")
    assert_same_as_clean(built, tmp_path)


def test_article_template_change_rerenders_article_pages_only(
    built: Path, rebuild, tmp_path: Path
) -> None:
    add_before_last_endblock(override(built, "article.html"), "<p>Article note</p>")
    _, again = rebuild()
    assert again == ARTICLE_PAGES
    assert_same_as_clean(built, tmp_path)


def test_partial_template_change_rerenders_the_templates_that_import_it(
    built: Path, rebuild, tmp_path: Path
) -> None:
    """_index.html is imported by tags.html and authors.html only."""
    template = override(built, "_index.html")
    replace_in(template, "{% macro", "<!-- index -->\n{% macro")
    watch = Watch(built)
    _, again = rebuild()
    assert again == {"tags/index.html", "authors/index.html"}
    assert watch.touched() <= {"tags/index.html", "authors/index.html"}
    assert_same_as_clean(built, tmp_path)


def test_removing_a_template_override_goes_back_to_the_theme(
    built: Path, rebuild, tmp_path: Path
) -> None:
    template = override(built, "section.html")
    add_before_last_endblock(template, "<p>Section note</p>")
    rebuild()
    template.unlink()
    _, again = rebuild()
    assert "Section note" not in (built / "output/news/index.html").read_text(encoding="utf-8")
    assert len(again) == 3
    assert_same_as_clean(built, tmp_path)


def test_site_title_change_rerenders_everything_and_rewrites_what_changed(
    built: Path, edit, tmp_path: Path
) -> None:
    watch, result, again = edit("site.yaml", "Test Times", "Test Tribune")
    assert (result.rendered, result.reused) == (result.pages, 0)
    assert len(again) == result.pages
    changed = watch.changed()
    assert ARTICLE_PAGES | {"index.html", "feed.xml"} <= changed
    assert "robots.txt" not in changed  # same bytes: left alone
    assert watch.touched() == changed
    assert result.written == len(changed)
    assert_same_as_clean(built, tmp_path)


def test_per_page_change_repaginates(built: Path, tmp_path: Path) -> None:
    replace_in(built / "site.yaml", "per_page: 2", "per_page: 20")
    result = build_site(built)
    assert result.ok, result.errors
    assert not (built / "output/news/page/2/index.html").exists()
    assert result.removed >= 1
    assert_same_as_clean(built, tmp_path)


def test_theme_template_and_static_file_changes(site: Path, rebuild, tmp_path: Path) -> None:
    theme = site / "themes/local"
    write_tree(
        theme,
        "-- theme.yaml --\nparent: default\n-- static/extra.css --\nbody { color: black }\n",
    )
    (theme / "templates").mkdir()
    shutil.copyfile(CHECKOUT / "default/templates/tag.html", theme / "templates/tag.html")
    replace_in(site / "site.yaml", "per_page: 2", "per_page: 2\ntheme: local")
    settle(site)
    rebuild()
    add_before_last_endblock(theme / "templates/tag.html", "<p>Tag note</p>")
    watch = Watch(site)
    _, again = rebuild()
    tag_pages = {"tags/floods/index.html", "tags/budget/index.html", "tags/football/index.html"}
    assert again == tag_pages
    assert watch.touched() == tag_pages
    replace_in(theme / "static/extra.css", "black", "navy")
    watch = Watch(site)
    result, again = rebuild()
    assert again == set()
    assert watch.touched() == {"static/extra.css"}
    assert result.written == 1
    assert_same_as_clean(site, tmp_path)


def test_image_beside_an_article_is_copied_updated_and_removed(
    built: Path, rebuild, tmp_path: Path
) -> None:
    image = built / "content/news/photo.gif"
    rewrite(image, "PNG one")
    result, again = rebuild()
    assert (again, result.written) == (set(), 1)
    assert (built / "output/news/photo.gif").read_text() == "PNG one"
    rewrite(image, "PNG two")
    result, again = rebuild()
    assert (again, result.written) == (set(), 1)
    assert (built / "output/news/photo.gif").read_text() == "PNG two"
    image.unlink()
    result, again = rebuild()
    assert (again, result.written, result.removed) == (set(), 0, 1)
    assert not (built / "output/news/photo.gif").exists()
    assert_same_as_clean(built, tmp_path)


def test_deleted_article_is_removed_with_its_pages(built: Path, tmp_path: Path) -> None:
    (built / "content/sport/final.md").unlink()
    result = build_site(built)
    assert result.ok, result.errors
    assert result.removed >= 4  # its page, the sport section and feed, its tag and author pages
    for gone in ("sport/final/index.html", "sport/index.html", "tags/football/index.html"):
        assert not (built / "output" / gone).exists()
    assert not (built / "output/sport").exists()  # emptied folders go too
    assert_same_as_clean(built, tmp_path)


def test_renamed_article_moves(built: Path, tmp_path: Path) -> None:
    (built / "content/news/bridge.md").rename(built / "content/news/bridge-works.md")
    result = build_site(built)
    assert result.ok, result.errors
    assert (built / "output/news/bridge-works/index.html").is_file()
    assert not (built / "output/news/bridge").exists()
    assert_same_as_clean(built, tmp_path)


def test_draft_toggle(built: Path, tmp_path: Path) -> None:
    path = built / "content/news/council.md"
    replace_in(path, "headline:", "draft: true\nheadline:")
    result = build_site(built)
    assert (result.ok, result.held_back) == (True, 1)
    assert not (built / "output/news/council").exists()
    assert_same_as_clean(built, tmp_path)
    replace_in(path, "draft: true\n", "")
    result = build_site(built)
    assert (result.ok, result.held_back) == (True, 0)
    assert (built / "output/news/council/index.html").is_file()
    assert_same_as_clean(built, tmp_path)


def test_parse_setting_change_reparses(built: Path, tmp_path: Path) -> None:
    """site.yaml keys that parsing depends on (timezone, disclaimer) re-parse every article."""
    replace_in(built / "site.yaml", "per_page: 2", "per_page: 2\ndisclaimer: Opinions vary.")
    result = build_site(built)
    assert result.ok, result.errors
    assert result.parsed == 4
    assert_same_as_clean(built, tmp_path)


def test_failed_build_keeps_output_and_cache_usable(built: Path, tmp_path: Path) -> None:
    watch = Watch(built)
    path = built / "content/news/flood.md"
    good = path.read_text(encoding="utf-8")
    rewrite(path, good.replace("headline: Harbour wall breached\n", ""))
    result = build_site(built)
    assert not result.ok
    assert watch.touched() == set()
    rewrite(path, good.replace("at dawn", "at noon"))
    result = build_site(built)
    assert result.ok, result.errors
    assert result.parsed == 1
    assert_same_as_clean(built, tmp_path)


# --- parallel workers ----------------------------------------------------------------------


def workers(result: BuildResult) -> tuple[int, int]:
    """The processes that parsed and rendered (1: the build's own; 0: nothing to do)."""
    assert result.ok, result.errors
    return result.report.parse_workers, result.report.render_workers


def test_output_is_the_same_whatever_the_number_of_workers(site: Path, tmp_path: Path) -> None:
    options = BuildOptions(site=site, cache=False, now=NOW, parallel_from=2)
    one = build(replace(options, out=tmp_path / "one", jobs=1))
    assert workers(one) == (1, 1)
    two = build(replace(options, out=tmp_path / "two", jobs=2))
    assert workers(two) == (2, 2)  # parse and render both used workers
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert (one.pages, one.files) == (two.pages, two.files)


def test_few_files_and_pages_are_done_in_the_build_process(site: Path) -> None:
    assert workers(build_site(site, jobs=2, cache=False)) == (1, 1)
    assert workers(build_site(site, jobs=2, parallel_from=100)) == (1, 1)


def test_incremental_builds_with_workers_match_clean_builds(site: Path, tmp_path: Path) -> None:
    assert workers(build_site(site, jobs=2, parallel_from=2)) == (2, 2)
    replace_in(site / "content/news/flood.md", "evacuated", "rescued")
    replace_in(site / "content/news/council.md", "Council meets", "Council convenes")
    assert workers(build_site(site, jobs=2, parallel_from=2)) == (2, 2)
    assert_same_as_clean(site, tmp_path)
    # bodies come from the cache, read in the worker processes
    add_before_last_endblock(override(site, "article.html"), "<p>Article note</p>")
    result = build_site(site, jobs=2, parallel_from=2)
    assert workers(result) == (0, 2)
    assert (result.parsed, result.rendered) == (0, 4)
    assert_same_as_clean(site, tmp_path)


def test_jobs_default_to_the_number_of_cores(tmp_path: Path) -> None:
    assert BuildOptions(site=tmp_path).workers == (os.cpu_count() or 1)
    assert BuildOptions(site=tmp_path, jobs=3).workers == 3


def test_cli_passes_jobs_and_no_cache(site: Path, capsys: pytest.CaptureFixture) -> None:
    args = parser().parse_args(["build", str(site), "-j", "3", "--no-cache"])
    assert (args.jobs, args.no_cache) == (3, True)
    assert main(["build", str(site), "-j", "3", "--no-cache"]) == 0
    assert not (site / CACHE_DIR / DB).exists()


# --- CLI summary ---------------------------------------------------------------------------

SUMMARY = re.compile(
    r"\((\d+) pages rendered, (\d+) reused; (\d+) written, (\d+) removed\) in [\d.]+ s -> "
)


def cli_counts(site: Path, capsys: pytest.CaptureFixture) -> tuple[int, int, int, int]:
    assert main(["build", str(site)]) == 0
    out = capsys.readouterr().out
    match = SUMMARY.search(out)
    assert match, out
    return tuple(int(n) for n in match.groups())


def test_cli_summary_counts_rendered_reused_and_removed(
    site: Path, capsys: pytest.CaptureFixture
) -> None:
    config = site / "site.yaml"  # (the CLI always indexes: a site without search counts pages)
    config.write_text(config.read_text() + "search: false\n")
    rendered, reused, written, removed = cli_counts(site, capsys)
    pages = rendered
    assert (reused, removed) == (0, 0)
    assert written > pages  # pages and the style sheet
    assert cli_counts(site, capsys) == (0, pages, 0, 0)
    replace_in(site / "content/news/flood.md", "evacuated", "evacuatd")
    assert cli_counts(site, capsys) == (4, pages - 4, 4, 0)
    (site / "content/sport/final.md").unlink()
    rendered, reused, written, removed = cli_counts(site, capsys)
    assert removed >= 4
    assert rendered + reused < pages


# --- the writer: interrupted updates -------------------------------------------------------


class FailingJournal(Journal):
    """The journal, failing like a full disk after `calls` files moved in (a killed build)."""

    def __init__(self, calls: int) -> None:
        self.calls = calls

    def move(self, source: Path, target: Path) -> None:
        if self.calls == 0:
            raise OSError(28, "No space left on device (simulated)")
        self.calls -= 1
        super().move(source, target)


@pytest.mark.parametrize("calls", [0, 1, 3])
def test_interrupted_update_is_rolled_back_then_completed(
    built: Path, tmp_path: Path, calls: int
) -> None:
    out = built / "output"
    work = work_dir(built, out)
    before = snapshot(out)
    replace_in(built / "content/news/council.md", "Council meets", "Council convenes")
    (built / "content/sport/final.md").unlink()  # removals are journaled too
    with pytest.raises(OSError, match="simulated"):
        build_site(built, commit=FailingJournal(calls))
    assert (journal_dir(work) / "plan.json").is_file()
    assert snapshot(out) != before or calls == 0
    assert recover(out, work) is True  # what the next build does first
    assert snapshot(out) == before
    assert not journal_dir(work).exists()
    with pytest.raises(OSError, match="simulated"):
        build_site(built, commit=FailingJournal(calls))
    result = build_site(built, commit="journal")  # rolls back by itself, then updates
    assert result.ok, result.errors
    assert not journal_dir(work).exists()
    assert not (out / "sport/final").exists()
    assert_same_as_clean(built, tmp_path)


def build_killed_before_saving(site: Path, *files: Path) -> None:
    """A build of `site` whose output is committed, but that is killed before it saves
    `files`: they are left as they were before it (a SQLite transaction never committed)."""
    before = {f: f.read_bytes() for f in files}
    assert build_site(site).ok
    for path, data in before.items():
        for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)
        path.write_bytes(data)


def test_build_killed_before_the_manifest_is_written_recovers(built: Path, tmp_path: Path) -> None:
    replace_in(built / "content/news/council.md", "Council meets", "Council convenes")
    (built / "content/sport/final.md").unlink()
    build_killed_before_saving(
        built, manifest_file(built, built / "output"), built / CACHE_DIR / DB
    )
    result = build_site(built)
    assert result.ok, result.errors
    assert_same_as_clean(built, tmp_path)
    assert build_site(built).written == 0


def test_killed_before_the_cache_is_saved_recovers(built: Path, tmp_path: Path) -> None:
    replace_in(built / "content/news/flood.md", "evacuated", "rescued")
    build_killed_before_saving(built, built / CACHE_DIR / DB)
    replace_in(built / "content/news/bridge.md", "in spring", "in summer")
    result = build_site(built)
    assert result.ok, result.errors
    assert_same_as_clean(built, tmp_path)
