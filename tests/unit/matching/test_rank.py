from __future__ import annotations

import pytest

from axpartners.errors import InputError, NotFound
from axpartners.matching.index import build_partner_index, suggest_capabilities
from axpartners.matching.profiles import NeedProfile, PartnerProfile, Reference, merge_needs
from axpartners.matching.rank import matched_needs, need_labels, rank_partners
from axpartners.matching.score import COMPONENTS, MatchWeights, combine

PDM = PartnerProfile(
    id="pdm",
    name="해랑예지보전",
    kind="company",
    description="회전 설비 진동과 전류 데이터로 베어링과 모터 고장을 예측합니다.",
    capabilities=("predictive-maintenance",),
    industries=("29",),
    region="26",
    references=(
        Reference("선박 엔진 부품 가공 설비 진동 감시", industry="3113", success=True),
        Reference("조선 기자재 공장 베어링 고장 예측", industry="311", success=True),
    ),
)
VISION = PartnerProfile(
    id="vision",
    name="부산비전테크",
    kind="company",
    description="카메라로 사출품 외관 불량과 스크래치를 검사합니다.",
    capabilities=("vision-inspection",),
    industries=("22",),
    region="26",
)
UNIV = PartnerProfile(
    id="univ",
    name="스마트제조연구실",
    kind="university",
    description="설비 진동 신호 분석과 고장 진단을 연구합니다.",
    industries=("29",),
    region="48",
)
ENERGY = PartnerProfile(
    id="energy",
    name="그린와트랩",
    kind="company",
    description="사업장 전력 사용량과 탄소 배출을 관리합니다.",
    capabilities=("energy-carbon",),
)
NEED = NeedProfile(
    id="n1",
    text="조선 기자재 공장인데 CNC 스핀들 베어링 진동이 커져 고장이 잦습니다.",
    industry="31",
    region="26",
)


@pytest.fixture(scope="module")
def index():
    return build_partner_index([PDM, VISION, UNIV, ENERGY])


def test_best_partner_first_with_council_style_reasons(index):
    matches = rank_partners(NEED, index, top=3)
    assert matches[0].partner_id == "pdm"
    reasons = " · ".join(matches[0].reasons)
    assert reasons.startswith("예지보전 역량 · 조선 업종 수행 경험 2건")
    assert "핵심어:" in reasons
    keywords = matches[0].evidence.keywords
    assert "베어링" in keywords
    assert 1 <= len(keywords) <= 3
    assert all(k in PDM.text() for k in keywords)


def test_score_is_the_weighted_sum_of_components(index):
    weights = MatchWeights()
    for match in rank_partners(NEED, index, top=4, weights=weights):
        assert set(match.components) == set(COMPONENTS)
        assert all(0.0 <= v <= 1.0 for v in match.components.values())
        assert match.score == pytest.approx(combine(match.components, weights), abs=1e-3)


def test_scores_descend_and_irrelevant_partners_are_left_out(index):
    matches = rank_partners(NEED, index, top=10)
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert "energy" not in {m.partner_id for m in matches}


def test_inferred_capability_is_marked(index):
    univ = next(m for m in rank_partners(NEED, index, top=4) if m.partner_id == "univ")
    assert univ.evidence.capabilities
    assert univ.evidence.capabilities[0].inferred
    assert "추정" in univ.reasons[0]


def test_ignoring_declared_capabilities_infers_from_text():
    index = build_partner_index([PDM, VISION], use_declared=False)
    row = index.position("vision")
    assert index.inferred[:, row].any()
    assert index.labels[int(index.capability[:, row].argmax())] == "vision-inspection"


def test_weights_change_the_order():
    busy = PartnerProfile(
        id="busy", name="A", kind="company", description="베어링 진동 고장 예측", active_projects=9
    )
    idle = PartnerProfile(
        id="idle",
        name="B",
        kind="company",
        description="베어링 진동 고장 예측 설비",
        active_projects=0,
    )
    index = build_partner_index([busy, idle])
    need = NeedProfile(id="n", text="베어링 진동 고장")
    lexical_only = MatchWeights(capability=0, industry=0, success=0, availability=0, region=0)
    assert rank_partners(need, index, top=2, weights=lexical_only)[0].partner_id == "busy"
    load_heavy = MatchWeights(availability=1.0)
    top = rank_partners(need, index, top=2, weights=load_heavy)
    assert top[0].partner_id == "idle"
    assert any("진행 중 과제 9건" in r for r in top[1].reasons)


def test_given_labels_override_inference(index):
    need = NeedProfile(id="n", text="요금 문제", labels=("energy-carbon",))
    assert need_labels(need) == {"energy-carbon": 1.0}
    assert rank_partners(need, index, top=1)[0].partner_id == "energy"


def test_english_reasons(index):
    match = rank_partners(NEED, index, top=1, locale="en")[0]
    assert any("capability" in r for r in match.reasons)
    assert any("shipbuilding" in r for r in match.reasons)


def test_ties_break_by_id():
    twins = [
        PartnerProfile(id=pid, name=pid, kind="company", description="베어링 진동 고장 예측")
        for pid in ("b", "a", "c")
    ]
    matches = rank_partners(
        NeedProfile(id="n", text="베어링 진동"), build_partner_index(twins), top=3
    )
    assert [m.partner_id for m in matches] == ["a", "b", "c"]


def test_no_overlap_gives_empty_list(index):
    assert rank_partners(NeedProfile(id="n", text="점심 메뉴 추천"), index, top=5) == []


