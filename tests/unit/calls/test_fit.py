"""Fit of a candidate to a call: each check, table-driven, on the real 2026 call's facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from axpartners.calls import extract_call
from axpartners.calls.fit import (
    CandidateProfile,
    call_region,
    call_sizes,
    excluded_divisions,
    fit_call,
    wants_manufacturers,
)

DATA = Path(__file__).parents[2] / "data" / "calls"
FIELDS = ("data-infrastructure", "robotics-physical-ai", "predictive-maintenance")


@pytest.fixture(scope="module")
def call() -> dict[str, object]:
    text = (DATA / "mss_manufacturing_ai_smart_factory_2026.txt").read_text(encoding="utf-8")
    return extract_call(text).to_dict()


def test_what_the_real_call_asks_for(call) -> None:
    assert wants_manufacturers(call)
    assert call_sizes(call) == {"중소", "중견"}
    assert call_region(call) is None  # nationwide
    assert set(excluded_divisions(call)) == {"55", "56"}


def _profile(**kw: object) -> CandidateProfile:
    base: dict[str, object] = {
        "id": 1, "title": "t", "use_case": "robotics-physical-ai", "industry": "29",
        "region": "26", "company_size": "small", "planning_score": 50.0,
    }  # fmt: skip
    base.update(kw)
    return CandidateProfile(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "eligible", "code"),
    [
        ({}, True, "calls.fit.field"),
        ({"use_case": "data-infrastructure"}, True, "calls.fit.main_field"),
        ({"use_case": "generative-design"}, True, "calls.fit.other_field"),
        ({"industry": "52"}, False, "calls.fit.not_manufacturer"),
        ({"industry": "56"}, False, "calls.fit.excluded"),
        ({"industry": None}, True, "calls.fit.industry_unknown"),
        ({"company_size": None}, True, "calls.fit.size_unknown"),
        ({"company_size": "large"}, True, "calls.fit.size"),
    ],
)
def test_each_check_gives_its_reason(call, changes, eligible, code) -> None:
    fit = fit_call(call, FIELDS, _profile(**changes))
    assert fit.eligible is eligible
    assert code in [r.code for r in fit.reasons]
    assert (fit.score > 0) is eligible


def test_main_field_scores_above_another_field_and_unknowns_below_known(call) -> None:
    main = fit_call(call, FIELDS, _profile(use_case="data-infrastructure")).score
    other = fit_call(call, FIELDS, _profile()).score
    rare = fit_call(call, FIELDS, _profile(use_case="generative-design")).score
    unknown_size = fit_call(call, FIELDS, _profile(company_size=None)).score
    assert main > other > rare
    assert other > unknown_size


def test_a_regional_call_refuses_other_regions() -> None:
    regional = {"eligibility": "부산 소재 중소 제조기업", "exclusions": []}
    assert call_region(regional) == "26"
    assert fit_call(regional, FIELDS, _profile(region="26")).eligible
    other = fit_call(regional, FIELDS, _profile(region="11"))
    assert not other.eligible
    assert "calls.fit.other_region" in [r.code for r in other.reasons]
    # a call that names no size, region or industry only scores the field
    assert fit_call({}, FIELDS, _profile()).eligible
