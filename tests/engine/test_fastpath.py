"""The no-change fast path: a build that finds nothing changed answers from its record, and every
way an input can change, appear or vanish (content, site.yaml, the theme chain and its folders,
the code, the options, the output folder, the passing of time) is a build again, whose output
is a clean build's.

Files are settled in the past, and each change moves a file's mtime by a second (`rewrite`):
the size and time stamp are what the record compares.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import NOW, build_site, md, snapshot, write_tree
from helpers import (
    SECOND,
    assert_same_as_clean,
    make_site,
    replace_in,
    rewrite,
    settle,
    stories,
)

from generator.build import BuildResult
from generator.core.layout import CACHE_DIR, CHECKOUT, PACKAGE
from generator.engine.engine import manifest_file
from generator.engine.store import DB

SITE = (
    "-- site.yaml --\ntitle: Test Times\nbase_url: https://example.org/\nper_page: 2\n"
    + stories()
    + "-- content/news/wall.gif --\njpeg\n"
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", SITE)


def build_ok(site: Path, **options) -> BuildResult:
    result = build_site(site, **options)
    assert result.ok, result.errors
    return result


@pytest.fixture
def warm(site: Path) -> Path:
    """The site built, and built again: the second build was answered from the record."""
    first = build_ok(site)
    assert not first.report.quick
    assert build_ok(site).report.quick
    return site


def assert_rebuilt(site: Path, tmp_path: Path, **options) -> BuildResult:
    """A build that is not answered from the record, whose output is a clean build's, after
    which nothing changed is answered from the record again."""
    result = build_ok(site, **options)
    assert not result.report.quick
    if not options:
        assert_same_as_clean(site, tmp_path)
    assert build_ok(site, **options).report.quick
    return result


def copy_default_theme(target: Path, marker: str) -> None:
    """The packaged theme copied to `target`, its article template marked with `marker`."""
    shutil.copytree(CHECKOUT / "default", target)
    article = target / "templates/article.html"
    text = article.read_text(encoding="utf-8")
    head, mark, tail = text.rpartition("{% endblock %}")
    article.write_text(f"{head}<p>{marker}</p>\n{mark}{tail}", encoding="utf-8")


def article_page(site: Path) -> str:
    return (site / "output/news/flood/index.html").read_text(encoding="utf-8")


# --- nothing changed -----------------------------------------------------------------------


def test_nothing_changed_is_answered_from_the_record(site: Path) -> None:
    first = build_ok(site)
    before = snapshot(site / "output")
    again = build_ok(site)
    assert again.report.quick
    fields = ("articles", "sections", "held_back", "files", "pages", "warnings", "out")
    assert [getattr(again, f) for f in fields] == [getattr(first, f) for f in fields]
    assert (again.written, again.unchanged, again.rendered) == (0, first.files, 0)
    assert snapshot(site / "output") == before


def test_warnings_are_given_again(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", "-- site.yaml --\ntitle: T\n" + stories("news/flood.md"))
    first = build_ok(site)
    assert first.warnings  # no base_url
    again = build_ok(site)
    assert again.report.quick and again.warnings == first.warnings


# --- content and site.yaml ---------------------------------------------------------------


def test_site_yaml_edit(warm: Path, tmp_path: Path) -> None:
    replace_in(warm / "site.yaml", "Test Times", "Test Tides")  # the same size
    assert_rebuilt(warm, tmp_path)
    assert "Test Tides" in article_page(warm)


def test_article_edit_of_the_same_size(warm: Path, tmp_path: Path) -> None:
    replace_in(warm / "content/news/flood.md", "at dawn", "at dusk")
    assert_rebuilt(warm, tmp_path)
    assert "at dusk" in article_page(warm)


def test_article_added_and_removed(warm: Path, tmp_path: Path) -> None:
    rewrite(warm / "content/news/tide.md", md("Tide turns"))
    assert_rebuilt(warm, tmp_path)
    assert (warm / "output/news/tide/index.html").is_file()
    (warm / "content/news/tide.md").unlink()
    assert_rebuilt(warm, tmp_path)
    assert not (warm / "output/news/tide").exists()


def test_asset_changed_and_removed(warm: Path, tmp_path: Path) -> None:
    rewrite(warm / "content/news/wall.gif", "JPEG\n")
    assert_rebuilt(warm, tmp_path)
    assert (warm / "output/news/wall.gif").read_text() == "JPEG\n"
    (warm / "content/news/wall.gif").unlink()
    assert_rebuilt(warm, tmp_path)
    assert not (warm / "output/news/wall.gif").exists()


def test_a_new_warning_of_the_scan(warm: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (warm / "content/linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = assert_rebuilt(warm, tmp_path)
    assert any("content/linked" in w for w in result.warnings)
    assert any("content/linked" in w for w in build_ok(warm).warnings)


def test_same_size_rewrite_just_before_the_build_is_seen(site: Path, tmp_path: Path) -> None:
    """A file written just before a build began, then again with the same size in the same
    tick of a coarse clock (same mtime): neither the record nor the cache trusts its stamp."""
    path = site / "content/news/flood.md"
    build_ok(site)
    tick = time.time_ns() - SECOND // 2
    os.utime(path, ns=(tick, tick))
    build_ok(site)
    path.write_text(path.read_text(encoding="utf-8").replace("at dawn", "at dusk"))
    os.utime(path, ns=(tick, tick))
    result = build_ok(site)
    assert not result.report.quick and result.parsed == 1
    assert "at dusk" in article_page(site)
    assert_same_as_clean(site, tmp_path)


# --- the theme chain -----------------------------------------------------------------------


def test_site_template_added_then_removed(warm: Path, tmp_path: Path) -> None:
    template = warm / "templates/article.html"
    template.parent.mkdir()
    shutil.copyfile(CHECKOUT / "default/templates/article.html", template)
    settle(template.parent)
    replace_in(template, "{% endblock %}", "<p>Override</p>{% endblock %}")
    assert_rebuilt(warm, tmp_path)
    assert "Override" in article_page(warm)
    template.unlink()
    assert_rebuilt(warm, tmp_path)
    assert "Override" not in article_page(warm)


def test_site_static_file_added(warm: Path, tmp_path: Path) -> None:
    rewrite(warm / "static/extra.css", "p {}\n")
    assert_rebuilt(warm, tmp_path)
    assert (warm / "output/static/extra.css").is_file()


def test_a_site_theme_folder_that_takes_the_packaged_themes_place(
    warm: Path, tmp_path: Path
) -> None:
    """`themes/default` in the site comes before the packaged theme of that name: its
    appearance changes the chain, though no file the last build read changed."""
    copy_default_theme(warm / "themes/default", "Site theme")
    settle(warm / "themes")
    assert_rebuilt(warm, tmp_path)
    assert "Site theme" in article_page(warm)
    shutil.rmtree(warm / "themes/default")
    assert_rebuilt(warm, tmp_path)
    assert "Site theme" not in article_page(warm)


def test_parent_theme_changed(tmp_path: Path) -> None:
    spec = SITE.replace("per_page: 2\n", "per_page: 2\ntheme: mine\n")
    site = make_site(tmp_path / "site", spec + "-- themes/mine/theme.yaml --\nparent: aaa\n")
    copy_default_theme(site / "themes/aaa", "Parent A")
    copy_default_theme(site / "themes/bbb", "Parent B")
    settle(site / "themes")
    build_ok(site)
    assert build_ok(site).report.quick
    assert "Parent A" in article_page(site)
    rewrite(site / "themes/mine/theme.yaml", "parent: bbb\n")
    assert_rebuilt(site, tmp_path)
    assert "Parent B" in article_page(site)


def test_translation_files_added_and_edited(warm: Path, tmp_path: Path) -> None:
    """A site's `i18n/` file is a build input: its appearance and each edit are seen (and
    the pages take the new words), as is an edit to the translation file of a site theme."""
    rewrite(warm / "i18n/en.yaml", "published: First seen\n")
    assert_rebuilt(warm, tmp_path)
    assert "First seen" in article_page(warm)
    replace_in(warm / "i18n/en.yaml", "First", "Fresh")  # the same size
    assert_rebuilt(warm, tmp_path)
    assert "Fresh seen" in article_page(warm)
    (warm / "i18n/en.yaml").unlink()
    copy_default_theme(warm / "themes/default", "Site theme")
    settle(warm / "themes")
    assert_rebuilt(warm, tmp_path)
    replace_in(warm / "themes/default/i18n/en.yaml", "Published", "Publishex")
    assert_rebuilt(warm, tmp_path)
    assert "Publishex" in article_page(warm)


# --- options, output folder, time, cache, code ---------------------------------------------


def test_options_that_change_the_output(warm: Path, tmp_path: Path) -> None:
    assert not build_ok(warm, drafts=True).report.quick
    assert not build_ok(warm, base_url="https://example.net/").report.quick
    other = build_ok(warm, out=tmp_path / "elsewhere")
    assert not other.report.quick and (tmp_path / "elsewhere/index.html").is_file()
    assert build_ok(warm, out=tmp_path / "elsewhere").report.quick
    assert not build_ok(warm).report.quick  # the record is of the last build's folder
    assert build_ok(warm).report.quick


def test_a_clean_build_or_one_without_cache_is_not_answered(warm: Path) -> None:
    assert not build_ok(warm, clean=True).report.quick
    assert not build_ok(warm, cache=False).report.quick


def test_output_folder_or_its_record_removed(warm: Path, tmp_path: Path) -> None:
    shutil.rmtree(warm / "output")
    assert_rebuilt(warm, tmp_path)
    manifest_file(warm, warm / "output").unlink()
    assert_rebuilt(warm, tmp_path)


def test_the_date_of_a_scheduled_article_arrives(warm: Path, tmp_path: Path) -> None:
    rewrite(warm / "content/news/soon.md", md("Soon", date="2026-11-25T13:00:00Z"))
    assert not build_ok(warm).report.quick
    assert build_ok(warm).report.quick
    assert not (warm / "output/news/soon").exists()
    later = NOW + timedelta(hours=2)
    result = build_ok(warm, now=later)
    assert not result.report.quick
    assert (warm / "output/news/soon/index.html").is_file()
    assert build_ok(warm, now=later).report.quick


def test_a_build_earlier_than_the_record_is_not_answered(warm: Path) -> None:
    assert not build_ok(warm, now=NOW - timedelta(hours=1)).report.quick


def test_damaged_cache_with_nothing_changed(warm: Path, tmp_path: Path) -> None:
    (warm / CACHE_DIR / DB).write_bytes(bytes(range(256)) * 64)
    result = build_ok(warm)
    assert not result.report.quick and len(result.notes) == 1
    assert_same_as_clean(warm, tmp_path)


BUILD = """
import sys
from pathlib import Path
from generator.build import BuildOptions, build
import generator
assert generator.__file__.startswith(sys.argv[2]), generator.__file__
result = build(BuildOptions(site=Path(sys.argv[1])))
print("quick" if result.report.quick else "built" if result.ok else result.errors)
"""


def test_other_code_is_not_answered_from_the_record(site: Path, tmp_path: Path) -> None:
    """A module of the package changed since the record was made: its build does not trust
    it (its model, or what it writes, may differ)."""
    copy = tmp_path / "copy"
    shutil.copytree(PACKAGE, copy / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "themes").symlink_to(CHECKOUT)
    settle(copy)

    def run() -> str:
        env = {**os.environ, "PYTHONPATH": str(copy)}
        args = [sys.executable, "-c", BUILD, str(site), str(copy)]
        done = subprocess.run(args, env=env, cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert [run(), run()] == ["built", "quick"]
    module = copy / "generator/pages/feeds.py"
    stamp = module.stat().st_mtime_ns + SECOND
    os.utime(module, ns=(stamp, stamp))
    assert [run(), run()] == ["built", "quick"]


def test_a_failed_scan_is_reported_by_the_build(warm: Path) -> None:
    write_tree(warm, "-- site.yaml --\nnonsense: 1\n")
    (warm / "content/news/\x01bad.md").write_text(md("Bad"))
    result = build_site(warm)
    assert not result.ok and not result.report.quick
    assert str(result.errors[0]).startswith("site.yaml"), result.errors  # the build's order


# --- pages deleted from the output folder by hand ------------------------------------------


def test_a_page_deleted_by_hand_is_written_again_by_the_next_build_with_work(
    warm: Path, tmp_path: Path
) -> None:
    """Each build with work to do looks for every page it would reuse: one deleted by hand,
    whatever else changed, is rendered again."""
    (warm / "output/sport/final/index.html").unlink()
    replace_in(warm / "content/news/flood.md", "at dawn", "at dusk")
    result = build_ok(warm)
    assert set(result.report.rendered) >= {"news/flood/index.html", "sport/final/index.html"}
    assert_same_as_clean(warm, tmp_path)


def test_a_page_deleted_by_hand_is_written_again_by_a_clean_build(
    warm: Path, tmp_path: Path
) -> None:
    (warm / "output/sport/final/index.html").unlink()
    result = build_ok(warm, clean=True)
    assert result.report.rendered == ("sport/final/index.html",)
    assert_same_as_clean(warm, tmp_path)
