from __future__ import annotations

import pytest

from axpartners.policy.document import Block, table_block
from axpartners.policy.structure import PolicyItem, detect_marker, structure_blocks

ONE = "\u2160"  # ROMAN NUMERAL ONE, as Korean documents write it


@pytest.mark.parametrize(
    ("line", "kind", "label", "rest"),
    [
        (f"{ONE}. 추진 배경", "roman", ONE, "추진 배경"),
        ("Ⅱ 추진 과제", "roman", "Ⅱ", "추진 과제"),
        ("IV. 기대 효과", "roman", "IV", "기대 효과"),
        ("제3장 세부 과제", "chapter", "제3장", "세부 과제"),
        ("제 2 절. 추진 과제", "section", "제2절", "추진 과제"),
        ("1. 현황", "decimal", "1", "현황"),
        ("12.AI 인재", "decimal", "12", "AI 인재"),
        ("가. 비전검사", "ganada", "가", "비전검사"),
        ("1) 실증", "paren_decimal", "1)", "실증"),
        ("나) 확산", "paren_ganada", "나)", "확산"),
        ("(1) 예산", "enclosed_decimal", "(1)", "예산"),
        ("(가) 국비", "enclosed_ganada", "(가)", "국비"),
        ("①계약명칭", "circled", "①", "계약명칭"),
        ("㉮ 세부", "circled_hangul", "㉮", "세부"),
        ("□ 과제 개요", "box", "□", "과제 개요"),
        ("○ 세부 내용", "circle", "○", "세부 내용"),
        ("ㅇ 세부 내용", "circle", "ㅇ", "세부 내용"),
        ("- 기업당 2억원", "dash", "-", "기업당 2억원"),
        ("· 참고", "dot", "·", "참고"),
        ("   ◦ 들여쓴 항목", "circle", "◦", "들여쓴 항목"),
        ("Ⅱ-1. AI 반도체", "dashed", "Ⅱ-1", "AI 반도체"),
        ("1-2 과제 개요", "dashed", "1-2", "과제 개요"),
        ("∘ 세부", "circle", "∘", "세부"),
        ("\U000f02b1 사유 글꼴의 원문자", "symbol", "\U000f02b1", "사유 글꼴의 원문자"),
    ],
)
def test_detect_marker(line, kind, label, rest):
    marker = detect_marker(line)
    assert marker is not None
    assert (marker.kind, marker.label, marker.rest) == (kind, label, rest)


@pytest.mark.parametrize(
    "line",
    [
        "2024. 12. 13.",
        "3.5배 증가",
        "02-2184-8705 문의",
        "2024-08호 공고",
        "AI 바우처 사업",
        "-3%",
        "다음과 같다",
        "ㅇㅇ기업",
        "□",
        "○",
    ],
)
def test_not_a_marker(line):
    assert detect_marker(line) is None


def _items(*lines: str) -> tuple[PolicyItem, ...]:
    return structure_blocks([Block(kind="paragraph", text=t) for t in lines])


def test_nesting_follows_the_ladder():
    items = _items(
        f"{ONE}. 배경",
        "1. 현황",
        "가. 제조",
        "1) 조선",
        "가) 기자재",
        "(1) 용접",
        "①불량",
        "□ 개요",
        "○ 세부",
        "- 예시",
    )
    assert [it.level for it in items] == list(range(1, 11))
    assert items[-1].path == f"{ONE} > 1 > 가 > 1) > 가) > (1) > ① > □1 > ○1 > -1"
    assert [it.marker for it in items[3:6]] == ["paren_decimal", "paren_ganada", "enclosed_decimal"]


def test_siblings_close_deeper_levels():
    items = _items(
        f"{ONE}. 배경", "1. 현황", "□ 가", "○ 나", "2. 방향", "□ 다", "Ⅱ. 과제", "1. 첫 과제"
    )
    paths = [it.path for it in items]
    assert paths == [
        ONE,
        f"{ONE} > 1",
        f"{ONE} > 1 > □1",
        f"{ONE} > 1 > □1 > ○1",
        f"{ONE} > 2",
        f"{ONE} > 2 > □1",
        "Ⅱ",
        "Ⅱ > 1",
    ]
    assert items[4].parent == items[0].seq
    assert items[7].parent == items[6].seq