@pytest.mark.parametrize(
    ("partners", "code"),
    [
        ([PDM, PDM], "matching.duplicate_partner"),
        ([PartnerProfile(id="x", name="빈 기업", kind="company")], "matching.partner_no_text"),
        (
            [PartnerProfile(id="x", name="x", kind="startup", description="진동")],
            "import.bad_value",
        ),
        (
            [PartnerProfile(id="x", name="x", kind="company", capabilities=("telepathy",))],
            "matching.unknown_label",
        ),
        ([], "matching.no_partners"),
    ],
)
def test_bad_partners(partners, code):
    with pytest.raises(InputError) as info:
        build_partner_index(partners)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("need", "code"),
    [
        (NeedProfile(id="n", text="  "), "matching.need_no_evidence"),
        (NeedProfile(id="n", text="진동", labels=("telepathy",)), "matching.unknown_label"),
    ],
)
def test_bad_needs(index, need, code):
    with pytest.raises(InputError) as info:
        rank_partners(need, index, top=3)
    assert info.value.code == code


def test_need_with_labels_but_no_text_is_fine(index):
    need = NeedProfile(id="n", text="", labels=("vision-inspection",))
    assert rank_partners(need, index, top=1)[0].partner_id == "vision"


def test_top_must_be_positive(index):
    with pytest.raises(InputError) as info:
        rank_partners(NEED, index, top=0)
    assert info.value.code == "matching.bad_top"


@pytest.mark.parametrize("bad", [{"lexical": -1.0}, {"nonsense": 1.0}])
def test_bad_weights(bad):
    with pytest.raises(InputError) as info:
        MatchWeights.from_mapping(bad)
    assert info.value.code == "matching.bad_weight"


def test_default_weights_sum_to_one():
    assert sum(MatchWeights().as_dict().values()) == pytest.approx(1.0)


def test_matched_needs_agrees_with_rank_partners(judged_partners, judged_needs):
    index = build_partner_index(judged_partners)
    needs = judged_needs[:15]
    inbox = {m.need_id: m for m in matched_needs("P03", needs, index, within=5)}
    for need in needs:
        top = [m.partner_id for m in rank_partners(need, index, top=5)]
        if "P03" in top:
            assert inbox[need.id].rank == top.index("P03") + 1
            assert inbox[need.id].match.reasons
        else:
            assert need.id not in inbox
    scores = [m.match.score for m in inbox.values()]
    assert inbox
    assert scores == sorted(scores, reverse=True)


def test_matched_needs_unknown_partner(index):
    with pytest.raises(NotFound):
        matched_needs("nobody", [NEED], index)


def test_merged_needs_rank_like_a_project():
    first = NeedProfile(id="a", text="베어링 진동", industry="31", region="26")
    second = NeedProfile(
        id="b", text="카메라 외관 검사", labels=("vision-inspection",), industry="31"
    )
    merged = merge_needs("project", [first, second], title="통합 과제")
    assert merged.labels == ("vision-inspection",)
    assert merged.industry == "31"
    assert merged.region == "26"
    assert "베어링" in merged.full_text()
    assert "카메라" in merged.full_text()
    with pytest.raises(InputError):
        merge_needs("empty", [])


def test_section_letter_industry_codes_match(index):
    need = NeedProfile(id="n", text=NEED.text, industry="C31")
    top = rank_partners(need, index, top=1)[0]
    assert top.components["industry"] == 1.0
    assert "조선" in " ".join(top.reasons)


def test_suggested_capabilities_exclude_declared():
    partner = PartnerProfile(
        id="p",
        name="p",
        kind="company",
        description="설비 진동 베어링 고장 예지보전과 카메라 외관검사 불량검출",
        capabilities=("vision-inspection",),
    )
    suggestions = suggest_capabilities(partner)
    labels = [s.label for s in suggestions]
    assert "predictive-maintenance" in labels
    assert "vision-inspection" not in labels


@pytest.mark.parametrize(
    ("regions", "shown"), [(("26", "11", "48"), True), (("26", "26", "26"), False)]
)
def test_region_reason_only_when_it_sets_the_partner_apart(regions, shown):
    partners = [
        PartnerProfile(
            id=f"p{i}", name=f"p{i}", kind="company", description="베어링 진동 고장", region=r
        )
        for i, r in enumerate(regions)
    ]
    need = NeedProfile(id="n", text="베어링 진동", region="26")
    top = rank_partners(need, build_partner_index(partners), top=1)[0]
    assert top.partner_id == "p0"
    assert ("부산 소재" in top.reasons) is shown


def test_skip_empty_partners():
    empty = PartnerProfile(id="empty", name="빈 기업", kind="company")
    index = build_partner_index([PDM, empty], skip_empty=True)
    assert index.ids == ("pdm",)
    assert index.skipped == ("empty",)
    with pytest.raises(InputError) as info:
        build_partner_index([empty], skip_empty=True)
    assert info.value.code == "matching.no_partners"


def test_declaring_everything_counts_less_than_a_specialist():
    from axpartners.taxonomy import taxonomy_ids

    everything = PartnerProfile(
        id="all", name="만능", kind="company", description="AI 솔루션", capabilities=taxonomy_ids()
    )
    specialist = PartnerProfile(
        id="pm",
        name="전문",
        kind="company",
        description="AI 솔루션",
        capabilities=("predictive-maintenance",),
    )
    index = build_partner_index([everything, specialist])
    need = NeedProfile(id="n", text="", labels=("predictive-maintenance",))
    matches = rank_partners(need, index, top=2)
    assert [m.partner_id for m in matches] == ["pm", "all"]
    assert matches[1].components["capability"] == pytest.approx((3 / 15) ** 0.5, abs=1e-3)
