"""Suppressed cells (one treatment, counted), the industry scope and the stability verdict."""

from __future__ import annotations

import numpy as np
import pytest

from axpartners.analytics import compute_strengths
from axpartners.analytics.stability import judge, leave_one_out, opportunity_ranks
from axpartners.analytics.suppressed import thin_industries, treat_suppressed
from axpartners.codes import in_scope, parse_scope
from axpartners.errors import InputError


def test_suppressed_cells_get_the_residual_split_by_establishments():
    cells = {("a", "10"): 50.0, ("a", "11"): None, ("a", "13"): None, ("b", "10"): None}
    filled, treatment = treat_suppressed(
        cells,
        region_totals={"a": 80.0},
        weights={("a", "11"): 1.0, ("a", "13"): 2.0},
    )
    assert filled[("a", "11")] == pytest.approx(10.0)
    assert filled[("a", "13")] == pytest.approx(20.0)
    assert ("b", "10") not in filled  # no region total: left out, not zero
    assert (treatment.suppressed, treatment.estimated, treatment.left_out) == (3, 2, 1)


def test_thin_industries_are_dropped_after_the_estimate():
    cells = {(r, "10"): 5.0 for r in "abcdef"} | {("a", "12"): 3.0, ("b", "12"): None}
    drop = thin_industries(cells)
    assert drop == {"12"}
    filled, treatment = treat_suppressed(cells, region_totals={"b": 9.0}, drop=drop)
    assert all(industry == "10" for _, industry in filled)
    assert treatment.dropped_industries == ("12",)
    assert treatment.estimated == 1  # the 12 cell took the residual, then left with 12


def test_scope_parsing():
    assert parse_scope("10-34") == frozenset(f"{d}" for d in range(10, 35))
    assert parse_scope("C") == parse_scope("10-34")
    assert parse_scope("10-12,58") == {"10", "11", "12", "58"}
    assert in_scope("C", parse_scope("10-34"))
    assert not in_scope("A", parse_scope("10-34"))
    assert in_scope("2511", parse_scope("25"))
    with pytest.raises(InputError):
        parse_scope("manufacturing")


def test_stability_verdicts():
    robust = judge("x", rank=1, by_measure={"m": 2}, by_year={2020: 1}, loo=[{"x": 2}, {"x": 1}])
    assert robust.verdict == "robust"
    assert (robust.loo_low, robust.loo_high, robust.loo_top) == (1, 2, 1.0)
    depends = judge("x", rank=3, by_measure={"m": 9}, by_year={2020: None}, loo=[{"x": 3}])
    assert depends.verdict == "depends"
    assert depends.depends_on == ("measure:m", "year:2020")
    assert judge("x", rank=8, by_measure={}, by_year={}, loo=[]).verdict == "outside"


def test_leave_one_out_reranks_without_each_other_region():
    rng = np.random.default_rng(7)
    values = rng.integers(1, 100, size=(6, 8)).astype(float)
    regions = [f"r{k}" for k in range(6)]
    industries = [f"i{k}" for k in range(8)]
    result = compute_strengths(values, regions, industries)
    runs = leave_one_out(result, region="r0", convention="ecomplexity")
    assert len(runs) == 5
    without_r1 = compute_strengths(
        np.delete(values, 1, axis=0), regions[:1] + regions[2:], industries
    )
    assert runs[0] == opportunity_ranks(without_r1, region="r0")  # the first run leaves r1 out
    assert all(set(run) <= set(industries) for run in runs)
    only = opportunity_ranks(result, region="r0", among=["i0", "i1", "i2"])
    assert set(only) <= {"i0", "i1", "i2"}
    assert sorted(only.values()) == list(range(1, len(only) + 1))
