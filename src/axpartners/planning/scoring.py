"""Project-candidate score: a weighted sum of bounded sub-scores that always shows its parts.

Every candidate is described by :class:`CandidateFeatures` (plain numbers). Each feature is
mapped to a sub-score ``s`` in ``[0, 1]`` that never decreases when the feature gets better:

==================  ===========================================  ===========================
leaf                sub-score ``s``                              meaning of the constant
==================  ===========================================  ===========================
demand_count        ``n / (n + 4)``                              4 needs give 0.5
demand_urgency      ``clip(urgency, 0, 1)``                      mean urgency of the needs
demand_growth       ``(clip(growth, -1, 1) + 1) / 2``            growth = (recent-prior)/(recent+prior)
policy_fit          ``clip(policy_fit, 0, 1)``                   see candidates.policy_fit
advantage_density   ``clip(density, 0, 1)``                      relatedness density (Hidalgo 2007)
advantage_pci       ``1 / (1 + exp(-pci))``                      standardised PCI; 0 → 0.5
partner_coverage    ``clip(coverage, 0, 1)``                     see candidates.partner_coverage
feasibility_data    ``clip(data_readiness, 0, 1)``
feasibility_scope   small 1.0, medium 0.6, large 0.25
feasibility_cost    ``1 / (1 + cost / 300)``                     3억원 (300 백만원) gives 0.5
feasibility_time    ``1 / (1 + months / 6)``                     6 months to first result give 0.5
==================  ===========================================  ===========================

A missing density or PCI (industry not in the statistics) counts as a neutral 0.5 and the
component says so (``is_missing``).

The score is ``100 · Σ_k w_k s_k / Σ_k w_k`` over the leaves ``k``; the points of a leaf are
``100 · w_k s_k / Σ w``, the points of a group (demand, policy, advantage, partners,
feasibility) the sum of its leaves, so the components add up to the score exactly. The
regional-advantage leaves follow Balland et al. (2019), "Smart specialization policy in the
European Union", which ranks diversification options by relatedness density (feasibility) and
knowledge complexity (value).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum

from axpartners.errors import InputError

COUNT_HALF = 4.0
COST_HALF_MKRW = 300.0
TIME_HALF_MONTHS = 6.0
NEUTRAL = 0.5


class Scope(StrEnum):
    """How big the first phase of a project is."""

    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


SCOPE_SCORE: Mapping[Scope, float] = {Scope.SMALL: 1.0, Scope.MEDIUM: 0.6, Scope.LARGE: 0.25}

GROUPS: Mapping[str, tuple[str, ...]] = {
    "demand": ("demand_count", "demand_urgency", "demand_growth"),
    "policy": ("policy_fit",),
    "advantage": ("advantage_density", "advantage_pci"),
    "partners": ("partner_coverage",),
    "feasibility": (
        "feasibility_data",
        "feasibility_scope",
        "feasibility_cost",
        "feasibility_time",
    ),
}


@dataclass(frozen=True, slots=True)
class CandidateFeatures:
    """Plain inputs of the score.

    Attributes:
        need_count: needs in the cluster.
        urgency: mean urgency of those needs in [0, 1].
        growth: (needs in the recent window - prior window) / (sum), in [-1, 1].
        policy_fit: how well national/regional policy items fit, in [0, 1].
        density: relatedness density of the industry in the region, in [0, 1], or None.
        pci: standardised product (industry) complexity index, or None.
        partner_coverage: share of the needed capabilities/roles partners cover, in [0, 1].
        data_readiness: how ready the companies' data is, in [0, 1].
        scope: size of the first phase.
        cost_mkrw: estimated first-phase budget in 백만원.
        months_to_first_result: months until a first measurable result.
    """

    need_count: int
    urgency: float
    growth: float
    policy_fit: float
    density: float | None
    pci: float | None
    partner_coverage: float
    data_readiness: float
    scope: Scope
    cost_mkrw: float
    months_to_first_result: float


class LeafWeights:
    """Base of the weight dataclasses (:class:`ScoreWeights`, ``LeadMapWeights``): every leaf a
    finite, non-negative number, and not all of them zero."""

    __slots__ = ()

    def __post_init__(self) -> None:
        values = self.as_dict()
        for key, value in values.items():
            if not math.isfinite(value) or value < 0:
                raise InputError("planning.bad_weight", key=key, value=value)
        if sum(values.values()) <= 0:
            raise InputError("planning.zero_weights")

    def as_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class ScoreWeights(LeafWeights):
    """Leaf weights (non-negative, not all zero). Defaults sum to 100.

    Defaults: demand 30 (count 15, urgency 10, growth 5), policy fit 20, regional advantage 20
    (density 12, complexity 8), partner coverage 10, quick-win feasibility 20 (data 6, scope 4,
    cost 4, time to first result 6). They reflect the council's brief: many voices from the
    field first, national policy and Busan's strengths next, and small fast results.
    """

    demand_count: float = 15.0
    demand_urgency: float = 10.0
    demand_growth: float = 5.0
    policy_fit: float = 20.0
    advantage_density: float = 12.0
    advantage_pci: float = 8.0
    partner_coverage: float = 10.0
    feasibility_data: float = 6.0
    feasibility_scope: float = 4.0
    feasibility_cost: float = 4.0
    feasibility_time: float = 6.0

    @classmethod
    def from_groups(
        cls,
        *,
        demand: float = 30.0,
        policy: float = 20.0,
        advantage: float = 20.0,
        partners: float = 10.0,
        feasibility: float = 20.0,
    ) -> ScoreWeights:
        """Weights from five group sliders, split over each group's leaves like the defaults."""
        base = cls().as_dict()
        wanted = {
            "demand": demand,
            "policy": policy,
            "advantage": advantage,
            "partners": partners,
            "feasibility": feasibility,
        }
        leaves: dict[str, float] = {}
        for group, keys in GROUPS.items():
            total = sum(base[k] for k in keys)
            for key in keys:
                leaves[key] = wanted[group] * base[key] / total
        return cls(**leaves)


