from __future__ import annotations

from datetime import date

import pytest

from axpartners.planning.candidates import (
    ConsortiumMember,
    IndustryContext,
    NeedInput,
    PartnerRef,
    PolicyRef,
    cluster_needs,
    demand_growth,
    generate_candidates,
    matching_policies,
    partner_coverage,
    recommend_consortium,
)
from axpartners.planning.scoring import score_candidate
from axpartners.taxonomy import load_taxonomy

TODAY = date(2025, 12, 30)
LABELS = {u.id: u.ko for u in load_taxonomy()}

NEEDS = [
    NeedInput(
        "n1",
        "용접 비드 외관 불량을 사람이 육안으로 검사합니다",
        "vision-inspection",
        "25",
        "가공A",
        urgency=0.9,
        submitted_at=date(2025, 12, 1),
    ),
    NeedInput(
        "n2",
        "도장면 스크래치 검사 자동화",
        "vision-inspection",
        "25",
        "가공B",
        urgency=0.6,
        submitted_at=date(2025, 11, 20),
    ),
    NeedInput(
        "n3",
        "프레스 찍힘 불량",
        "vision-inspection",
        "25",
        "가공A",
        urgency=0.5,
        submitted_at=date(2025, 8, 15),
    ),
    NeedInput(
        "n4",
        "선박 블록 용접 로봇",
        "robotics-physical-ai",
        "31",
        "조선C",
        urgency=0.7,
        submitted_at=date(2025, 12, 10),
    ),
]
PARTNERS = [
    PartnerRef("p1", "비전회사", "company", ("vision-inspection",), ("25",)),
    PartnerRef("p2", "대학", "university", ("vision-inspection", "robotics-physical-ai"), ()),
    PartnerRef("p3", "연구원", "research", ("vision-inspection",), ("29",)),
    PartnerRef("p4", "로봇회사", "company", ("robotics-physical-ai",), ("31",)),
    PartnerRef("p5", "무관", "company", ("sales-marketing-cs",), ("25",)),
]
POLICIES = [
    PolicyRef("pol1", "제조 AI 비전 검사 지원", ("vision-inspection",), ("25",), 5000.0),
    PolicyRef("pol2", "AI 바우처", ("vision-inspection", "document-automation"), (), 1000.0),
    PolicyRef("pol3", "조선 특화", ("robotics-physical-ai",), ("31",), 3000.0),
    PolicyRef("pol4", "금속 산업 고도화", (), ("251",), None),
]
INDUSTRIES = {
    "25": IndustryContext("25", "금속가공제품", rca=1.4, density=0.6, pci=0.3, is_synthetic=True),
    "31": IndustryContext("31", "기타 운송장비", rca=3.0, density=0.7, pci=1.1),
}


def test_cluster_needs_groups_by_use_case_and_industry_largest_first():
    clusters = cluster_needs(NEEDS)
    assert [(c.use_case, c.industry, len(c.needs)) for c in clusters] == [
        ("vision-inspection", "25", 3),
        ("robotics-physical-ai", "31", 1),
    ]


def test_demand_growth_compares_two_windows():
    recent_only = [NeedInput("a", "t", "x", submitted_at=date(2025, 12, 1))]
    prior_only = [NeedInput("a", "t", "x", submitted_at=date(2025, 8, 1))]
    assert demand_growth(recent_only, today=TODAY) == 1.0
    assert demand_growth(prior_only, today=TODAY) == -1.0
    assert demand_growth(NEEDS[:3], today=TODAY) == pytest.approx((2 - 1) / 3)
    assert demand_growth([NeedInput("a", "t", "x")], today=TODAY) == 0.0


def test_matching_policies_strength_order():
    found = matching_policies("vision-inspection", "2511", POLICIES)
    assert [(p.id, s) for p, s in found] == [("pol1", 1.0), ("pol2", 1.0), ("pol4", 0.3)]
    assert matching_policies("energy-carbon", "10", POLICIES) == []


def test_consortium_mixes_kinds_and_prefers_industry_match():
    members = recommend_consortium("vision-inspection", "25", PARTNERS)
    assert members[0].partner_id == "p1"  # company knowing the industry
    assert {m.kind for m in members} >= {"company", "university"}
    assert "p5" not in {m.partner_id for m in members}  # no capability
    assert len(recommend_consortium("vision-inspection", "25", PARTNERS, size=2)) == 2


def test_partner_coverage_rewards_mix_and_industry_knowledge():
    company = ConsortiumMember("a", "A", "company", False)
    uni = ConsortiumMember("b", "B", "university", False)
    expert = ConsortiumMember("c", "C", "company", True)
    assert partner_coverage(()) == 0.0
    assert partner_coverage((company,)) < partner_coverage((company, uni))
    assert partner_coverage((company, uni)) < partner_coverage((expert, uni))
    assert partner_coverage((expert, uni, company)) == 1.0


def test_generate_candidates_fills_everything_from_data():
    cands = generate_candidates(
        cluster_needs(NEEDS),
        policies=POLICIES,
        partners=PARTNERS,
        industries=INDUSTRIES,
        today=TODAY,
        use_case_labels=LABELS,
    )
    assert len(cands) == 2
    vision = cands[0]
    assert vision.id == "cand-vision-inspection-25"
    assert (
        vision.title == "금속가공 분야 비전 검사·불량 검출 실증"
    )  # short industry name, not the KSIC title
    assert LABELS["vision-inspection"] in vision.title
    assert vision.need_ids == ("n1", "n2", "n3")
    assert vision.target_companies == ("가공A", "가공B")
    assert vision.problem.startswith("용접 비드")
    assert "외 2건" in vision.problem
    assert vision.policy_ids[:2] == ("pol1", "pol2")
    assert vision.features.need_count == 3
    assert vision.features.urgency == pytest.approx((0.9 + 0.6 + 0.5) / 3)
    assert vision.features.density == 0.6
    assert vision.is_synthetic_strength
    robot = cands[1]
    assert not robot.is_synthetic_strength
    assert robot.features.months_to_first_result > vision.features.months_to_first_result
    # score is computable from the features
    assert score_candidate(vision.features).total > 0


def test_min_needs_filters_small_clusters_and_unknown_industry_is_neutral():
    cands = generate_candidates(
        cluster_needs(NEEDS),
        policies=POLICIES,
        partners=PARTNERS,
        industries={},
        today=TODAY,
        use_case_labels=LABELS,
        min_needs=2,
    )
    assert [c.use_case for c in cands] == ["vision-inspection"]
    assert cands[0].features.density is None
    assert score_candidate(cands[0].features).component("advantage").is_missing


def test_clusters_join_ksic_levels_at_division_by_default():
    needs = [
        NeedInput("a", "t", "vision-inspection", "3111"),
        NeedInput("b", "t", "vision-inspection", "31"),
        NeedInput("c", "t", "vision-inspection", None),
    ]
    assert [(c.industry, len(c.needs)) for c in cluster_needs(needs)] == [("31", 2), (None, 1)]
    assert len(cluster_needs(needs, industry_digits=None)) == 3
