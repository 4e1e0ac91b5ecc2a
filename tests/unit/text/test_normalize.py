from __future__ import annotations

import pytest

from axpartners.text.normalize import normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("   \n\t ", ""),
        (
            "\uff2d\uff25\uff33\u3000연동",
            "mes 연동",
        ),  # full-width latin and ideographic space (NFKC)
        ("비젼 검사 하고싶어요", "비전검사 하고싶어요"),  # typo + spaced compound
        ("메뉴얼이 없음", "매뉴얼이 없음"),
        ("스케쥴링이 엉망", "스케줄링이 엉망"),
        ("Predictive Maintenance 도입", "예지보전 도입"),
        ("디지털   트윈으로", "디지털트윈으로"),
        ("Cobot 2대", "협동로봇 2대"),
        ("시뮬레이션 해보고", "시뮬레이션 해보고"),  # a short alias (시뮬) never eats the word
        ("시뮬 돌려보고", "시뮬레이션 돌려보고"),
        ("rules engine", "rules engine"),  # latin alias 'rul' only as a whole word
        ("불량율이 높음ㅠㅠㅠㅠㅠㅠ", "불량률이 높음ㅠㅠㅠ"),  # compatibility jamo survive
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # markup stays text
        ("a\x00b\u200bc", "a b c"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_is_idempotent() -> None:
    raw = "설비가  자꾸 멈춰요. 예지 정비랑 Digital Twin, 비젼 검사 ㅠㅠ"
    once = normalize_text(raw)
    assert normalize_text(once) == once


def test_normalize_large_text_is_linear() -> None:
    raw = "설비 고장 예지보전 " * 10_000  # ~100 KB of UTF-8
    out = normalize_text(raw)
    assert out.count("설비고장") == 10_000
