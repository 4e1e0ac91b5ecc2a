"""``make bench``: run every benchmark in its quick mode and print their tables one after another.

Each benchmark measures its baseline in the same run and prints ratios; see the module
docstrings for the full-size options (drop ``--quick``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHES = (
    "bench_text",
    "bench_strengths",
    "bench_matching",
    "bench_policy",
    "bench_reports",
    "bench_jobs",
)


def main() -> int:
    here = Path(__file__).resolve().parent
    failed = []
    for name in BENCHES:
        print(f"\n## {name}\n", flush=True)
        result = subprocess.run([sys.executable, str(here / f"{name}.py"), "--quick"], check=False)
        if result.returncode != 0:
            failed.append(name)
    print(
        "\n## bench_load\n\nRun separately (starts servers, 1–2 minutes): python bench/bench_load.py --quick"
    )
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
