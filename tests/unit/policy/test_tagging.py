from __future__ import annotations

from collections.abc import Sequence

import pytest

from axpartners.policy.amounts import won_amounts
from axpartners.policy.tagging import (
    Tag,
    ksic_divisions,
    summarize_tags,
    tag_budgets,
    tag_items,
    tag_text,
    tag_years,
    total_budget,
)
from axpartners.taxonomy import taxonomy_ids


def _values(tags: Sequence[Tag], kind: str) -> list[str]:
    return [t.value for t in tags if t.kind == kind]


@pytest.mark.parametrize(
    ("text", "won", "evidence"),
    [
        ("총 1조 2,000억원 투입", 1_200_000_000_000, "1조 2,000억원"),
        ("국비 350억 원", 35_000_000_000, "350억 원"),
        ("50백만원", 50_000_000, "50백만원"),
        ("1,234천원", 1_234_000, "1,234천원"),
        ("2.5조원 규모", 2_500_000_000_000, "2.5조원"),
        ("예산 120억을 투입", 12_000_000_000, "120억"),
        ("기업당 최대 2억원 지원", 200_000_000, "2억원"),
        ("금72,300,000원(금칠천이백삼십만원)", 72_300_000, "72,300,000원"),
        ("300만원 바우처", 3_000_000, "300만원"),
        ("5천만원", 50_000_000, "5천만원"),
        ("3천억원 투입", 300_000_000_000, "3천억원"),
        ("5백억 규모", 50_000_000_000, "5백억"),
        ("1조 5천억원", 1_500_000_000_000, "1조 5천억원"),
        ("20십만원", 2_000_000, "20십만원"),
    ],
)
def test_amounts_normalised_to_won(text, won, evidence):
    ((start, end, value),) = won_amounts(text)
    assert value == won
    assert text[start:end] == evidence


@pytest.mark.parametrize(
    "text", ["5억 달러 수출", "30만 명 고용", "인구 340만 명", "10개 과제", "3.5배 증가", "500원"]
)
def test_not_budgets(text):
    assert tag_budgets(text) == []
    assert won_amounts(text) == []


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2026년 예산", ["2026"]),
        ("'26년부터 ’27년까지", ["2026", "2027"]),
        ("2026~2030년 중장기", ["2026", "2030"]),
        ("('26~'27년, 해수부)", ["2026", "2027"]),
        ("2024. 12. 13. 공고", ["2024"]),
        ("2,030억원", []),
        ("2030억원", []),
        ("전화 1588-0800", []),
        ("공고 제 2024-08호", []),
        ("2026-2030년", ["2026", "2030"]),
    ],
)
def test_years(text, years):
    tags = tag_years(text)
    assert [t.value for t in tags] == years
    for t in tags:
        assert text[t.evidence.start : t.evidence.end] == t.evidence.text


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("과기정통부", "과학기술정보통신부"),
        ("과학기술정보통신부", "과학기술정보통신부"),
        ("산업부", "산업통상부"),
        ("산업통상자원부", "산업통상부"),
        ("환경부", "기후에너지환경부"),
        ("기재부", "기획재정부"),
        ("재경부", "재정경제부"),
        ("중기부", "중소벤처기업부"),
        ("해수부", "해양수산부"),
        ("국토부", "국토교통부"),
        ("행안부", "행정안전부"),
        ("고용부", "고용노동부"),
        ("고용노동부", "고용노동부"),
        ("기후에너지환경부", "기후에너지환경부"),
    ],
)
def test_ministries_normalised(text, canonical):
    tags = tag_text(f"{text}와 함께 추진")
    assert _values(tags, "ministry") == [canonical]


def test_longest_ministry_wins():
    tags = tag_text("고용노동부 및 기후에너지환경부")
    assert _values(tags, "ministry") == ["고용노동부", "기후에너지환경부"]


def test_use_cases_from_taxonomy_synonyms_across_spaces():
    tags = tag_text("항만 크레인 예지 보전과 머신비전 기반 외관검사")
    values = set(_values(tags, "use_case"))
    assert {"predictive-maintenance", "vision-inspection", "logistics-supply-chain"} <= values
    assert values <= set(taxonomy_ids())


def test_latin_terms_match_whole_words_only():
    assert "predictive-maintenance" in _values(tag_text("PdM 도입"), "use_case")
    assert "predictive-maintenance" not in _values(tag_text("updmx 코드"), "use_case")


@pytest.mark.parametrize(
    ("text", "code"),
    [("조선 산업", "31"), ("자동차 부품", "30"), ("항만 물류", "52"), ("반도체 소부장", "26"),
     ("1차 금속 제조업", "24"), ("식료품 제조업 지원", "10")],
)  # fmt: skip
def test_industries(text, code):
    assert code in _values(tag_text(text), "industry")


def test_ksic_divisions_loaded():
    divisions = ksic_divisions()
    assert divisions["31"] == "기타 운송장비 제조업"
    assert len(divisions) > 70


def test_every_evidence_span_points_into_the_text():
    text = "□ 과기정통부·산업부는 2026년부터 ’27년까지 총 1조 2,000억원을 투입해 조선 분야 AI 비전검사를 지원"
    tags = tag_text(text)
    kinds = {t.kind for t in tags}
    assert {"ministry", "year", "budget", "industry", "use_case"} <= kinds
    for tag in tags:
        assert text[tag.evidence.start : tag.evidence.end] == tag.evidence.text
    starts = [t.evidence.start for t in tags]
    assert starts == sorted(starts)


