from __future__ import annotations

from axpartners.text.bm25 import Bm25Index
from axpartners.text.search import index_texts, search_text

NEEDS = {
    "n1": "공장 설비를 디지털 트윈으로 가상 검증하고 싶어요",
    "n2": "CNC 스핀들 베어링 고장을 미리 알고 싶음 (예지보전)",
    "n3": "재고가 너무 많아서 창고가 꽉 찼어요",
    "n4": "<script>alert(1)</script> 지게차 충돌 위험",
}


def _index() -> Bm25Index:
    return index_texts(list(NEEDS), list(NEEDS.values()))


def test_korean_queries_find_morphological_variants() -> None:
    index = _index()
    assert search_text(index, "트윈")[0][0] == "n1"
    assert search_text(index, "예지 정비")[0][0] == "n2"  # spelling variant → 예지보전
    assert search_text(index, "재고들이")[0][0] == "n3"  # particles and plural dropped
    assert search_text(index, "지게차")[0][0] == "n4"


def test_blank_and_unknown_queries() -> None:
    index = _index()
    assert search_text(index, "") == []
    assert search_text(index, "😀") == []
    assert search_text(index, "고양이") == []


def test_incremental_add_and_replace() -> None:
    index = _index()
    index_texts(["n5", "n3"], ["용접 로봇 도입", "에너지 전력 요금"], index=index)
    assert search_text(index, "로봇")[0][0] == "n5"
    assert search_text(index, "재고") == []  # n3 was replaced
    assert search_text(index, "전력")[0][0] == "n3"
    assert len(index) == 5
