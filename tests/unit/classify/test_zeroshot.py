from __future__ import annotations

import numpy as np
import pytest

from axpartners.classify.zeroshot import ZeroShotClassifier, default_zero_shot
from axpartners.taxonomy import UseCase, taxonomy_ids
from axpartners.text.morph import tokenize

# New sentences (not in the labeled development set), one or more per taxonomy id.
CASES = [
    ("vision-inspection", "출하 전에 제품 겉면 긁힘을 사람이 눈으로 다 확인하고 있어요"),
    ("predictive-maintenance", "펌프 베어링이 갑자기 나가서 설비가 멈추는 일이 잦습니다"),
    ("process-optimization", "소성 온도랑 시간 조건에 따라 수율이 크게 달라져요"),
    ("production-planning", "납기 맞추려고 매일 작업 순서를 다시 짜느라 반나절이 갑니다"),
    ("demand-inventory", "원자재 재고가 늘 모자라거나 남아서 발주량 정하기가 어렵다"),
    ("logistics-supply-chain", "컨테이너 트럭 배차와 부두 하역 순서를 효율적으로 하고 싶다"),
    ("energy-carbon", "전기요금이 너무 올라서 설비별 전력 사용량을 줄이고 싶음"),
    ("industrial-safety", "지게차 주변에 작업자가 다가가면 위험을 알려주는 장치"),
    ("robotics-physical-ai", "박스를 팔레트에 쌓는 일을 로봇이 대신 해주면 좋겠다"),
    ("digital-twin-simulation", "라인 레이아웃을 바꾸기 전에 가상으로 시뮬레이션해 보고 싶다"),
    ("generative-design", "경량화된 브라켓 형상 설계안을 자동으로 만들어 주는 기술"),
    ("document-automation", "견적서랑 발주서를 엑셀에 손으로 옮겨 적는 사무 업무"),
    ("knowledge-assistant", "퇴직하는 숙련공 노하우를 신입에게 전수할 방법"),
    ("sales-marketing-cs", "해외 바이어 발굴이랑 영문 홍보 카탈로그 제작"),
    ("data-infrastructure", "PLC랑 센서 데이터를 MES로 모으는 기반부터 만들고 싶다"),
]


def test_cases_cover_the_taxonomy() -> None:
    assert sorted({label for label, _ in CASES}) == sorted(taxonomy_ids())


@pytest.mark.parametrize(("label", "text"), CASES)
def test_zero_shot_top_label(label: str, text: str) -> None:
    zs = default_zero_shot()
    proba = zs.predict_proba([tokenize(text)])[0]
    assert zs.labels[int(np.argmax(proba))] == label
    assert proba.sum() == pytest.approx(1.0)


def test_explanation_words_come_from_the_text() -> None:
    zs = default_zero_shot()
    tokens = tokenize("스핀들 진동이 커지고 베어링 소음이 나요")
    words = [w for w, _ in zs.explain(tokens, "predictive-maintenance")]
    assert words
    assert set(words) <= set(tokens)
    weights = [w for _, w in zs.explain(tokens, "predictive-maintenance")]
    assert weights == sorted(weights, reverse=True)


def test_no_known_words_gives_uniform_probabilities() -> None:
    zs = default_zero_shot()
    proba = zs.predict_proba([[], ["qqq"]])
    np.testing.assert_allclose(proba, 1.0 / len(zs.labels))
    assert zs.predict_proba([]).shape == (0, len(zs.labels))


def test_shared_terms_are_discounted() -> None:
    cases = [
        UseCase("a", "가", "a", "", ("센서", "진동")),
        UseCase("b", "나", "b", "", ("센서", "전력")),
    ]
    zs = ZeroShotClassifier(cases)
    shared = zs.raw_scores(["센서"])
    own = zs.raw_scores(["진동"])
    assert shared[0] == pytest.approx(shared[1])
    assert own[0] > shared[0] > 0
    assert own[1] == 0
