from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest

from axpartners.planning.candidates import (
    Candidate,
    ConsortiumMember,
)
from axpartners.planning.onepager import SECTION_KEYS, build_onepager, to_markdown
from axpartners.planning.provenance import Source
from axpartners.planning.scoring import CandidateFeatures, Scope
from axpartners.taxonomy import get_use_case

FEATURES = CandidateFeatures(3, 0.7, 0.3, 0.6, 0.55, 0.4, 0.75, 0.7, Scope.SMALL, 150.0, 3.0)
CANDIDATE = Candidate(
    id="cand-vision-inspection-25",
    title="금속가공제품 비전 검사·불량 검출 실증",
    problem="용접 비드 외관 불량을 사람이 육안으로 검사합니다 외 2건",
    use_case="vision-inspection",
    industry="25",
    industry_name="금속가공제품",
    need_ids=("n1", "n2", "n3"),
    target_companies=("가공A", "가공B"),
    policy_ids=("pol1",),
    policy_titles=("제조 AI 비전 검사 지원",),
    consortium=(
        ConsortiumMember("p1", "(주)인타운", "company", True),
        ConsortiumMember("p2", "부산대학교", "university", False),
    ),
    features=FEATURES,
    is_synthetic_strength=True,
)
UC = get_use_case("vision-inspection")


@pytest.fixture
def onepager():
    return build_onepager(
        CANDIDATE,
        start=date(2026, 2, 1),
        use_case_label=UC.ko,
        use_case_description=UC.description_ko,
    )


def test_all_eight_sections_in_order(onepager):
    assert [s.key for s in onepager.sections] == list(SECTION_KEYS)
    assert [s.heading for s in onepager.sections] == [
        "배경",
        "문제",
        "목표",
        "추진체계",
        "일정",
        "예산(안)",
        "기대효과",
        "KPI",
    ]
    for section in onepager.sections:
        assert section.sentences, section.key


def test_data_sentences_carry_the_candidate_facts(onepager):
    background = [s for s in onepager.section("background").sentences if s.source is Source.DATA]
    joined = " ".join(s.text for s in background)
    assert "현장 수요 3건" in joined
    assert "수요 기업 2곳" in joined
    assert "제조 AI 비전 검사 지원" in joined
    assert "0.55" in joined
    organisation = onepager.section("organisation").sentences[0]
    assert organisation.source is Source.DATA
    assert "주관 (주)인타운" in organisation.text
    assert "부산대학교" in organisation.text
    assert any(
        s.text.startswith("현장의 대표 문제: 용접 비드")
        for s in onepager.section("problem").sentences
    )


def test_assumptions_are_template_until_edited(onepager):
    goal = onepager.section("goal").sentences[0]
    assert goal.source is Source.TEMPLATE
    assert "3개월" in goal.text
    assert all(s.source is Source.TEMPLATE for s in onepager.section("schedule").sentences)
    assert "1억 5,000만원" in onepager.section("budget").sentences[0].text  # 150 백만원
    assert any(
        "합성 데이터(예시)" in s.text and s.source is Source.TEMPLATE for s in onepager.sentences()
    )
    edited = build_onepager(
        dataclasses.replace(CANDIDATE, is_edited=True), start=date(2026, 2, 1), use_case_label=UC.ko
    )
    assert edited.section("goal").sentences[0].source is Source.DATA
    assert edited.section("schedule").sentences[0].source is Source.DATA


def test_schedule_covers_months_then_spreading(onepager):
    texts = [s.text for s in onepager.section("schedule").sentences]
    # One-month phases name their month once (it read "1단계 2026.02~2026.02").
    assert texts[0].startswith("1단계 2026.02(1개월)")
    assert texts[1].startswith("2단계 2026.03(1개월)")
    assert texts[2].startswith("3단계 2026.04(1개월)")
    assert texts[3].startswith("2026.05부터")
    long = build_onepager(
        dataclasses.replace(
            CANDIDATE, features=dataclasses.replace(FEATURES, months_to_first_result=10)
        ),
        start=date(2026, 11, 1),
        use_case_label=UC.ko,
    )
    texts = [s.text for s in long.section("schedule").sentences]
    assert texts[0].startswith("1단계 2026.11~2027.01(3개월)")
    assert texts[1].startswith("2단계 2027.02~2027.06(5개월)")
    assert texts[2].startswith("3단계 2027.07~2027.08(2개월)")
    assert texts[3].startswith("2027.09부터")


def test_budget_split_adds_up(onepager):
    split = onepager.section("budget").sentences[1].text
    # Amounts read in 억원/만원; in 백만원 they add up to the phase-1 cost.
    unit = {"억원": 100.0, "만원": 0.01}
    parts = [
        float(n.replace(",", "")) * unit[u] for n, u in re.findall(r"(\d[\d,.]*)(억원|만원)", split)
    ]
    assert len(parts) == 4
    assert sum(parts) == pytest.approx(CANDIDATE.features.cost_mkrw, abs=0.02)
    assert "백만원" not in split


def test_kpi_is_use_case_specific_with_fallback(onepager):
    assert "불량 검출률" in onepager.section("kpi").sentences[0].text
    other = build_onepager(
        dataclasses.replace(CANDIDATE, use_case="custom-use-case"),
        start=date(2026, 2, 1),
        use_case_label="맞춤",
    )
    assert "핵심 공정 지표" in other.section("kpi").sentences[0].text


def test_no_consortium_and_no_policy():
    bare = dataclasses.replace(
        CANDIDATE, consortium=(), policy_titles=(), policy_ids=(), target_companies=()
    )
    onepager = build_onepager(bare, start=date(2026, 2, 1), use_case_label=UC.ko)
    organisation = onepager.section("organisation").sentences[0]
    assert organisation.source is Source.TEMPLATE
    assert "컨소시엄 구성이 필요" in organisation.text
    assert not any("관련 정책" in s.text for s in onepager.section("background").sentences)


def test_markdown_marks_every_sentence(onepager):
    md = to_markdown(onepager)
    assert md.startswith("# 금속가공제품 비전 검사·불량 검출 실증")
    for heading in ("## 배경", "## 예산(안)", "## KPI"):
        assert heading in md
    bullets = [line for line in md.splitlines() if line.startswith("- ")]
    assert len(bullets) == len(onepager.sentences())
    assert all(line.endswith(("[데이터]", "[템플릿]")) for line in bullets)
    assert "[데이터]" not in to_markdown(onepager, with_markers=False)


def test_english_brief():
    onepager = build_onepager(CANDIDATE, start=date(2026, 2, 1), use_case_label=UC.en, locale="en")
    assert onepager.section("budget").heading == "Budget (draft)"
    assert "3 field needs" in onepager.section("background").sentences[0].text
