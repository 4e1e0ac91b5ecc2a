"""Benchmark: ``compute_strengths`` vs the PyPI ``ecomplexity`` package on the same data.

Usage: ``python bench/bench_strengths.py [--quick]`` (``--quick`` skips the 3,500 x 5,000 scale
check). Prints a markdown table: wall time (best of N), peak traced memory (tracemalloc; NumPy
buffers are traced) and the max abs difference of ECI, PCI, proximity, density, COI and COG
against the reference measured in the same run.

Reference = ``ecomplexity.ecomplexity(..., check_logsupermodularity=False)`` +
``ecomplexity.proximity(...)`` on a long DataFrame built beforehand (the DataFrame build is not
timed, which favours the reference). Ours = ``compute_strengths`` from the dense matrix, the
whole pipeline RCA → M → ECI/PCI → proximity → density → COI/COG.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import platform
import resource
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy import sparse

from axpartners.analytics import StrengthsResult, compute_strengths


def make_dense(n_regions: int, n_industries: int, *, fill: float, seed: int) -> np.ndarray:
    """Lognormal values, a share ``fill`` of cells non-zero, every row and column non-empty."""
    rng = np.random.default_rng(seed)
    values = rng.lognormal(4, 2, (n_regions, n_industries)) * (
        rng.random((n_regions, n_industries)) < fill
    )
    values[np.arange(n_regions), rng.integers(0, n_industries, n_regions)] += 1.0
    values[rng.integers(0, n_regions, n_industries), np.arange(n_industries)] += 1.0
    return values


def make_sparse(n_regions: int, n_industries: int, *, fill: float, seed: int) -> sparse.csr_array:
    rng = np.random.default_rng(seed)
    nnz = int(n_regions * n_industries * fill)
    rows = np.concatenate(
        [
            rng.integers(0, n_regions, nnz),
            np.arange(n_regions),
            rng.integers(0, n_regions, n_industries),
        ]
    )
    cols = np.concatenate(
        [
            rng.integers(0, n_industries, nnz),
            rng.integers(0, n_industries, n_regions),
            np.arange(n_industries),
        ]
    )
    data = rng.lognormal(4, 2, rows.size)
    return sparse.csr_array((data, (rows, cols)), shape=(n_regions, n_industries))


def measure(fn: Callable[[], Any], *, repeats: int) -> tuple[float, float, Any]:
    """Best wall time over ``repeats`` and the peak traced memory (MB) of one run."""
    best = float("inf")
    out = None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 2**20, out


def run_reference(
    values: np.ndarray, regions: list[str], industries: list[str]
) -> Callable[[], Any]:
    import pandas as pd
    from ecomplexity import ecomplexity, proximity

    r, i = np.meshgrid(np.arange(len(regions)), np.arange(len(industries)), indexing="ij")
    frame = pd.DataFrame(
        {
            "year": 2024,
            "loc": np.asarray(regions, dtype=object)[r.ravel()],
            "prod": np.asarray(industries, dtype=object)[i.ravel()],
            "val": values.ravel(),
        }
    )
    cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}

    def call() -> tuple[Any, Any]:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = ecomplexity(frame, cols, verbose=False, check_logsupermodularity=False)
            prox = proximity(frame, cols)
        return out, prox

    return call


def differences(ours: StrengthsResult, reference: tuple[Any, Any]) -> float:
    out, prox = reference
    regions, industries = list(ours.regions), list(ours.industries)

    def grid(column: str) -> np.ndarray:
        return np.asarray(
            out.pivot(index="loc", columns="prod", values=column)
            .loc[regions, industries]
            .to_numpy(float)
        )

    phi = prox.pivot(index="prod_1", columns="prod_2", values="proximity").loc[
        industries, industries
    ]
    diffs = [
        np.abs(ours.eci - grid("eci")[:, 0]).max(),
        np.abs(ours.pci - grid("pci")[0]).max(),
        np.abs(ours.coi - grid("coi")[:, 0]).max(),
        np.abs(ours.density - grid("density")).max(),
        np.abs(ours.cog - grid("cog")).max(),
        np.abs(ours.proximity.toarray() - phi.to_numpy(float)).max(),
        np.abs(ours.m.toarray() - grid("mcp")).max(),
    ]
    return float(max(diffs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 3,500 x 5,000 scale check")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {platform.python_version()}, cores={len(__import__('os').sched_getaffinity(0))}"
    )
    print()
    print(
        "| size (regions x industries) | fill | ours (s) | ecomplexity (s) | ratio | ours peak MB | ref peak MB | max abs diff |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n_regions, n_industries, fill, repeats, ref_repeats in (
        (17, 300, 0.5, 5, 2),
        (250, 1200, 0.3, 3, 1),
    ):
        values = make_dense(n_regions, n_industries, fill=fill, seed=n_regions)
        regions = [f"r{k:05d}" for k in range(n_regions)]
        industries = [f"i{k:05d}" for k in range(n_industries)]
        ours_time, ours_mem, ours = measure(
            functools.partial(compute_strengths, values, regions, industries), repeats=repeats
        )
        ref_time, ref_mem, ref = measure(
            run_reference(values, regions, industries), repeats=ref_repeats
        )
        diff = differences(ours, ref)
        print(
            f"| {n_regions} x {n_industries} | {fill:.0%} | {ours_time:.4f} | {ref_time:.3f} | "
            f"{ref_time / ours_time:.0f}x | {ours_mem:.1f} | {ref_mem:.1f} | {diff:.1e} |"
        )
        sys.stdout.flush()
    if not args.quick:
        n_regions, n_industries, fill = 3500, 5000, 0.01
        values_sparse = make_sparse(n_regions, n_industries, fill=fill, seed=3)
        regions = [f"r{k:05d}" for k in range(n_regions)]
        industries = [f"i{k:05d}" for k in range(n_industries)]
        start = time.perf_counter()
        tracemalloc.start()
        result = compute_strengths(values_sparse, regions, industries)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        elapsed = time.perf_counter() - start
        print(
            f"| {n_regions} x {n_industries} (sparse input, ours only) | {values_sparse.nnz / (n_regions * n_industries):.1%} | "
            f"{elapsed:.2f} (traced) | — | — | {peak / 2**20:.0f} | — | proximity nnz {result.proximity.nnz:,} |"
        )
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(f"process max RSS: {maxrss:.0f} MB")


if __name__ == "__main__":
    main()
