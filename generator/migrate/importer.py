"""`masthead import`: read a foreign site, convert and place every entry, then write the new
site and its report (or, with --dry-run, only the report)."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from generator.core.config import SECTION_PATH, parse_config
from generator.core.layout import CONFIG_FILE
from generator.migrate import bodies, hugo, jekyll, wordpress
from generator.migrate.files import Files
from generator.migrate.frontmatter import category_titles, convert, moment
from generator.migrate.model import ARTICLE, Log, Source
from generator.migrate.plan import Item, aliases, linker, place
from generator.migrate.report import REPORT_FILE, Counts, render
from generator.migrate.write import Output, check, write

READERS = {"jekyll": jekyll.read, "hugo": hugo.read, "wordpress": wordpress.read}
CATEGORIES = ("section", "tags")


@dataclass(frozen=True, slots=True)
class ImportOptions:
    kind: str  # a key of READERS
    source: Path
    site: Path
    dry_run: bool = False
    merge: bool = False
    categories: str = "section"  # "section": the first is the section, the rest tags
    uploads: Path | None = None  # WordPress: a local copy of wp-content/uploads
    now: datetime | None = None  # what counts as scheduled (tests fix it)


def run(options: ImportOptions) -> str:
    """Import; the report's text (also written to SITE_DIR/import-report.md unless dry_run)."""
    check(options.source, options.site, options.merge)
    log = Log()
    source = READERS[options.kind](options.source, options.uploads, log)
    converted = [(entry, *convert(entry, options.categories, log)) for entry in source.entries]
    items = aliases(place(converted, log), log)
    output = _files(items, source, log)
    output[CONFIG_FILE] = site_yaml(source, items, options.categories)
    counts = _counts(items, output, options.now or datetime.now(UTC), source.timezone or "UTC")
    command = "masthead build " + shlex.quote(str(options.site))
    title = f"{options.kind} {options.source} -> {options.site}"
    if options.dry_run:
        return render(title, counts, log, command, dry_run=True)
    write(options.site, output, log)
    report = render(title, counts, log, command, dry_run=False)
    write(options.site, {REPORT_FILE: report}, log)
    return report


def _files(items: list[Item], source: Source, log: Log) -> Output:
    """Every file of the new site but site.yaml: articles and pages, and their files."""
    output: Output = {}
    link = linker(items)
    for item in items:
        entry = item.entry
        context = bodies.Context(entry.origin, entry.body_line, link(item), source.variables)
        files = Files(entry, source, item.slug, log, link(item))
        body = files.body(bodies.convert(entry.body, context, log), entry.body_line)
        front = _image(dict(item.front), files)
        if entry.kind != ARTICLE:
            front = {"title": front["headline"], "description": front.get("summary")}
        output[item.path] = front_matter(front) + body.rstrip("\n") + "\n"
        for name, path in files.copies.items():
            output[f"{item.folder}/{item.slug}/{name}"] = path
    return output


def _image(front: dict, files: Files) -> dict:
    """The lead image copied beside the article; one that is not found (reported) is kept as
    `old_image`, extra data, so that the site builds."""
    image = front.get("image")
    if not image:
        return front
    new = files.reference(image, 1)
    if new is not None:
        front["image"] = new
    elif "://" not in image:
        front["old_image"] = front.pop("image")
    return front


def front_matter(front: dict) -> str:
    shown = {k: v for k, v in front.items() if v is not None}
    text = yaml.safe_dump(shown, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{text}---\n\n"


def site_yaml(source: Source, items: list[Item], categories: str) -> str:
    """site.yaml: title, base URL, time zone and the titles of the sections in use."""
    used = {i.section for i in items if i.entry.kind == ARTICLE}
    known = category_titles(i.entry for i in items) if categories == "section" else {}
    sections = {
        path: {k: v for k, v in spec.items() if v}
        for path, spec in {**known, **source.sections}.items()
        if path in used and SECTION_PATH.match(path)
    }
    data = {
        "title": source.title or "My site",
        "base_url": source.base_url or None,
        "timezone": source.timezone or None,
        "sections": sections or None,
    }
    data = {k: v for k, v in data.items() if v}
    parse_config(data)  # what is written must build
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)


def _counts(items: list[Item], output: Output, now: datetime, zone: str) -> Counts:
    """The report's counts; scheduled: dated after `now` (a date without an offset is in the
    site's time zone, as Masthead reads it)."""
    articles = [i for i in items if i.entry.kind == ARTICLE]
    drafts = sum(1 for i in articles if i.front.get("draft"))
    future = 0
    for item in articles:
        when = moment(item.front.get("date"))
        when = when.replace(tzinfo=ZoneInfo(zone)) if when and not when.tzinfo else when
        if when and not item.front.get("draft") and when > now:
            future += 1
    return Counts(
        articles=len(articles),
        pages=len(items) - len(articles),
        drafts=drafts,
        scheduled=future,
        files=sum(1 for v in output.values() if isinstance(v, Path)),
        aliases=sum(len(i.front.get("aliases", ())) for i in items),
    )
