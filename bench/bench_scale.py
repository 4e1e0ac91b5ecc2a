"""Cost growth (time and memory vs size) for strengths and matching, with a plot.

Strengths: ``compute_strengths`` on synthetic region x industry matrices of growing size (in
process, best of 2; peak memory traced by ``tracemalloc``, which sees NumPy buffers), then the
250 시·군·구 x 1,200 KSIC classes x 10 years panel (``compute_strengths_by_year``).
Matching: ``rank_partners(top=10)`` per need over 1,000 … 5,000 partners (synthetic documents
drawn from the judged set's vocabulary, as ``bench_matching.py``); the index build and its
traced memory; the time for 100,000 needs is the measured time per need x 100,000.

Writes ``docs/performance_growth.png`` (matplotlib, headless).

    python bench/bench_scale.py [--quick]   (--quick: smaller matching sample, no 3,500 x 5,000)
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_matching import _real_texts, _synthetic_docs
from bench_strengths import make_dense, make_sparse

from axpartners.analytics import compute_strengths, compute_strengths_by_year
from axpartners.matching._tokens import tokenize, tokenize_many
from axpartners.matching.index import build_partner_index
from axpartners.matching.rank import rank_partners

PLOT = Path(__file__).resolve().parents[1] / "docs" / "performance_growth.png"


def timed(fn: Callable[[], Any], *, repeats: int = 2) -> tuple[float, float]:
    """Best wall time (s) and traced peak (MB) of ``fn``."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 2**20


def strengths_growth(quick: bool) -> list[tuple[str, int, float, float]]:
    sizes = [(17, 300, 0.5), (250, 1200, 0.3), (1000, 1200, 0.3), (2000, 2400, 0.1)]
    rows = []
    for n_r, n_i, fill in sizes:
        values = make_dense(n_r, n_i, fill=fill, seed=n_r)
        labels_r = [f"r{k}" for k in range(n_r)]
        labels_i = [f"i{k}" for k in range(n_i)]
        seconds, peak = timed(lambda: compute_strengths(values, labels_r, labels_i))  # noqa: B023
        rows.append((f"{n_r} x {n_i}", n_r * n_i, seconds, peak))
    if not quick:
        values_s = make_sparse(3500, 5000, fill=0.01, seed=3)
        labels_r = [f"r{k}" for k in range(3500)]
        labels_i = [f"i{k}" for k in range(5000)]
        seconds, peak = timed(lambda: compute_strengths(values_s, labels_r, labels_i), repeats=1)
        rows.append(("3500 x 5000 (1 % sparse)", 3500 * 5000, seconds, peak))
    return rows


def panel_250_1200_10() -> tuple[float, float]:
    years = {
        2015 + k: make_dense(250, 1200, fill=0.3, seed=100 + k) for k in range(10)
    }  # 10 years of 250 시·군·구 x 1,200 KSIC classes
    regions = [f"r{k}" for k in range(250)]
    industries = [f"i{k}" for k in range(1200)]
    return timed(lambda: compute_strengths_by_year(years, regions, industries), repeats=1)


def matching_growth(quick: bool) -> list[tuple[int, float, float, float]]:
    partners_real, needs = _real_texts()
    tokenize("모델 적재")
    real_tokens = tokenize_many([p.text() for p in partners_real])
    vocabulary = sorted({t for tokens in real_tokens for t in tokens}) + [
        f"용어{i}" for i in range(5000)
    ]
    rng = np.random.default_rng(5)
    sample = needs[: 20 if quick else 50]
    rows = []
    for n_partners in (1000, 2500, 5000):
        partners, docs = _synthetic_docs(n_partners, vocabulary, rng)
        build_s, build_mb = timed(lambda: build_partner_index(partners, tokens=docs), repeats=1)  # noqa: B023
        index = build_partner_index(partners, tokens=docs)
        rank_partners(sample[0], index, top=10)
        per_need = []
        for need in sample:
            start = time.perf_counter()
            rank_partners(need, index, top=10)
            per_need.append(time.perf_counter() - start)
        rows.append((n_partners, build_s, build_mb, statistics.median(per_need)))
    return rows


def plot(
    strengths: list[tuple[str, int, float, float]], matching: list[tuple[int, float, float, float]]
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    cells = [r[1] for r in strengths]
    left.loglog(cells, [r[2] for r in strengths], "o-", label="time (s)")
    left.loglog(cells, [r[3] / 1000 for r in strengths], "s--", label="peak memory (GB)")
    left.set_xlabel("regions x industries (cells)")
    left.set_title("compute_strengths")
    left.legend()
    left.grid(True, which="both", alpha=0.3)
    partners = [r[0] for r in matching]
    right.plot(partners, [r[3] * 1000 for r in matching], "o-", label="rank one need (ms)")
    right.plot(partners, [r[1] * 1000 / 10 for r in matching], "s--", label="index build (ms / 10)")
    right.set_xlabel("partners")
    right.set_title("matching")
    right.legend()
    right.grid(True, alpha=0.3)
    fig.tight_layout()
    PLOT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(PLOT, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{len(os.sched_getaffinity(0))} cores, load average {os.getloadavg()[0]:.1f} at start"
    )
    print()
    strengths = strengths_growth(args.quick)
    print("| compute_strengths | cells | time (s) | traced peak (MB) |")
    print("|---|---|---|---|")
    for label, cells, seconds, peak in strengths:
        print(f"| {label} | {cells:,} | {seconds:.3f} | {peak:.0f} |")
    seconds, peak = panel_250_1200_10()
    print(f"| 250 x 1,200 x 10 years (panel) | {250 * 1200 * 10:,} | {seconds:.3f} | {peak:.0f} |")
    print()
    matching = matching_growth(args.quick)
    print(
        "| matching | index build (s) | index traced peak (MB) | rank one need, median (ms) | 100,000 needs (min, = per need x 100k) |"
    )
    print("|---|---|---|---|---|")
    for n_partners, build_s, build_mb, per_need in matching:
        print(
            f"| {n_partners:,} partners | {build_s:.2f} | {build_mb:.0f} | {per_need * 1000:.2f} | "
            f"{per_need * 100_000 / 60:.1f} |"
        )
    plot(strengths, matching)
    print()
    print(f"plot: {PLOT.relative_to(PLOT.parents[1])}")


if __name__ == "__main__":
    main()
