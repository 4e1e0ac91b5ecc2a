"""``make bench``: run every benchmark in its quick mode and print their tables one after another.

Each benchmark measures its baseline in the same run and prints ratios; see the module
docstrings for the full-size options (drop ``--quick``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("bench_text", ("--quick",)),
    ("bench_classify", ("--quick",)),
    ("bench_strengths", ("--quick",)),
    # whole processes: axp strengths vs ecomplexity at 1,000 x 1,200 (~2 min), axp --help
    ("bench_cli", ("--quick",)),
    ("bench_matching", ("--quick",)),
    ("bench_policy", ("--quick",)),
    ("bench_reports", ("--quick",)),
    ("bench_jobs", ("--quick",)),
    # a live server for 10 s on SQLite; the full run (60 s, both databases) takes ~3 minutes
    ("bench_load", ("--quick", "--backend", "sqlite")),
    # needs search and list pages on the default `axp serve`, 10k needs, 8 clients for 10 s
    ("bench_search", ("--quick",)),
    # cost growth of strengths and matching; writes docs/performance_growth.png (~1 min)
    ("bench_scale", ("--quick",)),
)


def main() -> int:
    here = Path(__file__).resolve().parent
    failed = []
    for name, options in BENCHES:
        print(f"\n## {name}\n", flush=True)
        result = subprocess.run([sys.executable, str(here / f"{name}.py"), *options], check=False)
        if result.returncode != 0:
            failed.append(name)
    print(
        "\n## not run here\n\n- python bench/bench_load.py  (60 s on SQLite and PostgreSQL)\n"
        "- python bench/bench_search.py  (30 s of load, and the search at 100,000 needs)\n"
        "- python bench/bench_pg_restart.py --restart-postgres  (restarts this machine's PostgreSQL)"
    )
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
