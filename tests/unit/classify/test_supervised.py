from __future__ import annotations

import numpy as np
import pytest

from axpartners.classify.features import analyse_many
from axpartners.classify.lexical import default_lexical
from axpartners.classify.supervised import TrainedModel, train_model
from axpartners.errors import InputError

# Invented plant jargon that the taxonomy does not know: only training can teach it.
TRAIN = [
    ("쿼트라 라인이 또 말썽", "predictive-maintenance"),
    ("쿼트라 교체를 언제 할지", "predictive-maintenance"),
    ("쿼트라 소리가 이상함", "predictive-maintenance"),
    ("블링크 양식 정리가 귀찮음", "document-automation"),
    ("블링크 양식 수작업 입력", "document-automation"),
    ("블링크 양식을 매일 씀", "document-automation"),
    ("제노바 출고가 늦어요", "logistics-supply-chain"),
    ("제노바 출고 차량이 부족", "logistics-supply-chain"),
    ("제노바 출고 동선", "logistics-supply-chain"),
]


@pytest.fixture(scope="module")
def model() -> TrainedModel:
    docs = analyse_many([t for t, _ in TRAIN])
    return train_model(docs, [lab for _, lab in TRAIN], zero_shot=default_lexical())


def _predict(model: TrainedModel, texts: list[str]) -> list[str]:
    zs = default_lexical()
    docs = analyse_many(texts)
    proba = model.predict_proba(docs, zs.predict_proba(docs), zs_labels=zs.labels)
    return [zs.labels[i] for i in proba.argmax(axis=1)]


def test_learns_words_the_taxonomy_lacks(model: TrainedModel) -> None:
    assert _predict(model, ["쿼트라 점검", "블링크 양식", "제노바 출고"]) == [
        "predictive-maintenance",
        "document-automation",
        "logistics-supply-chain",
    ]


def test_untrained_labels_stay_reachable_through_zero_shot(model: TrainedModel) -> None:
    assert "energy-carbon" not in model.labels
    assert _predict(model, ["전기요금 전력 피크 탄소배출 에너지 절감"]) == ["energy-carbon"]


def test_probabilities_are_a_distribution(model: TrainedModel) -> None:
    zs = default_lexical()
    docs = analyse_many(["쿼트라", "아무 말"])
    proba = model.predict_proba(docs, zs.predict_proba(docs), zs_labels=zs.labels)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert (proba >= 0).all()


def test_word_contributions_explain_the_label(model: TrainedModel) -> None:
    doc = analyse_many(["쿼트라 소음"])[0]
    words = [w for w, _ in model.word_contributions(doc, "predictive-maintenance")]
    assert "쿼트라" in words
    assert model.word_contributions(doc, "energy-carbon") == []


def test_serialisation_roundtrip(model: TrainedModel) -> None:
    data = model.to_bytes()
    loaded = TrainedModel.from_bytes(data)
    assert loaded.labels == model.labels
    assert loaded.space.vocab == model.space.vocab
    texts = ["쿼트라 교체", "블링크", "전력"]
    assert _predict(loaded, texts) == _predict(model, texts)
    with np.load(__import__("io").BytesIO(data), allow_pickle=False) as npz:
        assert set(npz.files) == {"header", "idf", "coef", "intercept"} | {
            f"ex_{k}" for k in ("data", "indices", "indptr", "width", "primary", "secondary")
        }
    assert model.exemplars is not None
    assert loaded.exemplars is not None
    assert len(loaded.exemplars) == model.n_train
    assert (loaded.exemplars.vectors != model.exemplars.vectors).nnz == 0
    assert loaded.exemplars.primary.tolist() == model.exemplars.primary.tolist()
    assert loaded.exemplars.space == model.exemplars.space


def test_model_saved_before_exemplars_still_loads(model: TrainedModel) -> None:
    import dataclasses

    loaded = TrainedModel.from_bytes(dataclasses.replace(model, exemplars=None).to_bytes())
    assert loaded.exemplars is None
    assert loaded.labels == model.labels


@pytest.mark.parametrize("data", [b"", b"junk", b"PK\x03\x04xx"])
def test_damaged_model_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        TrainedModel.from_bytes(data)
    assert info.value.code == "classify.bad_model"


def test_binary_training_expands_to_two_rows() -> None:
    docs = analyse_many(["쿼트라 고장", "쿼트라 소음", "블링크 양식", "블링크 서류"])
    labels = ["predictive-maintenance"] * 2 + ["document-automation"] * 2
    model = train_model(docs, labels, zero_shot=default_lexical())
    assert model.coef.shape[0] == 2
    assert _predict(model, ["블링크"]) == ["document-automation"]


@pytest.mark.parametrize(
    ("labels", "code"),
    [
        (["predictive-maintenance", "nonsense"], "classify.unknown_label"),
        (["predictive-maintenance", "predictive-maintenance"], "classify.too_few_labels"),
        (["predictive-maintenance"], "classify.length_mismatch"),
    ],
)
def test_training_input_errors(labels: list[str], code: str) -> None:
    docs = analyse_many(["가동 중지", "모터 소음"])
    with pytest.raises(InputError) as info:
        train_model(docs, labels, zero_shot=default_lexical())
    assert info.value.code == code
