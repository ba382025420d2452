"""A deterministic, realistic news corpus for benchmarks, written for Masthead, Hugo and Pelican.

    python bench/corpus.py N DEST [--tool masthead|hugo|pelican|all] [--seed 1]

With one tool, DEST becomes that tool's site; with `all`, DEST/masthead, DEST/hugo and
DEST/pelican. The three sites hold the same articles (same texts, dates, authors, tags, links),
each in its tool's own format. The same N and seed give byte-identical files: every choice comes
from one random.Random(seed) and dates count back from a fixed base date.

Each article has ~750 words of pseudo-English from the vocabulary below, one of 8 sections (two
levels), 2-4 of ~60 tags, 1-2 of ~40 authors, a date within the six years before the base date,
and Markdown a newsroom writes: headings, lists, emphasis, links to other articles of the corpus
(relative .md links), and now and then a table, a blockquote, code or footnotes.
"""

from __future__ import annotations

import argparse
import posixpath
import random
import shutil
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

TOOLS = ("masthead", "hugo", "pelican")
BASE_DATE = datetime(2025, 6, 30, 18, 0, tzinfo=UTC)
SPAN_DAYS = 6 * 365
PER_PAGE = 20
FEED_LIMIT = 20
BASE_URL = "https://example.org/"
SITE_TITLE = "The Benchmark Gazette"
SITE_DESCRIPTION = "A generated news site for comparing static site generators."

