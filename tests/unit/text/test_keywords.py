from __future__ import annotations

import math

import pytest

from axpartners.text.keywords import class_tfidf, top_terms


def test_class_tfidf_formula() -> None:
    groups = {"a": [["x", "x", "y"]], "b": [["y", "z"]]}
    w = class_tfidf(groups)
    mean_size = (3 + 2) / 2
    assert w["a"]["x"] == pytest.approx(2 / 3 * math.log(1 + mean_size / 2))
    assert w["a"]["y"] == pytest.approx(1 / 3 * math.log(1 + mean_size / 2))
    assert w["b"]["z"] == pytest.approx(1 / 2 * math.log(1 + mean_size / 1))


def test_top_terms_prefers_distinctive_terms() -> None:
    groups = {
        "energy": [["전력", "요금", "설비"], ["전력", "피크", "설비"]],
        "safety": [["작업자", "안전", "설비"], ["작업자", "끼임", "설비"]],
    }
    top = top_terms(groups, k=2)
    assert top["energy"][0][0] == "전력"
    assert top["safety"][0][0] == "작업자"
    assert all(t != "설비" for t, _ in top["energy"])


def test_top_terms_skips_redundant_bigrams_and_empty_groups() -> None:
    groups = {"a": [["x", "y", "x_y"], ["x", "y", "x_y"]], "b": [["q"]], "c": []}
    top = top_terms(groups, k=5, min_count=2)
    assert [t for t, _ in top["a"]] == ["x", "y"]
    assert top["b"] == []
    assert top["c"] == []
    assert top_terms({}, k=3) == {}
