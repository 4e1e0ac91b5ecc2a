"""Consortium inputs, results and the rule checks done before the CP-SAT model is built.

Split from :mod:`axpartners.matching.consortium` (which re-exports every name here): the
candidate and rule types, the team/result types with their localised explanations, and the
checks that need no solver (contradictory rules, a capability, kind or role nobody eligible
provides, an ineligible lead).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from axpartners.errors import AnalyticsError, InputError
from axpartners.i18n.catalog import translate
from axpartners.matching.explain import region_name, short_label
from axpartners.matching.profiles import ACADEMIC_KINDS, KINDS

SCALE = 1000
KIND_GROUPS: Mapping[str, frozenset[str]] = {
    "academic": ACADEMIC_KINDS,
    **{kind: frozenset({kind}) for kind in KINDS},
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A partner that may join: ``score`` in [0, 1] (e.g. its match score for the project)."""

    id: str
    kind: str
    capabilities: tuple[str, ...]
    score: float = 0.5
    active_projects: int = 0
    name: str = ""
    region: str = ""
    roles: tuple[str, ...] = ()
    """Roles of a call's consortium this candidate can take (e.g. ``도입기업``, ``공급기업``)."""


@dataclass(frozen=True, slots=True)
class ConsortiumRules:
    """Team rules; ``min_kinds`` keys are kinds or ``"academic"`` (university or research)."""

    min_kinds: Mapping[str, int] = field(default_factory=lambda: {"company": 1, "academic": 1})
    max_members: int = 5
    lead: str | None = None
    conflicts: tuple[tuple[str, str], ...] = ()
    max_active_projects: int | None = None
    region: str = ""
    require_full_coverage: bool = True
    member_cost: float = 0.05
    load_penalty: float = 0.02
    required_roles: tuple[str, ...] = ()
    """Each role (a call's 도입기업–공급기업, 주관–참여기관 …) needs at least one member
    whose ``Candidate.roles`` has it."""


@dataclass(frozen=True, slots=True)
class Member:
    """A team member: the required capabilities credited to it and any others it also has."""

    partner_id: str
    name: str
    kind: str
    contributes: tuple[str, ...]
    also_provides: tuple[str, ...]
    is_lead: bool
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Team:
    """One team; ``objective`` in model units (see module docstring), ``optimal`` if proven."""

    members: tuple[Member, ...]
    covered: tuple[str, ...]
    missing: tuple[str, ...]
    quality: float
    objective: int
    optimal: bool

    @property
    def member_ids(self) -> tuple[str, ...]:
        return tuple(m.partner_id for m in self.members)


@dataclass(frozen=True, slots=True)
class Label:
    """A taxonomy ID rendered as its short label in the reader's locale."""

    id: str

    def render(self, locale: str = "ko") -> str:
        return short_label(self.id, locale)


@dataclass(frozen=True, slots=True)
class RegionName:
    """A region code rendered as its short name in the reader's locale."""

    code: str

    def render(self, locale: str = "ko") -> str:
        return region_name(self.code, locale)


@dataclass(frozen=True, slots=True)
class Problem:
    """Why no team exists: a catalog ``code`` and its ``params``.

    Params may themselves be :class:`Problem` or :class:`Label` values (or tuples of them),
    rendered in the same locale, so the explanation is localised end to end.
    """

    code: str
    params: Mapping[str, object]

    def render(self, locale: str = "ko") -> str:
        return translate(
            self.code, locale, **{k: _render(v, locale) for k, v in self.params.items()}
        )


def _render(value: object, locale: str) -> object:
    if isinstance(value, Problem | Label | RegionName):
        return value.render(locale)
    if isinstance(value, tuple):
        return ", ".join(str(_render(v, locale)) for v in value)
    return value


@dataclass(frozen=True, slots=True)
class ConsortiumResult:
    """``status`` is ``optimal``, ``feasible``, ``infeasible`` or ``unknown`` (time out)."""

    teams: tuple[Team, ...]
    status: str
    problems: tuple[Problem, ...]
    uncovered: tuple[str, ...]
    wall_time_s: float

    def explain(self, locale: str = "ko") -> tuple[str, ...]:
        return tuple(p.render(locale) for p in self.problems)

    def raise_for_status(self) -> None:
        """Raise :class:`AnalyticsError` (``matching.consortium.infeasible``) if no team."""
        if not self.teams:
            raise AnalyticsError(
                "matching.consortium.infeasible",
                detail_ko=" / ".join(self.explain("ko")) or self.status,
                detail_en=" / ".join(self.explain("en")) or self.status,
            )


