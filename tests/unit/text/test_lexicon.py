"""Morpheme-boundary lexicon matching on sentences from the 123대 국정과제 and similar prose."""

from __future__ import annotations

import pytest

from axpartners.text.lexicon import Lexicon, LexiconEntry, boundaries, fold, longest_hits

INDUSTRY = Lexicon(
    [("제지", "17"), ("공조", "28"), ("방산", "31"), ("전력", "35"), ("반도체", "26"),
     ("조선", "31"), ("제지 산업", "17"), ("AI", "ai"), ("R&D", "rnd"), ("조달", "proc")]
)  # fmt: skip


def values(text: str, lexicon: Lexicon[str] = INDUSTRY) -> list[str]:
    return [h.entry.value for h in lexicon.find(text)]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("중소기업 세제지원 확대", "17"),
        ("공공조달 연계를 통한 판로 확보", "28"),
        ("전방산업 수요와 연계", "31"),
        ("저전력 AI반도체 개발", "35"),
    ],
)
def test_no_hit_inside_a_longer_word(text: str, absent: str) -> None:
    assert absent not in values(text)


def test_whole_words_and_compounds_match() -> None:
    assert values("제지 산업 고도화") == ["17"]
    assert values("제지업 고도화") == ["17"]
    assert values("조선업계 인력난") == ["31"]
    assert "26" in values("저전력 AI반도체 개발")
    assert "ai" in values("저전력 AI반도체 개발")
    assert "proc" in values("공공조달 연계")  # the head noun of a compound is a word


def test_spans_point_into_the_original_text() -> None:
    text = "  •국가 전력망 확충과 R&D 투자"
    hits = INDUSTRY.find(text)
    assert [(h.matched, h.entry.value) for h in hits] == [("전력", "35"), ("R&D", "rnd")]
    for h in hits:
        assert text[h.start : h.end] == h.matched


def test_multiword_entry_matches_across_spacing() -> None:
    lex = Lexicon([LexiconEntry("산업 통상부", "moti"), LexiconEntry("부산시", "busan")])
    hits = lex.find("산업통상부와 부산시는 협력한다")
    assert [(h.entry.value, h.matched) for h in hits] == [
        ("moti", "산업통상부"),
        ("busan", "부산시"),
    ]


def test_latin_only_on_word_boundaries() -> None:
    assert "ai" not in values("main 서버 증설")
    assert "ai" in values("AI고속도로 구축")


def test_longest_hit_wins_and_find_all_keeps_overlaps() -> None:
    text = "제지 산업"
    assert [h.matched for h in INDUSTRY.find(text)] == ["제지 산업"]
    assert {h.matched for h in INDUSTRY.find_all(text)} == {"제지", "제지 산업"}
    assert longest_hits([]) == []


def test_precomputed_boundaries_are_reused_and_folding() -> None:
    text = "\uff21\uff29 반도체"
    b = boundaries(text)
    assert 0 in b.starts
    assert values(text) == ["ai", "26"]
    assert [h.entry.value for h in INDUSTRY.find(text, b)] == ["ai", "26"]
    assert fold(" \uff21 b ") == "ab"
    assert INDUSTRY.find("") == []
