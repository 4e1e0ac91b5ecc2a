from __future__ import annotations

import pytest

from axpartners.classify.cluster import cluster_needs

TOPICS = {
    "energy": [
        "전기요금 전력 피크 줄이기",
        "전력 피크 요금 절감",
        "전기요금 피크 전력 관리",
        "피크 전력 전기요금 폭탄",
    ],
    "safety": [
        "지게차 작업자 충돌 위험",
        "작업자 지게차 충돌 사고",
        "지게차 충돌 작업자 보호",
        "충돌 위험 지게차 작업자",
    ],
    "stock": ["재고 발주 결품", "결품 재고 발주량", "발주 재고 결품 문제", "재고 결품 발주 시점"],
}


def _texts() -> tuple[list[str], list[str]]:
    texts, topics = [], []
    for topic, items in TOPICS.items():
        texts += items
        topics += [topic] * len(items)
    return texts, topics


def test_clear_topics_form_pure_clusters() -> None:
    texts, topics = _texts()
    clusters = cluster_needs([*texts, "완전히 다른 얘기 고양이"])
    real = [c for c in clusters if c.id >= 0]
    assert len(real) == 3
    for cluster in real:
        assert len({topics[i] for i in cluster.members}) == 1
        assert set(cluster.representatives) <= set(cluster.members)
        assert len(cluster.terms) > 0
    residual = [c for c in clusters if c.id == -1]
    assert residual
    assert residual[0].members == (len(texts),)
    named = {topics[c.members[0]]: c.terms for c in real}
    assert {"전력", "피크", "전기요금"} & set(named["energy"][:3])
    assert {"지게차", "충돌", "작업자"} & set(named["safety"][:3])


def test_within_labels_never_mixes_labels() -> None:
    texts, topics = _texts()
    labels = ["a" if t == "energy" else "b" for t in topics]
    clusters = cluster_needs(texts, labels=labels)
    for cluster in clusters:
        if cluster.id >= 0:
            assert len({labels[i] for i in cluster.members}) == 1
            assert cluster.label == labels[cluster.members[0]]
    members = sorted(i for c in clusters for i in c.members)
    assert members == list(range(len(texts)))  # every need is somewhere, once


def test_ids_follow_size_and_edge_cases() -> None:
    texts, _ = _texts()
    clusters = cluster_needs(texts + texts[:2])
    sizes = [len(c.members) for c in clusters if c.id >= 0]
    assert sizes == sorted(sizes, reverse=True)
    assert cluster_needs([]) == []
    single = cluster_needs(["재고 발주"])
    assert [c.id for c in single] == [-1]
    emoji = cluster_needs(["😀", "🔥", "재고 발주", "재고 발주량"])
    assert sorted(i for c in emoji for i in c.members) == [0, 1, 2, 3]


def test_labels_length_mismatch() -> None:
    from axpartners.errors import InputError

    with pytest.raises(InputError):
        cluster_needs(["a", "b"], labels=["x"])


def test_topic_signal_joins_paraphrases_across_labels() -> None:
    texts = ["전기요금 폭탄 맞음", "피크 전력 관리", "지게차 충돌 위험", "작업자 끼임 사고"]
    with_topic = cluster_needs(texts)
    words_only = cluster_needs(texts, topic_weight=0)
    together = {frozenset(c.members) for c in with_topic if c.id >= 0}
    assert frozenset({0, 1}) in together
    assert frozenset({2, 3}) in together
    assert all(c.id == -1 for c in words_only)  # no shared words: nothing clusters
