"""Unit tests of generator.model and content assembly: slugs, order, sections, groups, scan."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import article

from generator.core.config import parse_config
from generator.core.errors import BuildError
from generator.core.model import Article, slugify
from generator.load.assemble import assemble, build_sections
from generator.load.inventory import ignored, scan

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Jane Doe", "jane-doe"),
        ("Climate Change", "climate-change"),
        ("  Storm: the aftermath!  ", "storm-the-aftermath"),
        ("Café Société", "cafe-societe"),
        ("snake_case and  spaces", "snake-case-and-spaces"),
        ("الأخبار المحلية", "الاخبار-المحلية"),
        ("Zoë's 2026 review", "zoe-s-2026-review"),
        ("???", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_sort_key_newest_first_then_id_with_undated_drafts_as_newest() -> None:
    articles = [
        article("b.md", 1),
        article("a.md", 1),
        article("c.md", 3),
        article("d.md", None),
    ]
    assert [a.id for a in sorted(articles, key=Article.sort_key)] == [
        "d.md",
        "c.md",
        "a.md",
        "b.md",
    ]


def _site(articles, **options):
    config = parse_config({"title": "T", "sections": {"news": {"title": "The News"}, "arts": {}}})
    return assemble(articles, {}, [], config, NOW, **options)


def test_assemble_orders_articles_newest_first() -> None:
    site = _site([article("news/a.md", 1), article("news/b.md", 5), article("arts/c.md", 3)])
    assert list(site.articles) == ["news/b.md", "arts/c.md", "news/a.md"]
    assert [a.id for a in site.latest(2)] == ["news/b.md", "arts/c.md"]


def test_assemble_holds_back_drafts_and_scheduled() -> None:
    articles = [article("a.md", 1), article("b.md", None, draft=True), article("c.md", 30)]
    assert (len(_site(articles).articles), _site(articles).held_back) == (1, 2)
    assert set(_site(articles, drafts=True, future=True).articles) == {"a.md", "b.md", "c.md"}
    assert _site(articles, future=True).articles["c.md"].scheduled


def test_assemble_reports_every_duplicate_url() -> None:
    articles = [article("news/a.md"), article("x/a.md", section="news", url="news/a/")]
    with pytest.raises(BuildError) as caught:
        _site(articles)
    [error] = caught.value.errors
    assert error.path == "content/x/a.md"
    assert "content/news/a.md" in error.message


def test_sections_include_ancestors_in_configured_order() -> None:
    config = parse_config({"title": "T", "sections": {"news": {}, "arts": {"title": "Arts"}}})
    articles = [article("arts/a.md"), article("news/local/courts/b.md"), article("zoo/c.md")]
    sections = build_sections(articles, config)
    assert list(sections) == ["news", "arts", "news/local", "news/local/courts", "zoo"]
    assert sections["news"].children == ("news/local",)
    assert sections["news/local/courts"].parent == "news/local"
    assert sections["news/local"].title == "Local"
    assert sections["news"].article_ids == ()
    assert sections["arts"].article_ids == ("arts/a.md",)


def test_subtree_and_ancestry() -> None:
    site = _site([article("news/a.md", 2), article("news/local/b.md", 3), article("arts/c.md")])
    assert [a.id for a in site.subtree("news")] == ["news/local/b.md", "news/a.md"]
    assert [s.title for s in site.ancestry("news/local")] == ["The News", "Local"]
    assert [s.path for s in site.top_sections()] == ["news", "arts"]
    assert site.sections["news/local"].depth == 2


def test_news_is_not_the_subtree_of_new() -> None:
    site = _site([article("new/a.md"), article("news/b.md")])
    assert [a.id for a in site.subtree("new")] == ["new/a.md"]


def test_groups_merge_spellings_of_one_tag() -> None:
    site = _site(
        [
            article("a.md", 1, tags=("Climate change",), authors=("Jane Doe",)),
            article("b.md", 2, tags=("climate change", "Ferries")),
        ]
    )
    tags = site.by_tag
    assert [(g.slug, g.articles) for g in tags] == [
        ("climate-change", ("b.md", "a.md")),
        ("ferries", ("b.md",)),
    ]
    assert tags[0].name == "Climate change"
    assert [(g.name, g.slug) for g in site.by_author] == [("Jane Doe", "jane-doe")]


@pytest.mark.parametrize(
    ("name", "skip"),
    [
        ("story.md", False),
        ("photo.jpg", False),
        (".hidden.md", True),
        ("_private.md", True),
        ("story.md~", True),
        (".story.md.swp", True),
        ("#story.md#", True),
        (".#story.md", True),
        ("_drafts", True),
        (".git", True),
    ],
)
def test_ignored_names(name: str, skip: bool) -> None:
    assert ignored(name) is skip


def test_scan_splits_articles_and_files_and_skips_ignored(tmp_path: Path) -> None:
    for rel in [
        "news/a.md",
        "news/map.png",
        "news/_notes/n.md",
        ".hidden/x.md",
        "news/a.md~",
        "b.md",
        "_private.md",
    ]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    inventory = scan(tmp_path)
    assert inventory.articles == ("b.md", "news/a.md")
    assert inventory.assets == ("news/map.png",)


def test_scan_skips_links_that_leave_content(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("s")
    content = tmp_path / "content"
    content.mkdir()
    (content / "leak.txt").symlink_to(tmp_path / "secret.txt")
    inventory = scan(content)
    assert inventory.assets == ()
    assert inventory.warnings == ("content/leak.txt: a link to a file outside content/; skipped",)
