"""The demo's regional statistics: the real KOSIS files and the labelled synthetic matrix.

Everything is described in ``data/strengths_demo.yaml`` (datasets, citations, the synthetic
profile). The synthetic 시·도 × manufacturing-division matrix splits each region's *real*
manufacturing employment (KOSIS 광업제조업조사) over the KSIC divisions 10–34 with an
illustrative national profile, illustrative regional multipliers and seeded log-normal noise
(a small random walk over the years so specialisations can enter and exit). The generator is
deterministic: the same file and seed give the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from axpartners.io.stats import RegionalStats
from axpartners.io.tables import write_csv
from axpartners.services.actors import SYSTEM

__all__ = ["SYSTEM", "RealDataset", "SyntheticSpec", "real_datasets", "synthetic_spec"]


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
    from axpartners.services.stats_import import parse_stats_upload
    from axpartners.services.strengths import to_section

    stats = parse_stats_upload(spec.control.data, name=spec.control.file, flags_as_zero=True)
    industry = to_section(spec.control_industry)
    return {
        (r.region, r.year): r.value
        for r in stats.records
        if r.industry == industry and r.measure == spec.measure and r.year is not None
    }


def synthetic_stats(spec: SyntheticSpec) -> RegionalStats:
    """The synthetic matrix as parsed statistics (long CSV through the normal importer)."""
    from axpartners.services.stats_import import parse_stats_upload

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
