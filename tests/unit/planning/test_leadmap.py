from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from axpartners.errors import InputError
from axpartners.planning.candidates import NeedInput, PartnerRef, PolicyRef
from axpartners.planning.leadmap import (
    LeadField,
    LeadMap,
    LeadMapWeights,
    RegionIndustry,
    build_lead_map,
    rca_ranks,
)
from axpartners.planning.provenance import Source

TODAY = date(2025, 12, 30)
LABELS = {
    "vision-inspection": "비전 검사",
    "robotics-physical-ai": "로봇·피지컬 AI",
    "energy-carbon": "에너지",
}
STRENGTHS = [
    RegionIndustry("31", "기타 운송장비", rca=3.2, density=0.7, pci=1.2, rca_rank=1, n_regions=17),
    RegionIndustry("25", "금속가공제품", rca=1.3, density=0.5, pci=0.1, rca_rank=5, n_regions=17),
    RegionIndustry("26", "전자부품", rca=0.3, density=0.1, pci=1.5, rca_rank=15, n_regions=17),
]
NEEDS = [
    NeedInput(
        "n1",
        "선박 용접 로봇",
        "robotics-physical-ai",
        "311",
        urgency=0.8,
        submitted_at=date(2025, 12, 1),
    ),
    NeedInput(
        "n2", "블록 이송 자동화", "robotics-physical-ai", "31", submitted_at=date(2025, 11, 1)
    ),
    NeedInput("n3", "외관 검사", "vision-inspection", "25", submitted_at=date(2025, 12, 10)),
]
PARTNERS = [
    PartnerRef(
        "p1", "(주)인타운", "company", ("robotics-physical-ai", "vision-inspection"), ("31",)
    ),
    PartnerRef("p2", "국립한국해양대학교", "university", ("robotics-physical-ai",), ("31",)),
    PartnerRef("p3", "KISTI", "research", ("vision-inspection",), ()),
]
POLICIES = [
    PolicyRef("pol1", "피지컬 AI 선도 프로젝트", ("robotics-physical-ai",), ("31",), 20000.0),
    PolicyRef("pol2", "AI 바우처", ("vision-inspection",), (), 3000.0),
]


def _map(**changes: Any) -> LeadMap:
    args: dict[str, Any] = {
        "strengths": STRENGTHS,
        "use_case_labels": LABELS,
        "needs": NEEDS,
        "partners": PARTNERS,
        "policies": POLICIES,
        "today": TODAY,
    }
    args.update(changes)
    return build_lead_map(**args)


def _field(lead_map: LeadMap, use_case: str, industry: str) -> LeadField:
    return next(f for f in lead_map.fields if f.use_case == use_case and f.industry == industry)


def test_rca_ranks_among_regions_with_ties():
    rows = [
        ("26", "31", 3.0),
        ("48", "31", 4.0),
        ("11", "31", 0.2),
        ("26", "25", 1.0),
        ("48", "25", 1.0),
        ("11", "99", 2.0),
    ]
    assert rca_ranks(rows, region="26") == {"31": (2, 3), "25": (1, 2)}


def test_every_use_case_industry_pair_is_ranked_once():
    lead_map = _map()
    assert len(lead_map.fields) == len(LABELS) * len(STRENGTHS)
    assert [f.rank for f in lead_map.fields] == list(range(1, len(lead_map.fields) + 1))
    totals = [f.score.total for f in lead_map.fields]
    assert totals == sorted(totals, reverse=True)


def test_strong_industry_with_demand_supply_and_policy_leads():
    top = _map().fields[0]
    assert (top.use_case, top.industry) == ("robotics-physical-ai", "31")
    assert top.needs == 2  # the KSIC class 311 need counts for division 31
    assert top.companies == ("(주)인타운",)
    assert top.academics == ("국립한국해양대학교",)
    assert top.policy_ids == ("pol1",)


def test_components_sum_to_score_and_groups_are_the_four_kinds():
    for field in _map().fields:
        assert [c.key for c in field.score.components] == ["strength", "demand", "supply", "policy"]
        assert sum(c.points for c in field.score.components) == pytest.approx(field.score.total)


@pytest.mark.parametrize(
    ("change", "component"),
    [
        (
            {
                "needs": [
                    *NEEDS,
                    NeedInput("n9", "검사", "energy-carbon", "26", submitted_at=date(2025, 12, 20)),
                ]
            },
            "demand",
        ),
        (
            {
                "partners": [
                    *PARTNERS,
                    PartnerRef("p9", "에너지회사", "company", ("energy-carbon",), ("26",)),
                ]
            },
            "supply",
        ),
        (
            {
                "policies": [
                    *POLICIES,
                    PolicyRef("pol9", "탄소중립", ("energy-carbon",), ("26",), 500.0),
                ]
            },
            "policy",
        ),
        (
            {
                "strengths": [
                    STRENGTHS[0],
                    STRENGTHS[1],
                    dataclasses.replace(STRENGTHS[2], rca_rank=2),
                ]
            },
            "strength",
        ),
    ],
)
def test_more_evidence_raises_the_field(change, component):
    before = _field(_map(), "energy-carbon", "26")
    after = _field(_map(**change), "energy-carbon", "26")
    assert after.score.total > before.score.total
    assert after.score.component(component).points > before.score.component(component).points
    assert after.rank <= before.rank


def test_weights_can_reorder_the_map():
    strength_only = LeadMapWeights(
        **{k: (1.0 if k == "strength_pci" else 0.0) for k in LeadMapWeights().as_dict()}
    )
    top = _map(weights=strength_only).fields[0]
    assert top.industry == "26"  # highest PCI wins when only complexity counts
    with pytest.raises(InputError):
        LeadMapWeights(policy_budget=-1)


def test_missing_figures_are_neutral_and_flagged():
    bare = [RegionIndustry("10", "식료품")]
    field = _map(strengths=bare).fields[0]
    assert field.score.component("strength").is_missing
    assert field.score.component("strength_relative").value == 0.5


def test_reasons_in_korean_mark_data_and_template():
    lead_map = _map()
    top = lead_map.fields[0]
    texts = [s.text for s in top.reasons]
    assert any("부산의 기타 운송장비 특화도(RCA)는 3.20" in t for t in texts)
    assert any("17개 지역 중 1위" in t for t in texts)
    assert any("수요 2건" in t for t in texts)
    assert any("피지컬 AI 선도 프로젝트" in t for t in texts)
    assert top.reasons[-1].source is Source.TEMPLATE
    assert all(s.source is Source.DATA for s in top.reasons[:-1])
    weak = _field(lead_map, "energy-carbon", "26")
    assert any("외부 협력이 필요" in s.text for s in weak.reasons)
    assert any("못 미칩니다" in s.text for s in weak.reasons)
    assert not lead_map.is_synthetic


def test_synthetic_statistics_are_labelled():
    synthetic = [dataclasses.replace(s, is_synthetic=True) for s in STRENGTHS]
    lead_map = _map(strengths=synthetic)
    assert lead_map.is_synthetic
    assert "합성 데이터(예시)" in lead_map.fields[0].reasons[-1].text


def test_english_reasons():
    top = _map(locale="en").fields[0]
    assert "specialisation (RCA) in 기타 운송장비 is 3.20" in top.reasons[0].text
