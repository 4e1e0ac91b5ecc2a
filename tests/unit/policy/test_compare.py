from __future__ import annotations

from axpartners.policy.compare import compare_documents, normalize_title, similarity
from axpartners.policy.document import Block
from axpartners.policy.structure import PolicyItem, structure_blocks


def _doc(*lines: str) -> tuple[PolicyItem, ...]:
    return structure_blocks([Block(kind="paragraph", text=t) for t in lines])


def test_normalize_title_drops_numbers_and_spaces():
    assert normalize_title("Ⅱ-3. 2025년 AI 바우처!") == "ai바우처"


def test_similarity_bounds():
    assert similarity("제조ai", "제조ai") == 1.0
    assert similarity("", "abc") == 0.0
    assert 0 < similarity("제조데이터플랫폼", "제조데이터센터") < 1


def test_new_removed_and_changed_items():
    old = _doc(
        "1. AI 바우처 지원", "중소기업 100개사, 100억원", "2. 스마트공장 보급", "3. 데이터 댐 구축"
    )
    new = _doc(
        "1. AI 바우처 지원", "중소기업 200개사, 300억원", "2. 스마트공장 보급", "3. 피지컬 AI 실증"
    )
    result = compare_documents(old, new)
    assert [it.title for it in result.added] == ["피지컬 AI 실증"]
    assert [it.title for it in result.removed] == ["데이터 댐 구축"]
    assert [c.new.title for c in result.changed] == ["AI 바우처 지원"]
    assert result.changed[0].text_similarity < 1.0
    assert [c.new.title for c in result.unchanged] == ["스마트공장 보급"]


def test_renumbered_items_still_pair():
    old = _doc("1. 2025년 제조 AI 확산", "2. 인재 양성")
    new = _doc("1. 인재 양성", "2. 2026년 제조 AI 확산")
    result = compare_documents(old, new)
    assert not result.added
    assert not result.removed
    pairs = {(c.old.title, c.new.title) for c in result.changed + result.unchanged}
    assert ("인재 양성", "인재 양성") in pairs
    assert ("2025년 제조 AI 확산", "2026년 제조 AI 확산") in pairs


def test_each_item_is_paired_once():
    old = _doc("1. AI 실증", "2. AI 실증 확대")
    new = _doc("1. AI 실증")
    result = compare_documents(old, new)
    assert len(result.unchanged) + len(result.changed) == 1
    assert [it.title for it in result.removed] == ["AI 실증 확대"]
