"""Region summary for the Strengths page."""

from __future__ import annotations

import numpy as np
import pytest

from axpartners.analytics import StrengthsResult, compute_strengths, rank_regions, summarise_region
from axpartners.errors import AnalyticsError


@pytest.fixture(scope="module")
def result() -> StrengthsResult:
    rng = np.random.default_rng(21)
    values = rng.lognormal(3, 1.5, (10, 25)) * (rng.random((10, 25)) < 0.6)
    industries = [str(code) for code in range(10, 35)]  # KSIC manufacturing divisions
    return compute_strengths(values, [f"R{k}" for k in range(10)], industries)


def test_ranking_is_by_eci(result: StrengthsResult) -> None:
    ranking = rank_regions(result)
    assert [row.rank for row in ranking] == list(range(1, 11))
    assert [row.eci for row in ranking] == sorted(result.eci, reverse=True)
    assert {row.region for row in ranking} == set(result.regions)


def test_summary_combines_parts_and_use_cases(result: StrengthsResult) -> None:
    summary = summarise_region(result, region="R4", top=5)
    assert summary.rank.region == "R4"
    assert summary.n_regions == 10
    assert len(summary.opportunities) == 5
    assert len(summary.specialisations) == int(result.diversity[result.region_index("R4")])
    for item in (*summary.specialisations, *summary.opportunities):
        assert summary.usecases[item.industry], item.industry  # all are mapped KSIC divisions


def test_unknown_region(result: StrengthsResult) -> None:
    with pytest.raises(AnalyticsError):
        summarise_region(result, region="R99")