def test_keywords_are_distinctive_per_item():
    texts = [
        "조선기자재 용접불량 비전검사 실증",
        "항만 크레인 예지보전 실증",
        "제조 데이터 플랫폼 구축",
    ]
    tagged = tag_items(texts)
    kw = [_values(t, "keyword") for t in tagged]
    assert {"기자재", "조선기자재", "용접", "비전검사"} & set(kw[0])
    assert any("크레인" in k for k in kw[1])
    assert all("실증" not in k for k in kw[2])
    for text, tags in zip(texts, tagged, strict=True):
        for tag in tags:
            assert text[tag.evidence.start : tag.evidence.end] == tag.evidence.text


def test_tag_items_without_keywords():
    (tags,) = tag_items(["해수부 2026년 예산 45억원"], keywords=False)
    assert [t.kind for t in tags] == ["ministry", "year", "budget"]
    assert tags[2].to_dict() == {
        "kind": "budget",
        "value": "4500000000",
        "evidence": {"start": 13, "end": 17, "text": "45억원"},
        "attrs": {"eok": "45", "year": "2026", "cue": "예산"},
    }


def test_summary_and_total_budget():
    tags = tag_text("해수부 2026년 예산 45억원, 해양수산부 2026년 예산 45억원, 산업부 국비 10억원")
    summary = summarize_tags(tags)
    assert summary["ministry"] == [("해양수산부", 2), ("산업통상부", 1)]
    assert summary["year"] == [("2026", 2)]
    assert total_budget(tags) == 5_500_000_000
    assert "keyword" not in summary


def test_every_tag_kind_has_a_label():
    from axpartners.i18n.catalog import translate
    from axpartners.policy.tagging import TAG_KINDS

    for kind in TAG_KINDS:
        assert translate(f"policy.tag_kind.{kind}", "ko") != f"policy.tag_kind.{kind}"


@pytest.mark.parametrize(
    ("term", "kept"),
    [("예지보전", True), ("항만", True), ("PdM", True), ("계획", False), ("사진", False),
     ("멈추다", False), ("시스템", False), ("스마트공장", True), ("버", False)],
)  # fmt: skip
def test_policy_terms(term, kept):
    from axpartners.policy.tagging import is_policy_term

    assert is_policy_term(term) is kept


def test_everyday_words_do_not_tag_use_cases():
    tags = tag_text(
        "차관은 훈련 상황을 점검하고 식사할 계획이다. ※ 현장 사진 별도 배포, 담당 사무관"
    )
    assert _values(tags, "use_case") == []


def test_ministry_names_are_not_industries():
    tags = tag_text("문화체육관광부와 해양수산부, 과학기술정보통신부가 발표")
    assert _values(tags, "industry") == []
    assert _values(tags, "ministry") == ["문화체육관광부", "해양수산부", "과학기술정보통신부"]


@pytest.mark.parametrize(
    ("text", "absent_code"),
    [("중소기업 세제지원 확대", "17"), ("공공조달 연계", "28"), ("전방산업 수요 창출", "31"),
     ("저전력 AI반도체 개발", "35")],
)  # fmt: skip
def test_no_industry_tag_from_inside_a_word(text, absent_code):
    assert absent_code not in _values(tag_text(text), "industry")


def test_local_governments_are_their_own_kind():
    tags = tag_text("부산시와 부산광역시, 산업부가 협력")
    assert _values(tags, "local_gov") == ["부산광역시", "부산광역시"]
    assert _values(tags, "ministry") == ["산업통상부"]
    (old,) = [t for t in tag_text("산업통상자원부 소관") if t.kind == "ministry"]
    assert old.value == "산업통상부"
    assert dict(old.attrs)["written"] == "산업통상자원부"


@pytest.mark.parametrize(
    ("text", "budget_eok"),
    [
        ("2026년 국비 1,200억원을 확보", ["1200"]),
        ("총사업비 3조 5천억원 규모", ["35000"]),
        ("5년간 총 1조원 투입", ["10000"]),
        ("국민성장펀드 100조원+\u03b1 조성", ["1000000"]),
        ("또 7587억원의 민간 투자를 유치해", ["7587"]),
        ("추정가격 100억원 이상 공사", []),
        ("매출 1조원 달성", []),
        ("2030년까지 수출 500억원 목표", []),
        ("시장 규모 10조원으로 성장", []),
    ],
)
def test_budget_only_with_a_budget_cue(text, budget_eok):
    budgets = [t for t in tag_text(text) if t.kind == "budget"]
    assert [dict(t.attrs)["eok"] for t in budgets] == budget_eok


def test_budget_year_and_kpi_targets():
    (budget,) = [t for t in tag_text("2026년 예산 45억원 편성") if t.kind == "budget"]
    assert dict(budget.attrs) == {"eok": "45", "year": "2026", "cue": "예산"}
    kpis = [t for t in tag_text("2030년까지 AI 전문인재 10만명 양성") if t.kind == "kpi"]
    assert [(k.value, dict(k.attrs)["year"]) for k in kpis] == [("10만명", "2030")]
    assert "인재" in dict(kpis[0].attrs)["metric"]
    (kpi,) = [t for t in tag_text("매출 1조원 달성") if t.kind == "kpi"]
    assert kpi.value == "1조원"
    assert [t for t in tag_text("10개 과제 선정") if t.kind == "kpi"] == []


def test_kpi_units_are_whole_words():
    assert [t for t in tag_text("1개월\u223c10년까지 예측하는 국가 체계") if t.kind == "kpi"] == []
    kpis = [t.value for t in tag_text("K-소상공인 1천개사를 육성") if t.kind == "kpi"]
    assert kpis == ["1천개사"]
