"""Need → partners with reasons, a partner's matched-needs inbox, and consortium formation.

Builds the matching core's profiles from the registry: a partner's past projects (with their
stage: 성과확산 counts as a success) become its references, and its active projects its load.
The partner index is cached per process and rebuilt when any organisation or project changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from axpartners.db.tables import Need, Organisation, Project, ProjectPartner
from axpartners.errors import InputError
from axpartners.matching.consortium import (
    Candidate,
    ConsortiumResult,
    ConsortiumRules,
    form_consortia,
)
from axpartners.matching.index import PartnerIndex, build_partner_index
from axpartners.matching.profiles import NeedProfile, PartnerProfile, Reference
from axpartners.matching.rank import Match, NeedMatch, matched_needs, rank_partners
from axpartners.memo import Memo
from axpartners.services.actors import Actor, require_member
from axpartners.taxonomy import UNKNOWN_ID, taxonomy_ids

ACTIVE_STAGES = ("planning", "proposal", "selected", "pilot")
EXAMPLE_MARK = "(예시)"
# Keyed by the partners' data signature: any change to an organisation rebuilds the index.
_indexes: Memo[tuple[object, ...], PartnerIndex] = Memo(max_size=1)


def _signature(session: Session) -> tuple[object, ...]:
    orgs = session.execute(
        select(func.count(), func.max(Organisation.updated_at)).select_from(Organisation)
    ).one()
    projects = session.execute(
        select(func.count(), func.max(Project.updated_at)).select_from(Project)
    ).one()
    members = session.scalar(select(func.count()).select_from(ProjectPartner))
    return (*orgs, *projects, members)


def partner_profiles(session: Session) -> list[PartnerProfile]:
    references: dict[str, list[Reference]] = {}
    load: dict[str, int] = {}
    rows = session.execute(
        select(
            ProjectPartner.organisation_id,
            Project.title,
            Project.summary,
            Project.stage,
            Project.result,
        ).join(Project, Project.id == ProjectPartner.project_id)
    )
    for org_id, title, summary, stage, result in rows:
        success = True if stage == "diffusion" else (False if stage == "stopped" else None)
        references.setdefault(org_id, []).append(
            Reference(text=_unmarked(f"{title} {summary} {result}"), success=success)
        )
        if stage in ACTIVE_STAGES:
            load[org_id] = load.get(org_id, 0) + 1
    return [
        PartnerProfile(
            id=o.id,
            name=o.name,
            kind=o.kind,
            description=_unmarked(o.description) or o.name,
            capabilities=tuple(o.capability_ids(include_inferred=False)),
            industries=tuple(o.industry_codes()),
            region=o.region or "",
            references=tuple(references.get(o.id, ())),
            active_projects=load.get(o.id, 0),
        )
        for o in session.scalars(select(Organisation).order_by(Organisation.id))
    ]


def _unmarked(text: str) -> str:
    # The demo marks illustrative text with "(예시)"; the marker is not evidence of anything.
    return text.replace(EXAMPLE_MARK, " ").strip()


def partner_index(session: Session) -> PartnerIndex:
    return _indexes.get_or_build(
        _signature(session), lambda: build_partner_index(partner_profiles(session))
    )


def reset_partner_index() -> None:
    """Forget the cached partner index (tests; the next call builds it again)."""
    _indexes.clear()


def need_profile(need: Need) -> NeedProfile:
    labels = tuple(label for label in (need.label,) if label and label != UNKNOWN_ID)
    return NeedProfile(
        id=str(need.id),
        text=need.text,
        labels=labels,
        industry=need.industry or "",
        region=need.region or "",
        title=_unmarked(need.title),
    )


def matches_for_need(
    session: Session, *, actor: Actor, need: Need, top: int = 10, locale: str = "ko"
) -> list[Match]:
    require_member(actor)
    if need.label == UNKNOWN_ID:
        return []  # an unclassified need says nothing a partner could answer
    if session.scalar(select(func.count()).select_from(Organisation)) == 0:
        return []
    return rank_partners(need_profile(need), partner_index(session), top=top, locale=locale)


def inbox_for_partner(
    session: Session,
    *,
    actor: Actor,
    partner_id: str,
    within: int = 5,
    locale: str = "ko",
    limit: int = 500,
) -> list[tuple[Need, NeedMatch]]:
    """Needs for which the partner ranks in the top ``within`` (its matched-needs inbox)."""
    require_member(actor)
    needs = list(session.scalars(select(Need).order_by(Need.id.desc()).limit(limit)))
    needs = [n for n in needs if n.label != UNKNOWN_ID]
    by_id = {str(n.id): n for n in needs}
    found = matched_needs(
        partner_id,
        [need_profile(n) for n in needs],
        partner_index(session),
        within=within,
        locale=locale,
    )
    return [(by_id[m.need_id], m) for m in found]


@dataclass(frozen=True, slots=True)
class ConsortiumRequest:
    required: tuple[str, ...]
    max_members: int = 4
    min_company: int = 1
    min_academic: int = 1
    lead: str | None = None
    conflicts: tuple[tuple[str, str], ...] = ()
    alternatives: int = 3


def build_consortia(
    session: Session,
    *,
    actor: Actor,
    request: ConsortiumRequest,
    scores: dict[str, float] | None = None,
) -> ConsortiumResult:
    """Best teams covering ``request.required`` (CP-SAT, time-limited, with reasons when infeasible)."""
    require_member(actor)
    known = set(taxonomy_ids())
    unknown = [c for c in request.required if c not in known]
    if unknown:
        raise InputError("partners.unknown_capability", column="required", value=unknown[0])
    candidates = [
        Candidate(
            id=p.id,
            kind=p.kind,
            capabilities=p.capabilities,
            name=p.name,
            region=p.region,
            active_projects=p.active_projects,
            score=(scores or {}).get(p.id, 0.5),
        )
        for p in partner_profiles(session)
    ]
    rules = ConsortiumRules(
        min_kinds={"company": request.min_company, "academic": request.min_academic},
        max_members=request.max_members,
        lead=request.lead or None,
        conflicts=request.conflicts,
    )
    return form_consortia(
        required=request.required,
        candidates=candidates,
        rules=rules,
        alternatives=request.alternatives,
        time_limit_s=5.0,
    )


def scores_from_matches(matches: Sequence[Match]) -> dict[str, float]:
    top = max((m.score for m in matches), default=1.0) or 1.0
    return {m.partner_id: m.score / top for m in matches}
