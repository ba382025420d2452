"""The import report, printed and written to import-report.md: counts, every conversion by
kind, every item left for a person (`file:line`), files to download, the command to run next."""

from __future__ import annotations

from dataclasses import dataclass

from generator.migrate.model import Log

REPORT_FILE = "import-report.md"


@dataclass(frozen=True, slots=True)
class Counts:
    articles: int
    pages: int
    drafts: int
    scheduled: int
    files: int
    aliases: int


def render(title: str, counts: Counts, log: Log, next_command: str, dry_run: bool) -> str:
    lines = [f"# Import report: {title}", ""]
    if dry_run:
        lines += ["Dry run (--dry-run): nothing was written.", ""]
    lines += [
        f"- articles: {counts.articles} (drafts: {counts.drafts}, scheduled: {counts.scheduled})",
        f"- pages: {counts.pages}",
        f"- images and other files: {counts.files}",
        f"- aliases (old URLs that redirect): {counts.aliases}",
        "",
        "## Conversions",
        "",
    ]
    lines += [f"- {kind}: {n}" for kind, n in sorted(log.done.items())] or ["- none"]
    lines += _list("Notes", log.notes)
    lines += _list("Left for a person", log.left)
    lines += _list(
        "To download (still on the old site: copy each beside its article)", log.downloads
    )
    lines += ["", "## Next", "", f"    {next_command}", ""]
    return "\n".join(lines)


def _list(heading: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return ["", f"## {heading} ({len(items)})", "", *(f"- {item}" for item in items)]
