"""What a Strengths page shows for one region: its place in the ECI ranking, what it is
specialised in, and where it could move next (with the AI use cases of each industry)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np

from axpartners.analytics.opportunity import (
    Opportunity,
    Specialisation,
    list_specialisations,
    rank_opportunities,
)
from axpartners.analytics.pipeline import StrengthsResult
from axpartners.analytics.usecases import UseCaseLink, usecases_for_industry


@dataclass(frozen=True, slots=True)
class RegionRank:
    """One row of the ECI ranking (rank 1 = most complex)."""

    region: str
    rank: int
    eci: float
    coi: float
    diversity: int


@dataclass(frozen=True, slots=True)
class RegionSummary:
    """Everything the Strengths page needs for ``region``.

    ``usecases`` maps each industry in ``specialisations`` and ``opportunities`` to its
    relevant AI use cases (empty when the label is not a KSIC code or is unmapped).
    """

    region: str
    rank: RegionRank
    n_regions: int
    specialisations: tuple[Specialisation, ...]
    opportunities: tuple[Opportunity, ...]
    usecases: Mapping[str, tuple[UseCaseLink, ...]]


def rank_regions(result: StrengthsResult) -> tuple[RegionRank, ...]:
    """All regions by ECI, highest first (ties by label)."""
    order = np.lexsort((np.arange(len(result.regions)), -result.eci))
    return tuple(
        RegionRank(
            region=result.regions[k],
            rank=position,
            eci=float(result.eci[k]),
            coi=float(result.coi[k]),
            diversity=int(result.diversity[k]),
        )
        for position, k in enumerate(order, start=1)
    )


def summarise_region(
    result: StrengthsResult,
    *,
    region: str,
    top: int = 10,
    weight: float = 0.5,
    among: Collection[str] | None = None,
) -> RegionSummary:
    """Ranking row, specialisations, top opportunities and their AI use cases for ``region``."""
    result.region_index(region)  # unknown region: AnalyticsError before any work
    ranking = {row.region: row for row in rank_regions(result)}
    held = list_specialisations(result, region=region)
    options = rank_opportunities(result, region=region, top=top, weight=weight, among=among)
    labels = [s.industry for s in held] + [o.industry for o in options]
    return RegionSummary(
        region=region,
        rank=ranking[region],
        n_regions=len(result.regions),
        specialisations=held,
        opportunities=options,
        usecases={label: usecases_for_industry(label) for label in labels},
    )