def check_rules(
    required: Sequence[str], candidates: Sequence[Candidate], rules: ConsortiumRules
) -> None:
    if not required:
        raise InputError("matching.consortium.no_required")
    seen: set[str] = set()
    for candidate in candidates:
        if candidate.id in seen:
            raise InputError("matching.duplicate_partner", partner_id=candidate.id)
        seen.add(candidate.id)
    if rules.max_members < 1:
        raise InputError(
            "matching.consortium.bad_rule", rule="max_members", value=rules.max_members
        )
    for key, count in rules.min_kinds.items():
        if key not in KIND_GROUPS or count < 0:
            raise InputError("matching.consortium.bad_rule", rule=f"min_kinds[{key}]", value=count)
    # Distinct kind groups that cannot share a member ("academic" overlaps university/research).
    floor = max(_minimum_members(rules.min_kinds), 1 if rules.lead else 0)
    if floor > rules.max_members:
        raise InputError(
            "matching.consortium.rules_conflict",
            max_members=rules.max_members,
            needed=floor,
            kinds_ko=_kinds_text(rules.min_kinds, "ko"),
            kinds_en=_kinds_text(rules.min_kinds, "en"),
        )
    if rules.lead is not None and rules.lead not in seen:
        raise InputError("matching.consortium.unknown_lead", lead=rules.lead)
    for a, b in rules.conflicts:
        if a == b:
            raise InputError("matching.consortium.bad_rule", rule="conflicts", value=f"{a}/{b}")


def _kinds_text(min_kinds: Mapping[str, int], locale: str) -> str:
    return ", ".join(
        f"{translate(f'matching.kind.{kind}', locale)} {count}"
        for kind, count in min_kinds.items()
        if count
    )


def _minimum_members(min_kinds: Mapping[str, int]) -> int:
    """Fewest members that can satisfy the kind minimums (kinds are disjoint per member)."""
    per_kind = {kind: min_kinds.get(kind, 0) for kind in KINDS}
    academic_left = max(
        0, min_kinds.get("academic", 0) - per_kind["university"] - per_kind["research"]
    )
    return sum(per_kind.values()) + academic_left


def eligible(candidate: Candidate, rules: ConsortiumRules) -> bool:
    """In the rules' region (the lead always is) and not above the active-project limit."""
    if rules.region and not candidate.region.startswith(rules.region):
        return candidate.id == rules.lead
    limit = rules.max_active_projects
    return limit is None or candidate.active_projects <= limit


def precheck(
    required: Sequence[str],
    pool: Sequence[Candidate],
    candidates: Sequence[Candidate],
    rules: ConsortiumRules,
) -> tuple[list[Problem], tuple[str, ...]]:
    problems: list[Problem] = []
    region = RegionName(rules.region) if rules.region else ""
    uncovered = tuple(c for c in required if not any(c in p.capabilities for p in pool))
    if rules.require_full_coverage:
        for capability in uncovered:
            problems.append(
                Problem(
                    "matching.consortium.no_provider_region"
                    if region
                    else "matching.consortium.no_provider",
                    {"capability": Label(capability), "id": capability, "region": region},
                )
            )
    for key, count in rules.min_kinds.items():
        available = sum(1 for p in pool if p.kind in KIND_GROUPS[key])
        if available < count:
            problems.append(
                Problem(
                    "matching.consortium.no_kind",
                    {
                        "kind": Problem(f"matching.kind.{key}", {}),
                        "needed": count,
                        "available": available,
                    },
                )
            )
    for role in rules.required_roles:
        if not any(role in p.roles for p in pool):
            problems.append(Problem("matching.consortium.no_role", {"role": role}))
    if rules.lead is not None and rules.lead not in {p.id for p in pool}:
        lead = next(c for c in candidates if c.id == rules.lead)
        problems.append(
            Problem(
                "matching.consortium.lead_ineligible",
                {
                    "lead": lead.name or lead.id,
                    "active": lead.active_projects,
                    "limit": rules.max_active_projects,
                },
            )
        )
    return problems, uncovered
