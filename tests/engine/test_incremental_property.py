"""The engine's invariant, over random sequences of edits: after every step, an incremental
build's output is byte-for-byte the output of a clean build of the same files.

A small generated site (3-6 articles in 2-3 sections, with tags, authors, images and links
between articles, base_url set so that feeds and sitemaps exist) goes through edits of bodies
and metadata, new, deleted and renamed articles, drafts, template and site.yaml changes, and
editions: `languages` turned on and off, articles in the Arabic edition's folder (ar/), and
translations of articles at the same path there. Every
file written gets a new mtime, one second later each step, all well in the past (so the
size/mtime fast path is what sees the change).
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from conftest import NOW
from helpers import tiny_png
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from generator.build import BuildOptions, BuildResult, build
from generator.core.layout import CACHE_DIR, CHECKOUT
from generator.engine.engine import Engine

SECTIONS = ("news", "sport", "culture", "ar/news")
LANGUAGES = "languages:\n  en: {}\n  ar: {title: أخبار, sections: {news: {title: أخبار}}}\n"
TAGS = ("Floods", "Harbour", "Budget", "Football")
AUTHORS = ("Jane Doe", "Ali Hassan", "Wu Lin")
WORDS = ("tide", "storm", "vote", "goal", "quay", "ferry")
# NOW is 2026-11-25 12:00 UTC: the 24th and 25th are in the news sitemap's two days, the
# last date is after NOW (scheduled: held back).
DATES = (
    "2026-11-17T08:00:00Z",
    "2026-11-20T09:30:00Z",
    "2026-11-20T09:30:00Z",
    "2026-11-24T07:00:00Z",
    "2026-11-25T11:00:00Z",
    "2026-12-02T09:00:00Z",
)
TEMPLATES = ("article.html", "section.html")
SECOND = 10**9


@dataclass
class Article:
    folder: str
    headline: str
    date: str
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    summary: bool  # an explicit summary; otherwise the first paragraph is the summary
    key: int = 0  # stable identity (names its image); set when added
    name: str = ""  # file name without .md
    section: str | None = None  # `section:` in front matter, else the folder
    draft: bool = False
    first: str = "The story begins here."
    second: str = "More details follow."
    image: bool = False  # an image beside the article, shown as its lead image
    link: int | None = None  # key of an article its body links to

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.name}.md"

    @property
    def image_path(self) -> str:
        return f"{self.folder}/img{self.key}.png"

    @property
    def published(self) -> bool:
        return not self.draft and self.date < "2026-11-25T12"


articles = st.builds(
    Article,
    folder=st.sampled_from((*SECTIONS[:2], SECTIONS[3])),
    headline=st.sampled_from(WORDS).map(lambda w: f"The {w} report"),
    date=st.sampled_from(DATES),
    tags=st.lists(st.sampled_from(TAGS), max_size=2, unique=True).map(tuple),
    authors=st.lists(st.sampled_from(AUTHORS), max_size=2, unique=True).map(tuple),
    summary=st.booleans(),
)
picks = st.integers(min_value=0, max_value=99)


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `folder`, by relative path."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def with_note(template: str, note: int) -> str:
    text = (CHECKOUT / "default" / "templates" / template).read_text(encoding="utf-8")
    head, mark, tail = text.rpartition("{% endblock %}")
    return f'{head}<p class="note">Note {note}</p>\n{mark}{tail}'


SETTINGS = settings(
    max_examples=15,
    stateful_step_count=8,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


class SiteEdits(RuleBasedStateMachine):
    """The site, the edits, and the check against a clean build; subclasses build."""

    fresh_engine = True  # each build by a new engine (as `masthead build` runs)

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="masthead-property-"))
        self.site, self.clean = self.root / "site", self.root / "clean"
        self.site.mkdir()
        self.articles: dict[int, Article] = {}
        self.templates: dict[str, int] = {}  # overridden template -> its note number
        self.config = {"title": "Test Times", "per_page": 2, "feed_content": "full"}
        self.editions = True
        self.counter = 0
        self.clock = time.time_ns() - 100_000 * SECOND  # mtimes, one second on each step

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def next(self) -> int:
        self.counter += 1
        return self.counter

    def pick(self, n: int, where=lambda a: True) -> Article | None:
        keys = [k for k in sorted(self.articles) if where(self.articles[k])]
        return self.articles[keys[n % len(keys)]] if keys else None

    # --- the files the model stands for ---------------------------------------------------

    def text_of(self, a: Article) -> str:
        lines = ["---", f'headline: "{a.headline}"', f"date: {a.date}"]
        if a.tags:
            lines.append(f"tags: [{', '.join(a.tags)}]")
        if a.authors:
            lines.append(f"authors: [{', '.join(a.authors)}]")
        if a.summary:
            lines.append(f'summary: "Summary of {a.headline}."')
        if a.section is not None:
            lines.append(f"section: {a.section}")
        if a.draft:
            lines.append("draft: true")
        if a.image:
            lines += [f"image: img{a.key}.png", 'image_alt: "A photo"']
        second = a.second
        target = self.articles.get(a.link) if a.link is not None else None
        if target is not None and target.published:
            second += f" [Read more]({posixpath.relpath(target.path, a.folder)})."
        return "\n".join([*lines, "---", "", a.first, "", second, ""])

    def files(self) -> dict[str, bytes]:
        files = {
            "site.yaml": (
                f"title: {self.config['title']}\n"
                "base_url: https://example.org/\n"
                f"per_page: {self.config['per_page']}\n"
                f"feed_content: {self.config['feed_content']}\n"
                "sections:\n  news: {title: News}\n  sport: {title: Sport}\n"
                + (LANGUAGES if self.editions else "")
            ).encode()
        }
        for a in self.articles.values():
            files[f"content/{a.path}"] = self.text_of(a).encode()
            if a.image:
                files[f"content/{a.image_path}"] = tiny_png(a.key)
        for name, note in self.templates.items():
            files[f"templates/{name}"] = with_note(name, note).encode()
        return files

    def materialize(self) -> None:
        """Make the site's files those of the model; what is written gets this step's mtime."""
        self.clock += SECOND
        wanted = self.files()
        for folder in ("content", "templates"):
            for path in sorted((self.site / folder).rglob("*"), reverse=True):
                rel = path.relative_to(self.site).as_posix()
                if path.is_file() and rel not in wanted:
                    path.unlink()
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()
        for rel, data in wanted.items():
            path = self.site / rel
            if path.is_file() and path.read_bytes() == data:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            os.utime(path, ns=(self.clock, self.clock))

    # --- steps ------------------------------------------------------------------------------

    @initialize(start=st.lists(articles, min_size=3, max_size=5))
    def create_site(self, start: list[Article]) -> None:
        for a in start:
            self.add_article(a)

    @precondition(lambda self: len(self.articles) < 6)
    @rule(a=articles)
    def add_article(self, a: Article) -> None:
        key = self.next()
        self.articles[key] = replace(a, key=key, name=f"story{key}")

    @precondition(lambda self: len(self.articles) < 6)
    @rule(n=picks)
    def translate(self, n: int) -> None:
        """The same file in the Arabic edition's folder: a translation of it."""
        a = self.pick(n, lambda b: not b.folder.startswith("ar/"))
        if a is not None and a.section is None:
            key = self.next()
            self.articles[key] = replace(a, key=key, folder=f"ar/{a.folder}", link=None)

    @rule()
    def toggle_editions(self) -> None:
        self.editions = not self.editions

    @precondition(lambda self: len(self.articles) > 3)
    @rule(n=picks)
    def delete_article(self, n: int) -> None:
        del self.articles[self.pick(n).key]

    @rule(n=picks, folder=st.sampled_from(SECTIONS))
    def rename_file(self, n: int, folder: str) -> None:
        """Move the file (mtime kept, as `mv` does); its image moves with it."""
        a = self.pick(n)
        old, old_image = self.site / "content" / a.path, self.site / "content" / a.image_path
        a.folder, a.name = folder, f"story{self.next()}"
        new = self.site / "content" / a.path
        new.parent.mkdir(parents=True, exist_ok=True)
        os.rename(old, new)
        if a.image:
            os.rename(old_image, self.site / "content" / a.image_path)

    @rule(n=picks, first=st.booleans(), word=st.sampled_from(WORDS))
    def edit_body(self, n: int, first: bool, word: str) -> None:
        a = self.pick(n)
        if first:
            a.first = f"The story begins with a {word} ({self.next()})."
        else:
            a.second = f"More details follow on the {word} ({self.next()})."

    @rule(n=picks, word=st.sampled_from(WORDS))
    def edit_headline(self, n: int, word: str) -> None:
        self.pick(n).headline = f"The {word} report {self.next()}"

    @rule(n=picks, tags=st.lists(st.sampled_from(TAGS), max_size=3, unique=True))
    def edit_tags(self, n: int, tags: list[str]) -> None:
        self.pick(n).tags = tuple(tags)

    @rule(n=picks, authors=st.lists(st.sampled_from(AUTHORS), max_size=2, unique=True))
    def edit_authors(self, n: int, authors: list[str]) -> None:
        self.pick(n).authors = tuple(authors)

    @rule(n=picks, date=st.sampled_from(DATES))
    def edit_date(self, n: int, date: str) -> None:
        self.pick(n).date = date

    @rule(n=picks, section=st.sampled_from((None, *SECTIONS[:3])))
    def edit_section(self, n: int, section: str | None) -> None:
        self.pick(n).section = section

    @rule(n=picks)
    def toggle_summary(self, n: int) -> None:
        a = self.pick(n)
        a.summary = not a.summary

    @rule(n=picks)
    def toggle_draft(self, n: int) -> None:
        a = self.pick(n)
        a.draft = not a.draft

    @rule(n=picks)
    def toggle_image(self, n: int) -> None:
        a = self.pick(n)
        a.image = not a.image

    @rule(n=picks, other=picks)
    def link_articles(self, n: int, other: int) -> None:
        a = self.pick(n)
        target = self.pick(other, lambda b: b.key != a.key)
        a.link = None if target is None or a.link == target.key else target.key

    @rule(name=st.sampled_from(TEMPLATES), remove=st.booleans())
    def change_template(self, name: str, remove: bool) -> None:
        if remove:
            self.templates.pop(name, None)
        else:
            self.templates[name] = self.next()

    @rule(
        title=st.sampled_from(("Test Times", "Test Tribune")),
        per_page=st.sampled_from((1, 2, 20)),
        feed_content=st.sampled_from(("full", "summary")),
    )
    def change_config(self, title: str, per_page: int, feed_content: str) -> None:
        self.config = {"title": title, "per_page": per_page, "feed_content": feed_content}

    @precondition(lambda self: self.fresh_engine)
    @rule()
    def delete_cache(self) -> None:
        shutil.rmtree(self.site / CACHE_DIR, ignore_errors=True)

    # --- the check -----------------------------------------------------------------------

    def check(self, result: BuildResult, out: Path) -> dict[str, bytes | None]:
        """`out` is the output of a clean build of the same files; returns its tree."""
        shutil.rmtree(self.clean, ignore_errors=True)
        clean = build(BuildOptions(site=self.site, out=self.clean, cache=False, now=NOW, jobs=1))
        assert clean.ok, clean.errors
        assert result.ok, result.errors
        built, expected = tree(out), tree(self.clean)
        assert sorted(built) == sorted(expected)
        assert [p for p in built if built[p] != expected[p]] == []
        counts = ("articles", "sections", "held_back", "pages", "files")
        assert [getattr(result, c) for c in counts] == [getattr(clean, c) for c in counts]
        return built


@SETTINGS
class IncrementalBuilds(SiteEdits):
    """`masthead build` after every step: a new engine, state from the cache folder."""

    @invariant()
    def incremental_build_equals_clean_build(self) -> None:
        self.materialize()
        built = self.check(
            build(BuildOptions(site=self.site, now=NOW, jobs=1)), self.site / "output"
        )
        again = build(BuildOptions(site=self.site, now=NOW, jobs=1))
        assert (again.rendered, again.written, again.removed) == (0, 0, 0)
        assert tree(self.site / "output") == built


@SETTINGS
class ServedBuilds(SiteEdits):
    """`masthead serve` and `watch`: one engine for the whole session, keeping its last build
    in memory, rebuilding into the preview folder after every step."""

    fresh_engine = False

    def __init__(self) -> None:
        super().__init__()
        self.engine = Engine(persist_every_build=False)

    @invariant()
    def served_build_equals_clean_build(self) -> None:
        self.materialize()
        out = self.site / ".masthead-preview"
        self.check(self.engine(BuildOptions(site=self.site, out=out, now=NOW, jobs=1)), out)


TestIncrementalBuilds = IncrementalBuilds.TestCase
TestServedBuilds = ServedBuilds.TestCase
