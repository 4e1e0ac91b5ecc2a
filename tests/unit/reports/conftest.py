from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from axpartners.planning.onepager import build_onepager
from axpartners.planning.provenance import Sentence, Source
from axpartners.planning.scoring import CandidateFeatures, Scope, score_candidate
from axpartners.reports.pack import (
    ActionItem,
    BriefingPack,
    Cover,
    DemandMap,
    LeadFieldView,
    NeedSummary,
    Opportunity,
    PolicyHighlight,
    candidate_view,
    component_views,
)
from tests.unit.planning.test_onepager import CANDIDATE, UC


def _features(n: int, months: float) -> CandidateFeatures:
    return CandidateFeatures(n, 0.6, 0.2, 0.5, 0.4, 0.3, 0.75, 0.6, Scope.SMALL, 120.0, months)


@pytest.fixture(scope="session")
def small_pack() -> BriefingPack:
    s1 = score_candidate(_features(5, 3.0))
    s2 = score_candidate(_features(2, 9.0))
    return BriefingPack(
        cover=Cover(
            "제1차 AI전략 파트너스 협의회 회의",
            date(2025, 12, 30),
            generated_at=datetime(2025, 12, 29, 9, 0, tzinfo=UTC),
        ),
        policy_highlights=(
            PolicyHighlight(
                "제조 AI 전환 지원 <확대>",
                "2026 정부 AI 정책 동향",
                ("비전 검사·불량 검출",),
                "요약문",
                5000.0,
            ),
        ),
        new_needs=(
            NeedSummary(
                "n1",
                "용접 불량 검사 자동화",
                "가공A",
                "금속가공제품",
                "비전 검사·불량 검출",
                date(2025, 12, 1),
            ),
        ),
        demand_map=DemandMap.from_pairs(
            [
                ("금속가공제품", "비전 검사"),
                ("금속가공제품", "비전 검사"),
                ("기타 운송장비", "로봇·피지컬 AI"),
            ]
        ),
        opportunities=(
            Opportunity(
                "31",
                "기타 운송장비",
                0.62,
                1.3,
                71.0,
                reasons=(Sentence("연관 밀도가 0.62입니다.", Source.DATA),),
                rca=3.1,
            ),
            Opportunity("29", "기타 기계 및 장비", 0.41, 0.8, 55.0, rca=1.2),
        ),
        opportunities_synthetic=True,
        lead_fields=(
            LeadFieldView(
                "로봇·피지컬 AI",
                "기타 운송장비",
                66.0,
                component_views(s1.components),
                (
                    Sentence("부산의 조선 특화도가 높습니다.", Source.DATA),
                    Sentence("선도 가능 분야입니다.", Source.TEMPLATE),
                ),
            ),
        ),
        candidates=(
            candidate_view(
                candidate_id="c1",
                title="금속가공 비전검사 실증",
                use_case="비전 검사",
                industry="금속가공제품",
                score=s1,
                months_to_first_result=3,
                consortium=("(주)인타운", "부산대학교"),
                is_quick_win=True,
            ),
            candidate_view(
                candidate_id="c2",
                title="조선 용접 로봇 실증",
                use_case="로봇",
                industry="기타 운송장비",
                score=s2,
                months_to_first_result=9,
            ),
        ),
        pipeline={"아이디어": 4, "기획": 2, "실증": 1, "중단": 1},
        actions=(
            ActionItem("정책 자료 공유", "KISTI", date(2025, 12, 1), is_overdue=True),
            ActionItem("후보 과제 검토", "부산테크노파크", date(2026, 1, 15)),
        ),
        notes=(Sentence("신규 수요 3건이 접수되었습니다.", Source.DATA),),
        onepagers=(build_onepager(CANDIDATE, start=date(2026, 2, 1), use_case_label=UC.ko),),
    )


@pytest.fixture(scope="session")
def empty_pack() -> BriefingPack:
    return BriefingPack(cover=Cover("빈 회의", date(2026, 1, 5)))
