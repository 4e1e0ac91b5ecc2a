from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

import pytest

from axpartners.errors import AnalyticsError, InputError
from axpartners.i18n.catalog import render_error
from axpartners.matching.consortium import (
    Candidate,
    ConsortiumRules,
    candidates_from_index,
    form_consortia,
    propose_consortia,
)
from axpartners.matching.greedy import evaluate_team, greedy_team
from axpartners.matching.index import build_partner_index
from axpartners.matching.profiles import ACADEMIC_KINDS, NeedProfile, PartnerProfile

VI, PM, DT, DI, EC = (
    "vision-inspection",
    "predictive-maintenance",
    "digital-twin-simulation",
    "data-infrastructure",
    "energy-carbon",
)
CANDIDATES = [
    Candidate("a", "company", (VI, DI), 0.9, region="26"),
    Candidate("b", "university", (VI, PM), 0.7, region="26"),
    Candidate("c", "research", (PM, DT), 0.8, region="26"),
    Candidate("d", "company", (DT,), 0.6, active_projects=5, region="26"),
    Candidate("e", "company", (EC,), 0.5, region="48"),
]
REQUIRED = [VI, PM, DT, DI]


def _feasible(
    team: Sequence[str],
    *,
    required: Sequence[str],
    candidates: Sequence[Candidate],
    rules: ConsortiumRules,
) -> bool:
    by_id = {c.id: c for c in candidates}
    members = [by_id[m] for m in team]
    if len(members) > rules.max_members:
        return False
    if rules.lead and rules.lead not in team:
        return False
    if sum(m.kind == "company" for m in members) < rules.min_kinds.get("company", 0):
        return False
    if sum(m.kind in ACADEMIC_KINDS for m in members) < rules.min_kinds.get("academic", 0):
        return False
    if any(a in team and b in team for a, b in rules.conflicts):
        return False
    covered = {c for m in members for c in m.capabilities}
    return not rules.require_full_coverage or set(required) <= covered


def _brute_force_best(
    *, required: Sequence[str], candidates: Sequence[Candidate], rules: ConsortiumRules
) -> int | None:
    best: int | None = None
    for size in range(1, rules.max_members + 1):
        for team in itertools.combinations([c.id for c in candidates], size):
            if _feasible(team, required=required, candidates=candidates, rules=rules):
                value = evaluate_team(team, required=required, candidates=candidates, rules=rules)
                best = value if best is None else max(best, value)
    return best


def test_best_team_and_contributions():
    result = form_consortia(
        required=REQUIRED, candidates=CANDIDATES, alternatives=1, time_limit_s=5
    )
    assert result.status == "optimal"
    team = result.teams[0]
    assert set(team.member_ids) == {"a", "c"}
    assert team.optimal
    assert not team.missing
    contributions = {m.partner_id: set(m.contributes) for m in team.members}
    assert contributions == {"a": {VI, DI}, "c": {PM, DT}}


def test_alternatives_are_distinct_feasible_and_not_better():
    rules = ConsortiumRules()
    result = form_consortia(required=REQUIRED, candidates=CANDIDATES, rules=rules, alternatives=3)
    teams = [set(t.member_ids) for t in result.teams]
    assert len(teams) >= 2
    assert all(not (x <= y or y <= x) for x, y in itertools.combinations(teams, 2))
    objectives = [t.objective for t in result.teams]
    assert objectives == sorted(objectives, reverse=True)
    for team in result.teams:
        assert _feasible(team.member_ids, required=REQUIRED, candidates=CANDIDATES, rules=rules)
        # Each required capability credited to exactly one member.
        credited = [c for m in team.members for c in m.contributes]
        assert sorted(credited) == sorted(REQUIRED)


