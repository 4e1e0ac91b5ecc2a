"""Opportunity ranking for one region (Balland, Boschma, Crespo & Rigby 2019).

Balland et al., "Smart specialization policy in the European Union: relatedness, knowledge
complexity and regional diversification", *Regional Studies* 53(9), 1252-1268: a region should
move into industries it does not yet specialise in that are both *related* to what it already
does (relatedness density: feasibility, low risk) and *complex* (PCI: value, high gain).

For region ``r`` and each candidate industry ``i`` with ``M[r, i] = 0``:

    score = w · pct(density[r, i]) + (1 - w) · pct(PCI_i)

where ``pct`` is the percentile rank among the region's candidates (0 = lowest, 1 = highest,
ties averaged) and ``w`` the ``weight`` (default 0.5). The quadrant follows Balland et al.'s
figure, splitting both axes at the candidates' median. COG, RCA and value come along so a
person can see why an industry ranks where it does.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

import numpy as np

from axpartners.analytics._types import FloatArray
from axpartners.analytics.pipeline import StrengthsResult
from axpartners.errors import AnalyticsError

Quadrant = Literal["ideal", "low_risk_low_gain", "high_risk_high_gain", "least_attractive"]
"""``ideal``: high relatedness and high complexity; ``low_risk_low_gain``: related but simple;
``high_risk_high_gain``: complex but far; ``least_attractive``: neither."""


@dataclass(frozen=True, slots=True)
class Opportunity:
    """One candidate industry for a region, with the components of its score.

    Attributes:
        industry: industry label.
        rank: 1 = best.
        score: ``weight · density_percentile + (1 - weight) · pci_percentile`` in [0, 1].
        density: relatedness density of the region around the industry (feasibility).
        density_percentile: percentile rank of ``density`` among the region's candidates.
        pci: industry complexity (value).
        pci_percentile: percentile rank of ``pci`` among the candidates.
        cog: complexity outlook gain of entering the industry.
        rca: current RCA (< threshold, i.e. not yet specialised).
        value: current value (employees, establishments, …) of the region in the industry.
        quadrant: Balland et al. quadrant, see :data:`Quadrant`.
    """

    industry: str
    rank: int
    score: float
    density: float
    density_percentile: float
    pci: float
    pci_percentile: float
    cog: float
    rca: float
    value: float
    quadrant: Quadrant


def average_ranks(x: FloatArray) -> FloatArray:
    """1-based ranks, ties sharing the mean of their ranks (``scipy.stats.rankdata`` "average").

    Written out because importing ``scipy.stats`` costs ~0.5 s of every ``axp`` run that
    touches analytics. A NaN makes every rank NaN, as ``rankdata``'s default policy does.
    """
    values = np.asarray(x, dtype=np.float64)
    if np.isnan(values).any():
        return np.full(values.shape, np.nan)
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    group = np.cumsum(starts) - 1
    ends = np.r_[np.flatnonzero(starts)[1:], values.size]  # 1-based last rank of each group
    firsts = np.flatnonzero(starts) + 1
    ranks = np.empty(values.size, dtype=np.float64)
    ranks[order] = 0.5 * (firsts + ends)[group]
    return ranks


def _percentile(x: FloatArray) -> FloatArray:
    if x.size == 1:
        return np.ones(1)
    return np.asarray((average_ranks(x) - 1.0) / (x.size - 1), dtype=np.float64)


def _quadrant(high_density: bool, high_pci: bool) -> Quadrant:
    if high_density:
        return "ideal" if high_pci else "low_risk_low_gain"
    return "high_risk_high_gain" if high_pci else "least_attractive"


def rank_opportunities(
    result: StrengthsResult,
    *,
    region: str,
    top: int | None = 20,
    weight: float = 0.5,
    among: Collection[str] | None = None,
) -> tuple[Opportunity, ...]:
    """The region's best industries to move into, best first (``top=None``: all candidates).

    ``among`` limits the candidates to those industry labels (the council's industry scope);
    percentiles and quadrants are then taken among the in-scope candidates only.

    Raises:
        AnalyticsError: unknown region or ``weight`` outside [0, 1].
    """
    if not 0.0 <= weight <= 1.0:
        raise AnalyticsError("analytics.bad_weight", weight=weight)
    row = result.region_index(region)
    specialised = result.m[[row], :].toarray().ravel() > 0
    candidates = np.flatnonzero(~specialised)
    if among is not None:
        allowed = set(among)
        candidates = np.array(
            [k for k in candidates if result.industries[k] in allowed], dtype=np.int64
        )
    if candidates.size == 0:
        return ()
    density = result.density[row, candidates]
    pci = result.pci[candidates]
    density_pct = _percentile(density)
    pci_pct = _percentile(pci)
    score = weight * density_pct + (1.0 - weight) * pci_pct
    # Best score first; ties broken by density, then PCI, then label order (stable, deterministic).
    order = np.lexsort((candidates, -pci, -density, -score))
    if top is not None:
        order = order[: max(top, 0)]
    rca_row = result.rca[[row], :].toarray().ravel()
    value_row = result.values[[row], :].toarray().ravel()
    density_median, pci_median = float(np.median(density)), float(np.median(pci))
    out = []
    for rank, k in enumerate(order, start=1):
        i = int(candidates[k])
        out.append(
            Opportunity(
                industry=result.industries[i],
                rank=rank,
                score=float(score[k]),
                density=float(density[k]),
                density_percentile=float(density_pct[k]),
                pci=float(pci[k]),
                pci_percentile=float(pci_pct[k]),
                cog=float(result.cog[row, i]),
                rca=float(rca_row[i]),
                value=float(value_row[i]),
                quadrant=_quadrant(density[k] >= density_median, pci[k] >= pci_median),
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Specialisation:
    """An industry a region is specialised in (``M = 1``), with RCA, value, PCI and ubiquity."""

    industry: str
    rca: float
    value: float
    pci: float
    ubiquity: int


def list_specialisations(result: StrengthsResult, *, region: str) -> tuple[Specialisation, ...]:
    """The region's current specialisations, highest RCA first."""
    row = result.region_index(region)
    rca_row = result.rca[[row], :].toarray().ravel()
    value_row = result.values[[row], :].toarray().ravel()
    held = np.flatnonzero(result.m[[row], :].toarray().ravel() > 0)
    held = held[np.lexsort((held, -rca_row[held]))]
    return tuple(
        Specialisation(
            industry=result.industries[i],
            rca=float(rca_row[i]),
            value=float(value_row[i]),
            pci=float(result.pci[i]),
            ubiquity=int(result.ubiquity[i]),
        )
        for i in held
    )
