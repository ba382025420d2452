"""Save-to-reload latency of the live preview: from an article file written to the `reload`
event received by a client of the preview's event stream (what a browser listens to).

    python bench/latency.py [--sizes 1000,10000] [--edits 5] [--seed 1] [--save write|atomic]

For each size it writes the benchmark corpus (bench/corpus.py) into a temporary folder, starts
the preview in this process on a free port (the first build is timed too), connects one
event-stream client, then edits the body of a different article each time and waits for the
`reload` event before the next edit. `--save atomic` saves as many editors do: a temporary
file in the same folder, renamed over the article. Prints, per size, the median save-to-reload
latency and the median rebuild time the preview reported (the rest is the watch, the debounce
and the event).
"""

from __future__ import annotations

import argparse
import http.client
import json
import queue
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))  # bench/ is not a package
sys.path.insert(0, str(BENCH.parent))  # run from a checkout without installing

import corpus  # noqa: E402

from generator.preview.serve import EVENTS_PATH, Preview  # noqa: E402
from generator.preview.watch import Rebuild  # noqa: E402

TIMEOUT = 600.0  # seconds to wait for one event (a cold 10,000-article build is slow)


class EventClient:
    """Reads the preview's event stream on a thread; each event lands in `events` with the
    time it arrived."""

    def __init__(self, url: str) -> None:
        host, port = url.removeprefix("http://").rstrip("/").rsplit(":", 1)
        self.conn = http.client.HTTPConnection(host.strip("[]"), int(port), timeout=TIMEOUT)
        self.conn.request("GET", EVENTS_PATH)
        self.response = self.conn.getresponse()
        self.events: queue.Queue[tuple[float, str, dict]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name = ""
        try:
            for raw in self.response.fp:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: ") and name:
                    self.events.put((time.perf_counter(), name, json.loads(line[6:])))
                    name = ""
        except OSError:
            pass  # the preview closed the stream

    def next(self) -> tuple[float, str, dict]:
        return self.events.get(timeout=TIMEOUT)

    def close(self) -> None:
        self.conn.close()


def save(path: Path, text: str, how: str) -> None:
    if how == "atomic":
        temp = path.with_name(f".{path.name}.tmp")
        temp.write_text(text, encoding="utf-8")
        temp.replace(path)
    else:
        path.write_text(text, encoding="utf-8")


def measure(n: int, edits: int, seed: int, how: str = "write") -> dict:
    with tempfile.TemporaryDirectory(prefix="masthead-latency-") as tmp:
        site = corpus.write(n, Path(tmp) / "site", tool="masthead", seed=seed)["masthead"]
        articles = sorted((site / "content").rglob("*.md"))
        rebuilds: queue.Queue[Rebuild] = queue.Queue()
        with Preview(site, port=0, report=rebuilds.put) as preview:
            first = preview.start()
            rebuilds.get()  # the first build's report
            if not first.result.ok:
                raise SystemExit(f"the first build failed: {first.result.errors[0]}")
            client = EventClient(preview.url)
            client.next()  # the state sent on connecting
            latencies, builds = [], []
            for i in range(edits):
                path = articles[(i * 7919) % len(articles)]  # spread over the corpus
                text = path.read_text(encoding="utf-8") + f"\nLatency edit {i}.\n"
                saved = time.perf_counter()
                save(path, text, how)
                arrived, name, data = client.next()
                if name != "reload":
                    raise SystemExit(f"edit {i}: got {name!r} instead of 'reload': {data}")
                latencies.append((arrived - saved) * 1000)
                builds.append(rebuilds.get(timeout=TIMEOUT).ms)
            client.close()
    return {"first": first.ms, "latency": latencies, "build": builds}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1000,10000", help="articles per site, comma-separated")
    p.add_argument("--edits", type=int, default=5, help="edits per size")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--save", choices=("write", "atomic"), default="write", help="how to save")
    args = p.parse_args(argv)
    for n in (int(s) for s in args.sizes.split(",")):
        r = measure(n, args.edits, args.seed, args.save)
        lat, build = r["latency"], r["build"]
        print(
            f"{n:>6} articles: save -> reload median {statistics.median(lat):.0f} ms "
            f"(min {min(lat):.0f}, max {max(lat):.0f}, {len(lat)} edits); "
            f"rebuild median {statistics.median(build):.0f} ms; first build {r['first']:.0f} ms",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