@pytest.mark.parametrize("seed", range(6))
def test_matches_brute_force_optimum(seed):
    rng = random.Random(seed)
    labels = [VI, PM, DT, DI, EC, "robotics-physical-ai"]
    kinds = ["company", "company", "university", "research", "public"]
    candidates = [
        Candidate(
            f"p{i}",
            rng.choice(kinds),
            tuple(rng.sample(labels, rng.randint(1, 3))),
            round(rng.random(), 2),
            active_projects=rng.randint(0, 4),
        )
        for i in range(10)
    ]
    required = rng.sample(labels, 4)
    rules = ConsortiumRules(
        max_members=rng.randint(2, 4),
        conflicts=(("p0", "p1"), ("p2", "p3")),
        require_full_coverage=False,
    )
    expected = _brute_force_best(required=required, candidates=candidates, rules=rules)
    result = form_consortia(required=required, candidates=candidates, rules=rules, alternatives=1)
    if expected is None:
        assert not result.teams
    else:
        assert result.teams[0].optimal
        assert result.teams[0].objective == expected


def test_lead_and_conflicts_are_respected():
    rules = ConsortiumRules(lead="b", conflicts=(("a", "c"),))
    result = form_consortia(required=REQUIRED, candidates=CANDIDATES, rules=rules, alternatives=3)
    # DI only comes from a, so c is out and DT must come from the busy d.
    assert set(result.teams[0].member_ids) == {"a", "b", "d"}
    for team in result.teams:
        ids = set(team.member_ids)
        assert "b" in ids
        assert not {"a", "c"} <= ids
        assert team.members[0].is_lead


def test_load_limit_with_conflict_leaves_no_team_and_names_the_rules():
    rules = ConsortiumRules(lead="b", conflicts=(("a", "c"),), max_active_projects=4)
    result = form_consortia(required=REQUIRED, candidates=CANDIDATES, rules=rules)
    assert result.status == "infeasible"
    message = result.explain()[0]
    assert "'a'와 'c' 동시 참여 불가" in message
    assert "디지털 트윈" in message


def test_missing_capability_in_region_is_explained():
    rules = ConsortiumRules(region="26")
    result = form_consortia(required=[*REQUIRED, EC], candidates=CANDIDATES, rules=rules)
    assert result.status == "infeasible"
    assert not result.teams
    assert result.uncovered == (EC,)
    (message,) = result.explain("ko")
    assert "부산" in message
    assert "에너지 절감" in message
    with pytest.raises(AnalyticsError) as info:
        result.raise_for_status()
    assert info.value.code == "matching.consortium.infeasible"


def test_partial_coverage_when_not_required():
    rules = ConsortiumRules(region="26", require_full_coverage=False)
    result = form_consortia(required=[*REQUIRED, EC], candidates=CANDIDATES, rules=rules)
    assert result.teams[0].missing == (EC,)
    assert result.uncovered == (EC,)


def test_rules_that_cannot_hold_together_are_named():
    rules = ConsortiumRules(max_members=2)
    result = form_consortia(required=[*REQUIRED, EC], candidates=CANDIDATES, rules=rules)
    assert result.status == "infeasible"
    ko, en = result.explain("ko")[0], result.explain("en")[0]
    assert "최대 2명" in ko
    assert "at most 2 members" in en
    # The deletion filter leaves a minimal core, far smaller than the 8 rules in force
    # (5 capabilities, 2 kinds, team size); every minimal core here has 4 rules.
    named = ko.split(": ", 1)[1].split(", ")
    assert len(named) == 4


def test_candidates_from_index_use_declared_and_strong_inferred_capabilities():
    partners = [
        PartnerProfile(id="d", name="D", kind="company", description="x", capabilities=(VI,)),
        PartnerProfile(
            id="i", name="I", kind="university", description="설비 진동 베어링 고장 예지보전 연구"
        ),
    ]
    index = build_partner_index(partners)
    by_id = {c.id: c for c in candidates_from_index(index, scores={"d": 0.9})}
    assert by_id["d"].capabilities == (VI,)
    assert by_id["d"].score == 0.9
    assert by_id["i"].score == 0.0
    assert PM in by_id["i"].capabilities
    result = form_consortia(required=[VI, PM], candidates=list(by_id.values()))
    assert set(result.teams[0].member_ids) == {"d", "i"}


def test_missing_kind_is_explained():
    only_companies = [c for c in CANDIDATES if c.kind == "company"]
    result = form_consortia(required=[VI], candidates=only_companies)
    assert result.status == "infeasible"
    assert "대학 또는 연구기관" in result.explain()[0]


