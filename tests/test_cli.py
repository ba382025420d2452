"""The `masthead` command line: build and new."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import add, hrefs, md, parse_html, write_tree

from generator.cli import main

SUMMARY = re.compile(
    r"built (?P<articles>\d+) articles.* in (?P<sections>\d+) sections: (?P<pages>\d+) files "
    r"\((?P<rendered>\d+) pages rendered, (?P<reused>\d+) reused; (?P<written>\d+) written, "
    r"(?P<removed>\d+) removed\) in \d+\.\d+ s"
)


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    write_tree(tmp_path, "-- site.yaml --\ntitle: T\n")
    add(tmp_path, "news/a.md", md("A", date="2026-01-05"))
    add(tmp_path, "business/b.md", md("B", date="2026-01-06"))
    return tmp_path


def test_build_prints_a_summary_and_exits_zero(paper: Path, capsys) -> None:
    assert main(["build", str(paper)]) == 0
    out = capsys.readouterr().out
    summary = SUMMARY.search(out)
    assert summary, out
    assert (summary["articles"], summary["sections"]) == ("2", "2")
    assert int(summary["written"]) == int(summary["pages"]) > 2
    assert (paper / "output/news/a/index.html").is_file()


def test_build_defaults_to_the_current_folder(paper: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(paper)
    assert main(["build"]) == 0
    assert (paper / "output/index.html").is_file()


def test_build_into_another_folder(paper: Path, tmp_path_factory, capsys) -> None:
    out = tmp_path_factory.mktemp("public")
    assert main(["build", str(paper), "-o", str(out)]) == 0
    assert (out / "news/a/index.html").is_file()
    assert not (paper / "output").exists()


def test_build_error_exits_non_zero_and_prints_the_located_error(paper: Path, capsys) -> None:
    add(paper, "news/bad.md", "---\nheadline: X\ndate: whenever\n---\n")
    assert main(["build", str(paper)]) != 0
    err = capsys.readouterr().err
    assert "content/news/bad.md:3: 'date' is not a date" in err
    assert not (paper / "output").exists()


def test_build_without_site_yaml_fails(tmp_path: Path, capsys) -> None:
    assert main(["build", str(tmp_path)]) != 0
    assert "site.yaml" in capsys.readouterr().err


def test_build_with_unknown_theme_fails(paper: Path, capsys) -> None:
    (paper / "site.yaml").write_text("title: T\ntheme: nope\n")
    assert main(["build", str(paper)]) != 0
    assert "nope" in capsys.readouterr().err


def test_build_refuses_the_site_folder_as_output(paper: Path, capsys) -> None:
    assert main(["build", str(paper), "-o", str(paper)]) != 0
    assert "refused" in capsys.readouterr().err


def test_drafts_flag(paper: Path, capsys) -> None:
    add(paper, "news/d.md", md("D", draft=True))
    assert main(["build", str(paper)]) == 0
    assert "held back" in capsys.readouterr().out
    assert not (paper / "output/news/d").exists()
    assert main(["build", str(paper), "--drafts"]) == 0
    assert (paper / "output/news/d/index.html").is_file()


def test_future_flag(paper: Path, capsys) -> None:
    add(paper, "news/f.md", md("F", date="2999-01-01"))
    assert main(["build", str(paper)]) == 0
    assert not (paper / "output/news/f").exists()
    assert main(["build", str(paper), "--future"]) == 0
    assert (paper / "output/news/f/index.html").is_file()


def test_base_url_flag_overrides_site_yaml(paper: Path, capsys) -> None:
    (paper / "site.yaml").write_text("title: T\nbase_url: https://example.org/old/\n")
    assert main(["build", str(paper), "--base-url", "https://example.org/sub/"]) == 0
    doc = parse_html(paper / "output/index.html")
    assert "/sub/news/a/" in doc.xpath("//a/@href")
    assert not [h for h in doc.xpath("//a/@href") if h.startswith("/old/")]


def test_new_writes_an_article_and_prints_its_path(paper: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(paper)
    assert main(["new", "Storm hits the harbour!", "--section", "news/field-reports"]) == 0
    printed = capsys.readouterr().out.strip()
    path = paper / "content/news/field-reports/storm-hits-the-harbour.md"
    assert Path(printed).resolve() == path
    text = path.read_text()
    assert text.startswith("---\n")
    assert 'headline: "Storm hits the harbour!"' in text
    assert f"date: {date.today().isoformat()}" in text


def test_new_article_builds(paper: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(paper)
    assert main(["new", 'The "quoted" café', "--section", "news"]) == 0
    assert main(["build", "--drafts", "--future"]) == 0
    doc = parse_html(paper / "output/news/the-quoted-cafe/index.html")
    assert doc.xpath("//h1/text()") == ["The \u201cquoted\u201d café"]  # typographic quotes


def test_new_without_section_writes_at_content_root(paper: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(paper)
    assert main(["new", "Editor's note"]) == 0
    assert (paper / "content/editor-s-note.md").is_file()


def test_new_with_site_option(paper: Path, capsys) -> None:
    assert main(["new", "Elsewhere", "--site", str(paper), "--section", "news"]) == 0
    assert (paper / "content/news/elsewhere.md").is_file()


def test_new_outside_a_site_refuses_and_writes_nothing(tmp_path: Path, capsys) -> None:
    stray = tmp_path / "downloads"
    stray.mkdir()
    assert main(["new", "Lost story", "--site", str(stray)]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: site.yaml: not found in ")
    assert "run `masthead new` in a site's folder" in err[0]
    assert list(stray.iterdir()) == []


def test_new_never_overwrites(paper: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(paper)
    assert main(["new", "A", "--section", "news"]) != 0
    assert (paper / "content/news/a.md").read_text() == md("A", date="2026-01-05")
    assert "already exists" in capsys.readouterr().err


@pytest.mark.parametrize("section", ["../outside", "news/../..", "a//b", "my news", "news?"])
def test_new_refuses_a_bad_section(paper: Path, capsys, monkeypatch, section: str) -> None:
    monkeypatch.chdir(paper)
    assert main(["new", "Headline", "--section", section]) != 0
    assert "error" in capsys.readouterr().err
    assert not (paper.parent / "outside").exists()


def test_new_accepts_section_with_slashes_around(paper: Path, capsys) -> None:
    assert main(["new", "Slashed", "--site", str(paper), "--section", "/news/"]) == 0
    assert (paper / "content/news/slashed.md").is_file()


def python_dash_m_generator(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator ARGS` to its end; its exit status and output."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_python_dash_m_generator_builds(paper: Path) -> None:
    proc = python_dash_m_generator("build", str(paper))
    assert proc.returncode == 0, proc.stderr
    assert SUMMARY.search(proc.stdout), proc.stdout
    assert (paper / "output/index.html").is_file()


def test_python_dash_m_generator_fails_on_error(paper: Path) -> None:
    add(paper, "bad.md", "no front matter\n")
    proc = python_dash_m_generator("build", str(paper))
    assert proc.returncode != 0
    assert "content/bad.md:1: no front matter" in proc.stderr


def test_serve_open_opens_the_preview_in_a_browser(tmp_path, capsys) -> None:
    write_tree(tmp_path, "-- site.yaml --\ntitle: T\n")
    opened: list[str] = []

    def browser(url: str) -> None:
        opened.append(url)
        raise KeyboardInterrupt  # the user, done looking, presses Ctrl-C

    assert main(["serve", str(tmp_path), "--port", "0", "--open"], opener=browser) == 0
    assert len(opened) == 1 and opened[0].startswith("http://127.0.0.1:")
    out = capsys.readouterr().out
    assert opened[0] in out and out.endswith("stopped\n")


def test_a_draft_written_by_new_is_pointed_out_by_build(paper: Path, capsys) -> None:
    assert main(["new", "Fresh story", "--section", "news", "--site", str(paper)]) == 0
    capsys.readouterr()
    assert main(["build", str(paper)]) == 0
    captured = capsys.readouterr()
    assert "(1 draft or scheduled held back)" in captured.out
    assert (
        "note: content/news/fresh-story.md: held back as a draft: draft: true; set it to false "
        "to publish" in captured.err.splitlines()
    )


def test_new_with_lang_writes_into_the_edition_with_an_arabic_slug(
    paper: Path, capsys, monkeypatch
) -> None:
    (paper / "site.yaml").write_text("title: T\nlanguages:\n  en: {}\n  ar: {title: ت}\n")
    monkeypatch.chdir(paper)
    assert main(["new", "عنوان الخبر", "--lang", "ar", "--section", "news"]) == 0
    path = paper / "content/ar/news/عنوان-الخبر.md"
    assert Path(capsys.readouterr().out.strip()).resolve() == path
    assert main(["build", "--drafts"]) == 0
    doc = parse_html(paper / "output/ar/news/عنوان-الخبر/index.html")
    assert doc.xpath("//h1/text()") == ["عنوان الخبر"] and doc.get("dir") == "rtl"
    home = parse_html(paper / "output/ar/index.html")
    assert "/ar/news/%D8%B9%D9%86%D9%88%D8%A7%D9%86-%D8%A7%D9%84%D8%AE%D8%A8%D8%B1/" in hrefs(home)


def test_new_with_the_default_edition_writes_at_the_root(paper: Path, capsys) -> None:
    (paper / "site.yaml").write_text("title: T\nlanguages:\n  en: {}\n  ar: {}\n")
    assert main(["new", "Storm", "--lang", "en", "--site", str(paper)]) == 0
    assert (paper / "content/storm.md").is_file()


def test_new_with_a_lang_that_is_no_edition_is_refused(paper: Path, capsys) -> None:
    (paper / "site.yaml").write_text("title: T\nlanguages:\n  en: {}\n  ar: {}\n")
    assert main(["new", "Titre", "--lang", "fr", "--site", str(paper)]) != 0
    assert "'fr' is no edition" in capsys.readouterr().err
    assert not list((paper / "content").rglob("titre.md"))


def test_init_starts_a_site_that_builds(tmp_path: Path, capsys) -> None:
    site = tmp_path / "gazette"
    assert main(["init", str(site)]) == 0
    written = {Path(line).relative_to(site).as_posix() for line in capsys.readouterr().out.split()}
    assert written == {"site.yaml", "content/news/welcome.md", ".gitignore"}
    assert (site / ".gitignore").read_text().splitlines() == [
        "/output/",
        "/.masthead-cache/",
        "/.masthead-preview/",
    ]
    assert main(["build", str(site)]) == 0
    doc = parse_html(site / "output/news/welcome/index.html")
    assert doc.xpath("//h1/text()") == ["Welcome to your new site"]


@pytest.mark.parametrize("existing", ["notes.txt", ".git/HEAD"])
def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys, existing: str) -> None:
    write_tree(tmp_path, f"-- {existing} --\nkeep me\n")
    assert main(["init", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"error: {tmp_path}: is not an empty folder: give `masthead init` a new or empty one"
    ]
    assert sorted(
        p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()
    ) == [existing]
