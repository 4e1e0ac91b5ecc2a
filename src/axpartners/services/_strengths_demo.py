"""The demo's regional statistics: the real KOSIS files and the labelled synthetic matrix.

The default strengths datasets are the real KOSIS 시·도 × manufacturing-division tables
(``divisions`` in the YAML): :func:`division_datasets` reads them, treats suppressed cells
once (:mod:`axpartners.analytics.suppressed`) and returns a long CSV per dataset plus a note of
what was treated. The synthetic matrix below is kept only as a clearly marked example.

Everything is described in ``data/strengths_demo.yaml`` (datasets, citations, the synthetic
profile). The synthetic 시·도 × manufacturing-division matrix splits each region's *real*
manufacturing employment (KOSIS 광업제조업조사) over the KSIC divisions 10–34 with an
illustrative national profile, illustrative regional multipliers and seeded log-normal noise
(a small random walk over the years so specialisations can enter and exit). The generator is
deterministic: the same file and seed give the same numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from axpartners.analytics.suppressed import Cell, Treatment, thin_industries, treat_suppressed
from axpartners.codes import to_section
from axpartners.io.stats import RegionalStats
from axpartners.io.tables import write_csv
from axpartners.services.actors import SYSTEM
from axpartners.services.stats_import import parse_stats_upload

__all__ = [
    "SYSTEM",
    "DivisionDataset",
    "RealDataset",
    "SyntheticSpec",
    "division_dataset",
    "division_specs",
    "real_datasets",
    "synthetic_spec",
]


@dataclass(frozen=True, slots=True)
class RealDataset:
    dataset: str
    file: str
    source: str
    flags_as_zero: bool
    data: bytes


@dataclass(frozen=True, slots=True)
class SyntheticSpec:
    dataset: str
    source: str
    seed: int
    control: RealDataset
    control_industry: str
    measure: str
    noise_sigma: float
    drift_sigma: float
    profile: Mapping[str, float]
    concentrated: frozenset[str]
    multipliers: Mapping[str, Mapping[str, float]]


def _data_file(name: str) -> bytes:
    return resources.files("axpartners").joinpath(f"data/{name}").read_bytes()


@cache
def _config() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(_data_file("strengths_demo.yaml").decode("utf-8"))
    return loaded


def _real(entry: Mapping[str, Any]) -> RealDataset:
    return RealDataset(
        dataset=str(entry["dataset"]),
        file=str(entry["file"]).rsplit("/", 1)[-1],
        source=str(entry["source"]),
        flags_as_zero=bool(entry.get("flags_as_zero", False)),
        data=_data_file(str(entry["file"])),
    )


def real_datasets() -> tuple[RealDataset, ...]:
    return tuple(_real(entry) for entry in _config()["real"])


@dataclass(frozen=True, slots=True)
class DivisionSpec:
    dataset: str
    source: str
    measures: Mapping[str, str]
    """measure → packaged file (``region,industry,year,value``; empty value = suppressed)."""
    totals_file: str | None
    weights_measure: str | None


@dataclass(frozen=True, slots=True)
class DivisionDataset:
    """One real division dataset ready to import: long CSV, citation and treatment note."""

    dataset: str
    source: str
    file: str
    data: bytes
    notes: dict[str, object]


def division_specs() -> tuple[DivisionSpec, ...]:
    return tuple(
        DivisionSpec(
            dataset=str(entry["dataset"]),
            source=str(entry["source"]),
            measures={str(k): str(v) for k, v in entry["measures"].items()},
            totals_file=entry.get("totals_file"),
            weights_measure=entry.get("weights_measure"),
        )
        for entry in _config().get("divisions", ())
    )


def _division_cells(name: str) -> dict[int, dict[Cell, float | None]]:
    """year → (region, industry) → value (None: suppressed) of one packaged division file."""
    text = _data_file(name).decode("utf-8-sig")
    out: dict[int, dict[Cell, float | None]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        raw = (row["value"] or "").strip()
        cell = (row["region"].strip(), row["industry"].strip())
        out.setdefault(int(row["year"]), {})[cell] = float(raw) if raw else None
    return out


def division_dataset(
    spec: DivisionSpec, *, totals: Mapping[tuple[str, int, str], float]
) -> DivisionDataset:
    """The dataset of ``spec`` with suppressed cells treated; ``totals`` = (region, year,
    measure) → published manufacturing total of the region (for the estimate)."""
    tables = {measure: _division_cells(file) for measure, file in spec.measures.items()}
    drop: set[str] = set()
    for by_year in tables.values():
        for cells in by_year.values():
            drop |= thin_industries(cells)
    weights = tables.get(spec.weights_measure or "", {})
    rows: list[tuple[object, ...]] = []
    treated: list[Treatment] = []
    for measure, by_year in tables.items():
        for year, cells in sorted(by_year.items()):
            region_totals = {r: v for (r, y, m), v in totals.items() if y == year and m == measure}
            share = {c: v for c, v in weights.get(year, {}).items() if v is not None}
            filled, treatment = treat_suppressed(
                cells, region_totals=region_totals, weights=share, drop=drop
            )
            treated.append(treatment)
            rows.extend(
                (region, industry, year, measure, round(value, 3))
                for (region, industry), value in sorted(filled.items())
            )
    regions = {c[0] for by_year in tables.values() for cells in by_year.values() for c in cells}
    kept = {c[1] for by_year in tables.values() for cells in by_year.values() for c in cells} - drop
    absent = sum(
        len(regions) * len(kept) - sum(1 for c in cells if c[1] in kept)
        for by_year in tables.values()
        for cells in by_year.values()
    )
    notes: dict[str, object] = {
        "treatment": "estimate_from_region_total",
        "absent_pairs": absent,
        "suppressed": sum(t.suppressed for t in treated),
        "estimated": sum(t.estimated for t in treated),
        "left_out": sum(t.left_out for t in treated),
        "dropped_industries": sorted(drop),
    }
    data = write_csv(("region", "industry", "year", "measure", "value"), rows)
    return DivisionDataset(
        dataset=spec.dataset, source=spec.source, file=f"{spec.dataset}.csv", data=data, notes=notes
    )


def synthetic_spec() -> SyntheticSpec:
    entry = _config()["synthetic"]
    control_file = str(entry["control_file"])
    control = next(
        (spec for spec in real_datasets() if control_file.endswith(spec.file)),
        None,
    ) or _real({"dataset": "control", "file": control_file, "source": "", "flags_as_zero": True})
    return SyntheticSpec(
        dataset=str(entry["dataset"]),
        source=str(entry["source"]),
        seed=int(entry["seed"]),
        control=control,
        control_industry=str(entry["control_industry"]),
        measure=str(entry["measure"]),
        noise_sigma=float(entry["noise_sigma"]),
        drift_sigma=float(entry["drift_sigma"]),
        profile={str(k): float(v) for k, v in entry["profile"].items()},
        concentrated=frozenset(str(c) for c in entry.get("concentrated", ())),
        multipliers={
            str(region): {str(k): float(v) for k, v in table.items()}
            for region, table in entry["multipliers"].items()
        },
    )


def control_totals(spec: SyntheticSpec) -> dict[tuple[str, int], float]:
    """(region, year) → the real manufacturing total of ``spec.measure``."""
    stats = parse_stats_upload(spec.control.data, name=spec.control.file, flags_as_zero=True)
    industry = to_section(spec.control_industry)
    return {
        (r.region, r.year): r.value
        for r in stats.records
        if r.industry == industry and r.measure == spec.measure and r.year is not None
    }


def synthetic_stats(spec: SyntheticSpec) -> RegionalStats:
    """The synthetic matrix as parsed statistics (long CSV through the normal importer)."""
    totals = control_totals(spec)
    regions = sorted({region for region, _ in totals})
    years = sorted({year for _, year in totals})
    divisions = sorted(spec.profile)
    base = np.array([spec.profile[d] for d in divisions], dtype=np.float64)
    weights = np.empty((len(regions), len(divisions)), dtype=np.float64)
    for r, region in enumerate(regions):
        table = spec.multipliers.get(region, {})
        for d, division in enumerate(divisions):
            default = 0.0 if division in spec.concentrated else 1.0
            weights[r, d] = base[d] * table.get(division, default)
    rng = np.random.default_rng(spec.seed)
    structural = rng.lognormal(0.0, spec.noise_sigma, size=weights.shape)
    steps = rng.normal(0.0, spec.drift_sigma, size=(len(years), *weights.shape))
    steps[0] = 0.0
    drift = np.exp(np.cumsum(steps, axis=0))
    rows: list[tuple[object, ...]] = []
    for y, year in enumerate(years):
        shares = weights * structural * drift[y]
        shares /= shares.sum(axis=1, keepdims=True)
        for r, region in enumerate(regions):
            total = totals[(region, year)]
            for d, division in enumerate(divisions):
                rows.append((region, division, year, spec.measure, round(total * shares[r, d])))
    data = write_csv(("region", "industry", "year", "measure", "value"), rows)
    return parse_stats_upload(data, name=f"{spec.dataset}.csv")
