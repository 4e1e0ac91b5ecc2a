"""Headings and links are shortened between words, never mid-word (issue 16)."""

from __future__ import annotations

import pytest

from axpartners.text.clip import clip_words


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("금속가공제품 제조업; 기계 및 가구 제외", 10, "금속가공제품…"),
        ("금속가공제품 제조업; 기계 및 가구 제외", 13, "금속가공제품 제조업…"),
        ("금속가공제품 제조업; 기계 및 가구 제외", 11, "금속가공제품…"),
        ("짧은 제목", 10, "짧은 제목"),
        ("AI 바우처   지원\n사업", 40, "AI 바우처 지원 사업"),
        ("가나다라마바사아자차카타파하", 5, "가나다라…"),
        ("", 10, ""),
        (None, 10, ""),
    ],
)
def test_clip_words(text, limit, expected):
    assert clip_words(text, limit) == expected


def test_clipped_text_is_a_prefix_of_whole_words():
    text = "중소 제조기업 설비에 센서를 설치하고 MES·ERP와 연계하는 데이터 수집 기반 구축 지원"
    for limit in range(5, len(text)):
        out = clip_words(text, limit)
        assert len(out) <= limit
        body = out.removesuffix("…")
        assert text.startswith(body)
        if out.endswith("…") and " " in text[:limit]:
            assert text[len(body)] in " ;", (limit, out)
