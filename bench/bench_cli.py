"""Whole processes, as a new user runs them: ``axp strengths`` vs ``ecomplexity``, and start-up.

1. **Strengths at 1,000 regions x 1,200 industries** (a long CSV ``region,industry,value``,
   70 % of the cells filled: ~840k rows). Ours: ``axp strengths FILE -o DIR`` (reads, checks,
   computes and writes ``industries.csv``, ``regions.csv``, ``proximity.csv``). Reference: a
   Python process that reads the same CSV with pandas, runs ``ecomplexity.ecomplexity``
   (``check_logsupermodularity=False``, which favours it) and ``ecomplexity.proximity`` and
   writes both frames with ``to_csv``. Both are timed from process start to exit, in the same
   run; ours best of N, the reference once per round. The outputs are then compared (ECI,
   PCI, density, COG, M and proximity; max abs difference).
2. **Start-up**: ``axp --help`` and every subcommand's ``--help`` against a bare
   ``python -c "import numpy"`` (median of 5 each).

    python bench/bench_cli.py [--quick] [--regions 1000 --industries 1200]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

REFERENCE = """
import sys, warnings, contextlib, io
import pandas as pd
from ecomplexity import ecomplexity, proximity
src, out = sys.argv[1], sys.argv[2]
frame = pd.read_csv(src)
frame["year"] = 2024
cols = {"time": "year", "loc": "region", "prod": "industry", "val": "value"}
with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
    warnings.simplefilter("ignore")
    result = ecomplexity(frame, cols, verbose=False, check_logsupermodularity=False)
    phi = proximity(frame, cols)
result.to_csv(out + "/industries.csv", index=False)
phi.to_csv(out + "/proximity.csv", index=False)
"""

HELP_COMMANDS: tuple[tuple[str, ...], ...] = (
    (),
    ("init",),
    ("demo",),
    ("serve",),
    ("import",),
    ("export",),
    ("classify",),
    ("match",),
    ("consortium",),
    ("strengths",),
    ("worker",),
    ("backup",),
    ("restore",),
    ("erase-need",),
    ("eval", "match"),
    ("eval", "classify"),
    ("user", "add"),
    ("policy", "extract"),
    ("calls", "extract"),
    ("report", "briefing"),
    ("jobs", "list"),
)


def write_long_csv(path: Path, *, n_regions: int, n_industries: int, fill: float) -> int:
    """A long statistics file with lognormal values; every region and industry non-empty."""
    rng = np.random.default_rng(17)
    values = rng.lognormal(4, 2, (n_regions, n_industries)) * (
        rng.random((n_regions, n_industries)) < fill
    )
    values[np.arange(n_regions), rng.integers(0, n_industries, n_regions)] += 1.0
    values[rng.integers(0, n_regions, n_industries), np.arange(n_industries)] += 1.0
    values = np.round(values, 3)
    rows, cols = np.nonzero(values)
    frame = pl.DataFrame(
        {
            "region": [f"r{r:04d}" for r in rows],
            "industry": [f"i{c:04d}" for c in cols],
            "value": values[rows, cols],
        }
    )
    frame.write_csv(path)
    return int(rows.size)


def _env() -> dict[str, str]:
    """This environment, with byte-code caching on (an installed package has its .pyc files)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=_env())
    return time.perf_counter() - start


def axp_command() -> list[str]:
    return [sys.executable, "-m", "axpartners.cli.main"]


