"""Run one command as a child process and report what it cost, as one JSON line on stdout.

    python bench/_peak.py CMD [ARG...]

Prints {"rc", "seconds", "cpu_seconds", "max_rss_kib"}: the child's exit code, its wall time,
its user + system CPU time and its peak resident memory. The figures come from
getrusage(RUSAGE_CHILDREN) of this small process, whose only child is CMD, so each measurement
stands alone; for a command that starts processes of its own, max_rss_kib is the peak of the
largest one (Linux reports the maximum, not a sum) and the CPU time covers them all.
The child's own output goes to stderr, so stdout holds only the JSON line.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python bench/_peak.py CMD [ARG...]", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        rc = subprocess.run(argv, stdout=sys.stderr, check=False).returncode
    except OSError as exc:
        print(f"cannot run {argv[0]}: {exc}", file=sys.stderr)
        return 127
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = {
        "rc": rc,
        "seconds": round(seconds, 4),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 4),
        "max_rss_kib": usage.ru_maxrss,  # KiB on Linux
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
