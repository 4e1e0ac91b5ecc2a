"""Consortium teams: what the builder starts from, and teams saved for a project candidate.

The builder pre-ticks only the labels the classifier really supports (:func:`required_labels`);
a team the staff like is saved with :func:`save_team`, linked to a project candidate and
recorded in the audit log; the candidate page lists :func:`teams_for_candidate` (issue 16).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from axpartners.db.tables import CandidateTeam, Need, Organisation, ProjectCandidate
from axpartners.errors import InputError, NotFound
from axpartners.services import audit
from axpartners.services.actors import Actor, require_member, require_staff
from axpartners.taxonomy import taxonomy_ids

# A second label below this classifier score is a guess, not a request of the factory: the
# builder used to tick it at 0.00 and every team then carried a partner nobody asked for.
SECOND_LABEL_MIN_SCORE = 0.25
ROLES = ("lead", "member")


def required_labels(need: Need) -> list[str]:
    """The need's labels to pre-tick: the first, and the second only with real support."""
    known = set(taxonomy_ids())
    out = [need.label] if need.label in known else []
    if (
        need.label_2 in known
        and need.label_2 not in out
        and (need.label_confirmed or (need.label_2_score or 0.0) >= SECOND_LABEL_MIN_SCORE)
    ):
        out.append(str(need.label_2))
    return out


@dataclass(frozen=True, slots=True)
class TeamMemberIn:
    """One member as the builder form sends it back: ``partner_id|role|cap,cap|score``."""

    partner_id: str
    role: str
    contributes: tuple[str, ...]
    score: float

    @classmethod
    def parse(cls, raw: str) -> TeamMemberIn:
        parts = raw.split("|")
        if len(parts) != 4 or parts[1] not in ROLES:
            raise InputError(
                "import.bad_value", column="member", value=raw, hint="id|role|caps|score"
            )
        try:
            score = float(parts[3])
        except ValueError:
            raise InputError(
                "import.bad_value", column="member", value=raw, hint="id|role|caps|score"
            ) from None
        caps = tuple(c for c in parts[2].split(",") if c)
        return cls(parts[0], parts[1], caps, min(max(score, 0.0), 1.0))


def candidate_choices(session: Session, *, need_id: int) -> list[ProjectCandidate]:
    """Candidates a team for this need can be linked to: those built from it first."""
    rows = session.scalars(
        select(ProjectCandidate)
        .where(ProjectCandidate.status != "dismissed")
        .order_by(ProjectCandidate.score.desc(), ProjectCandidate.id)
    ).all()
    return sorted(rows, key=lambda c: need_id not in (c.need_ids or []))


def save_team(
    session: Session,
    *,
    actor: Actor,
    candidate_id: int,
    need_id: int | None,
    required: Sequence[str],
    members: Sequence[TeamMemberIn],
    is_optimal: bool,
) -> CandidateTeam:
    """Store a team for a project candidate; names and kinds come from the database."""
    require_staff(actor)
    if session.get(ProjectCandidate, candidate_id) is None:
        raise NotFound("not_found", what="candidate", key=candidate_id)
    if not members:
        raise InputError("matching.team_empty", column="member")
    known = set(taxonomy_ids())
    for cap in [*required, *(c for m in members for c in m.contributes)]:
        if cap not in known:
            raise InputError("partners.unknown_capability", column="required", value=cap)
    stored: list[dict[str, object]] = []
    for m in members:
        org = session.get(Organisation, m.partner_id)
        if org is None:
            raise NotFound("not_found", what="partner", key=m.partner_id)
        stored.append(
            {
                "partner_id": org.id,
                "name": org.name,
                "kind": org.kind,
                "role": m.role,
                "contributes": list(m.contributes),
                "score": round(m.score, 4),
            }
        )
    team = CandidateTeam(
        candidate_id=candidate_id,
        need_id=need_id if need_id is not None and session.get(Need, need_id) is not None else None,
        required=list(dict.fromkeys(required)),
        members=stored,
        is_optimal=is_optimal,
        created_by=actor.username,
    )
    session.add(team)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity_type="candidate_team",
        entity_id=team.id,
        detail={
            "candidate_id": candidate_id,
            "need_id": team.need_id,
            "members": [m["partner_id"] for m in stored],
        },
    )
    return team


def teams_for_candidate(
    session: Session, *, actor: Actor, candidate_id: int
) -> list[CandidateTeam]:
    require_member(actor)
    return list(
        session.scalars(
            select(CandidateTeam)
            .where(CandidateTeam.candidate_id == candidate_id)
            .order_by(CandidateTeam.created_at.desc(), CandidateTeam.id.desc())
        )
    )
