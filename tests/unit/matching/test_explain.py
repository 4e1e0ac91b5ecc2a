from __future__ import annotations

import dataclasses

import pytest

from axpartners.matching.explain import (
    CapabilityEvidence,
    MatchEvidence,
    industry_name,
    render_reasons,
    short_label,
)

BASE = MatchEvidence(
    capabilities=(CapabilityEvidence("predictive-maintenance", inferred=False),),
    industry="311",
    industry_exact=True,
    references_in_industry=2,
    keywords=("진동", "베어링"),
    successes=0,
    known_outcomes=0,
    active_projects=0,
    region="",
)


def test_council_example_line():
    assert (
        " · ".join(render_reasons(BASE))
        == "예지보전 역량 · 조선 업종 수행 경험 2건 · 핵심어: 진동, 베어링"
    )


@pytest.mark.parametrize(
    ("change", "expected", "locale"),
    [
        ({"references_in_industry": 0}, "조선 업종 경험", "ko"),
        ({"industry": "", "industry_exact": False}, None, "ko"),
        ({"successes": 2, "known_outcomes": 3}, "성공 과제 2건/3건", "ko"),
        ({"region": "26"}, "부산 소재", "ko"),
        ({"active_projects": 4}, "진행 중 과제 4건(여력 확인 필요)", "ko"),
        (
            {"capabilities": (CapabilityEvidence("vision-inspection", inferred=True),)},
            "비전 검사 역량(소개글에서 추정)",
            "ko",
        ),
        ({}, "2 past project(s) in shipbuilding", "en"),
        ({"region": "26"}, "located in Busan", "en"),
    ],
)
def test_reason_variants(change, expected, locale):
    reasons = render_reasons(dataclasses.replace(BASE, **change), locale=locale)
    if expected is None:
        assert not any("업종" in r for r in reasons)
    else:
        assert expected in reasons


def test_partial_industry_match_is_not_stated():
    evidence = dataclasses.replace(BASE, industry_exact=False, references_in_industry=0)
    assert not any("업종" in r for r in render_reasons(evidence))


def test_no_keywords_no_keyword_reason():
    assert not any("핵심어" in r for r in render_reasons(dataclasses.replace(BASE, keywords=())))


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("31", "조선"),
        ("C31", "조선"),
        ("3111", "조선"),
        ("62", "SW·시스템통합"),
        ("36", "수도업"),
        ("XYZ", "XYZ"),
    ],
)
def test_industry_names(code, expected):
    assert industry_name(code) == expected


def test_short_labels():
    assert short_label("predictive-maintenance") == "예지보전"
    assert short_label("predictive-maintenance", "en") == "predictive maintenance"
    assert short_label("unknown-id") == "unknown-id"
    assert short_label("data-infrastructure", "en") == "data collection and infrastructure"
    assert short_label("knowledge-assistant", "en") == "internal knowledge search"
