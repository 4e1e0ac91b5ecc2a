"""A team for one candidate × call from the partner registry, under the call's consortium rules.

The candidate's own company (the company of its first need) is the lead and takes the
adopter/lead roles (도입기업, 주관기관); partners take the other roles as
:mod:`axpartners.calls.roles` allows. The call's roles go into the CP-SAT consortium model as
``required_roles`` constraints, the candidate's use case as the capability to cover, and each
partner's match score for the candidate's need as its weight. When no team exists the result
names the missing role (or capability), and says whether the call allows a single applicant.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from axpartners.calls.roles import roles_for_adopter, roles_for_partner
from axpartners.db.tables import Call
from axpartners.errors import InputError
from axpartners.matching.consortium import Candidate, ConsortiumRules, form_consortia
from axpartners.matching.explain import short_label
from axpartners.services import matching
from axpartners.services.actors import Actor, require_member
from axpartners.services.calls_fit import RankedFit

ADOPTER_ID = "__adopter__"
MAX_MEMBERS = 4


@dataclass(frozen=True, slots=True)
class TeamMember:
    partner_id: str | None
    """``None`` for the candidate's own company (it is not in the partner registry)."""
    name: str
    kind: str
    roles: tuple[str, ...]
    contributes: tuple[str, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CallTeam:
    status: str
    members: tuple[TeamMember, ...]
    missing_roles: tuple[str, ...]
    problems: tuple[str, ...]
    roles: tuple[str, ...]
    single_applicant: bool

    @property
    def found(self) -> bool:
        return bool(self.members)

    @property
    def satisfies_roles(self) -> bool:
        taken = {r for m in self.members for r in m.roles}
        return self.found and all(r in taken for r in self.roles)


def call_roles(call: Call) -> tuple[str, ...]:
    consortium = call.facts.get("consortium") or {}
    return tuple(consortium.get("roles") or ())


def team_for(
    session: Session, *, actor: Actor, call: Call, fit: RankedFit, locale: str = "ko"
) -> CallTeam:
    """The best team (CP-SAT) for the candidate in ``fit`` and ``call``'s roles."""
    require_member(actor)
    use_case = fit.candidate.use_case
    if not use_case:
        raise InputError("calls.no_use_case", candidate=fit.candidate.id)
    roles = call_roles(call)
    consortium = call.facts.get("consortium") or {}
    single = bool(consortium.get("single_applicant"))
    need = fit.needs[0] if fit.needs else None
    matches = (
        matching.matches_for_need(session, actor=actor, need=need, top=50, locale=locale)
        if need
        else []
    )
    scores = matching.scores_from_matches(matches)
    reasons = {m.partner_id: m.reasons[:2] for m in matches}
    company = fit.company or fit.candidate.title
    adopter = Candidate(
        id=ADOPTER_ID,
        kind="company",
        capabilities=(),
        score=1.0,
        name=company,
        region=need.region or "" if need else "",
        roles=roles_for_adopter(roles),
    )
    partners = [
        Candidate(
            id=p.id,
            kind=p.kind,
            capabilities=p.capabilities,
            score=scores.get(p.id, 0.3),
            active_projects=p.active_projects,
            name=p.name,
            region=p.region,
            roles=roles_for_partner(roles, kind=p.kind, has_capability=use_case in p.capabilities),
        )
        for p in matching.partner_profiles(session)
    ]
    academic = any(r for r in roles if "대학" in r or "연구" in r)
    rules = ConsortiumRules(
        min_kinds={"company": 1, **({"academic": 1} if academic else {})},
        max_members=MAX_MEMBERS,
        lead=ADOPTER_ID,
        required_roles=tuple(r for r in roles if r not in adopter.roles),
    )
    result = form_consortia(
        required=(use_case,), candidates=[adopter, *partners], rules=rules, alternatives=1
    )
    kinds = {c.id: c.kind for c in partners}
    members: list[TeamMember] = []
    if result.teams:
        for m in result.teams[0].members:
            own = m.partner_id == ADOPTER_ID
            members.append(
                TeamMember(
                    partner_id=None if own else m.partner_id,
                    name=company if own else m.name,
                    kind="company" if own else kinds.get(m.partner_id, m.kind),
                    roles=adopter.roles if own else m.roles,
                    contributes=tuple(
                        short_label(c, locale)
                        for c in m.contributes or [c for c in m.also_provides if c == use_case]
                    ),
                    reasons=() if own else tuple(reasons.get(m.partner_id, ())),
                )
            )
    missing = tuple(
        str(p.params["role"]) for p in result.problems if p.code == "matching.consortium.no_role"
    )
    return CallTeam(
        status=result.status,
        members=tuple(members),
        missing_roles=missing,
        problems=result.explain(locale),
        roles=roles,
        single_applicant=single,
    )
