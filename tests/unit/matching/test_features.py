from __future__ import annotations

import pytest

from axpartners.matching.features import (
    availability,
    industry_similarity,
    infer_labels,
    infer_labels_by_synonyms,
    label_weights,
    success_rate,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CNC 스핀들 베어링 진동이 커져서 고장이 잦습니다", "predictive-maintenance"),
        ("사출품 표면 스크래치와 찍힘을 사람이 눈으로 검사합니다", "vision-inspection"),
        ("공장 전기요금과 피크전력을 줄이고 탄소 배출량을 산정하고 싶다", "energy-carbon"),
        ("발주서와 견적서를 엑셀에 수기입력하는 업무자동화", "document-automation"),
        ("컨테이너 배차와 항만 하역 대기", "logistics-supply-chain"),
        ("안전모 미착용과 지게차 끼임 사고 예방", "industrial-safety"),
    ],
)
@pytest.mark.parametrize("infer", [infer_labels, infer_labels_by_synonyms])
def test_infer_labels_top_label(text, expected, infer):
    labels = infer(text)
    assert labels, text
    assert labels[0].label == expected
    assert 0 < labels[0].strength <= 1
    assert labels[0].terms


def test_longest_term_masks_shorter_inside_it():
    # "업무자동화" is a document-automation synonym; the robotics synonym "자동화" inside it
    # must not count again.
    labels = {s.label for s in infer_labels_by_synonyms("사무실 업무자동화")}
    assert "document-automation" in labels
    assert "robotics-physical-ai" not in labels


@pytest.mark.parametrize("infer", [infer_labels, infer_labels_by_synonyms])
def test_infer_labels_nothing_for_unrelated_text(infer):
    assert infer("오늘 점심은 국밥입니다") == ()


def test_infer_labels_respects_limit_and_order():
    text = "진동 베어링 예지보전 고장예측, 카메라 외관검사, 전력 에너지"
    labels = infer_labels(text, limit=2)
    assert len(labels) == 2
    assert labels[0].strength >= labels[1].strength


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("31", "31", 1.0),
        ("3111", "31", 1.0),
        ("311", "3120", 1.0),
        ("30", "31", 0.25),
        ("25", "31", 0.0),
        ("", "31", 0.0),
        ("DE", "DE", 1.0),
        ("DE", "DK", 0.0),
    ],
)
def test_industry_similarity(a, b, expected):
    assert industry_similarity(a, b) == expected
    assert industry_similarity(b, a) == expected


def test_availability_halves_at_three_projects():
    assert availability(0) == 1.0
    assert availability(3) == pytest.approx(0.5)
    assert availability(6) < availability(3) < availability(1)


def test_success_rate_is_laplace_smoothed():
    assert success_rate([]) == (0.5, 0, 0)
    rate, successes, known = success_rate([True, True, None])
    assert (successes, known) == (2, 2)
    assert rate == pytest.approx(0.75)
    assert success_rate([False])[0] == pytest.approx(1 / 3)


def test_label_weights_normalise():
    weights = label_weights({"a": 2.0, "b": 1.0})
    assert weights == pytest.approx({"a": 2 / 3, "b": 1 / 3})
    assert label_weights({}) == {}
