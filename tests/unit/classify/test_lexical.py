from __future__ import annotations

import pytest

from axpartners.classify.features import analyse_many
from axpartners.classify.lexical import LexicalScorer, default_lexical, load_term_reliability
from axpartners.taxonomy import UseCase


def _case(id_: str, synonyms: list[str]) -> UseCase:
    return UseCase(id=id_, ko=id_, en=id_, description_ko="", synonyms=tuple(synonyms))


@pytest.fixture(scope="module")
def scorer() -> LexicalScorer:
    cases = [
        _case("a", ["예지보전", "보전", "멈추다", "widget", "연료비"]),
        _case("b", ["연료", "비용절감", "widget"]),
    ]
    return LexicalScorer(cases, reliability={})


def _found(scorer: LexicalScorer, text: str) -> list[str]:
    doc = analyse_many([text])[0]
    return [scorer.terms[i] for i in scorer.found_terms(doc)]


def test_whole_words_only(scorer: LexicalScorer) -> None:
    # 연료비용 is 연료 + 비용: it contains 연료 but not 연료비.
    assert _found(scorer, "연료비용이 늘었다") == ["연료"]
    assert "연료비" in _found(scorer, "연료비가 너무 많이 나와요")


def test_longest_hit_hides_its_parts(scorer: LexicalScorer) -> None:
    assert _found(scorer, "예지보전 시스템") == ["예지보전"]
    assert _found(scorer, "예지 보전") == ["예지보전"]  # spaces do not matter
    assert _found(scorer, "설비 보전 업무") == ["보전"]


def test_verbs_match_by_stem_and_english_plurals(scorer: LexicalScorer) -> None:
    assert _found(scorer, "라인이 자꾸 멈췄어요") == ["멈추다"]
    assert _found(scorer, "worn widgets") == ["widget"]


def test_shared_terms_weigh_less(scorer: LexicalScorer) -> None:
    own = scorer.evidence(analyse_many(["예지보전"])[0])
    shared = scorer.evidence(analyse_many(["widget"])[0])
    assert own.scores[0] > shared.scores[0] == shared.scores[1] > 0
    assert list(own.support) == [1, 0]


def test_no_evidence_is_all_zero(scorer: LexicalScorer) -> None:
    evidence = scorer.evidence(analyse_many(["안녕하세요"])[0])
    assert not evidence.scores.any()
    assert evidence.terms == ()


def test_shipped_reliability_discounts_generic_words() -> None:
    table = load_term_reliability()
    assert table, "data/classify_term_weights.tsv is shipped"
    assert all(0 < r <= 1 for r in table.values())
    lex = default_lexical()
    # 비전검사 names a field; 불량률 turns up in needs of every kind.
    doc = analyse_many(["AI 비전검사로 불량률 감소"])[0]
    evidence = lex.evidence(doc)
    best = lex.labels[int(evidence.scores.argmax())]
    assert best == "vision-inspection"
