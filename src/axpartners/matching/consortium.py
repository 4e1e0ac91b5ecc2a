"""Consortium builder: the best teams covering a project's required capabilities (CP-SAT).

Model (OR-Tools CP-SAT, Perron & Didier, https://developers.google.com/optimization):

- ``x_p ∈ {0,1}``: candidate ``p`` joins; ``z_pc ∈ {0,1}`` for each required capability ``c``
  that ``p`` provides: ``p`` is the member credited with ``c`` (``z_pc ≤ x_p``);
  ``y_c = Σ_p z_pc ≤ 1``: ``c`` is covered.
- Rules: ``Σ_{p ∈ kind k} x_p ≥ min_kinds[k]`` ("academic" = university or research),
  ``Σ_p x_p ≤ max_members``, ``x_lead = 1``, ``x_a + x_b ≤ 1`` for each conflict pair,
  candidates with more than ``max_active_projects`` active projects or outside ``region``
  are not eligible, and with ``require_full_coverage`` every ``y_c = 1``.
- Objective (integers, scale 1000): maximise
  ``C · Σ_c y_c + Σ_pc ⌊1000·score_p⌉ z_pc - Σ_p ⌊1000·(member_cost + load_penalty·active_p)⌉ x_p``
  with ``C = 1000 · (|required| + 2)`` so one more covered capability always outweighs any
  quality difference: coverage first, then the quality of whoever covers each capability,
  then small teams with spread load.

Alternatives come from no-good cuts: after a team ``S`` is found, ``Σ_{p∈S} x_p ≤ |S| - 1``
forbids it (and its supersets) and the model is solved again. Every solve has a time limit;
the result says whether each team was proven optimal.

When no team is feasible the result explains why: a required capability without any eligible
provider (in the region), too few candidates of a required kind, a required role nobody eligible
can take (named), an ineligible lead, or — from
CP-SAT's infeasible core over assumption literals (``SufficientAssumptionsForInfeasibility``)
— the set of rules that cannot hold together (e.g. at most 2 members but 4 capabilities that
no two candidates cover together).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from axpartners.errors import InputError
from axpartners.matching.consortium_rules import (
    KIND_GROUPS,
    SCALE,
    Candidate,
    ConsortiumResult,
    ConsortiumRules,
    Label,
    Member,
    Problem,
    RegionName,
    Team,
    check_rules,
    eligible,
    precheck,
)
from axpartners.matching.index import PartnerIndex
from axpartners.matching.profiles import NeedProfile
from axpartners.matching.rank import need_labels, rank_partners

__all__ = [
    "KIND_GROUPS",
    "SCALE",
    "Candidate",
    "ConsortiumResult",
    "ConsortiumRules",
    "Label",
    "Member",
    "Problem",
    "RegionName",
    "Team",
    "candidates_from_index",
    "eligible",
    "form_consortia",
    "propose_consortia",
]


@dataclass(slots=True)
class _Model:
    model: cp_model.CpModel
    x: dict[str, cp_model.IntVar]
    z: dict[tuple[str, str], cp_model.IntVar]
    y: dict[str, cp_model.IntVar]


def _build(
    required: Sequence[str],
    pool: Sequence[Candidate],
    rules: ConsortiumRules,
    *,
    assumptions: dict[str, cp_model.IntVar] | None = None,
) -> _Model:
    """The CP-SAT model; with ``assumptions`` every rule is enforced by a named literal."""
    model = cp_model.CpModel()
    x = {p.id: model.new_bool_var(f"x[{p.id}]") for p in pool}
    z: dict[tuple[str, str], cp_model.IntVar] = {}
    y: dict[str, cp_model.IntVar] = {}

    def rule(name: str) -> list[cp_model.IntVar]:
        if assumptions is None:
            return []
        literal = assumptions.setdefault(name, model.new_bool_var(name))
        return [literal]

    for capability in required:
        providers = [p for p in pool if capability in p.capabilities]
        for p in providers:
            z[p.id, capability] = model.new_bool_var(f"z[{p.id},{capability}]")
            model.add_implication(z[p.id, capability], x[p.id])
        y[capability] = model.new_bool_var(f"y[{capability}]")
        model.add(sum(z[p.id, capability] for p in providers) == y[capability])
        if rules.require_full_coverage:
            model.add(y[capability] == 1).only_enforce_if(rule(f"cover:{capability}"))
    for key, count in rules.min_kinds.items():
        if count:
            members = [x[p.id] for p in pool if p.kind in KIND_GROUPS[key]]
            model.add(sum(members) >= count).only_enforce_if(rule(f"kind:{key}"))
    for role in rules.required_roles:
        takers = [x[p.id] for p in pool if role in p.roles]
        model.add(sum(takers) >= 1).only_enforce_if(rule(f"role:{role}"))
    model.add(sum(x.values()) <= rules.max_members).only_enforce_if(rule("max_members"))
    if rules.lead is not None and rules.lead in x:
        model.add(x[rules.lead] == 1).only_enforce_if(rule("lead"))
    for a, b in rules.conflicts:
        if a in x and b in x:
            model.add(x[a] + x[b] <= 1).only_enforce_if(rule(f"conflict:{a}|{b}"))
    if assumptions is None:
        by_id = {p.id: p for p in pool}
        cover = SCALE * (len(required) + 2)
        model.maximize(
            cover * sum(y.values())
            + sum(round(SCALE * by_id[pid].score) * var for (pid, _), var in z.items())
            - sum(
                round(SCALE * (rules.member_cost + rules.load_penalty * by_id[pid].active_projects))
                * var
                for pid, var in x.items()
            )
        )
    return _Model(model=model, x=x, z=z, y=y)


def _solver(time_limit_s: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit_s, 0.01)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 7
    return solver


def _team(
    built: _Model,
    solver: cp_model.CpSolver,
    *,
    required: Sequence[str],
    pool: Sequence[Candidate],
    rules: ConsortiumRules,
    optimal: bool,
) -> Team:
    chosen = [p for p in pool if solver.boolean_value(built.x[p.id])]
    credited = {key for key, var in built.z.items() if solver.boolean_value(var)}
    members = tuple(
        Member(
            partner_id=p.id,
            name=p.name or p.id,
            kind=p.kind,
            contributes=tuple(c for c in required if (p.id, c) in credited),
            also_provides=tuple(
                c for c in required if c in p.capabilities and (p.id, c) not in credited
            ),
            is_lead=p.id == rules.lead,
            roles=tuple(r for r in rules.required_roles if r in p.roles),
        )
        for p in sorted(chosen, key=lambda p: (p.id != rules.lead, -p.score, p.id))
    )
    covered = tuple(c for c in required if solver.boolean_value(built.y[c]))
    quality = sum(p.score for p in chosen for c in required if (p.id, c) in credited)
    return Team(
        members=members,
        covered=covered,
        missing=tuple(c for c in required if c not in covered),
        quality=round(quality / max(len(covered), 1), 4),
        objective=round(solver.objective_value),
        optimal=optimal,
    )


def _core(
    required: Sequence[str], pool: Sequence[Candidate], rules: ConsortiumRules, time_limit_s: float
) -> Problem:
    assumptions: dict[str, cp_model.IntVar] = {}
    built = _build(required, pool, rules, assumptions=assumptions)
    built.model.add_assumptions(list(assumptions.values()))
    solver = _solver(time_limit_s, workers=1)
    status = solver.solve(built.model)
    if status != cp_model.INFEASIBLE:
        return Problem("matching.consortium.unknown", {})
    names = {var.index: name for name, var in assumptions.items()}
    core = sorted(names[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in names)
    core = _minimise_core(built, assumptions, core, deadline=time.perf_counter() + time_limit_s)
    return Problem(
        "matching.consortium.conflict", {"rules": tuple(_rule_problem(r, rules) for r in core)}
    )


def _minimise_core(
    built: _Model, assumptions: Mapping[str, cp_model.IntVar], core: list[str], *, deadline: float
) -> list[str]:
    """Deletion filter: drop each rule whose removal keeps the rest infeasible, so the
    explanation names a minimal set of conflicting rules (as far as time allows)."""
    kept = list(core)
    for rule in core:
        remaining = deadline - time.perf_counter()
        if remaining <= 0.05 or len(kept) <= 1:
            break
        trial = [r for r in kept if r != rule]
        built.model.clear_assumptions()
        built.model.add_assumptions([assumptions[r] for r in trial])
        if _solver(min(remaining, 1.0), workers=1).solve(built.model) == cp_model.INFEASIBLE:
            kept = trial
    return kept


def _rule_problem(rule: str, rules: ConsortiumRules) -> Problem:
    kind, _, arg = rule.partition(":")
    if kind == "cover":
        return Problem("matching.rule.cover", {"label": Label(arg)})
    if kind == "kind":
        return Problem(
            "matching.rule.kind",
            {"kind": Problem(f"matching.kind.{arg}", {}), "count": rules.min_kinds[arg]},
        )
    if kind == "conflict":
        a, _, b = arg.partition("|")
        return Problem("matching.rule.conflict", {"a": a, "b": b})
    if kind == "role":
        return Problem("matching.rule.role", {"role": arg})
    if kind == "lead":
        return Problem("matching.rule.lead", {"lead": rules.lead})
    return Problem("matching.rule.max_members", {"count": rules.max_members})


def form_consortia(
    *,
    required: Sequence[str],
    candidates: Sequence[Candidate],
    rules: ConsortiumRules | None = None,
    alternatives: int = 3,
    time_limit_s: float = 5.0,
    workers: int = 1,
) -> ConsortiumResult:
    """Up to ``alternatives`` best teams for ``required`` capabilities, best first.

    ``time_limit_s`` bounds the whole call (shared across the alternative solves). One worker
    with a fixed seed keeps the answer reproducible (the same team for the same input, which
    the UI needs); on 200 candidates x 8 capabilities it proves the optimum as fast as two.

    Raises:
        InputError: rules that contradict themselves whatever the candidates
            (``matching.consortium.rules_conflict``, ``bad_rule``, ``unknown_lead``,
            ``no_required``) or duplicate candidate ids.
    """
    started = time.perf_counter()
    rules = rules or ConsortiumRules()
    required = tuple(dict.fromkeys(required))
    check_rules(required, candidates, rules)
    pool = [c for c in candidates if eligible(c, rules)]
    problems, uncovered = precheck(required, pool, candidates, rules)
    if problems:
        return ConsortiumResult(
            (), "infeasible", tuple(problems), uncovered, time.perf_counter() - started
        )
    built = _build(required, pool, rules)
    teams: list[Team] = []
    status_name = "unknown"
    for attempt in range(max(alternatives, 1)):
        remaining = time_limit_s - (time.perf_counter() - started)
        if remaining <= 0.01:
            break
        solver = _solver(remaining, workers)
        status = solver.solve(built.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if attempt == 0:
                status_name = "infeasible" if status == cp_model.INFEASIBLE else "unknown"
            break
        team = _team(
            built,
            solver,
            required=required,
            pool=pool,
            rules=rules,
            optimal=status == cp_model.OPTIMAL,
        )
        if attempt == 0:
            status_name = "optimal" if team.optimal else "feasible"
        teams.append(team)
        built.model.add(sum(built.x[pid] for pid in team.member_ids) <= len(team.members) - 1)
    if not teams:
        if status_name == "infeasible":
            remaining = max(time_limit_s - (time.perf_counter() - started), 0.5)
            problems = [_core(required, pool, rules, remaining)]
        else:
            problems = [Problem("matching.consortium.timeout", {"seconds": time_limit_s})]
    return ConsortiumResult(
        teams=tuple(teams),
        status=status_name,
        problems=tuple(problems),
        uncovered=uncovered,
        wall_time_s=round(time.perf_counter() - started, 4),
    )


def candidates_from_index(
    index: PartnerIndex,
    *,
    scores: Mapping[str, float] | None = None,
    min_strength: float = 0.3,
) -> list[Candidate]:
    """Consortium candidates from a partner index.

    A partner provides a capability when it is declared, or inferred from its text with
    strength of at least ``min_strength`` (the index's inferred strengths already carry the
    discount for being inferred). ``scores`` (e.g. match scores for the project's need) default
    to 0.5 for every partner.
    """
    candidates = []
    for row, partner in enumerate(index.partners):
        provided = tuple(
            label
            for column, label in enumerate(index.labels)
            if index.capability[column, row]
            >= (min_strength if index.inferred[column, row] else 1e-9)
        )
        candidates.append(
            Candidate(
                id=partner.id,
                kind=partner.kind,
                capabilities=provided,
                score=float(scores.get(partner.id, 0.0)) if scores is not None else 0.5,
                active_projects=partner.active_projects,
                name=partner.name,
                region=partner.region,
            )
        )
    return candidates


def propose_consortia(
    project: NeedProfile,
    index: PartnerIndex,
    *,
    required: Sequence[str] | None = None,
    rules: ConsortiumRules | None = None,
    alternatives: int = 3,
    time_limit_s: float = 5.0,
) -> ConsortiumResult:
    """Teams for a project candidate (or a need, or a cluster merged with
    :func:`~axpartners.matching.profiles.merge_needs`).

    ``required`` defaults to the project's labels (given, else inferred from its text); each
    candidate's ``score`` is its :func:`~axpartners.matching.rank.rank_partners` score for the
    project (0 for partners with no relevance evidence).
    """
    wanted = tuple(required) if required is not None else tuple(need_labels(project))
    if not wanted:
        raise InputError("matching.consortium.no_required")
    matches = rank_partners(project, index, top=len(index))
    scores = {m.partner_id: m.score for m in matches}
    return form_consortia(
        required=wanted,
        candidates=candidates_from_index(index, scores=scores),
        rules=rules,
        alternatives=alternatives,
        time_limit_s=time_limit_s,
    )
