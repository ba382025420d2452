"""Every page of the sample site is valid HTML according to the Nu Html Checker (vnu.jar).

The sample site is built twice: as published, and with drafts and scheduled articles, so the
templates' draft and scheduled states are checked too.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from generator.build import BuildOptions, build
from tests.tools import java_path, sample_site, vnu_jar


def run_vnu(folder: Path) -> list[dict]:
    """Check every HTML file under `folder`; return vnu's error messages (empty when valid)."""
    proc = subprocess.run(
        [
            java_path(),
            "-jar",
            str(vnu_jar()),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # vnu exits nonzero when it finds errors; its JSON report goes to stderr.
    try:
        report = json.loads(proc.stderr)
    except json.JSONDecodeError:
        pytest.fail(
            f"vnu gave no JSON report (exit {proc.returncode}):\n"
            f"{proc.stderr[-3000:]}\n{proc.stdout[-3000:]}"
        )
    messages = [m for m in report.get("messages", []) if m.get("type") != "info"]
    if proc.returncode != 0 and not messages:
        pytest.fail(
            f"vnu failed (exit {proc.returncode}) without reporting errors:\n{proc.stderr[-3000:]}"
        )
    return messages


def describe(message: dict, root: Path) -> str:
    path = Path(unquote(urlparse(message.get("url", "")).path))
    try:
        where = path.relative_to(root).as_posix()
    except ValueError:
        where = str(path)
    line = message.get("lastLine") or message.get("firstLine")
    if line:
        where += f":{line}"
        column = message.get("firstColumn") or message.get("lastColumn")
        if column:
            where += f":{column}"
    text = f"{where}: {message.get('type')}: {message.get('message')}"
    if message.get("extract"):
        text += f"\n    {message['extract'].strip()!r}"
    return text


@pytest.mark.parametrize(
    ("drafts", "future"), [(False, False), (True, True)], ids=["published", "drafts+future"]
)
def test_sample_site_is_valid_html(tmp_path: Path, drafts: bool, future: bool) -> None:
    out = tmp_path / "out"
    site = sample_site(tmp_path / "site")
    result = build(BuildOptions(site=site, out=out, drafts=drafts, future=future))
    assert result.ok, "build failed:\n" + "\n".join(str(e) for e in result.errors)
    pages = list(out.rglob("*.html"))
    assert len(pages) > 10, f"expected the sample site's pages in {out}, found {len(pages)}"

    errors = run_vnu(out)
    report = "\n".join(describe(m, out.resolve()) for m in errors)
    assert not errors, f"vnu found {len(errors)} error(s) in {len(pages)} pages:\n{report}"


def test_checker_reports_errors(tmp_path: Path) -> None:
    """The check above can fail: vnu flags a page that is plainly invalid."""
    (tmp_path / "bad.html").write_text(
        "<!DOCTYPE html><html lang=en><head><title>x</title></head>"
        "<body><p><div>block in p</div></p><img src=a.png></body></html>",
        encoding="utf-8",
    )
    errors = run_vnu(tmp_path)
    assert errors, "vnu reported no errors for an invalid page"
    assert all("bad.html" in describe(m, tmp_path.resolve()) for m in errors)
