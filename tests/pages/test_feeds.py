"""Atom feeds: the site's, each section's (its subtree) and each tag's; limits, content, links."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import feedparser
import lxml.etree
import lxml.html
import pytest
from conftest import ATOM, add, build_site, md, parse_html, write_tree
from helpers import BASE, SECTIONS, harbour_site

TZ_SUFFIX = re.compile(r"(Z|[+-]\d\d:\d\d)$")

FLOOD_BODY = """\
The sea came in at dawn, [our view](../../opinion/view.md) says.
See [about us](/about/), [elsewhere](https://other.example/x) and [the top](#top).[^1]

![The wall](wall.gif)
![A map](//cdn.example.net/map.png)

[^1]: A footnote."""


def site(**config: object) -> str:
    """The harbour site (with `config` in site.yaml) plus an Opinion section and story; the flood
    story links every kind of URL and has no lead image; the council story is tagged too."""
    return harbour_site(
        config={"sections": {**SECTIONS, "opinion": {"title": "Opinion"}}, **config},
        flood={"image": None, "image_alt": None, "body": FLOOD_BODY},
        council={"tags": ["Floods"], "body": "The council met."},
        more="-- content/opinion/view.md --\n"
        + md("A view from the quay", "We think so.", date="2026-11-10", author="Bob Smith"),
    )


SITE = site()


def parse(path: Path) -> feedparser.FeedParserDict:
    return feedparser.parse(path.read_bytes())


def xml(path: Path) -> lxml.etree._Element:
    return lxml.etree.fromstring(path.read_bytes())


def entry_links(path: Path) -> list[str]:
    return [e.link for e in parse(path).entries]


def feed_paths(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("feed.xml")}


def many(n: int, **front) -> str:
    """site.yaml plus `n` articles in section `news`, each tagged `t`, newest last by number."""
    spec = "-- site.yaml --\ntitle: Test Times\nbase_url: https://example.org/\n"
    for key, value in front.items():
        spec += f"{key}: {value}\n"
    for i in range(1, n + 1):
        spec += f"-- content/news/s{i:02}.md --\n"
        spec += md(f"Story {i}", date=f"2026-10-{i:02}T08:00:00Z", tags=["t"])
    return spec


# --- which feeds exist ------------------------------------------------------------------------


def test_site_section_and_tag_feeds_are_written(out: Path) -> None:
    assert feed_paths(out) == {
        "feed.xml",
        "news/feed.xml",
        "news/world/feed.xml",
        "opinion/feed.xml",
        "tags/floods/feed.xml",
        "tags/harbour/feed.xml",
    }


def test_every_feed_parses_without_bozo(out: Path) -> None:
    for path in out.rglob("feed.xml"):
        parsed = parse(path)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10", path
        assert parsed.entries, path


def test_feeds_are_well_formed_atom(out: Path) -> None:
    for path in out.rglob("feed.xml"):
        root = xml(path)
        assert root.tag == f"{ATOM}feed"
        for tag in ("id", "title", "updated"):
            assert root.find(f"{ATOM}{tag}") is not None, (path, tag)
        for entry in root.iter(f"{ATOM}entry"):
            for tag in ("id", "title", "updated", "published"):
                assert entry.find(f"{ATOM}{tag}") is not None, (path, tag)


# --- what each feed holds ---------------------------------------------------------------------


def test_site_feed_holds_every_article_newest_first(out: Path) -> None:
    assert entry_links(out / "feed.xml") == [
        BASE + "news/world/flood/",
        BASE + "news/local/",
        BASE + "opinion/view/",
    ]


def test_parent_section_feed_covers_its_subtree(out: Path) -> None:
    assert entry_links(out / "news/feed.xml") == [BASE + "news/world/flood/", BASE + "news/local/"]
    assert entry_links(out / "news/world/feed.xml") == [BASE + "news/world/flood/"]
    assert entry_links(out / "opinion/feed.xml") == [BASE + "opinion/view/"]


def test_tag_feed_holds_the_tags_articles(out: Path) -> None:
    assert entry_links(out / "tags/floods/feed.xml") == [
        BASE + "news/world/flood/",
        BASE + "news/local/",
    ]
    assert entry_links(out / "tags/harbour/feed.xml") == [BASE + "news/world/flood/"]


def test_feed_titles_name_the_site_and_section_or_tag(out: Path) -> None:
    assert parse(out / "feed.xml").feed.title == "Test Times"
    assert "World" in parse(out / "news/world/feed.xml").feed.title
    assert "Test Times" in parse(out / "news/world/feed.xml").feed.title
    assert "Floods" in parse(out / "tags/floods/feed.xml").feed.title


def test_feed_self_and_alternate_links_are_absolute(out: Path) -> None:
    for rel, page in [
        ("feed.xml", ""),
        ("news/feed.xml", "news/"),
        ("news/world/feed.xml", "news/world/"),
        ("tags/floods/feed.xml", "tags/floods/"),
    ]:
        links = {link.rel: link.href for link in parse(out / rel).feed.links}
        assert links == {"self": BASE + rel, "alternate": BASE + page}, rel
        assert parse(out / rel).feed.id == BASE + rel


def test_entry_ids_and_links_are_absolute_and_unique(out: Path) -> None:
    for path in out.rglob("feed.xml"):
        entries = parse(path).entries
        ids = [e.id for e in entries]
        assert len(set(ids)) == len(ids), path
        for entry in entries:
            assert entry.id.startswith(BASE) and entry.link.startswith(BASE), path


# --- entries ----------------------------------------------------------------------------------


def test_entry_has_authors_in_order(out: Path) -> None:
    flood = parse(out / "feed.xml").entries[0]
    assert [a.name for a in flood.authors] == ["Jane Doe", "Ali Hassan"]
    view = parse(out / "feed.xml").entries[2]
    assert [a.name for a in view.authors] == ["Bob Smith"]


def test_entry_times_are_exact_and_carry_a_time_zone(out: Path) -> None:
    flood = xml(out / "feed.xml").find(f"{ATOM}entry")
    assert flood.findtext(f"{ATOM}published") == "2026-11-24T09:30:00+01:00"
    assert flood.findtext(f"{ATOM}updated") == "2026-11-24T18:00:00+00:00"
    for path in out.rglob("feed.xml"):
        root = xml(path)
        stamps = [root.findtext(f"{ATOM}updated")]
        stamps += [e.text for e in root.iter(f"{ATOM}published", f"{ATOM}updated")]
        for stamp in stamps:
            assert TZ_SUFFIX.search(stamp), (path, stamp)


def test_feed_updated_is_the_newest_entry_update(out: Path) -> None:
    parsed = parse(out / "feed.xml")
    newest = max(e.updated_parsed for e in parsed.entries)
    assert parsed.feed.updated_parsed == newest
    assert parsed.feed.updated_parsed[:6] == (2026, 11, 24, 18, 0, 0)


def test_entry_categories_are_the_tags(out: Path) -> None:
    flood = parse(out / "feed.xml").entries[0]
    assert [t.term for t in flood.tags] == ["Floods", "Harbour"]


def test_full_content_is_the_default(out: Path) -> None:
    flood = parse(out / "feed.xml").entries[0]
    assert flood.summary == "The sea came in at dawn."
    assert len(flood.content) == 1
    assert "our view" in flood.content[0].value
    assert "A footnote." in flood.content[0].value


def test_feed_content_summary_leaves_bodies_out(tmp_path: Path) -> None:
    result = build_site(tmp_path, site(feed_content="summary"))
    assert result.ok, result.errors
    for path in (tmp_path / "output").rglob("feed.xml"):
        root = xml(path)
        assert root.find(f".//{ATOM}content") is None, path
        for entry in root.iter(f"{ATOM}entry"):
            assert entry.findtext(f"{ATOM}summary"), path
    flood = parse(tmp_path / "output/feed.xml").entries[0]
    assert flood.summary == "The sea came in at dawn."


def body_links(out: Path, feed: str = "feed.xml", n: int = 0) -> list[str]:
    """Every href and src in the raw content of entry `n` (read without feedparser, which
    would resolve relative links itself and hide the problem)."""
    entry = list(xml(out / feed).iter(f"{ATOM}entry"))[n]
    body = lxml.html.fragment_fromstring(entry.findtext(f"{ATOM}content"), create_parent="div")
    return [v for e in body.iter() for k, v in e.attrib.items() if k in ("href", "src")]


def test_links_inside_bodies_become_absolute(out: Path) -> None:
    links = body_links(out)
    assert links, "the body has links"
    for link in links:
        parts = urlsplit(link)
        assert parts.scheme == "https" and parts.netloc, link


def test_body_links_point_at_the_right_places(out: Path) -> None:
    links = body_links(out)
    assert BASE + "opinion/view/" in links  # a link to another article
    assert BASE + "news/world/wall.gif" in links  # an image beside the article
    assert "https://example.org/about/" in links  # root-relative, as written
    assert "https://other.example/x" in links  # external, untouched
    assert "https://cdn.example.net/map.png" in links  # scheme-relative keeps its host
    assert BASE + "news/world/flood/#top" in links  # a fragment stays on the article
    assert BASE + "news/world/flood/#fn:1" in links  # footnote reference


def test_body_links_are_absolute_in_section_and_tag_feeds_too(out: Path) -> None:
    for feed in ("news/feed.xml", "news/world/feed.xml", "tags/floods/feed.xml"):
        for link in body_links(out, feed):
            assert urlsplit(link).scheme == "https", (feed, link)


def test_tricky_headlines_round_trip(tmp_path: Path) -> None:
    spec = "-- site.yaml --\ntitle: Test & Times\nbase_url: https://example.org/\n"
    write_tree(tmp_path, spec)
    headlines = [
        'He said "hi" </script><script>alert(1)</script>',
        "عاصفة تضرب الميناء",
        "Fish & chips <b>not bold</b>",
    ]
    for i, headline in enumerate(headlines):
        add(tmp_path, f"news/h{i}.md", md(headline, date=f"2026-11-2{i}", lang="ar" if i else None))
    result = build_site(tmp_path)
    assert result.ok, result.errors
    parsed = parse(tmp_path / "output/feed.xml")
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Test & Times"
    raw = {
        e.findtext(f"{ATOM}title") for e in xml(tmp_path / "output/feed.xml").iter(f"{ATOM}entry")
    }
    assert raw == {h.replace('"hi"', "“hi”") for h in headlines}  # typographic quotes


# --- limits -----------------------------------------------------------------------------------


def test_feeds_hold_the_newest_20_by_default(tmp_path: Path) -> None:
    result = build_site(tmp_path, many(22))
    assert result.ok, result.errors
    newest = [f"https://example.org/news/s{i:02}/" for i in range(22, 2, -1)]
    for feed in ("feed.xml", "news/feed.xml", "tags/t/feed.xml"):
        assert entry_links(tmp_path / "output" / feed) == newest, feed


def test_feed_limit_is_configurable(tmp_path: Path) -> None:
    result = build_site(tmp_path, many(5, feed_limit=3))
    assert result.ok, result.errors
    newest = [f"https://example.org/news/s{i:02}/" for i in (5, 4, 3)]
    for feed in ("feed.xml", "news/feed.xml", "tags/t/feed.xml"):
        assert entry_links(tmp_path / "output" / feed) == newest, feed


def test_non_ascii_tag_gets_a_feed_with_an_encoded_self_link(tmp_path: Path) -> None:
    spec = "-- site.yaml --\ntitle: Test Times\nbase_url: https://example.org/\n"
    write_tree(tmp_path, spec)
    add(tmp_path, "news/a.md", md("Storm", tags=["فيضانات"], lang="ar"))
    assert build_site(tmp_path).ok
    path = tmp_path / "output/tags/فيضانات/feed.xml"
    parsed = parse(path)
    assert not parsed.bozo, parsed.get("bozo_exception")
    self_link = next(link.href for link in parsed.feed.links if link.rel == "self")
    assert self_link == "https://example.org/tags/" + quote("فيضانات") + "/feed.xml"


# --- pages link their feeds -------------------------------------------------------------------


def feed_links(out: Path, page: str) -> list[tuple[str, str]]:
    """(title, absolute URL) of each Atom feed a page links in its head."""
    doc = parse_html(out / page / "index.html" if page else out / "index.html")
    found = []
    for link in doc.xpath("//head/link[@rel='alternate'][@type='application/atom+xml']"):
        href = link.get("href")
        assert href.startswith(("https://", "/")), href  # absolute or root-relative
        found.append((link.get("title"), urljoin(BASE + page, href)))
    return found


@pytest.mark.parametrize(
    ("page", "feeds"),
    [
        ("", ["feed.xml"]),
        ("news/", ["feed.xml", "news/feed.xml"]),
        ("news/world/", ["feed.xml", "news/world/feed.xml"]),
        ("news/world/flood/", ["feed.xml", "news/world/feed.xml"]),
        ("opinion/view/", ["feed.xml", "opinion/feed.xml"]),
        ("tags/floods/", ["feed.xml", "tags/floods/feed.xml"]),
    ],
)
def test_pages_link_their_feeds(out: Path, page: str, feeds: list[str]) -> None:
    found = feed_links(out, page)
    assert [url for _, url in found] == [BASE + f for f in feeds]
    for title, _ in found:
        assert title and title.strip()


def test_every_linked_feed_exists(out: Path) -> None:
    for page in out.rglob("*.html"):
        doc = parse_html(page)
        for link in doc.xpath("//head/link[@type='application/atom+xml']/@href"):
            path = urlsplit(urljoin(BASE, link)).path.removeprefix("/news-site/")
            assert (out / unquote(path)).is_file(), (page, link)
