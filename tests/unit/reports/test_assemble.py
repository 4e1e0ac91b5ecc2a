from __future__ import annotations

from pathlib import Path

import pytest

from axpartners.errors import InputError
from axpartners.planning.provenance import Source
from axpartners.planning.scoring import ScoreWeights
from axpartners.reports.assemble import (
    BriefingInputs,
    OpportunityInput,
    assemble_briefing_pack,
    load_briefing_inputs,
    opportunity_view,
)
from axpartners.reports.briefing import render_briefing_html
from axpartners.reports.pack import BriefingPack
from axpartners.taxonomy import load_taxonomy

DEMO = Path(__file__).parents[2] / "data" / "planning" / "demo_inputs.yaml"
LABELS = {u.id: u.ko for u in load_taxonomy()}


@pytest.fixture(scope="module")
def inputs() -> BriefingInputs:
    return load_briefing_inputs(DEMO)


@pytest.fixture(scope="module")
def pack(inputs: BriefingInputs) -> BriefingPack:
    return assemble_briefing_pack(inputs, use_case_labels=LABELS)


def test_demo_inputs_load(inputs):
    assert inputs.cover.council_name == "부산테크노파크 AI전략 파트너스 협의회"
    assert len(inputs.needs) == 30
    assert {p.kind for p in inputs.partners} == {"company", "university", "research", "public"}
    assert all(s.is_synthetic for s in inputs.strengths)
    assert inputs.actions[1].due is not None


def test_candidates_are_ranked_with_components(pack):
    scores = [c.score for c in pack.candidates]
    assert len(pack.candidates) == 8
    assert scores == sorted(scores, reverse=True)
    for c in pack.candidates:
        assert sum(x.points for x in c.components) == pytest.approx(c.score)
        assert [x.label for x in c.components] == [
            "수요",
            "정책 부합",
            "지역 강점",
            "파트너 역량",
            "조기성과 가능성",
        ]
    top = pack.candidates[0]
    assert (
        "비전 검사" in top.title
    )  # three shipbuilding/metal vision needs with policy and partners
    assert any(c.is_quick_win for c in pack.candidates)


def test_weights_reach_the_pack(inputs, pack):
    feasibility_first = assemble_briefing_pack(
        inputs,
        use_case_labels=LABELS,
        weights=ScoreWeights.from_groups(
            demand=1, policy=1, advantage=1, partners=1, feasibility=96
        ),
    )
    assert [c.id for c in feasibility_first.candidates] != [c.id for c in pack.candidates]
    months = [c.months_to_first_result or 99.0 for c in feasibility_first.candidates[:3]]
    assert max(months) <= 3


def test_lead_map_section_leads_with_shipbuilding(pack):
    assert len(pack.lead_fields) == 10
    assert pack.lead_fields[0].industry == "기타 운송장비(조선)"
    assert pack.lead_fields[0].reasons[0].source is Source.DATA


def test_needs_demand_map_actions_and_notes(inputs, pack):
    assert pack.demand_map is not None
    assert pack.demand_map.total == 30
    assert all(n.submitted_at and n.submitted_at >= inputs.new_since for n in pack.new_needs)
    dates = [n.submitted_at for n in pack.new_needs]
    assert dates == sorted(dates, reverse=True)
    overdue = {a.title for a in pack.actions if a.is_overdue}
    assert overdue == {a.title for a in inputs.actions if a.due and a.due < inputs.today}
    assert pack.notes[0].source is Source.DATA
    assert f"미결 조치 {len(inputs.actions)}건(기한 경과 {len(overdue)}건)" in pack.notes[0].text
    assert pack.opportunities_synthetic
    assert pack.policy_highlights[0].budget_mkrw == max(p.budget_mkrw or 0 for p in inputs.policies)


def test_appendix_has_onepagers_of_the_top_candidates(inputs, pack):
    assert [o.candidate_id for o in pack.onepagers] == [c.id for c in pack.candidates[:3]]
    schedule = pack.onepagers[0].section("schedule").sentences[0].text
    assert "2026.01" in schedule  # the month after today (2025-12-30)


def test_opportunity_view_components_sum_and_reasons():
    view = opportunity_view(
        OpportunityInput("28", "전기장비", 0.44, 0.9, 0.85, 0.9, 0.75, weight=0.6),
        is_synthetic=False,
    )
    assert view.score == pytest.approx(100 * (0.6 * 0.9 + 0.4 * 0.75))
    assert sum(c.points for c in view.components) == pytest.approx(view.score)
    assert "0.85" in view.reasons[-1].text
    assert all(r.source is Source.DATA for r in view.reasons)


@pytest.mark.slow
def test_demo_html_renders(pack):
    html = render_briefing_html(pack)
    assert "제1차 부산테크노파크 AI전략 파트너스 협의회" in html
    assert pack.candidates[0].title in html


def test_bad_inputs_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        'cover: {meeting_title: x, meeting_date: "2025-13-40"}\ntoday: 2025-12-30\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_briefing_inputs(bad)
    assert info.value.code == "import.bad_value"
    bad.write_text("cover: {meeting_title: x, meeting_date: 2025-13-40}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_briefing_inputs(bad)
    assert info.value.code == "input.invalid"
    missing = tmp_path / "missing.yaml"
    missing.write_text("today: 2025-12-30\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_briefing_inputs(missing)
    assert info.value.code == "input.invalid"
