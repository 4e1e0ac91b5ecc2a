"""The README's hand-checked facts of both real 공고, from the text and from the original HWP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from axpartners.calls import CALL_KEYS, extract_call
from axpartners.policy.extract import extract_file

DATA = Path(__file__).parents[2] / "data" / "calls"

EXPECTED: dict[str, dict[str, Any]] = {
    "2026": {
        "title": "2026년도 제조AI특화 스마트공장 구축지원사업",
        "notice_no": None,
        "notice_date": "2026-03-19",
        "ministry": "중소벤처기업부",
        "total_budget_krw": 80_000_000_000,
        "n_projects": 400,
        "per_project_max_krw": 200_000_000,
        "support_ratio": 0.5,
        "duration_months": 9,
        "apply_start": "2026-03-19",
        "apply_deadline": "2026-04-20",
        "apply_deadline_time": "17:00",
        "apply_deadline_at": "2026-04-20T17:00:00+09:00",
        "plan_deadline": "2026-05-11",
        "points": [20, 25, 30, 25],
        "bonus": 5,
    },
    "2025": {
        "title": "2025년도 제조AI특화 스마트공장 구축지원사업",
        "notice_no": "중소벤처기업부 공고 제2025-415호",
        "notice_date": "2025-07-11",
        "ministry": "중소벤처기업부",
        "total_budget_krw": None,  # the 2025 text gives only "100개 과제 내외"
        "n_projects": 100,
        "per_project_max_krw": 200_000_000,
        "support_ratio": 0.5,
        "duration_months": 9,
        "apply_start": "2025-08-01",
        "apply_deadline": "2025-08-14",
        "apply_deadline_time": "17:00",
        "apply_deadline_at": "2025-08-14T17:00:00+09:00",
        "plan_deadline": "2025-09-26",
        "points": [20, 25, 30, 20],  # the header says 20 (its sub-items add to 25): as printed
        "bonus": 5,
    },
}
SOURCES = {
    ("2026", "txt"): "mss_manufacturing_ai_smart_factory_2026.txt",
    ("2026", "hwp"): "hwp/mss_manufacturing_ai_smart_factory_2026_call.hwp",
    ("2025", "txt"): "mss_manufacturing_ai_smart_factory_2025.txt",
    ("2025", "hwp"): "hwp/mss_manufacturing_ai_smart_factory_2025_call_draft.hwp",
}


@pytest.fixture(scope="module", params=sorted(SOURCES), ids=lambda k: f"{k[0]}-{k[1]}")
def case(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any], str]:
    year, _fmt = request.param
    document = extract_file(DATA / SOURCES[request.param])
    facts = extract_call(document.text, title_hint=document.title)
    return year, facts.to_dict(), document.text


def test_scalar_facts(case: tuple[str, dict[str, Any], str]) -> None:
    year, got, _ = case
    for key, value in EXPECTED[year].items():
        if key in ("points", "bonus"):
            continue
        assert got[key] == value, key


def test_agency_is_managing_then_operating(case: tuple[str, dict[str, Any], str]) -> None:
    _, got, _ = case
    assert got["agency"].startswith("스마트제조혁신추진단 (추진기관); 지역테크노파크 제조혁신센터")


def test_consortium_rule(case: tuple[str, dict[str, Any], str]) -> None:
    _, got, _ = case
    rule = got["consortium"]
    assert rule["required"] is True
    assert rule["roles"] == ["도입기업", "공급기업"]
    assert rule["single_applicant"] is True
    assert "단독 신청" in rule["text"]


def test_evaluation_points(case: tuple[str, dict[str, Any], str]) -> None:
    year, got, _ = case
    assert [e["points"] for e in got["evaluation"]] == EXPECTED[year]["points"]
    assert got["evaluation"][0]["item"] == "도입·공급 기업 역량"
    assert got["evaluation"][2]["item"] == "스마트공장 구축 내용 적절성"
    assert got["bonus"]["max_points"] == EXPECTED[year]["bonus"]


def test_eligibility_exclusions_where_contacts(case: tuple[str, dict[str, Any], str]) -> None:
    _, got, _ = case
    assert "중소·중견" in got["eligibility"]
    assert "휴·폐업중인 기업" in got["exclusions"]
    assert "국세 및 지방세 체납 중인 기업" in got["exclusions"]
    assert got["apply_where"] == "스마트공장 사업관리시스템 (smart-factory.kr)"
    phones = {c["phone"]: c["org"] for c in got["contacts"]}
    assert phones["044-204-7253, 7262"].startswith("중소벤처기업부")
    assert phones["051-744-8294" if "051-744-8294" in phones else "051-974-9155"] == "부산"


def test_evidence_spans_point_into_the_text(case: tuple[str, dict[str, Any], str]) -> None:
    _, got, text = case
    assert set(got) == set(CALL_KEYS)
    for name in (
        "apply_deadline",
        "per_project_max_krw",
        "support_ratio",
        "ministry",
        "consortium",
    ):
        span = got["evidence"][name]
        assert text[span["start"] : span["end"]] == span["text"]
    assert "17시" in got["evidence"]["apply_deadline"]["text"]


def test_missing_facts_are_null_not_guessed() -> None:
    facts = extract_call("회의록\n참석자: 홍길동\n다음 회의는 추후 안내")
    got = facts.to_dict()
    assert got["apply_deadline"] is None
    assert got["per_project_max_krw"] is None
    assert got["evaluation"] == []
    assert got["consortium"]["required"] is None
    assert got["evidence"] == {}
