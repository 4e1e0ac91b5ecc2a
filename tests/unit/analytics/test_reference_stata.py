"""Compare the ``stata`` convention with the original Stata ``ecomplexity`` output.

Reference: ``tests/data/analytics/ecomplexity_stata_ground_truth.csv`` (10 countries x 30 HS92
products x 1995–1996, from cid-harvard/py-ecomplexity). Stata held ``export_val`` as a 4-byte
``float``: with the values rounded to float32 first, RCA matches to ~1e-15; with the CSV's
float64 values the RCA differs by ≤ 1.5e-8 (M, and hence everything else, is unchanged).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from axpartners.analytics import StrengthsResult, compute_strengths

DATA = Path(__file__).parents[2] / "data" / "analytics" / "ecomplexity_stata_ground_truth.csv"
TOL = 1e-9
COLUMNS = ("export_val", "rca", "M", "density", "eci", "pci", "diversity", "ubiquity", "coi", "cog")


def _load(year: str) -> tuple[list[str], list[str], dict[str, np.ndarray]]:
    with DATA.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["year"] == year]
    regions = sorted({row["origin"] for row in rows})
    products = sorted({row["hs92"] for row in rows})
    grids = {name: np.full((len(regions), len(products)), np.nan) for name in COLUMNS}
    for row in rows:
        r, p = regions.index(row["origin"]), products.index(row["hs92"])
        for name in COLUMNS:
            grids[name][r, p] = float(row[name])  # Stata writes ".57" for 0.57
    assert not any(np.isnan(g).any() for g in grids.values())
    return regions, products, grids


def _max_diffs(result: StrengthsResult, grids: dict[str, np.ndarray]) -> dict[str, float]:
    return {
        "rca": float(np.abs(result.rca.toarray() - grids["rca"]).max()),
        "M": float(np.abs(result.m.toarray() - grids["M"]).max()),
        "diversity": float(np.abs(result.diversity - grids["diversity"][:, 0]).max()),
        "ubiquity": float(np.abs(result.ubiquity - grids["ubiquity"][0]).max()),
        "density": float(np.abs(result.density - grids["density"]).max()),
        "eci": float(np.abs(result.eci - grids["eci"][:, 0]).max()),
        "pci": float(np.abs(result.pci - grids["pci"][0]).max()),
        "coi": float(np.abs(result.coi - grids["coi"][:, 0]).max()),
        "cog": float(np.abs(result.cog - grids["cog"]).max()),
    }


@pytest.mark.parametrize("year", ["1995", "1996"])
def test_stata_convention_matches_ground_truth(year: str) -> None:
    regions, products, grids = _load(year)
    values = grids["export_val"].astype(np.float32).astype(np.float64)
    result = compute_strengths(values, regions, products, convention="stata")
    diffs = _max_diffs(result, grids)
    assert max(diffs.values()) <= TOL, diffs


@pytest.mark.parametrize("year", ["1995", "1996"])
def test_float64_inputs_only_move_rca(year: str) -> None:
    regions, products, grids = _load(year)
    result = compute_strengths(grids["export_val"], regions, products, convention="stata")
    diffs = _max_diffs(result, grids)
    assert diffs["rca"] < 5e-8
    assert max(v for k, v in diffs.items() if k != "rca") <= TOL, diffs


def test_ecomplexity_convention_differs_from_stata() -> None:
    """The two conventions must not silently coincide (std and proximity diagonal differ)."""
    regions, products, grids = _load("1995")
    result = compute_strengths(grids["export_val"], regions, products, convention="ecomplexity")
    diffs = _max_diffs(result, grids)
    assert diffs["eci"] > 1e-4
    assert diffs["density"] > 1e-3
