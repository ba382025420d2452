"""`masthead import` on the command line: --dry-run writes nothing, a non-empty SITE_DIR is
refused unless --merge, a merge never overwrites a file, SOURCE is never written to."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import snapshot, write_tree
from sources import JEKYLL

from generator.cli import main


@pytest.fixture
def source(tmp_path: Path) -> Path:
    write_tree(tmp_path / "blog", JEKYLL)
    return tmp_path / "blog"


def test_dry_run_prints_the_report_and_writes_nothing(source: Path, tmp_path: Path, capsys) -> None:
    before = snapshot(source)
    assert main(["import", "jekyll", str(source), str(tmp_path / "new"), "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "Dry run (--dry-run): nothing was written." in printed.splitlines()
    assert "- articles: 6 (drafts: 2, scheduled: 0)" in printed.splitlines()
    assert not (tmp_path / "new").exists()
    assert snapshot(source) == before


def test_a_non_empty_site_dir_is_refused(source: Path, tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    write_tree(site, "-- notes.txt --\nmine\n")
    assert main(["import", "jekyll", str(source), str(site)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"error: {site}: is not empty: give a new or empty folder, or add --merge to add to it "
        "(no existing file is overwritten)\n"
    )
    assert snapshot(site) == {"notes.txt": b"mine\n"}


def test_merge_adds_files_and_overwrites_none(source: Path, tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    write_tree(site, "-- site.yaml --\ntitle: Mine\n-- content/weather/flood.md --\nmine\n")
    assert main(["import", "jekyll", str(source), str(site), "--merge"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert (site / "site.yaml").read_text() == "title: Mine\n"
    assert (site / "content/weather/flood.md").read_text() == "mine\n"
    assert (site / "content/weather/storm-warning.md").is_file()
    assert "- site.yaml: already exists: kept as it was, not overwritten (--merge)" in printed
    assert (
        "- content/weather/flood.md: already exists: kept as it was, not overwritten (--merge)"
    ) in printed
    assert (site / "import-report.md").read_text().splitlines() == printed[:-1]


def test_a_site_dir_inside_source_is_refused(source: Path, capsys) -> None:
    before = snapshot(source)
    assert main(["import", "jekyll", str(source), str(source / "new")]) == 1
    assert "is inside SOURCE: import never writes into the source" in capsys.readouterr().err
    assert snapshot(source) == before


def test_a_folder_that_is_no_jekyll_site_is_one_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["import", "jekyll", str(tmp_path / "empty"), str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "no posts found: is this a Jekyll site with _posts/?" in err
    assert not (tmp_path / "site").exists()


def test_categories_option(source: Path, tmp_path: Path, capsys) -> None:
    site = tmp_path / "site"
    assert main(["import", "jekyll", str(source), str(site), "--categories", "tags"]) == 0
    assert "- categories -> tags: 3" in capsys.readouterr().out.splitlines()
    assert (site / "content/storm-warning.md").is_file()
