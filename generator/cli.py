"""The `masthead` command: parses arguments, calls the build, prints results. Thin by design."""

from __future__ import annotations

import argparse
import functools
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.build import BuildOptions, BuildResult, build
from generator.core.errors import SourceError, printable
from generator.preview.progress import Progress

if TYPE_CHECKING:
    from generator.preview.serve import Preview
    from generator.preview.watch import Rebuild, Session


def parser() -> argparse.ArgumentParser:
    """The arguments of every command (tests check defaults such as --host here)."""
    p = argparse.ArgumentParser(prog="masthead", description="A static site generator for news.")
    p.add_argument("--version", action="version", version=f"masthead {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the site into the output folder")
    _publish_arguments(b)
    b.add_argument(
        "--clean",
        action="store_true",
        help="also remove files in the output folder that Masthead did not write",
    )
    b.add_argument("-j", "--jobs", type=_jobs, help="worker processes (default: number of cores)")
    b.add_argument("--no-cache", action="store_true", help="ignore and keep no build cache")

    w = sub.add_parser("watch", help="build, then rebuild the output folder on every change")
    _publish_arguments(w)

    s = sub.add_parser("serve", help="preview the site: rebuild on change, reload the browser")
    _site_arguments(s, "default: SITE/.masthead-preview")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="default: 8000; 0 picks a free port")
    s.add_argument("--open", action="store_true", help="open the preview in a web browser")
    for name, shown in (("drafts", "drafts"), ("future", "articles dated in the future")):
        s.add_argument(
            f"--{name}", action=argparse.BooleanOptionalAction, default=True, help=f"show {shown}"
        )

    n = sub.add_parser("new", help="create a new article and print its path")
    n.add_argument("headline")
    n.add_argument("--section", default="", help="section path, e.g. news/field-reports")
    n.add_argument("--lang", default="", help="the edition (a tag of `languages`), e.g. ar")
    n.add_argument("--site", default=".", type=Path, help="site folder (default: .)")
    i = sub.add_parser("init", help="start a new site in an empty or new folder")
    i.add_argument("dir", nargs="?", default=".", type=Path, help="the folder (default: .)")
    _import_arguments(sub)
    return p


def _import_arguments(sub: argparse._SubParsersAction) -> None:
    i = sub.add_parser("import", help="make a Masthead site from a Jekyll, Hugo or WordPress site")
    i.add_argument("kind", choices=("jekyll", "hugo", "wordpress"))
    i.add_argument("source", type=Path, help="the site's folder, or WordPress's export .xml")
    i.add_argument("site", nargs="?", default=".", type=Path, help="new site folder (default: .)")
    i.add_argument("--dry-run", action="store_true", help="print the report, write nothing")
    i.add_argument(
        "--merge", action="store_true", help="add to a non-empty folder (never overwrites)"
    )
    i.add_argument(
        "--categories",
        choices=("section", "tags"),
        default="section",
        help="section: the first category is the section, the rest tags (default); tags: all tags",
    )
    i.add_argument("--uploads", type=Path, help="WordPress: a local copy of wp-content/uploads")


def _site_arguments(p: argparse.ArgumentParser, out_help: str) -> None:
    p.add_argument("site", nargs="?", default=".", type=Path, help="site folder (default: .)")
    p.add_argument("-o", "--out", type=Path, help=out_help)


def _publish_arguments(p: argparse.ArgumentParser) -> None:
    """What `build` and `watch` share: they write the site as it would be published."""
    _site_arguments(p, "output folder (default: SITE/output)")
    p.add_argument("--drafts", action="store_true", help="include drafts")
    p.add_argument("--future", action="store_true", help="include articles dated in the future")
    p.add_argument("--base-url", help="override base_url from site.yaml")


MAX_JOBS = 256


def _jobs(text: str) -> int:
    number = int(text)
    if not 1 <= number <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {MAX_JOBS}")
    return number


def main(argv: list[str] | None = None, opener: Callable[[str], object] | None = None) -> int:
    """Run one command; the exit status. `opener` shows a URL for `serve --open` (default: the
    web browser)."""
    args = parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "serve":
            return _serve(args, opener)
        if args.command == "watch":
            return _watch(args)
        if args.command == "import":
            return _import(args)
        if args.command == "init":
            return _init(args)
        return _new(args)
    except SourceError as exc:
        _tell("error", exc)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"internal error: {type(exc).__name__}: {printable(str(exc))} (run with --debug "
            "for details, and please report it)",
            file=sys.stderr,
        )
        return 70


def _new(args: argparse.Namespace) -> int:
    from generator.preview.newpost import create_article  # here: `build` starts faster without

    print(create_article(args.site, args.headline, args.section, lang=args.lang))
    return 0


