"""Calls of other programmes and ministries (reposted real 공고, tests/data/calls/real/README.md)."""

from __future__ import annotations

from pathlib import Path

from axpartners.calls import extract_call

REAL = Path(__file__).parents[2] / "data" / "calls" / "real"


def _facts(name: str) -> dict[str, object]:
    return extract_call((REAL / name).read_text(encoding="utf-8")).to_dict()


def test_qolt_2012_knowledge_economy_call() -> None:
    got = _facts("kiat_qolt_2012_unist_repost.txt")
    assert got["title"] == "2012년도 국민편익증진(QoLT) 기술개발사업 신규지원 대상과제"
    assert got["notice_no"] == "지식경제부 공고 제2012-457호"
    assert got["notice_date"] == "2012-09-28"
    assert got["ministry"] == "지식경제부"
    assert got["agency"] == "한국산업기술평가관리원"
    assert got["total_budget_krw"] == 5_500_000_000
    assert got["duration_months"] == 36
    assert got["apply_deadline"] == "2012-10-29"
    # "연간 2~4억원 이내" is a yearly range, not one per-project maximum: not guessed
    assert got["per_project_max_krw"] is None


def test_national_strategic_projects_2017() -> None:
    got = _facts("msip_national_strategic_projects_2017_repost.txt")
    assert got["notice_no"] == "미래창조과학부 공고 제2017-10호"
    assert got["notice_date"] == "2017-01-10"
    assert got["ministry"] == "미래창조과학부"
    # the excerpt stops before the application section: nothing invented
    assert got["apply_deadline"] is None
    assert got["evaluation"] == []
