"""`masthead new`: a new article file with its front matter filled in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.core.config import LANGUAGE_TAG, load_config
from generator.core.errors import SourceError
from generator.core.layout import CONFIG_FILE, CONTENT_DIR
from generator.core.model import slugify
from generator.load.frontmatter import path_error


def create_article(
    site_dir: Path, headline: str, section: str, today: date | None = None, lang: str = ""
) -> Path:
    """Write `content/<section>/<slug>.md` (in an edition: `content/<tag>/<section>/`); never
    overwrites an existing file. The slug keeps the headline's script: Arabic stays Arabic."""
    if not (site_dir / CONFIG_FILE).is_file():  # not a site: no content/ in a stray folder
        raise SourceError(
            CONFIG_FILE,
            None,
            f"not found in {site_dir.resolve()}: run `masthead new` in a site's folder "
            "(or give it with --site)",
        )
    section = section.strip("/")
    folder, front = edition_folder(site_dir, lang)
    problem = path_error(section) if section else None
    if problem:
        raise SourceError("--section", None, f"'{section}' {problem}")
    slug = slugify(headline)
    if not headline.strip() or not slug:
        raise SourceError("headline", None, "needs at least one letter or digit")
    path = site_dir / CONTENT_DIR / folder / section / f"{slug}.md"
    if path.exists():
        raise SourceError(str(path), None, "already exists: choose another headline or edit it")
    quoted = headline.replace("\\", "\\\\").replace('"', '\\"')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'---\nheadline: "{quoted}"\ndate: {(today or date.today()).isoformat()}\n{front}'
        f"author: \ntags: []\ndraft: true\n---\n\nWrite the story here.\n",
        encoding="utf-8",
    )
    return path


def edition_folder(site_dir: Path, lang: str) -> tuple[str, str]:
    """(folder under content/, front matter line) for `--lang`: the edition's folder when
    site.yaml has `languages` (none for the default edition), else a `lang:` line."""
    if not lang:
        return "", ""
    config = load_config(site_dir)
    if not config.languages:
        if not LANGUAGE_TAG.match(lang):
            raise SourceError("--lang", None, f"'{lang}' is not a language tag like en or ar")
        return "", f"lang: {lang}\n"
    found = next((e for e in config.languages if e.tag == lang), None)
    if found is None:
        tags = ", ".join(e.tag for e in config.languages)
        raise SourceError(
            "--lang", None, f"'{lang}' is no edition of site.yaml's languages: {tags}"
        )
    return found.prefix, ""
