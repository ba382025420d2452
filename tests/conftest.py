"""Shared test helpers and fixtures: inline sites (`-- path --` blocks), builds and parsed HTML.

helpers.py holds the ones only a few suites share."""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest

from generator.build import BuildOptions, BuildResult, build

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def write_tree(root: Path, spec: str) -> None:
    """Write files given as `-- relative/path --` headers each followed by the file's text."""
    current, lines = None, []
    for line in textwrap.dedent(spec).splitlines(keepends=True):
        if line.startswith("-- ") and line.rstrip().endswith(" --"):
            if current:
                _write(root / current, "".join(lines))
            current, lines = line.strip()[3:-3].strip(), []
        else:
            lines.append(line)
    if current:
        _write(root / current, "".join(lines))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.lstrip("\n"), encoding="utf-8")


def parse_html(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def build_site(root: Path, spec: str | None = None, **options) -> BuildResult:
    """Write the inline site (if given) and build it with `now` fixed to NOW, without the
    search index unless `search=True`."""
    if spec is not None:
        write_tree(root, spec)
    options.setdefault("now", NOW)
    options.setdefault("search", False)  # Pagefind's service takes a third of a second: only
    # the tests about search (which ask for it) index
    return build(BuildOptions(site=root, **options))


def build_output(root: Path, spec: str | None = None) -> Path:
    """Build the site in `root` (writing the inline `spec` first, if given), which must
    succeed; its output folder."""
    result = build_site(root, spec)
    assert result.ok, result.errors
    return root / "output"


def error_lines(result: BuildResult) -> list[str]:
    return [str(e) for e in result.errors]


def one_error_line(result: BuildResult, where: str, phrase: str) -> str:
    """The failed build's only error: one line that starts with `where` and holds `phrase`."""
    assert not result.ok
    [line] = error_lines(result)
    assert line.startswith(where), line
    assert phrase in line, line
    assert "\n" not in line
    return line


def when(stamp: str) -> datetime:
    """An ISO 8601 time, which must carry a time zone."""
    moment = datetime.fromisoformat(stamp)
    assert moment.tzinfo is not None, f"{stamp} has no time zone"
    return moment


def md(headline: str = "A story", body: str = "Body text.", **front: object) -> str:
    """An article file: front matter `headline`, `date` (default 2026-11-20; None omits it)
    and any other keys, each written as a JSON value (JSON is YAML), then the body."""
    front = {"headline": headline, "date": "2026-11-20", **front}
    lines = [f"{key}: {json.dumps(value)}" for key, value in front.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def add(site: Path, path: str, text: str | bytes) -> Path:
    """Write `content/<path>` (text, or bytes as they are) and return it."""
    target = site / "content" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path -> bytes), to compare a folder before and after."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def hrefs(doc: lxml.html.HtmlElement, xpath: str = ".//a") -> list[str]:
    """The href of every element `xpath` selects, in document order."""
    return [a.get("href") for a in doc.xpath(xpath) if a.get("href") is not None]


def text_of(element: lxml.html.HtmlElement) -> str:
    """An element's text with whitespace collapsed."""
    return " ".join(element.text_content().split())


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A folder holding the minimum site.yaml; tests add content."""
    write_tree(tmp_path, "-- site.yaml --\ntitle: Test Times\n")
    return tmp_path


@pytest.fixture
def built(site: Path) -> Path:
    """The `site` (a test module may give its own) after a first build, which must succeed."""
    result = build_site(site)
    assert result.ok, result.errors
    return site


@pytest.fixture(scope="module")
def out(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output of the test module's inline SITE, built once for the module."""
    module = request.module
    return build_output(tmp_path_factory.mktemp(module.__name__), module.SITE)
