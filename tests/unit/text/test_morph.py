from __future__ import annotations

import threading

import pytest

from axpartners.text.morph import tokenize, tokenize_many


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "설비가 자꾸 멈춰서 예지보전이 필요해요",
            ["설비", "멈추", "예지보전", "예지", "보전"],
            ["가", "자꾸"],
        ),
        ("디지털 트윈으로 공장 시뮬레이션", ["디지털트윈", "트윈", "시뮬레이션", "공장"], []),
        ("불량률이 3% 넘고 5톤 지게차", ["불량률", "3%", "5톤", "지게차"], ["3", "5"]),
        (
            "스마트공장 MES랑 PLC 데이터 연동",
            ["스마트공장", "mes", "plc", "데이터", "연동"],
            ["랑"],
        ),
        ("공정을 자동화하고 싶어요", ["공정", "자동화"], ["싶", "하"]),
        ("작업자들이 다침", ["작업자"], ["작업자들", "들"]),
        ("비젼검사 카메라", ["비전검사", "카메라"], ["비젼"]),
    ],
)
def test_tokenize_content_morphemes(text: str, present: list[str], absent: list[str]) -> None:
    tokens = tokenize(text)
    for token in present:
        assert token in tokens, (token, tokens)
    for token in absent:
        assert token not in tokens, (token, tokens)


@pytest.mark.parametrize("text", ["", "   ", "😀🔥👍", "ㅋㅋㅋ ㅠㅠ", "!!! ??? ..."])
def test_tokenize_without_content_is_empty(text: str) -> None:
    assert tokenize(text) == []


def test_tokenize_english_only_and_markup() -> None:
    tokens = tokenize("Predictive maintenance for the CNC spindles and bearings")
    assert tokens == ["예지보전", "예지", "보전", "cnc", "spindle", "bearing"]
    assert tokenize("batteries glass bus") == ["battery", "glass", "bus"]
    tokens = tokenize("<script>alert('불량')</script>")
    assert "script" in tokens
    assert "불량" in tokens


def test_bigrams_join_adjacent_heads_only() -> None:
    tokens = tokenize("설비 고장 예측", bigrams=True)
    assert "설비고장" in tokens
    assert "설비고장_예측" in tokens
    assert not any(t.startswith("설비_") for t in tokens)  # parts do not form bigrams


def test_tokenize_many_matches_tokenize() -> None:
    texts = ["협동로봇으로 용접 자동화", "", "재고가 너무 많아요", "😀", "수요 예측"] * 5
    assert tokenize_many(texts) == [tokenize(t) for t in texts]
    assert tokenize_many([]) == []


def test_tokenize_100kb_text() -> None:
    text = "컨베이어 벨트가 멈추면 라인 전체가 서요. " * 4000
    assert len(text.encode()) > 100_000
    tokens = tokenize(text)
    assert tokens.count("컨베이어") == 4000


def test_tokenize_is_thread_safe() -> None:
    texts = [f"{n}번 라인 설비 진동이 심하고 베어링 교체가 잦음" for n in range(40)]
    expected = [tokenize(t) for t in texts]
    results: dict[int, list[str]] = {}

    def work(i: int) -> None:
        results[i] = tokenize(texts[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [results[i] for i in range(len(texts))] == expected