def test_higher_rank_marker_never_nests_under_a_bullet():
    items = _items("□ 개요", "○ 세부", "Ⅱ. 과제")
    assert items[-1].level == 1
    assert items[-1].parent is None


def test_bullet_under_a_number_when_the_document_starts_with_bullets():
    items = _items("□ 첫째", "□ 둘째", "○ 하위")
    assert [it.path for it in items] == ["□1", "□2", "□2 > ○1"]


def test_continuation_lines_tables_and_notes_join_the_current_item():
    blocks = [
        Block(kind="paragraph", text="1. 과제"),
        Block(kind="paragraph", text="이어지는 설명 문장"),
        Block(kind="paragraph", text="※ 예산은 변동 가능"),
        table_block([["구분", "예산"], ["국비", "100"]]),
        Block(kind="note", text="각주 본문"),
        Block(kind="paragraph", text="2. 다음 과제"),
    ]
    first, second = structure_blocks(blocks)
    assert first.text.split("\n") == [
        "1. 과제",
        "이어지는 설명 문장",
        "※ 예산은 변동 가능",
        "구분 | 예산",
        "국비 | 100",
        "각주 본문",
    ]
    assert first.title == "과제"
    assert second.item_no == "2"


def test_preamble_and_pages():
    blocks = [
        Block(kind="paragraph", text="제목 줄", page=1),
        Block(kind="paragraph", text="1. 과제", page=2),
        Block(kind="paragraph", text="계속", page=3),
    ]
    pre, item = structure_blocks(blocks)
    assert (pre.item_no, pre.marker, pre.level, pre.page) == ("0", "preamble", 0, 1)
    assert item.page == 2
    assert item.text == "1. 과제\n계속"


def test_sentence_final_ganada_in_a_wrapped_line_is_not_an_item():
    items = _items("1. 과제", "가. 첫째", "다. 이것은 줄바꿈된 문장의 끝이다.", "나. 둘째")
    assert [it.path for it in items] == ["1", "1 > 가", "1 > 나"]
    assert "다. 이것은" in items[1].text


def test_prose_without_markers_gives_one_item_per_paragraph():
    items = _items("첫 문단입니다.", "둘째 문단입니다.")
    assert [(it.item_no, it.level, it.marker) for it in items] == [
        ("1", 1, "paragraph"),
        ("2", 1, "paragraph"),
    ]


def test_headings_without_numbers_open_levels():
    blocks = [
        Block(kind="heading", text="개요", level=1),
        Block(kind="paragraph", text="□ 내용"),
        Block(kind="heading", text="세부", level=2),
        Block(kind="heading", text="다른 장", level=1),
    ]
    items = structure_blocks(blocks)
    assert [it.path for it in items] == ["H1", "H1 > □1", "H1 > H2", "H1"]
    assert items[2].parent == items[0].seq
    assert items[3].parent is None


def test_long_title_is_cut_at_a_word():
    long = "1. " + "가나다 " * 60
    (item,) = _items(long)
    assert item.title.endswith("…")
    assert len(item.title) <= 121
    assert item.text == long.strip()


def test_paren_ganada_sequence_guard():
    items = _items("1) 과제", "가) 첫째", "나) 둘째", "라) 건너뜀")
    assert [it.path for it in items] == ["1)", "1) > 가)", "1) > 나)"]


def test_dashed_sub_chapters_nest_under_their_chapter():
    items = _items("Ⅱ. 과제", "Ⅱ-1. 반도체", "□ 개요", "Ⅱ-2. 로봇", "Ⅲ. 체계")
    assert [it.path for it in items] == ["Ⅱ", "Ⅱ > Ⅱ-1", "Ⅱ > Ⅱ-1 > □1", "Ⅱ > Ⅱ-2", "Ⅲ"]


def test_chapters_and_sections():
    items = _items("제1장 총론", "제1절 배경", "1. 현황", "제2절 방향", "제2장 과제")
    assert [it.path for it in items] == [
        "제1장",
        "제1장 > 제1절",
        "제1장 > 제1절 > 1",
        "제1장 > 제2절",
        "제2장",
    ]
