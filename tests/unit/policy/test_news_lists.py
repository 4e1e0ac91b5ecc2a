"""Inline lists in real news texts (tests/data/policy/real/news, URLs in its README) become items."""

from __future__ import annotations

from pathlib import Path

import pytest

from axpartners.policy.extract import extract_file
from axpartners.policy.inline import inline_entries
from axpartners.policy.structure import structure_document

NEWS = Path(__file__).parents[2] / "data" / "policy" / "real" / "news"


@pytest.mark.parametrize(
    ("name", "entries"),
    [
        ("ai_supplementary_budget_2025.txt",
         ["공공부문에 AI를 접목하는 '공공AX 프로젝트’(150억 원)",
          "AI 기반 의료 예후관리서비스 개발(63억 원)",
          "제조업의 기술고도화를 위한 AX실증 플랫폼 구축(140억 원)",
          "피지컬 AI 핵심기술 개념 증명(POC)(426억 원)"]),
        ("busan_ai_strategy_2025.txt",
         ["AI를 만드는 부산(산업 분야)", "AI로 살기 좋은 부산(시민 분야)",
          "AI를 활용하는 부산(행정 분야)", "AI를 대비하는 부산(인재 분야)"]),
        ("ai_budget_2024_abcd.txt",
         ["인공지능(AI)", "바이오(BIO)", "보안(CYBER)", "디지털플랫폼정부(DIGITAL)"]),
    ],
)  # fmt: skip
def test_inline_list_entries_become_child_items(name: str, entries: list[str]) -> None:
    items = structure_document(extract_file(NEWS / name))
    children = [it for it in items if it.marker == "inline"]
    assert [c.title for c in children] == entries
    (parent,) = {c.parent for c in children}
    by_seq = {it.seq: it for it in items}
    assert parent in by_seq
    assert all(c.title in by_seq[parent].text for c in children)  # type: ignore[index]
    assert [it.seq for it in items] == sorted(it.seq for it in items)


def test_circled_numbers_and_ordinals_and_spans() -> None:
    text = "추진과제는 ① 데이터 개방 ② 인재 양성 ③ 규제 개선이다."
    assert [e[2] for e in inline_entries(text)] == ["데이터 개방", "인재 양성", "규제 개선"]
    text = "첫째, 공공 AI 확산 둘째, 산업 AX 지원 등을 추진한다."
    spans = inline_entries(text)
    assert [e[2] for e in spans] == ["공공 AI 확산", "산업 AX 지원"]
    for start, end, entry in spans:
        assert text[start:end] == entry
    assert inline_entries("△ 하나만 있는 문장") == []
