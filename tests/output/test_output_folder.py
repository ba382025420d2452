"""The output folder: replaced whole or not at all, stale pages removed, foreign files kept,
dangerous folders refused, and nothing written elsewhere; the change set the writer computes,
and the commit strategies it can be told to use."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import add, build_site, error_lines, md, snapshot

from generator.build import BuildOptions, build
from generator.engine.engine import work_dir
from generator.output.changes import change_set
from generator.output.commit import Staged
from generator.output.journal import Journal
from generator.output.writer import choose


def test_failed_build_leaves_previous_output_as_it_was(site: Path) -> None:
    add(site, "a.md", md("A"))
    add(site, "b.md", md("B"))
    assert build_site(site).ok
    before = snapshot(site / "output")
    add(site, "b.md", md("B changed"))
    add(site, "c.md", "broken\n")
    assert not build_site(site).ok
    assert snapshot(site / "output") == before


def test_failed_config_leaves_previous_output_as_it_was(site: Path) -> None:
    add(site, "a.md", md("A"))
    assert build_site(site).ok
    before = snapshot(site / "output")
    (site / "site.yaml").write_text("title: T\nnonsense: 1\n")
    assert not build_site(site).ok
    assert snapshot(site / "output") == before


def test_deleted_article_page_does_not_survive(site: Path) -> None:
    add(site, "news/a.md", md("A"))
    gone = add(site, "news/b.md", md("B", tags=["only-b"]))
    assert build_site(site).ok
    assert (site / "output/news/b/index.html").is_file()
    gone.unlink()
    result = build_site(site)
    assert result.ok
    assert not (site / "output/news/b").exists()
    assert not (site / "output/tags/only-b").exists()
    assert (site / "output/news/a/index.html").is_file()


def test_renamed_slug_removes_the_old_page(site: Path) -> None:
    add(site, "a.md", md("A"))
    build_site(site)
    add(site, "a.md", md("A", slug="new-name"))
    build_site(site)
    assert not (site / "output/a").exists()
    assert (site / "output/new-name/index.html").is_file()


def test_deleted_content_file_is_removed(site: Path) -> None:
    add(site, "a.md", md("A"))
    pdf = add(site, "report.pdf", b"%PDF")
    build_site(site)
    pdf.unlink()
    build_site(site)
    assert not (site / "output/report.pdf").exists()


def test_files_not_written_by_masthead_are_kept(site: Path) -> None:
    add(site, "a.md", md("A"))
    assert build_site(site).ok
    (site / "output/CNAME").write_text("news.example.org\n")
    (site / "output/.well-known").mkdir()
    (site / "output/.well-known/security.txt").write_text("Contact: x\n")
    add(site, "b.md", md("B"))
    assert build_site(site).ok
    assert build_site(site).ok
    assert (site / "output/CNAME").read_text() == "news.example.org\n"
    assert (site / "output/.well-known/security.txt").read_text() == "Contact: x\n"
    assert (site / "output/b/index.html").is_file()


def test_files_in_an_existing_output_folder_are_kept_on_first_build(site: Path) -> None:
    (site / "output").mkdir()
    (site / "output/keep.txt").write_text("mine")
    add(site, "a.md", md("A"))
    assert build_site(site).ok
    assert (site / "output/keep.txt").read_text() == "mine"


def test_rebuild_without_changes_keeps_every_page(site: Path) -> None:
    add(site, "a.md", md("A"))
    build_site(site)
    before = snapshot(site / "output")
    result = build_site(site)
    assert result.ok
    assert snapshot(site / "output") == before


@pytest.mark.parametrize(
    "out",
    [
        ".",
        "content",
        "content/output",
        "..",
        "/",
    ],
)
def test_dangerous_output_folder_is_refused(site: Path, out: str) -> None:
    add(site, "a.md", md("A"))
    target = Path(out) if out == "/" else site / out
    before = snapshot(site)
    result = build(BuildOptions(site=site, out=target))
    assert not result.ok
    [line] = error_lines(result)
    assert "refused" in line
    assert snapshot(site) == before
    assert not (site / "content/output").exists()


def test_output_folder_given_relative_to_the_site_parent_is_refused(
    tmp_path: Path, monkeypatch
) -> None:
    site = tmp_path / "paper"
    add(site, "a.md", md("A"))
    (site / "site.yaml").write_text("title: T\n")
    monkeypatch.chdir(site)
    result = build(BuildOptions(site=Path("."), out=Path("..")))
    assert not result.ok
    assert "refused" in error_lines(result)[0]


def test_output_folder_elsewhere_is_fine(tmp_path: Path) -> None:
    site = tmp_path / "paper"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\n")
    add(site, "a.md", md("A"))
    result = build_site(site, out=tmp_path / "public")
    assert result.ok, error_lines(result)
    assert (tmp_path / "public/a/index.html").is_file()
    assert not (site / "output").exists()


def test_nothing_is_written_outside_the_output_folder(tmp_path: Path) -> None:
    site = tmp_path / "paper"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text("title: T\n")
    add(site, "a.md", md("A", body="![x](x.gif)"))
    add(site, "x.gif", b"png")
    out = tmp_path / "public"
    before = snapshot(tmp_path)
    assert build_site(site, out=out).ok
    add(site, "b.md", md("B"))
    before["paper/content/b.md"] = (site / "content/b.md").read_bytes()
    assert build_site(site, out=out).ok
    after = {
        path: data
        for path, data in snapshot(tmp_path).items()
        if not path.startswith(("public/", "paper/.masthead-cache/"))
    }
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper", "public"]


def test_failed_build_leaves_no_staging_folder(site: Path) -> None:
    add(site, "a.md", md("A"))
    build_site(site)
    add(site, "b.md", "broken\n")
    build_site(site)
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".output")) == []


# --- the change set --------------------------------------------------------------------------


def test_change_set_writes_new_and_changed_keeps_the_same_removes_the_rest() -> None:
    before = {"index.html": "h1", "a/index.html": "h2", "gone/index.html": "h3", "x.css": "h4"}
    after = {"index.html": "h1", "a/index.html": "h9", "b/index.html": "h5", "x.css": "h4"}
    changes = change_set(before, after)
    assert changes.write == {"a/index.html": "h9", "b/index.html": "h5"}
    assert changes.keep == {"index.html": "h1", "x.css": "h4"}
    assert changes.remove == ("gone/index.html",)
    assert changes.record == after
    assert change_set(after, after).write == {} and change_set({}, after).write == after


# --- commit strategies ---------------------------------------------------------------------


def three_builds(site: Path, commit: str) -> list[int]:
    """A first build, an edit and a removal, each committed by `commit`; the output folder's
    inode after each, and the output equal to a clean build's."""
    add(site, "news/a.md", md("A"))
    add(site, "news/b.md", md("B"))
    inodes = []
    for step in range(3):
        if step == 1:
            add(site, "news/a.md", md("A, revised"))
        if step == 2:
            (site / "content/news/b.md").unlink()
        result = build_site(site, commit=commit)
        assert result.ok, result.errors
        inodes.append(os.stat(site / "output").st_ino)
    clean = site.parent / "clean"
    assert build_site(site, out=clean, cache=False).ok
    assert snapshot(site / "output") == snapshot(clean)
    return inodes


