"""Baselines for the consortium builder: the model objective of any team, and a greedy team.

Used by ``bench/bench_matching.py`` to measure how much the exact CP-SAT model
(:mod:`axpartners.matching.consortium`) gains over the classic greedy set cover.
"""

from __future__ import annotations

from collections.abc import Sequence

from axpartners.matching.consortium import (
    KIND_GROUPS,
    SCALE,
    Candidate,
    ConsortiumRules,
    eligible,
)


def evaluate_team(
    member_ids: Sequence[str],
    *,
    required: Sequence[str],
    candidates: Sequence[Candidate],
    rules: ConsortiumRules,
) -> int:
    """The model objective of a given team, crediting each capability to its best member.

    Used to compare heuristic teams (e.g. :func:`greedy_team`) with the solver's.
    """
    by_id = {c.id: c for c in candidates}
    members = [by_id[m] for m in member_ids]
    cover = SCALE * (len(required) + 2)
    total = 0
    for capability in required:
        providers = [m for m in members if capability in m.capabilities]
        if providers:
            total += cover + max(round(SCALE * m.score) for m in providers)
    for m in members:
        total -= round(SCALE * (rules.member_cost + rules.load_penalty * m.active_projects))
    return total


def greedy_team(
    *,
    required: Sequence[str],
    candidates: Sequence[Candidate],
    rules: ConsortiumRules | None = None,
) -> tuple[str, ...]:
    """Greedy set-cover baseline (Chvátal 1979): repeatedly add the eligible candidate covering
    most uncovered capabilities (ties: higher score), then top up missing kinds; respects the
    lead and conflicts but not optimality. Returns member ids."""
    rules = rules or ConsortiumRules()
    pool = [c for c in candidates if eligible(c, rules)]
    conflicts = {frozenset(pair) for pair in rules.conflicts}
    team: list[Candidate] = [c for c in pool if c.id == rules.lead]

    def allowed(c: Candidate) -> bool:
        return c not in team and all(frozenset((c.id, m.id)) not in conflicts for m in team)

    left = set(required) - {cap for m in team for cap in m.capabilities}
    while left and len(team) < rules.max_members:
        best = max(
            (c for c in pool if allowed(c)),
            key=lambda c: (
                len(left & set(c.capabilities)),
                c.score - rules.load_penalty * c.active_projects,
            ),
            default=None,
        )
        if best is None or not left & set(best.capabilities):
            break
        team.append(best)
        left -= set(best.capabilities)
    for key, count in rules.min_kinds.items():
        while (
            sum(1 for m in team if m.kind in KIND_GROUPS[key]) < count
            and len(team) < rules.max_members
        ):
            options = [c for c in pool if allowed(c) and c.kind in KIND_GROUPS[key]]
            if not options:
                break
            team.append(
                max(options, key=lambda c: (len(set(required) & set(c.capabilities)), c.score))
            )
    return tuple(m.id for m in team)
