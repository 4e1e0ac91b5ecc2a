from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, strategies as st

from axpartners.errors import InputError
from axpartners.i18n.catalog import load_catalog
from axpartners.planning.scoring import (
    GROUPS,
    CandidateFeatures,
    Scope,
    ScoreWeights,
    component_keys,
    flatten_components,
    rank_candidates,
    rank_quick_wins,
    score_candidate,
)

BASE = CandidateFeatures(
    need_count=3,
    urgency=0.5,
    growth=0.0,
    policy_fit=0.4,
    density=0.3,
    pci=0.2,
    partner_coverage=0.5,
    data_readiness=0.5,
    scope=Scope.MEDIUM,
    cost_mkrw=200.0,
    months_to_first_result=5.0,
)

# (field, worse value, better value, leaf that must rise)
IMPROVEMENTS = [
    ("need_count", 1, 8, "demand_count"),
    ("urgency", 0.2, 0.9, "demand_urgency"),
    ("growth", -0.5, 0.7, "demand_growth"),
    ("policy_fit", 0.1, 0.9, "policy_fit"),
    ("density", 0.1, 0.8, "advantage_density"),
    ("pci", -1.5, 1.5, "advantage_pci"),
    ("partner_coverage", 0.25, 1.0, "partner_coverage"),
    ("data_readiness", 0.2, 0.9, "feasibility_data"),
    ("scope", Scope.LARGE, Scope.SMALL, "feasibility_scope"),
    ("cost_mkrw", 800.0, 50.0, "feasibility_cost"),
    ("months_to_first_result", 12.0, 2.0, "feasibility_time"),
]


@pytest.mark.parametrize(("field", "worse", "better", "leaf"), IMPROVEMENTS)
def test_each_component_raises_the_score(field, worse, better, leaf):
    low = score_candidate(dataclasses.replace(BASE, **{field: worse}))
    high = score_candidate(dataclasses.replace(BASE, **{field: better}))
    assert high.total > low.total
    assert high.component(leaf).points > low.component(leaf).points
    # only that leaf moved
    for key, points in flatten_components(low):
        group_of_leaf = next(g for g, leaves in GROUPS.items() if leaf in leaves)
        if key not in (leaf, group_of_leaf):
            assert high.component(key).points == pytest.approx(points)


features_strategy = st.builds(
    CandidateFeatures,
    need_count=st.integers(0, 200),
    urgency=st.floats(-1, 2),
    growth=st.floats(-2, 2),
    policy_fit=st.floats(0, 1),
    density=st.one_of(st.none(), st.floats(0, 1)),
    pci=st.one_of(st.none(), st.floats(-100, 100)),
    partner_coverage=st.floats(0, 1),
    data_readiness=st.floats(0, 1),
    scope=st.sampled_from(list(Scope)),
    cost_mkrw=st.floats(0, 1e6),
    months_to_first_result=st.floats(0, 120),
)
weights_strategy = st.builds(
    ScoreWeights, **{k: st.floats(0.01, 50) for k in ScoreWeights().as_dict()}
)


@given(features_strategy, weights_strategy)
def test_components_sum_to_the_score(features, weights):
    score = score_candidate(features, weights)
    assert 0.0 <= score.total <= 100.0 + 1e-9
    assert sum(g.points for g in score.components) == pytest.approx(score.total)
    for group in score.components:
        assert sum(leaf.points for leaf in group.parts) == pytest.approx(group.points)
        for leaf in group.parts:
            assert 0.0 <= leaf.value <= 1.0


@given(features_strategy, st.integers(0, 50))
def test_more_needs_never_lower_the_score(features, extra):
    more = dataclasses.replace(features, need_count=features.need_count + extra)
    assert score_candidate(more).total >= score_candidate(features).total - 1e-9


def test_default_weights_sum_to_100_and_groups_match_docs():
    w = ScoreWeights()
    assert sum(w.as_dict().values()) == pytest.approx(100.0)
    score = score_candidate(BASE)
    assert [g.key for g in score.components] == list(GROUPS)
    assert score.component("demand").weight == pytest.approx(30.0)
    assert score.component("feasibility").weight == pytest.approx(20.0)