def _init(args: argparse.Namespace) -> int:
    from generator.preview.scaffold import start_site  # here: `build` starts faster without

    for path in start_site(args.dir):
        print(path)
    print(f"next: masthead serve {args.dir}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    from generator.migrate.importer import ImportOptions, run  # here: only `import` needs it

    options = ImportOptions(
        args.kind, args.source, args.site, args.dry_run, args.merge, args.categories, args.uploads
    )
    print(run(options))
    return 0


def _options(args: argparse.Namespace, **more: object) -> BuildOptions:
    """The options `build` and `watch` share, from their common arguments."""
    return BuildOptions(
        site=args.site,
        out=args.out,
        drafts=args.drafts,
        future=args.future,
        base_url=args.base_url,
        **more,
    )


GC_THRESHOLD = 100_000  # allocations between collections of the youngest generation (700)


def _build(args: argparse.Namespace) -> int:
    # A build frees what it makes by reference counting; the collector would walk its tens of
    # thousands of live objects again and again for little (a tenth of a one-article edit).
    gc.set_threshold(GC_THRESHOLD)
    progress = Progress()
    result = build(
        _options(args, clean=args.clean, jobs=args.jobs, cache=not args.no_cache, progress=progress)
    )
    progress.close()
    for note in result.notes:
        _tell("note", note)
    for warning in result.warnings:
        _tell("warning", warning)
    if not result.ok:
        for error in result.errors:
            _tell("error", error)
        print(
            f"build failed with {result.failure}; the output folder is unchanged",
            file=sys.stderr,
        )
        return 1
    print(summary(result))
    for path in recent_drafts(args.site, result.drafts, time.time()):
        _tell("note", f"{path}: held back as a draft: draft: true; set it to false to publish")
    for path in result.cleaned:
        print(f"removed {printable(path)} (not written by Masthead; --clean)")
    return 0


RECENT = 3600  # seconds: a draft written this recently (by `masthead new`) is pointed out


def recent_drafts(site: Path, drafts: tuple[str, ...], now: float) -> list[str]:
    """The held-back drafts written in the last hour: likely meant to be seen."""
    found = []
    for path in drafts:
        try:
            if now - (site / path).stat().st_mtime < RECENT:
                found.append(path)
        except OSError:
            continue
    return found


def _tell(kind: str, message: object) -> None:
    """One line on stderr, `kind: message`, with control characters escaped (a file name may
    hold any), flushed at once (a preview prints between rebuilds)."""
    print(f"{kind}: {printable(str(message))}", file=sys.stderr, flush=True)


def summary(r: BuildResult) -> str:
    """The one line a successful build prints."""
    held = f" ({r.held_back} draft or scheduled held back)" if r.held_back else ""
    return (
        f"built {r.articles} articles{held} in {r.sections} sections: {r.files} files "
        f"({r.rendered} pages rendered, {r.reused} reused; {r.written} written, "
        f"{r.removed} removed) in {r.seconds:.2f} s -> {r.out}"
    )


def _serve(args: argparse.Namespace, opener: Callable[[str], object] | None) -> int:
    from generator.preview.serve import Preview, ServeError, host_warning

    if opener is None:
        import webbrowser  # here, not at the top: `build` starts faster without it

        opener = webbrowser.open
    warning = host_warning(args.host)
    if warning:
        _tell("warning", warning)
    report = functools.partial(_report, debug=args.debug)
    try:
        preview = Preview(
            args.site, args.out, args.host, args.port, args.drafts, args.future, report
        )
    except ServeError as exc:
        _tell("error", exc)
        return 1
    then = functools.partial(opener, preview.url) if args.open else None
    return _until_stopped(preview, f"serving {preview.url} (Ctrl-C to stop)", then)


def _watch(args: argparse.Namespace) -> int:
    from generator.preview.watch import Session

    session = Session(_options(args), functools.partial(_report, debug=args.debug))
    return _until_stopped(session, f"watching {args.site} (Ctrl-C to stop)")


def _until_stopped(
    session: Preview | Session, banner: str, then: Callable[[], object] | None = None
) -> int:
    """Start, say so, run `then`, and serve until Ctrl-C."""
    with session:
        try:
            session.start()
            print(banner, flush=True)
            if then is not None:
                then()
            session.wait()
        except KeyboardInterrupt:
            print("stopped", flush=True)
    return 0


def _report(rebuild: Rebuild, debug: bool = False) -> None:
    """Print one rebuild of `watch` or `serve`: what changed, what it did, its errors."""
    if rebuild.number == 0:
        for warning in rebuild.result.warnings:
            _tell("warning", warning)
    print(rebuild.describe(), flush=True)
    for error in rebuild.result.errors:
        _tell("error", error)
    if rebuild.trace and debug:
        print(rebuild.trace, file=sys.stderr, flush=True)
