from __future__ import annotations

import pytest

from axpartners.classify.classifier import NeedClassifier
from axpartners.errors import InputError


@pytest.fixture(scope="module")
def classifier() -> NeedClassifier:
    return NeedClassifier()


def test_result_shape(classifier: NeedClassifier) -> None:
    result = classifier.classify(
        "설비 진동이 심해지고 베어링이 자주 깨져서 고장을 미리 알고 싶어요"
    )
    assert result.label == "predictive-maintenance"
    assert result.label_2 != result.label
    assert 0 <= result.score_2 <= result.score <= 1
    assert result.labels == ("predictive-maintenance",)
    assert 0 <= result.confidence <= result.score
    assert result.needs_review is False
    assert result.mode == "zero-shot"
    assert {"베어링", "진동"} & set(result.explanation)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_blank_text_is_an_error(classifier: NeedClassifier, text: str) -> None:
    with pytest.raises(InputError) as info:
        classifier.classify(text)
    assert info.value.code == "text.empty_text"
    with pytest.raises(InputError) as info:
        classifier.classify_many(["재고가 많아요", text])
    assert info.value.params["row"] == 2


@pytest.mark.parametrize("text", ["😀😀🔥👍", "ㅋㅋㅋㅋ", "!!! ???", "12345"])
def test_text_without_words_needs_review(classifier: NeedClassifier, text: str) -> None:
    result = classifier.classify(text)
    assert result.needs_review is True
    assert result.confidence == 0.0
    assert result.explanation == ()
    assert result.label == "unknown"


@pytest.mark.parametrize("text", ["안녕하세요", "AI", "인공지능 도입을 검토하고 있습니다"])
def test_no_supporting_word_is_unclassified(classifier: NeedClassifier, text: str) -> None:
    result = classifier.classify(text)
    assert (result.label, result.labels, result.needs_review) == ("unknown", ("unknown",), True)
    assert (result.label_2, result.score_2) == ("", 0.0)


def test_two_named_fields_are_both_listed(classifier: NeedClassifier) -> None:
    result = classifier.classify(
        "자동차 부품 품질 검사를 위한 AI 비전검사·AI 설비 예지 보전을 통해 불량률 감소"
    )
    assert set(result.labels) == {"vision-inspection", "predictive-maintenance"}
    assert {result.label, result.label_2} == set(result.labels)


def test_runner_up_without_evidence_is_not_printed(classifier: NeedClassifier) -> None:
    result = classifier.classify("협동로봇 도입")
    assert result.label == "robotics-physical-ai"
    assert (result.label_2, result.score_2) == ("", 0.0)


def test_probabilities_are_calibrated_on_strength(classifier: NeedClassifier) -> None:
    weak = classifier.classify("카메라")
    strong = classifier.classify("카메라로 외관 불량을 검출하는 비전검사, 육안검사 대체")
    assert weak.label == strong.label == "vision-inspection"
    assert strong.score > weak.score


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "We need predictive maintenance for CNC spindle bearings and motor vibration",
            "predictive-maintenance",
        ),
        ("<script>alert('x')</script> 전기요금 피크 전력 줄이기", "energy-carbon"),
        (
            "Workers keep getting hurt near forklifts and we need a safety alarm",
            "industrial-safety",
        ),
        ("Automate invoices and quotations that staff retype into Excel", "document-automation"),
        ("<b>협동로봇</b>으로 팔레타이징 자동화", "robotics-physical-ai"),
    ],
)
def test_english_and_markup(classifier: NeedClassifier, text: str, label: str) -> None:
    assert classifier.classify(text).label == label


def test_100kb_text(classifier: NeedClassifier) -> None:
    text = "창고 재고가 너무 많고 발주를 감으로 해요. " * 4500
    assert len(text.encode()) > 100_000
    assert classifier.classify(text).label == "demand-inventory"


def test_ambiguous_text_is_flagged(classifier: NeedClassifier) -> None:
    result = classifier.classify("재고 전력")  # one word of each of two use cases
    assert result.needs_review is True
    assert {result.label, result.label_2} == {"demand-inventory", "energy-carbon"}


def test_trained_classifier_uses_confirmed_labels() -> None:
    texts = ["쿼트라 말썽", "쿼트라 교체", "블링크 양식", "블링크 입력"]
    labels = ["predictive-maintenance"] * 2 + ["document-automation"] * 2
    trained = NeedClassifier.train(texts, labels)
    assert trained.mode == "trained"
    result = trained.classify("쿼트라 또 말썽")
    assert result.label == "predictive-maintenance"
    assert "쿼트라" in result.explanation