def test_missing_strength_is_neutral_and_flagged():
    score = score_candidate(dataclasses.replace(BASE, density=None, pci=None))
    assert score.component("advantage_density").value == 0.5
    assert score.component("advantage_density").is_missing
    assert score.component("advantage").is_missing
    assert not score.component("demand").is_missing


def test_weights_change_the_ranking():
    popular = dataclasses.replace(
        BASE,
        need_count=20,
        urgency=0.9,
        months_to_first_result=12.0,
        scope=Scope.LARGE,
        cost_mkrw=900.0,
        data_readiness=0.2,
    )
    quick = dataclasses.replace(
        BASE,
        need_count=1,
        urgency=0.3,
        months_to_first_result=2.0,
        scope=Scope.SMALL,
        cost_mkrw=60.0,
        data_readiness=0.9,
    )
    both = {"popular": popular, "quick": quick}
    demand_heavy = ScoreWeights.from_groups(
        demand=80, policy=5, advantage=5, partners=5, feasibility=5
    )
    feasibility_heavy = ScoreWeights.from_groups(
        demand=5, policy=5, advantage=5, partners=5, feasibility=80
    )
    assert [r.candidate_id for r in rank_candidates(both, demand_heavy)] == ["popular", "quick"]
    assert [r.candidate_id for r in rank_candidates(both, feasibility_heavy)] == [
        "quick",
        "popular",
    ]


def test_from_groups_defaults_equal_default_weights():
    assert ScoreWeights.from_groups().as_dict() == pytest.approx(ScoreWeights().as_dict())


def test_zero_group_weight_zeroes_that_group():
    w = ScoreWeights.from_groups(policy=0)
    score = score_candidate(BASE, w)
    assert score.component("policy").points == 0.0
    assert score.total > 0


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"policy_fit": -1.0}, "planning.bad_weight"),
        ({"demand_count": float("nan")}, "planning.bad_weight"),
    ],
)
def test_bad_weights_are_refused(changes, code):
    with pytest.raises(InputError) as info:
        ScoreWeights(**changes)
    assert info.value.code == code
    assert info.value.params["key"] in changes


def test_all_zero_weights_are_refused():
    with pytest.raises(InputError) as info:
        ScoreWeights(**dict.fromkeys(ScoreWeights().as_dict(), 0.0))
    assert info.value.code == "planning.zero_weights"


def test_quick_wins_order_by_time_then_feasibility_and_filter():
    fast_easy = dataclasses.replace(
        BASE, months_to_first_result=2.0, scope=Scope.SMALL, data_readiness=0.9, cost_mkrw=50.0
    )
    fast_harder = dataclasses.replace(
        BASE,
        months_to_first_result=2.0,
        scope=Scope.MEDIUM,
        data_readiness=0.6,
        cost_mkrw=120.0,
        need_count=50,
    )
    slower = dataclasses.replace(
        BASE, months_to_first_result=4.0, scope=Scope.SMALL, data_readiness=0.9, cost_mkrw=50.0
    )
    too_slow = dataclasses.replace(
        BASE, months_to_first_result=12.0, scope=Scope.SMALL, data_readiness=1.0, cost_mkrw=10.0
    )
    hard = dataclasses.replace(
        BASE, months_to_first_result=3.0, scope=Scope.LARGE, data_readiness=0.0, cost_mkrw=2000.0
    )
    ranked = rank_quick_wins(
        {
            "slower": slower,
            "too_slow": too_slow,
            "fast_harder": fast_harder,
            "fast_easy": fast_easy,
            "hard": hard,
        }
    )
    assert [r.candidate_id for r in ranked] == ["fast_easy", "fast_harder", "slower"]
    assert [r.rank for r in ranked] == [1, 2, 3]
    # the full ranking puts the popular one first: quick wins is a different view
    assert (
        rank_candidates({"fast_easy": fast_easy, "fast_harder": fast_harder})[0].candidate_id
        == "fast_harder"
    )


def test_every_component_has_a_korean_and_english_label():
    catalog = load_catalog()
    for key in component_keys():
        entry = catalog[f"planning.component.{key}"]
        assert entry["ko"]
        assert entry["en"]