# (path, title, description, share of the articles)
SECTIONS = (
    ("news", "News", "Everything happening in the city and beyond.", 8),
    ("news/local", "Local", "Council, courts, schools and streets.", 20),
    ("news/world", "World", "Reports from our correspondents abroad.", 15),
    ("business", "Business", "Companies, jobs and the money that moves the city.", 10),
    ("business/markets", "Markets", "Shares, bonds, currencies and commodities.", 10),
    ("culture", "Culture", "Exhibitions, music, books and the people who make them.", 13),
    ("science", "Science", "Research, health and the natural world, explained.", 11),
    ("opinion", "Opinion", "Editorials, columns and letters.", 13),
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


TAGS = tuple(
    t.replace("_", " ")
    for t in _words(
        """
        transport housing schools health climate elections council courts police energy water
        weather flooding harbour ferries shipbuilding retail tourism farming fishing banking
        inflation interest_rates jobs startups technology artificial_intelligence space
        astronomy biology medicine wildlife oceans archaeology history music theatre film books
        art photography food football rugby cycling sailing parks libraries universities trade
        diplomacy migration europe asia africa americas budget taxes pensions charity
        """
    )
)
FIRST_NAMES = _words(
    """
    Amara Ben Chloe Daniel Eilidh Farid Grace Hamish Ines Jonas Kofi Lena Marcus Nadia Oscar
    Priya Quentin Rosa Samuel Tomasz Uma Victor Wen Ximena Yusuf Zara Aled Bronwen Callum
    Delphine Emeka Fiona Gareth Hana Idris Julia Kenji Lucia Mateo Niamh
    """
)
LAST_NAMES = _words(
    """
    Achterberg Bellamy Castellanos Dunmore Ekwueme Fairweather Galloway Hartigan Iversen
    Jablonski Kowalczyk Lindqvist Marsh Nakamura Okafor Pascoe Quinlan Rahman Sorensen Thorne
    Underwood Varga Wren Xavier Yilmaz Zielinski Abernethy Brennan Carver Drummond Ellery
    Fenwick Greer Holloway Innes Jarvis Kerr Lowther Munro Nash
    """
)
AUTHORS = tuple(f"{FIRST_NAMES[i]} {LAST_NAMES[(i * 7) % 40]}" for i in range(40))

# A few hundred common words, by the part they play in a sentence.
NOUNS = _words(
    """
    council city plan report school road harbour market family week year month morning evening
    minister mayor committee budget project company worker union price rate bank shop street
    bridge station train bus ferry river coast storm tide park library museum festival
    exhibition artist audience team player match season scientist study survey result data
    figure decision proposal vote election court judge case police officer witness resident
    neighbour community building house home rent landlord tenant hospital doctor patient nurse
    service system network energy water supply demand contract order yard ship crew weather
    forecast warning centre village region country government party leader campaign question
    answer problem change policy law rule decade century history story letter column editor
    reader farmer field crop harvest fish boat quay wall gate square church hall theatre concert
    band song book author prize
    """
)
ADJECTIVES = _words(
    """
    new old local national public private small large major minor early late recent final first
    last long short high low strong weak clear uncertain quiet busy open closed full empty cold
    warm wet dry rising falling careful detailed brief annual independent official popular
    familiar unusual important difficult simple modest ambitious costly cheap fair young elderly
    coastal northern southern eastern western historic modern rural urban
    """
)
VERBS = _words(
    """
    approved rejected announced confirmed described questioned welcomed criticised reviewed
    delayed opened closed built repaired replaced funded cut raised lowered doubled reported
    recorded measured found showed suggested warned promised expected considered planned agreed
    refused accepted visited joined left led followed changed moved sold bought won lost saved
    spent asked answered studied
    """
)
ADVERBS = _words(
    """
    quickly slowly finally already recently quietly openly largely partly clearly sharply
    steadily briefly formally again together
    """
)
PREPOSITIONS = _words(
    """
    in on at near behind beyond across along under over after before during without with for
    from about against between
    """
)
CONNECTORS = (
    "But",
    "However,",
    "Meanwhile,",
    "Still,",
    "At the same time,",
    "In the end,",
    "For now,",
    "By contrast,",
    "Even so,",
    "Later,",
    "Earlier,",
    "According to officials,",
)
SPEAKERS = ("a spokesperson", "the chair", "one resident", "a local trader", "the report")
SAYING = ("said", "told us", "added", "argued", "wrote")
LANGUAGES = ("python", "sql", "text")


@dataclass(frozen=True, slots=True)
class Article:
    index: int
    section: str
    slug: str
    headline: str
    date: datetime
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    body: str  # Markdown; links to other articles are `](LINK:<id>)` until written out

    @property
    def id(self) -> str:
        """The path under content/."""
        return f"{self.section}/{self.slug}.md"

    @property
    def category(self) -> str:
        return self.section.split("/")[0]


class Writer:
    """Pseudo-English from the vocabulary: sentences, paragraphs and Markdown blocks."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def noun_phrase(self) -> str:
        r = self.rng
        words = f"{r.choice(ADJECTIVES)} " if r.random() < 0.5 else ""
        words += r.choice(NOUNS)
        determiner = r.choice(("the", "the", "a", "this", "every", "its"))
        if determiner == "a" and words[0] in "aeiou":
            determiner = "an"
        return f"{determiner} {words}"

    def clause(self) -> str:
        r = self.rng
        parts = [self.noun_phrase(), r.choice(VERBS), self.noun_phrase()]
        if r.random() < 0.6:
            parts += [r.choice(PREPOSITIONS), self.noun_phrase()]
        if r.random() < 0.2:
            parts.insert(1, r.choice(ADVERBS))
        return " ".join(parts)

    def sentence(self, emphasis: bool = True) -> str:
        r = self.rng
        text = self.clause()
        roll = r.random()
        if roll < 0.2:
            text = f"{text}, and {self.clause()}"
        elif roll < 0.3:
            text = f"{text}, {r.choice(SPEAKERS)} {r.choice(SAYING)}"
        words = text.split(" ")
        if emphasis and r.random() < 0.08:
            at = r.randrange(1, len(words))
            mark = r.choice(("*", "**", "_"))
            words[at] = f"{mark}{words[at]}{mark}"
        text = " ".join(words)
        if r.random() < 0.15:
            text = f"{r.choice(CONNECTORS)} {text}"
        return (
            text[0].upper() + text[1:] + r.choice((".", ".", ".", ".", "?" if roll > 0.9 else "."))
        )

    def paragraph(self, sentences: int | None = None) -> str:
        n = sentences or self.rng.randint(3, 6)
        return " ".join(self.sentence() for _ in range(n))

    def title(self, words: int) -> str:
        r = self.rng
        text = " ".join(
            [r.choice(NOUNS).capitalize(), r.choice(VERBS), r.choice(ADJECTIVES), r.choice(NOUNS)]
            + [r.choice(PREPOSITIONS) if i % 2 == 0 else r.choice(NOUNS) for i in range(words - 4)]
        )
        return text

    def link(self, target_id: str) -> str:
        label = f"{self.rng.choice(ADJECTIVES)} {self.rng.choice(NOUNS)}"
        return f"[the {label} story](LINK:{target_id})"

    def list_block(self) -> str:
        r = self.rng
        items = [self.sentence(emphasis=False) for _ in range(r.randint(3, 5))]
        ordered = r.random() < 0.4
        return "\n".join(f"{n}. {t}" if ordered else f"- {t}" for n, t in enumerate(items, 1))

    def table(self) -> str:
        r = self.rng
        head = (r.choice(NOUNS).capitalize(), str(BASE_DATE.year - 1), str(BASE_DATE.year))
        rows = [
            (r.choice(ADJECTIVES).capitalize() + " " + r.choice(NOUNS), r.randint(10, 999))
            for _ in range(r.randint(4, 6))
        ]
        lines = [f"| {head[0]} | {head[1]} | {head[2]} |", "| --- | ---: | ---: |"]
        lines += [f"| {name} | {v} | {v + r.randint(-50, 80)} |" for name, v in rows]
        return "\n".join(lines)

    def code(self) -> str:
        r = self.rng
        language = r.choice(LANGUAGES)
        if language == "python":
            body = (
                f"rates = load('{r.choice(NOUNS)}.csv')\n"
                f"print(rates.mean(), rates.max())  # {r.choice(ADJECTIVES)} {r.choice(NOUNS)}"
            )
        elif language == "sql":
            body = (
                f"SELECT {r.choice(NOUNS)}, COUNT(*) FROM reports\n"
                f"WHERE year >= {BASE_DATE.year - 3} GROUP BY 1 ORDER BY 2 DESC;"
            )
        else:
            body = "\n".join(self.clause() for _ in range(3))
        return f"```{language}\n{body}\n```"


def make_corpus(n: int, seed: int = 1) -> list[Article]:
    """The N articles, identical for the same N and seed."""
    rng = random.Random(seed)
    writer = Writer(rng)
    weights = [s[3] for s in SECTIONS]
    sections = [s[0] for s in SECTIONS]
    # Decide where every article lives first, so bodies can link to any of them.
    heads = []
    for i in range(n):
        section = rng.choices(sections, weights)[0]
        headline = writer.title(rng.randint(6, 10))
        words = headline.lower().split()[:6]
        slug = "-".join(words) + f"-{i + 1}"
        seconds = rng.randrange(SPAN_DAYS * 86400)
        date = (BASE_DATE - timedelta(seconds=seconds)).replace(second=0)
        heads.append((section, slug, headline, date))
    articles = []
    for i, (section, slug, headline, date) in enumerate(heads):
        authors = tuple(rng.sample(AUTHORS, 2 if rng.random() < 0.15 else 1))
        tags = tuple(rng.sample(TAGS, rng.randint(2, 4)))
        summary = writer.sentence(emphasis=False)
        others = [j for j in (rng.randrange(n) for _ in range(4)) if j != i]
        targets = [f"{heads[j][0]}/{heads[j][1]}.md" for j in others[: rng.randint(1, 4)]]
        body = _body(writer, rng, targets)
        articles.append(Article(i, section, slug, headline, date, authors, tags, summary, body))
    return articles


def _body(writer: Writer, rng: random.Random, targets: list[str]) -> str:
    """About 750 words: paragraphs under 2-4 headings, with the occasional list, quote, table,
    code and footnotes; the links go into random paragraphs."""
    goal = rng.randint(650, 850)
    blocks: list[str] = []
    extras = []
    if rng.random() < 0.35:
        extras.append("list")
    if rng.random() < 0.3:
        extras.append("quote")
    if rng.random() < 0.08:
        extras.append("table")
    if rng.random() < 0.05:
        extras.append("code")
    footnotes = rng.randint(1, 2) if rng.random() < 0.1 else 0
    headings = rng.randint(2, 4)
    words = 0
    paragraphs = 0
    while words < goal:
        if paragraphs and paragraphs % 3 == 1 and headings:
            level = "###" if rng.random() < 0.15 else "##"
            blocks.append(f"{level} {writer.title(rng.randint(4, 6))}")
            headings -= 1
        text = writer.paragraph()
        if paragraphs > 1 and extras and rng.random() < 0.3:
            kind = extras.pop()
            if kind == "list":
                blocks.append(writer.list_block())
            elif kind == "quote":
                blocks.append("> " + writer.paragraph(rng.randint(2, 3)))
            elif kind == "table":
                blocks.append(writer.table())
            else:
                blocks.append(f"The figures came from the `{rng.choice(NOUNS)}` tables:")
                blocks.append(writer.code())
        blocks.append(text)
        words += len(text.split())
        paragraphs += 1
    # Links and footnote marks go at the end of random paragraphs (never the first one).
    prose = [i for i, b in enumerate(blocks) if b[0].isupper() and i > 0 and "|" not in b]
    for target in targets:
        at = rng.choice(prose)
        blocks[at] += f" Read {writer.link(target)} for more."
    notes = []
    for number in range(1, footnotes + 1):
        at = rng.choice(prose)
        blocks[at] = blocks[at][:-1] + f"[^{number}]" + blocks[at][-1]
        notes.append(f"[^{number}]: {writer.sentence(emphasis=False)}")
    blocks.append("*" + writer.sentence(emphasis=False) + "*")
    return "\n\n".join(blocks + notes) + "\n"


def _links(body: str, article: Article, style: str) -> str:
    """Write `LINK:<id>` as a relative .md link (Pelican: `{filename}` + relative path)."""
    folder = article.section
    out, rest = [], body
    while (start := rest.find("](LINK:")) >= 0:
        end = rest.index(")", start)
        target = rest[start + len("](LINK:") : end]
        rel = posixpath.relpath(target, folder)
        prefix = "{filename}" if style == "pelican" else ""
        out.append(rest[:start] + f"]({prefix}{rel})")
        rest = rest[end + 1 :]
    return "".join(out) + rest


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(_yaml_string(i) for i in items) + "]"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def _fresh(dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)


# Masthead ---------------------------------------------------------------------------------


def _write_yaml_articles(
    articles: list[Article], dest: Path, style: str, headline_key: str
) -> None:
    """Each article as content/<id>, Markdown under YAML front matter (Masthead's and Hugo's
    format; Hugo calls the headline `title`), its links written for `style`."""
    for a in articles:
        front = [
            "---",
            f"{headline_key}: {_yaml_string(a.headline)}",
            f"date: {a.date.isoformat()}",
            f"authors: {_yaml_list(a.authors)}",
            f"tags: {_yaml_list(a.tags)}",
            f"summary: {_yaml_string(a.summary)}",
            "---",
            "",
        ]
        _write(dest / "content" / a.id, "\n".join(front) + _links(a.body, a, style))


def write_masthead(articles: list[Article], dest: Path) -> None:
    _fresh(dest)
    lines = [
        f"title: {SITE_TITLE}",
        f"description: {SITE_DESCRIPTION}",
        f"base_url: {BASE_URL}",
        "language: en",
        "timezone: UTC",
        f"per_page: {PER_PAGE}",
        f"feed_limit: {FEED_LIMIT}",
        "feed_content: full",
        "search: false",  # like the peers' sites (no search index): timed apart when measured
        "sections:",
    ]
    for path, title, description, _ in SECTIONS:
        lines += [f"  {path}:", f"    title: {title}", f"    description: {description}"]
    _write(dest / "site.yaml", "\n".join(lines) + "\n")
    _write_yaml_articles(articles, dest, "masthead", headline_key="headline")


# Hugo -------------------------------------------------------------------------------------

HUGO_CONFIG = f"""\
baseURL = "{BASE_URL}"
title = "{SITE_TITLE}"
locale = "en"
timeZone = "UTC"
enableRobotsTXT = true
disableKinds = []

[params]
description = "{SITE_DESCRIPTION}"

[pagination]
pagerSize = {PER_PAGE}

[taxonomies]
tag = "tags"
author = "authors"

[services.rss]
limit = {FEED_LIMIT}

[outputs]
home = ["html", "rss"]
section = ["html", "rss"]
taxonomy = ["html"]
term = ["html", "rss"]

[markup.goldmark.parser.attribute]
block = true
"""

# A tiny layout set doing the work Masthead's theme does: article page with breadcrumb, related
# articles and older/newer links; section lists (subtree) and tag and author pages paginated by
# 20; the tag and author indexes; full-content RSS; relative .md links resolved (render hook).
HUGO_LAYOUTS = Path(__file__).resolve().parent / "hugo-layouts"


def write_hugo_theme(dest: Path) -> None:
    """hugo.toml, layouts/ and static/ of the site (bench/run.py puts them beside the shared
    corpus's `hugo` layout too)."""
    _write(dest / "hugo.toml", HUGO_CONFIG)
    for path in sorted(HUGO_LAYOUTS.rglob("*")):
        if path.is_file():
            rel = path.relative_to(HUGO_LAYOUTS).as_posix()
            _write(dest / "layouts" / rel, path.read_text(encoding="utf-8"))
    _write(dest / "static" / "style.css", "body { font-family: serif; }\n")


def write_hugo(articles: list[Article], dest: Path) -> None:
    _fresh(dest)
    write_hugo_theme(dest)
    for path, title, description, _ in SECTIONS:
        front = (
            f"---\ntitle: {_yaml_string(title)}\ndescription: {_yaml_string(description)}\n---\n"
        )
        _write(dest / "content" / path / "_index.md", front)
    _write_yaml_articles(articles, dest, "hugo", headline_key="title")


# Pelican ----------------------------------------------------------------------------------

PELICAN_CONFIG = f"""\
# Generated by bench/corpus.py: the corpus as a Pelican site with its default theme.
AUTHOR = "The Benchmark Gazette"
SITENAME = "{SITE_TITLE}"
SITESUBTITLE = "{SITE_DESCRIPTION}"
SITEURL = "{BASE_URL.rstrip("/")}"
RELATIVE_URLS = False
PATH = "content"
OUTPUT_PATH = "output"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%d %B %Y"

# Nothing that reaches out: no social widgets, links or analytics in the default theme.
LINKS = ()
SOCIAL = ()
MENUITEMS = ()
GOOGLE_ANALYTICS = None
PLUGINS = []
STATIC_PATHS = []

MARKDOWN = {{
    "extension_configs": {{
        "markdown.extensions.extra": {{}},
        "markdown.extensions.toc": {{}},
        "markdown.extensions.smarty": {{}},
        "markdown.extensions.sane_lists": {{}},
        "markdown.extensions.meta": {{}},
    }},
    "output_format": "html5",
}}

ARTICLE_URL = "{{category}}/{{slug}}/"
ARTICLE_SAVE_AS = "{{category}}/{{slug}}/index.html"
CATEGORY_URL = "{{slug}}/"
CATEGORY_SAVE_AS = "{{slug}}/index.html"
TAG_URL = "tags/{{slug}}/"
TAG_SAVE_AS = "tags/{{slug}}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
AUTHOR_URL = "authors/{{slug}}/"
AUTHOR_SAVE_AS = "authors/{{slug}}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
CATEGORIES_URL = "sections/"
CATEGORIES_SAVE_AS = "sections/index.html"
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
PAGE_URL = "pages/{{slug}}/"
PAGE_SAVE_AS = "pages/{{slug}}/index.html"

DEFAULT_PAGINATION = {PER_PAGE}
PAGINATED_TEMPLATES = {{"index": None, "tag": None, "category": None, "author": None}}
PAGINATION_PATTERNS = (
    (1, "{{url}}", "{{save_as}}"),
    (2, "{{base_name}}/page/{{number}}/", "{{base_name}}/page/{{number}}/index.html"),
)

FEED_DOMAIN = SITEURL
FEED_MAX_ITEMS = {FEED_LIMIT}
RSS_FEED_SUMMARY_ONLY = False
FEED_ALL_ATOM = "feed.xml"
CATEGORY_FEED_ATOM = "{{slug}}/feed.xml"
TAG_FEED_ATOM = "tags/{{slug}}/feed.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None

# Rebuilds reuse parsed articles when the sources did not change.
CACHE_PATH = "cache"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
"""


def write_pelican(articles: list[Article], dest: Path) -> None:
    _fresh(dest)
    _write(dest / "pelicanconf.py", PELICAN_CONFIG)
    titles = {path.split("/")[0]: title for path, title, _, _ in SECTIONS if "/" not in path}
    for a in articles:
        meta = [
            f"Title: {a.headline}",
            f"Date: {a.date.strftime('%Y-%m-%d %H:%M')}",
            f"Category: {titles[a.category]}",
            f"Tags: {', '.join(a.tags)}",
            f"Authors: {', '.join(a.authors)}",
            f"Slug: {a.slug}",
            f"Summary: {a.summary}",
            "",
        ]
        _write(dest / "content" / a.id, "\n".join(meta) + "\n" + _links(a.body, a, "pelican"))


WRITERS = {
    "masthead": write_masthead,
    "hugo": write_hugo,
    "pelican": write_pelican,
}


def write(n: int, dest: Path, tool: str = "all", seed: int = 1) -> dict[str, Path]:
    """Write the corpus; returns the site folder of each tool written."""
    articles = make_corpus(n, seed)
    tools = TOOLS if tool == "all" else (tool,)
    sites = {t: dest / t if tool == "all" else dest for t in tools}
    for t in tools:
        WRITERS[t](articles, sites[t])
    return sites


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("n", type=int, help="number of articles")
    p.add_argument("dest", type=Path, help="site folder (with --tool all: parent of one per tool)")
    p.add_argument("--tool", choices=(*TOOLS, "all"), default="masthead")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    if args.n < 2:
        p.error("N must be at least 2")
    sites = write(args.n, args.dest, args.tool, args.seed)
    for tool, site in sites.items():
        print(f"{tool}: {args.n} articles in {site}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
