"""Running an import of an inline source in a test, and reading what it wrote."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import yaml
from conftest import NOW, build_site, parse_html, snapshot, write_tree

from generator.core import urls
from generator.migrate.importer import ImportOptions, run


def import_site(tmp: Path, kind: str, spec: str, **options: object) -> tuple[Path, str]:
    """Write the inline source (a WXR text for wordpress) under tmp/source, import it into
    tmp/site; the site folder and the report. SOURCE must come out unchanged."""
    source = tmp / "source"
    if kind == "wordpress":
        source.mkdir(parents=True, exist_ok=True)
        (source / "export.xml").write_text(spec, encoding="utf-8")
    else:
        write_tree(source, spec)
    before = snapshot(source)
    path = source / "export.xml" if kind == "wordpress" else source
    options.setdefault("now", NOW)
    report = run(ImportOptions(kind, path, tmp / "site", **options))
    assert snapshot(source) == before, "import never modifies SOURCE"
    return tmp / "site", report


def front(site: Path, path: str) -> dict:
    """The front matter of a written file, and its body under the key `body`."""
    text = (site / path).read_text(encoding="utf-8")
    _, block, body = text.split("---\n", 2)
    return {**yaml.safe_load(block), "body": body.strip()}


def report_lines(report: str) -> list[str]:
    return report.splitlines()


def built(site: Path, **options: object) -> Path:
    """Build the imported site (it must build on the first run); its output folder."""
    result = build_site(site, **options)
    assert result.ok, result.errors
    return site / "output"


def redirect_of(out: Path, old: str, base: str) -> str:
    """The absolute URL the page at the old site path `old` sends readers to."""
    page = out / urls.output_path(urls.alias(old))
    doc = parse_html(page)
    [refresh] = doc.xpath("//meta[@http-equiv='refresh']/@content")
    delay, _, target = refresh.partition(";")
    assert delay.strip() == "0"
    return urljoin(base + urls.alias(old), target.strip()[4:].strip("'\" "))
