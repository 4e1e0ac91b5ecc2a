from __future__ import annotations

import math

import pytest
from hypothesis import given, strategies as st

from axpartners.errors import AnalyticsError
from axpartners.matching.evaluate import (
    dcg,
    evaluate_matching,
    evaluate_rankings,
    ndcg_at,
    recall_at,
)

JUDGED = {"a": 3, "b": 2, "c": 1, "z": 0}


def test_dcg_by_hand():
    assert dcg([3, 2], 5) == pytest.approx(7 + 3 / math.log2(3))


def test_ndcg_perfect_and_reversed():
    assert ndcg_at(["a", "b", "c"], JUDGED, 5) == pytest.approx(1.0)
    worse = ndcg_at(["c", "b", "a"], JUDGED, 5)
    assert 0 < worse < 1
    ideal = 7 + 3 / math.log2(3) + 1 / 2
    assert worse == pytest.approx((1 + 3 / math.log2(3) + 7 / 2) / ideal)


def test_unjudged_and_zero_grades_count_nothing():
    assert ndcg_at(["x", "z", "y"], JUDGED, 5) == 0.0


def test_recall_counts_grade_one_and_up():
    assert recall_at(["a", "z", "q"], JUDGED, 10) == pytest.approx(1 / 3)
    assert recall_at(["c", "b", "a"], JUDGED, 2) == pytest.approx(2 / 3)


def test_needs_without_positive_judgments_are_skipped():
    result = evaluate_rankings({"n1": ["a"], "n2": ["a"]}, {"n1": JUDGED, "n2": {"a": 0}})
    assert result.n_needs == 1
    assert result.per_need[0].need_id == "n1"


def test_no_judgments_is_an_analytics_error():
    with pytest.raises(AnalyticsError) as info:
        evaluate_rankings({}, {"n": {"a": 0}})
    assert info.value.code == "matching.no_judgments"


def test_judged_set_meets_targets(judged_needs, judged_partners, judged_qrels):
    declared = evaluate_matching(needs=judged_needs, partners=judged_partners, qrels=judged_qrels)
    described = evaluate_matching(
        needs=judged_needs, partners=judged_partners, qrels=judged_qrels, use_declared=False
    )
    assert declared.n_needs == 40
    assert declared.ndcg5 >= 0.80
    assert described.ndcg5 >= 0.70
    assert 0 < declared.recall10 <= 1


@given(
    st.dictionaries(st.sampled_from("abcdefghij"), st.integers(0, 3), min_size=1),
    st.permutations(list("abcdefghij")),
    st.integers(1, 10),
)
def test_ndcg_bounds_and_ideal(judged, ranking, k):
    value = ndcg_at(ranking, judged, k)
    assert 0.0 <= value <= 1.0 + 1e-12
    ideal = sorted(judged, key=lambda p: -judged[p])
    if any(judged.values()):
        assert ndcg_at(ideal, judged, k) == pytest.approx(1.0)
        assert value <= ndcg_at(ideal, judged, k) + 1e-12
