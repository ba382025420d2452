"""Importing a WordPress export (posts, a page, an attachment, a draft, a scheduled post),
then building it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import yaml
from conftest import parse_html
from helpers_import import built, front, import_site, redirect_of, report_lines
from sources import WXR

from generator.cli import main

BASE = "https://wp.example.org/"
UPLOAD = f"{BASE}wp-content/uploads/2026/03/"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("wordpress")
    uploads = tmp / "uploads"
    (uploads / "2026/03").mkdir(parents=True)
    (uploads / "2026/03/bridge.gif").write_text("jpg")
    return import_site(tmp, "wordpress", WXR, uploads=uploads)


@pytest.fixture(scope="module")
def out(imported) -> Path:
    return built(imported[0])


def test_site_yaml_has_the_blog_and_its_categories(imported) -> None:
    assert yaml.safe_load((imported[0] / "site.yaml").read_text()) == {
        "title": "WP Gazette",
        "base_url": BASE,
        "sections": {"local-news": {"title": "Local News", "description": "News from town."}},
    }


def test_a_post_is_mapped(imported) -> None:
    post = front(imported[0], "content/local-news/bridge-opens.md")
    assert datetime.fromisoformat(post["date"]) == datetime.fromisoformat("2026-03-01T08:00Z")
    assert post["date"] == "2026-03-01T09:00:00+01:00"  # local time, with its offset
    assert post["updated"] == "2026-03-02T09:00:00+01:00"
    assert post["authors"] == ["Jane Doe"]  # the display name, not the login
    assert post["tags"] == ["Bridges"]
    assert post["summary"] == "It opened."
    assert post["image"] == "bridge-opens/bridge.gif"  # the featured image, found in --uploads
    assert post["aliases"] == ["/2026/03/bridge-opens/"]


def test_the_body_becomes_markdown(imported) -> None:
    body = front(imported[0], "content/local-news/bridge-opens.md")["body"]
    assert body.startswith("The bridge opened today.\n\n![The bridge](bridge-opens/bridge.gif)")
    assert "*The new bridge*" in body  # [caption] -> figure with its caption
    assert f"![Gone]({UPLOAD}missing.gif)" in body  # not found locally: a URL, to download
    assert '<iframe src="https://maps.example.com/embed"></iframe>' in body
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in body
    assert '[gallery ids="1,2"]' in body


def test_draft_and_scheduled_posts(imported, out) -> None:
    draft = front(imported[0], "content/draft-idea.md")
    assert draft["draft"] is True and draft["date"] == "2026-03-05T10:00:00"
    assert "aliases" not in draft  # it never had a URL
    scheduled = front(imported[0], "content/local-news/election-night.md")
    assert scheduled["date"] == "2027-01-10T20:00:00+01:00" and "draft" not in scheduled
    assert not (out / "local-news/election-night").exists()  # held back until its time


def test_pages_go_to_pages(imported) -> None:
    assert front(imported[0], "pages/contact.md") == {"title": "Contact", "body": "Write to us."}


def test_old_urls_redirect(out) -> None:
    assert redirect_of(out, "/2026/03/bridge-opens/", BASE) == BASE + "local-news/bridge-opens/"
    doc = parse_html(out / "local-news/bridge-opens/index.html")
    [src] = doc.xpath("//article//img[@alt='The bridge']/@src")
    assert (out / src.lstrip("/")).read_text() == "jpg"


def test_report(imported) -> None:
    lines = report_lines(imported[1])
    where = "export.xml item 10 (bridge-opens)"
    for wanted in (
        "- articles: 3 (drafts: 1, scheduled: 1)",
        "- pages: 1",
        "- images and other files: 1",
        "- aliases (old URLs that redirect): 2",
        "- [caption] -> figure: 1",
        "- embedded YouTube URL -> iframe: 1",
        "- featured_image -> image: 1",
        "- modified -> updated: 1",
        "- 1 comment(s) not imported (Masthead has no comments)",
        f'- {where}: left as it is: shortcode [gallery ids="1,2"]',
        f"- {UPLOAD}missing.gif (in {where})",
    ):
        assert wanted in lines, wanted


def test_without_uploads_every_attachment_is_to_download(tmp_path: Path) -> None:
    site, report = import_site(tmp_path, "wordpress", WXR)
    assert front(site, "content/local-news/bridge-opens.md")["image"] == UPLOAD + "bridge.gif"
    assert f"- {UPLOAD}bridge.gif (in export.xml item 10 (bridge-opens))" in report_lines(report)
    built(site)


def test_a_hostile_export_is_refused_in_one_line(tmp_path: Path, capsys) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel/></rss>'
    (tmp_path / "x.xml").write_text(bomb)
    assert main(["import", "wordpress", str(tmp_path / "x.xml"), str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {tmp_path / 'x.xml'}: refused: ") and err.count("\n") == 1
    assert not (tmp_path / "site").exists()
