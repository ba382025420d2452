"""The `masthead` command: parses arguments, calls the build, prints results. Thin by design."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import __version__
from generator.build import BuildOptions, BuildResult, build
from generator.errors import SourceError
from generator.newpost import create_article


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="masthead", description="A static site generator for news.")
    p.add_argument("--version", action="version", version=f"masthead {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the site into the output folder")
    b.add_argument("site", nargs="?", default=".", type=Path, help="site folder (default: .)")
    b.add_argument("-o", "--out", type=Path, help="output folder (default: SITE/output)")
    b.add_argument("--drafts", action="store_true", help="include drafts")
    b.add_argument("--future", action="store_true", help="include articles dated in the future")
    b.add_argument("--base-url", help="override base_url from site.yaml")
    b.add_argument(
        "--clean",
        action="store_true",
        help="also remove files in the output folder that Masthead did not write",
    )

    n = sub.add_parser("new", help="create a new article and print its path")
    n.add_argument("headline")
    n.add_argument("--section", default="", help="section path, e.g. news/field-reports")
    n.add_argument("--site", default=".", type=Path, help="site folder (default: .)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
        print(create_article(args.site, args.headline, args.section))
        return 0
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc} (run with --debug for details, "
            "and please report it)",
            file=sys.stderr,
        )
        return 70


def _build(args: argparse.Namespace) -> int:
    result = build(
        BuildOptions(
            site=args.site,
            out=args.out,
            drafts=args.drafts,
            future=args.future,
            base_url=args.base_url,
            clean=args.clean,
        )
    )
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if not result.ok:
        for error in result.errors:
            print(f"error: {error}", file=sys.stderr)
        print(
            f"build failed with {len(result.errors)} error(s); the output folder is unchanged",
            file=sys.stderr,
        )
        return 1
    print(summary(result))
    return 0


def summary(r: BuildResult) -> str:
    held = f" ({r.held_back} draft or scheduled held back)" if r.held_back else ""
    return (
        f"built {r.articles} articles{held} in {r.sections} sections: {r.pages} files, "
        f"{r.written} written, {r.unchanged} unchanged, {r.removed} removed, "
        f"in {r.seconds:.2f} s -> {r.out}"
    )
