"""Candidate titles read as a phrase, not joined codes (issue 16)."""

from __future__ import annotations

import pytest

from axpartners.planning.titles import candidate_title, field_name


@pytest.mark.parametrize(
    ("label", "industry", "locale", "title"),
    [
        ("데이터 수집·기반 구축", "25", "ko", "금속가공 분야 데이터 수집·기반 구축 실증"),
        (
            "data collection and infrastructure (sensors, MES/ERP integration)",
            "25",
            "en",
            "Data collection and infrastructure pilot for fabricated metal",
        ),
        ("비전 검사·불량 검출", "14", "ko", "의류 분야 비전 검사·불량 검출 실증"),
        (
            "vision-based inspection, defect detection",
            "31",
            "en",
            "Vision-based inspection pilot for shipbuilding",
        ),
        ("예지보전·설비 이상 감지", None, "ko", "제조업 공통 예지보전·설비 이상 감지 실증"),
        ("digital twin, simulation", None, "en", "Digital twin pilot for manufacturing"),
    ],
)
def test_generated_titles(label, industry, locale, title):
    assert candidate_title(use_case_label=label, industry=industry, locale=locale) == title


def test_titles_never_carry_the_ksic_title_or_a_code():
    title = candidate_title(use_case_label="데이터 수집·기반 구축", industry="25")
    assert "제조업;" not in title
    assert "기계 및 가구 제외" not in title
    assert "25" not in title


def test_field_name_keeps_korean_labels_whole():
    assert field_name("공정 최적화·수율 개선", "ko") == "공정 최적화·수율 개선"
    assert field_name("process optimisation, yield, quality prediction", "en") == (
        "process optimisation"
    )
