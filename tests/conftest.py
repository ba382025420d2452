"""Shared test helpers: inline sites (`-- path --` blocks) and parsed HTML."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest

from generator.build import BuildOptions, BuildResult, build

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


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
    """Write the inline site (if given) and build it with `now` fixed to NOW."""
    if spec is not None:
        write_tree(root, spec)
    options.setdefault("now", NOW)
    return build(BuildOptions(site=root, **options))


def error_lines(result: BuildResult) -> list[str]:
    return [str(e) for e in result.errors]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A folder holding the minimum site.yaml; tests add content."""
    write_tree(tmp_path, "-- site.yaml --\ntitle: Test Times\n")
    return tmp_path