@pytest.mark.parametrize(
    ("rules", "required", "code"),
    [
        (
            ConsortiumRules(
                max_members=2, min_kinds={"company": 1, "university": 1, "research": 1, "public": 1}
            ),
            REQUIRED,
            "matching.consortium.rules_conflict",
        ),
        (ConsortiumRules(max_members=0), REQUIRED, "matching.consortium.bad_rule"),
        (ConsortiumRules(min_kinds={"alien": 1}), REQUIRED, "matching.consortium.bad_rule"),
        (ConsortiumRules(lead="zzz"), REQUIRED, "matching.consortium.unknown_lead"),
        (ConsortiumRules(conflicts=(("a", "a"),)), REQUIRED, "matching.consortium.bad_rule"),
        (ConsortiumRules(), [], "matching.consortium.no_required"),
    ],
)
def test_contradictory_rules_are_input_errors(rules, required, code):
    with pytest.raises(InputError) as info:
        form_consortia(required=required, candidates=CANDIDATES, rules=rules)
    assert info.value.code == code


def test_rules_conflict_message_names_sizes_and_kinds():
    rules = ConsortiumRules(
        max_members=2, min_kinds={"company": 1, "university": 1, "research": 1, "public": 1}
    )
    with pytest.raises(InputError) as info:
        form_consortia(required=REQUIRED, candidates=CANDIDATES, rules=rules)
    ko = render_error(info.value, "ko")
    assert "최대 2명" in ko
    assert "최소 4명" in ko
    assert "공공기관 1" in ko
    assert "public body 1" in render_error(info.value, "en")


def test_duplicate_candidates_rejected():
    with pytest.raises(InputError) as info:
        form_consortia(required=REQUIRED, candidates=[*CANDIDATES, CANDIDATES[0]])
    assert info.value.code == "matching.duplicate_partner"


def test_time_limit_is_honoured_on_a_large_instance():
    rng = random.Random(1)
    labels = [f"cap{i}" for i in range(12)]
    candidates = [
        Candidate(
            f"p{i}",
            rng.choice(["company", "university", "research"]),
            tuple(rng.sample(labels, 2)),
            rng.random(),
            rng.randint(0, 5),
        )
        for i in range(400)
    ]
    result = form_consortia(
        required=labels, candidates=candidates, alternatives=5, time_limit_s=0.5, workers=1
    )
    assert result.wall_time_s < 3.0
    assert result.status in {"optimal", "feasible", "unknown"}


def test_greedy_baseline_is_feasible_and_never_beats_the_solver():
    rules = ConsortiumRules()
    greedy = greedy_team(required=REQUIRED, candidates=CANDIDATES, rules=rules)
    assert _feasible(greedy, required=REQUIRED, candidates=CANDIDATES, rules=rules)
    best = form_consortia(required=REQUIRED, candidates=CANDIDATES, rules=rules, alternatives=1)
    assert evaluate_team(greedy, required=REQUIRED, candidates=CANDIDATES, rules=rules) <= (
        best.teams[0].objective
    )


def test_same_input_same_teams():
    runs = [
        [
            t.member_ids
            for t in form_consortia(required=REQUIRED, candidates=CANDIDATES, alternatives=3).teams
        ]
        for _ in range(3)
    ]
    assert runs[0] == runs[1] == runs[2]


def test_propose_consortia_for_a_project(judged_partners):
    index = build_partner_index(judged_partners)
    project = NeedProfile(
        id="project",
        text="조선 기자재 공장의 설비 고장 예측과 작업자 안전 감시",
        labels=("predictive-maintenance", "industrial-safety"),
        industry="31",
    )
    result = propose_consortia(project, index, alternatives=2)
    assert result.status == "optimal"
    team = result.teams[0]
    assert set(team.covered) == {"predictive-maintenance", "industrial-safety"}
    kinds = {m.kind for m in team.members}
    assert "company" in kinds
    assert kinds & {"university", "research"}
    with pytest.raises(InputError):
        propose_consortia(NeedProfile(id="x", text="점심 메뉴"), index)