def test_the_exchange_swaps_the_output_folder(site: Path) -> None:
    first, edited, removed = three_builds(site, "exchange")
    assert first != edited != removed  # each commit exchanged the folder with the shadow
    assert (work_dir(site, site / "output") / "shadow.ok").is_file()


def test_the_journal_writes_into_the_output_folder(site: Path) -> None:
    assert len(set(three_builds(site, "journal"))) == 1
    work = work_dir(site, site / "output")
    assert not (work / "shadow").exists() and not (work / "journal").exists()


def test_rename_puts_a_first_build_in_place_and_refuses_an_existing_folder(site: Path) -> None:
    add(site, "a.md", md("A"))
    assert build_site(site, commit="rename").ok
    assert (site / "output/a/index.html").is_file()
    assert not (work_dir(site, site / "output") / "shadow").exists()
    before = snapshot(site / "output")
    add(site, "a.md", md("A, revised"))
    [line] = error_lines(build_site(site, commit="rename"))
    assert line.startswith(f"{site / 'output'}: exists: the 'rename' commit puts only a first")
    assert snapshot(site / "output") == before


def test_an_unknown_strategy_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown commit strategy 'swap'"):
        choose("swap")


@dataclass
class Recording(Journal):
    """The journal, noting what each commit was given."""

    given: list[Staged] = field(default_factory=list)

    def commit(self, staged: Staged) -> None:
        self.given.append(staged)
        super().commit(staged)


def test_a_strategy_is_given_only_what_changed(site: Path) -> None:
    add(site, "news/a.md", md("A"))
    add(site, "news/b.md", md("B", tags=["only-b"]))
    assert build_site(site).ok
    (site / "output/CNAME").write_text("news.example.org\n")
    add(site, "news/a.md", md("A, revised"))
    (site / "content/news/b.md").unlink()
    recording = Recording()
    assert build_site(site, commit=recording).ok
    [staged] = recording.given
    assert "news/a/index.html" in dict(staged.changed)
    assert "news/b/index.html" in staged.removed and "tags/only-b/index.html" in staged.removed
    assert "CNAME" not in staged.removed and "static/style.css" not in dict(staged.changed)
    assert all(path.is_relative_to(staged.root) for _, path in staged.changed)
