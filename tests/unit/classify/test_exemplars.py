from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import numpy as np
import pytest

from axpartners.classify.classifier import NeedClassifier
from axpartners.classify.exemplars import (
    ConfirmedExemplars,
    ExemplarSet,
    ExemplarVote,
    read_seed,
    seed_exemplars,
)
from axpartners.classify.features import analyse_many
from axpartners.classify.lexical import default_lexical

REAL = Path(__file__).resolve().parents[2] / "data" / "classify" / "real"
LABELS = default_lexical().labels


def _ids(path: Path) -> set[str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return {row["id"] for row in csv.DictReader(f)}


def test_seed_is_the_dev_part_only() -> None:
    from importlib import resources

    path = resources.files("axpartners").joinpath("data/classify_exemplars.csv")
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ids = {row["id"] for row in rows}
    assert ids == _ids(REAL / "dev.csv")
    assert not ids & _ids(REAL / "test.csv")
    assert all(row["source_url"].startswith("http") for row in rows)
    texts, primary, _ = read_seed(LABELS)
    assert len(texts) == len(rows)
    assert min(primary) >= 0


def test_vote_goes_to_the_nearest_examples_labels() -> None:
    docs = analyse_many(["금형 온도 조건 최적화", "금형 온도 조건 조정", "지게차 충돌 경보"])
    labels = [LABELS.index("process-optimization")] * 2 + [LABELS.index("industrial-safety")]
    examples = ExemplarSet.build(docs, labels)
    vote = ExemplarVote(k=2)
    scores = vote.scores(
        analyse_many(["금형 온도 조건을 최적화하고 싶다"]), [examples], len(LABELS)
    )
    assert int(np.argmax(scores[0])) == LABELS.index("process-optimization")
    assert scores[0, LABELS.index("industrial-safety")] < scores[0].max()


def test_without_a_taxonomy_term_only_a_near_copy_votes() -> None:
    seed = seed_exemplars(LABELS)
    generic = analyse_many(["인공지능 도입을 검토하고 있습니다"])
    vote = ExemplarVote()
    assert not vote.scores(generic, [seed], len(LABELS), lexical=np.array([False])).any()
    # The same text with a taxonomy term of its own may be nudged by its neighbours.
    assert vote.scores(generic, [seed], len(LABELS), lexical=np.array([True])).any()


@pytest.mark.parametrize("text", ["안녕하세요", "AI", "인공지능 도입을 검토하고 있습니다"])
def test_generic_text_stays_unclassified_with_the_seed(text: str) -> None:
    result = NeedClassifier().classify(text)
    assert (result.label, result.needs_review) == ("unknown", True)


def test_confirmed_labels_count_from_the_first_few() -> None:
    # Plant jargon ("쿼트라 순번") the taxonomy does not know, in a need whose only taxonomy word
    # (전력) points elsewhere. Five confirmed labels are far too few for the supervised model
    # (alpha = 5 / 65) but enough for the exemplar vote.
    confirmed = [
        ("쿼트라 순번 다시 잡기 전력 그래프 보고", "production-planning"),
        ("쿼트라 순번 조정", "production-planning"),
        ("쿼트라 순번을 매주 다시 짬", "production-planning"),
        ("설비 진동 심함 베어링 점검", "predictive-maintenance"),
        ("모터 소음 점검 필요", "predictive-maintenance"),
    ]
    need = "전력 그래프 보고 쿼트라 순번을 다시 잡아요"
    assert NeedClassifier().classify(need).label == "energy-carbon"
    trained = NeedClassifier.train([t for t, _ in confirmed], [lab for _, lab in confirmed])
    assert trained.model is not None
    assert trained.model.exemplars is not None
    assert trained.classify(need).label == "production-planning"
    without = NeedClassifier(model=dataclasses.replace(trained.model, exemplars=None))
    assert without.classify(need).label == "energy-carbon"


def test_confirmed_exemplars_from_another_seed_are_set_aside() -> None:
    docs = analyse_many(["금형 온도 조건 최적화", "지게차 충돌 경보"])
    columns = [LABELS.index("process-optimization"), LABELS.index("industrial-safety")]
    seed = seed_exemplars(LABELS)
    confirmed = ConfirmedExemplars.build(docs, columns, seed)
    beside = confirmed.in_space(seed)
    assert beside is not None
    assert beside.space is seed.space
    assert len(beside) == 2
    other = ExemplarSet.build(docs, columns)  # a seed fitted on other texts
    assert other.space.fingerprint() != seed.space.fingerprint()
    assert confirmed.in_space(other) is None