def compare_outputs(ours: Path, reference: Path) -> float:
    """Max abs difference of ECI, PCI, density, COG, M and φ between the two output sets."""
    mine = pl.read_csv(ours / "industries.csv").join(
        pl.read_csv(ours / "regions.csv").select("region", "eci"), on="region"
    )
    theirs = pl.read_csv(reference / "industries.csv").rename(
        {"eci": "eci_ref", "pci": "pci_ref", "density": "density_ref", "cog": "cog_ref"}
    )
    both = mine.join(theirs, on=["region", "industry"], how="inner")
    if both.height != mine.height:
        raise SystemExit(f"rows differ: ours {mine.height}, joined {both.height}")
    diff = max(
        float((both[a] - both[b]).abs().max())  # type: ignore[arg-type]
        for a, b in (
            ("eci", "eci_ref"),
            ("pci", "pci_ref"),
            ("density", "density_ref"),
            ("cog", "cog_ref"),
            ("m", "mcp"),
        )
    )
    phi = pl.read_csv(ours / "proximity.csv")
    phi_ref = pl.read_csv(reference / "proximity.csv")
    joined = phi.join(
        phi_ref,
        left_on=["industry_a", "industry_b"],
        right_on=["industry_1", "industry_2"],
        how="left",
    )
    diff = max(diff, float((joined["phi"] - joined["proximity"]).abs().max()))  # type: ignore[arg-type]
    positive = int((phi_ref["proximity"] > 0).sum() - phi_ref.height**0.5)  # minus the diagonal
    if 2 * phi.height != positive:
        raise SystemExit(f"proximity pairs differ: ours {phi.height}, reference {positive / 2}")
    return diff


def bench_strengths(*, n_regions: int, n_industries: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory(prefix="axp-bench-cli-") as tmp:
        folder = Path(tmp)
        source = folder / "stats.csv"
        rows = write_long_csv(source, n_regions=n_regions, n_industries=n_industries, fill=0.7)
        ours_dir, ref_dir = folder / "ours", folder / "ref"
        ref_dir.mkdir()
        ours_times, ref_times = [], []
        for _ in range(repeats):
            ours_times.append(
                _timed([*axp_command(), "strengths", str(source), "-o", str(ours_dir)])
            )
        ref_times.append(_timed([sys.executable, "-c", REFERENCE, str(source), str(ref_dir)]))
        ours_times.append(_timed([*axp_command(), "strengths", str(source), "-o", str(ours_dir)]))
        diff = compare_outputs(ours_dir, ref_dir)
    ours, ref = min(ours_times), min(ref_times)
    print(
        "| strengths whole process | rows | axp strengths (s) | ecomplexity+pandas (s) | ratio | max abs diff |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| {n_regions} x {n_industries} | {rows:,} | {ours:.2f} (best of {len(ours_times)}) | "
        f"{ref:.2f} | **{ref / ours:.1f}x** | {diff:.1e} |"
    )
    print()


def bench_startup(*, runs: int) -> None:
    _timed([*axp_command(), "--help"])  # writes the .pyc files
    numpy_times = [_timed([sys.executable, "-c", "import numpy"]) for _ in range(runs)]
    bare = statistics.median(numpy_times)
    rows = []
    for args in HELP_COMMANDS:
        times = [_timed([*axp_command(), *args, "--help"]) for _ in range(runs)]
        rows.append((" ".join(("axp", *args, "--help")), statistics.median(times)))
    print(f'| start-up (median of {runs}) | s | vs `python -c "import numpy"` |')
    print("|---|---|---|")
    print(f'| python -c "import numpy" | {bare:.3f} | 1.0x |')
    top = rows[0]
    print(f"| {top[0]} | {top[1]:.3f} | **{top[1] / bare:.2f}x** |")
    slowest = max(rows[1:], key=lambda row: row[1])
    print(f"| slowest subcommand: {slowest[0]} | {slowest[1]:.3f} | {slowest[1] / bare:.2f}x |")
    print(
        f"| all {len(rows) - 1} subcommand --help, median | "
        f"{statistics.median(t for _, t in rows[1:]):.3f} | — |"
    )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--regions", type=int, default=1000)
    parser.add_argument("--industries", type=int, default=1200)
    parser.add_argument("--only", choices=("startup", "strengths"), help="run one part")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    load = os.getloadavg()[0]
    print(
        f"machine: {platform.machine()}, Python {platform.python_version()}, {cores} cores, "
        f"load average {load:.1f} at start"
    )
    print()
    if args.only != "strengths":
        bench_startup(runs=5)
    if args.only != "startup":
        bench_strengths(
            n_regions=args.regions, n_industries=args.industries, repeats=1 if args.quick else 2
        )


if __name__ == "__main__":
    main()
