"""Opportunity ranking (Balland et al. 2019) and current specialisations."""

from __future__ import annotations

import numpy as np
import pytest

from axpartners.analytics import (
    StrengthsResult,
    compute_strengths,
    list_specialisations,
    rank_opportunities,
)
from axpartners.errors import AnalyticsError


@pytest.fixture(scope="module")
def result() -> StrengthsResult:
    rng = np.random.default_rng(11)
    values = rng.lognormal(3, 1.5, (12, 35)) * (rng.random((12, 35)) < 0.6)
    return compute_strengths(values, [f"r{k}" for k in range(12)], [f"i{k}" for k in range(35)])


def test_candidates_are_exactly_the_unspecialised_industries(result: StrengthsResult) -> None:
    ranked = rank_opportunities(result, region="r0", top=None)
    held = {result.industries[i] for i in np.flatnonzero(result.m.toarray()[0])}
    assert {o.industry for o in ranked} == set(result.industries) - held
    assert all(o.rca < result.threshold for o in ranked)


def test_scores_are_sorted_and_composed_from_components(result: StrengthsResult) -> None:
    ranked = rank_opportunities(result, region="r2", top=None, weight=0.7)
    scores = [o.score for o in ranked]
    assert scores == sorted(scores, reverse=True)
    assert [o.rank for o in ranked] == list(range(1, len(ranked) + 1))
    row = result.region_index("r2")
    for o in ranked:
        i = result.industry_index(o.industry)
        assert o.score == pytest.approx(0.7 * o.density_percentile + 0.3 * o.pci_percentile)
        assert o.density == result.density[row, i]
        assert o.pci == result.pci[i]
        assert o.cog == result.cog[row, i]


def test_weight_one_ranks_by_density_only(result: StrengthsResult) -> None:
    ranked = rank_opportunities(result, region="r5", top=None, weight=1.0)
    densities = [o.density for o in ranked]
    assert densities == sorted(densities, reverse=True)


def test_quadrants_follow_medians(result: StrengthsResult) -> None:
    ranked = rank_opportunities(result, region="r1", top=None)
    d_med = np.median([o.density for o in ranked])
    p_med = np.median([o.pci for o in ranked])
    for o in ranked:
        high_d, high_p = o.density >= d_med, o.pci >= p_med
        expected = {
            (True, True): "ideal",
            (True, False): "low_risk_low_gain",
            (False, True): "high_risk_high_gain",
            (False, False): "least_attractive",
        }[(high_d, high_p)]
        assert o.quadrant == expected


def test_top_limits_and_errors(result: StrengthsResult) -> None:
    assert len(rank_opportunities(result, region="r3", top=3)) == 3
    with pytest.raises(AnalyticsError, match="nowhere"):
        rank_opportunities(result, region="nowhere")
    with pytest.raises(AnalyticsError) as info:
        rank_opportunities(result, region="r3", weight=1.5)
    assert info.value.code == "analytics.bad_weight"


def test_specialisations_sorted_by_rca(result: StrengthsResult) -> None:
    held = list_specialisations(result, region="r4")
    assert len(held) == int(result.diversity[4])
    assert [s.rca for s in held] == sorted((s.rca for s in held), reverse=True)
    assert all(s.rca >= 1.0 for s in held)
