"""How stable an opportunity's rank is (issue 15): with 17 regions, ECI/PCI and opportunity
ranks move with the measure, the year and the regions that happen to be in the table.

Three figures per opportunity of a region:

* **across measures** — its rank when the same year is analysed on each other measure
  (employees, establishments, shipments), ``None`` where the region is already specialised;
* **across years** — its rank in each year of a multi-year series;
* **leave-one-region-out** — the lowest and highest rank over the runs that each leave one
  *other* region out of the table (a jackknife over regions: which regions are in the table
  changes RCA, proximity and PCI), and the share of runs in which it is top-``top``.

:func:`judge` turns them into one verdict: ``robust`` (top-``top`` under every measure, every
year and every leave-one-out run), ``depends`` (top-``top`` now, but not under the listed
choices), or ``outside`` (not top-``top`` in the view shown).
"""

from __future__ import annotations

import warnings
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from axpartners.analytics._types import AnalyticsWarning, Convention
from axpartners.analytics.opportunity import rank_opportunities
from axpartners.analytics.pipeline import StrengthsResult, compute_strengths
from axpartners.errors import AnalyticsError

TOP = 5
Verdict = Literal["robust", "depends", "outside"]


@dataclass(frozen=True, slots=True)
class Stability:
    """Stability figures of one opportunity (see the module docstring).

    Attributes:
        rank: its rank in the view shown.
        by_measure: measure → rank in the same year (``None``: specialised or not analysable).
        by_year: year → rank in that year of the multi-year series (``None`` likewise).
        loo_low, loo_high: best and worst rank over the leave-one-region-out runs.
        loo_top: share of those runs in which it ranks within ``top``.
        loo_runs: number of runs.
        verdict: ``robust``, ``depends`` or ``outside``.
        depends_on: the choices under which it falls out of the top (``measure:…``,
            ``year:…``, ``regions``).
    """

    rank: int
    by_measure: Mapping[str, int | None] = field(default_factory=dict)
    by_year: Mapping[int, int | None] = field(default_factory=dict)
    loo_low: int = 0
    loo_high: int = 0
    loo_top: float = 0.0
    loo_runs: int = 0
    verdict: Verdict = "outside"
    depends_on: tuple[str, ...] = ()
    top: int = TOP


def opportunity_ranks(
    result: StrengthsResult, *, region: str, among: Collection[str] | None = None
) -> dict[str, int]:
    """Industry → opportunity rank of ``region`` in ``result`` (specialised ones absent)."""
    if region not in result.regions:
        return {}
    return {
        o.industry: o.rank for o in rank_opportunities(result, region=region, top=None, among=among)
    }


def leave_one_out(
    result: StrengthsResult,
    *,
    region: str,
    convention: Convention,
    among: Collection[str] | None = None,
) -> list[dict[str, int]]:
    """Opportunity ranks of ``region`` with each other region left out in turn."""
    values = result.values.tocsr()
    runs: list[dict[str, int]] = []
    for k, other in enumerate(result.regions):
        if other == region:
            continue
        keep = np.array([j for j in range(len(result.regions)) if j != k], dtype=np.int64)
        labels = [result.regions[j] for j in keep]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", AnalyticsWarning)
                again = compute_strengths(
                    values[keep], labels, result.industries, convention=convention
                )
        except AnalyticsError:
            continue
        runs.append(opportunity_ranks(again, region=region, among=among))
    return runs


def judge(
    industry: str,
    *,
    rank: int,
    by_measure: Mapping[str, int | None],
    by_year: Mapping[int, int | None],
    loo: Sequence[Mapping[str, int]],
    top: int = TOP,
) -> Stability:
    """The stability record of one opportunity from the ranks computed elsewhere."""
    loo_ranks = [run[industry] for run in loo if industry in run]
    low = min(loo_ranks, default=rank)
    high = max(loo_ranks, default=rank)
    in_top = sum(1 for r in loo_ranks if r <= top)
    depends: list[str] = []
    if rank <= top:
        depends += [f"measure:{m}" for m, r in by_measure.items() if r is None or r > top]
        depends += [f"year:{y}" for y, r in sorted(by_year.items()) if r is None or r > top]
        if len(loo_ranks) < len(loo) or high > top:
            depends.append("regions")
    verdict: Verdict = "outside" if rank > top else ("depends" if depends else "robust")
    return Stability(
        rank=rank,
        by_measure=dict(by_measure),
        by_year=dict(by_year),
        loo_low=low,
        loo_high=high,
        loo_top=in_top / len(loo) if loo else 0.0,
        loo_runs=len(loo),
        verdict=verdict,
        depends_on=tuple(depends),
        top=top,
    )