@dataclass(frozen=True, slots=True)
class ScoreComponent:
    """One part of a score: ``points = 100 · weight · value / Σ weights``.

    ``value`` is the sub-score in [0, 1] (for a group: the weight-averaged value of its leaves);
    ``is_missing`` marks a neutral value used because the data was missing.
    """

    key: str
    weight: float
    value: float
    points: float
    parts: tuple[ScoreComponent, ...] = ()
    is_missing: bool = False


@dataclass(frozen=True, slots=True)
class CandidateScore:
    """Total in [0, 100] and its group components (which sum to ``total``)."""

    total: float
    components: tuple[ScoreComponent, ...]

    def component(self, key: str) -> ScoreComponent:
        for group in self.components:
            if group.key == key:
                return group
            for leaf in group.parts:
                if leaf.key == key:
                    return leaf
        raise KeyError(key)


def _clip(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return min(high, max(low, value))


def sub_scores(features: CandidateFeatures) -> dict[str, tuple[float, bool]]:
    """Leaf sub-scores in [0, 1] with a flag for neutral values used for missing data."""
    n = max(0, features.need_count)
    return {
        "demand_count": (n / (n + COUNT_HALF), False),
        "demand_urgency": (_clip(features.urgency), False),
        "demand_growth": ((_clip(features.growth, -1.0, 1.0) + 1.0) / 2.0, False),
        "policy_fit": (_clip(features.policy_fit), False),
        "advantage_density": (
            (NEUTRAL, True) if features.density is None else (_clip(features.density), False)
        ),
        "advantage_pci": (
            (NEUTRAL, True)
            if features.pci is None
            else (1.0 / (1.0 + math.exp(-_clip(features.pci, -50.0, 50.0))), False)
        ),
        "partner_coverage": (_clip(features.partner_coverage), False),
        "feasibility_data": (_clip(features.data_readiness), False),
        "feasibility_scope": (SCOPE_SCORE[Scope(features.scope)], False),
        "feasibility_cost": (1.0 / (1.0 + max(0.0, features.cost_mkrw) / COST_HALF_MKRW), False),
        "feasibility_time": (
            1.0 / (1.0 + max(0.0, features.months_to_first_result) / TIME_HALF_MONTHS),
            False,
        ),
    }


def compose_score(
    *,
    groups: Mapping[str, tuple[str, ...]],
    weights: Mapping[str, float],
    subs: Mapping[str, tuple[float, bool]],
) -> CandidateScore:
    """``100 · Σ w_k s_k / Σ w_k`` with leaf and group components (shared with the lead map).

    ``subs`` maps each leaf to ``(sub-score in [0, 1], is_missing)``.
    """
    total_weight = sum(weights[k] for keys in groups.values() for k in keys)
    out: list[ScoreComponent] = []
    for group, keys in groups.items():
        leaves = tuple(
            ScoreComponent(
                key=key,
                weight=weights[key],
                value=subs[key][0],
                points=100.0 * weights[key] * subs[key][0] / total_weight,
                is_missing=subs[key][1],
            )
            for key in keys
        )
        group_weight = sum(leaf.weight for leaf in leaves)
        group_value = (
            sum(leaf.weight * leaf.value for leaf in leaves) / group_weight if group_weight else 0.0
        )
        out.append(
            ScoreComponent(
                key=group,
                weight=group_weight,
                value=group_value,
                points=sum(leaf.points for leaf in leaves),
                parts=leaves,
                is_missing=any(leaf.is_missing for leaf in leaves),
            )
        )
    return CandidateScore(total=sum(g.points for g in out), components=tuple(out))


def score_candidate(
    features: CandidateFeatures, weights: ScoreWeights | None = None
) -> CandidateScore:
    """The decomposed score of one candidate (see the module docstring for the formula)."""
    return compose_score(
        groups=GROUPS, weights=(weights or ScoreWeights()).as_dict(), subs=sub_scores(features)
    )


@dataclass(frozen=True, slots=True)
class RankedItem:
    """A candidate id with its score and 1-based rank."""

    candidate_id: str
    rank: int
    score: CandidateScore
    months_to_first_result: float


def rank_candidates(
    features_by_id: Mapping[str, CandidateFeatures], weights: ScoreWeights | None = None
) -> tuple[RankedItem, ...]:
    """Candidates by descending total score; ties broken by id for a stable order."""
    scored = [(cid, score_candidate(f, weights), f) for cid, f in features_by_id.items()]
    scored.sort(key=lambda t: (-round(t[1].total, 9), t[0]))
    return tuple(
        RankedItem(
            candidate_id=cid, rank=i, score=s, months_to_first_result=f.months_to_first_result
        )
        for i, (cid, s, f) in enumerate(scored, start=1)
    )


def rank_quick_wins(
    features_by_id: Mapping[str, CandidateFeatures],
    weights: ScoreWeights | None = None,
    *,
    max_months: float = 6.0,
    min_feasibility: float = 0.6,
) -> tuple[RankedItem, ...]:
    """The "quick wins" view: small, feasible projects with an early first result.

    Keeps candidates whose first result comes within ``max_months`` and whose feasibility
    group value (weighted mean of data readiness, scope, cost and time sub-scores) is at least
    ``min_feasibility``; orders them by months to first result, then feasibility, then total
    score (all descending in goodness), then id.
    """
    kept: list[tuple[str, CandidateScore, CandidateFeatures]] = []
    for cid, f in features_by_id.items():
        s = score_candidate(f, weights)
        feasibility = _feasibility_value(f)
        if f.months_to_first_result <= max_months and feasibility >= min_feasibility:
            kept.append((cid, s, f))
    kept.sort(
        key=lambda t: (
            t[2].months_to_first_result,
            -round(_feasibility_value(t[2]), 9),
            -round(t[1].total, 9),
            t[0],
        )
    )
    return tuple(
        RankedItem(
            candidate_id=cid, rank=i, score=s, months_to_first_result=f.months_to_first_result
        )
        for i, (cid, s, f) in enumerate(kept, start=1)
    )


def _feasibility_value(features: CandidateFeatures) -> float:
    """Feasibility with the default leaf weights, so the quick-win filter ignores sliders."""
    default = ScoreWeights().as_dict()
    subs = sub_scores(features)
    keys = GROUPS["feasibility"]
    return sum(default[k] * subs[k][0] for k in keys) / sum(default[k] for k in keys)


def flatten_components(score: CandidateScore) -> Iterable[tuple[str, float]]:
    """``(key, points)`` for every group then every leaf, for tables and CSV exports."""
    for group in score.components:
        yield group.key, group.points
        for leaf in group.parts:
            yield leaf.key, leaf.points


def component_keys() -> Sequence[str]:
    """All group and leaf keys in display order."""
    out: list[str] = []
    for group, keys in GROUPS.items():
        out.append(group)
        out.extend(keys)
    return out
