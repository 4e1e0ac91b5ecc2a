"""Council reads: meetings, their warnings, open and overdue action items, the agenda draft,
and the lookups a meeting page shows (organisations, candidates, projects).

The writes (and the refusals they audit) are in :mod:`axpartners.services.council`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from axpartners.clock import KST, today as local_today
from axpartners.db.tables import (
    ActionItem,
    Meeting,
    Need,
    Organisation,
    PolicyDocument,
    Project,
    ProjectCandidate,
)
from axpartners.errors import NotFound
from axpartners.i18n.catalog import translate
from axpartners.services.actors import Actor, require_member


@dataclass(frozen=True, slots=True)
class AgendaDraft:
    kind: str
    title: str
    ref_id: int | None = None
    presenter: str = ""


def local_held_at(meeting: Meeting) -> datetime:
    value = meeting.held_at
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(KST)


def list_meetings(session: Session, *, actor: Actor) -> list[Meeting]:
    require_member(actor)
    return list(session.scalars(select(Meeting).order_by(Meeting.held_at.desc())))


def get_meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("not_found", what="meeting", key=meeting_id)
    return meeting


def meeting_warnings(meeting: Meeting) -> list[str]:
    """Message codes of the visible warnings of a meeting."""
    out: list[str] = []
    if not meeting.attendees:
        out.append("council.warn.no_attendees")
    return out


def previous_meeting_date(session: Session, *, before: datetime | None = None) -> date | None:
    """The date of the last meeting held before ``before`` (default: now)."""
    moment = (before or datetime.now(UTC)).astimezone(UTC)
    query = select(func.max(Meeting.held_at)).where(Meeting.held_at < moment)
    last = session.scalar(query)
    if last is None:
        return None
    if last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    return last.astimezone(KST).date()


def draft_agenda(
    session: Session, *, since: date | None, top_candidates: int = 3
) -> list[AgendaDraft]:
    """Agenda items from what happened since ``since``: policy updates, new needs, candidates."""
    out: list[AgendaDraft] = []
    start = datetime.combine(since, time.min, tzinfo=KST) if since else None
    docs_query = select(PolicyDocument).order_by(PolicyDocument.uploaded_at)
    if start is not None:
        docs_query = docs_query.where(PolicyDocument.uploaded_at >= start)
    for doc in session.scalars(docs_query.limit(5)):
        out.append(
            AgendaDraft(
                kind="policy",
                title=translate("council.agenda.policy", "ko", title=doc.title),
                ref_id=doc.id,
            )
        )
    needs_query = select(func.count()).select_from(Need)
    if start is not None:
        needs_query = needs_query.where(Need.submitted_at >= start)
    new_needs = session.scalar(needs_query) or 0
    if new_needs:
        out.append(
            AgendaDraft(kind="needs", title=translate("council.agenda.needs", "ko", n=new_needs))
        )
    candidates = session.scalars(
        select(ProjectCandidate)
        .where(ProjectCandidate.status == "open")
        .order_by(ProjectCandidate.score.desc(), ProjectCandidate.id)
        .limit(top_candidates)
    )
    for cand in candidates:
        out.append(
            AgendaDraft(
                kind="candidate",
                title=translate("council.agenda.candidate", "ko", title=cand.title),
                ref_id=cand.id,
            )
        )
    return out


def open_actions(session: Session, *, actor: Actor) -> list[ActionItem]:
    require_member(actor)
    return list(
        session.scalars(
            select(ActionItem)
            .where(ActionItem.status == "open")
            .order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)
        )
    )


def is_overdue(item: ActionItem, *, today: date) -> bool:
    return item.status == "open" and item.due_date is not None and item.due_date < today


def overdue_actions(
    session: Session, *, actor: Actor, today: date | None = None
) -> list[ActionItem]:
    """The reminders list: open action items whose due date has passed."""
    day = today or local_today()
    return [a for a in open_actions(session, actor=actor) if is_overdue(a, today=day)]


def organisations(session: Session) -> list[Organisation]:
    """Every organisation, by kind then name (the attendee and owner pickers)."""
    return list(
        session.scalars(select(Organisation).order_by(Organisation.kind, Organisation.name))
    )


def meeting_lookups(session: Session) -> dict[str, Any]:
    """What a meeting page links decisions to: open candidates, projects and their titles."""
    return {
        "candidates": list(
            session.scalars(
                select(ProjectCandidate)
                .where(ProjectCandidate.status != "dismissed")
                .order_by(ProjectCandidate.score.desc())
            )
        ),
        "projects": list(session.scalars(select(Project).order_by(Project.id))),
        "candidate_titles": dict(
            session.execute(select(ProjectCandidate.id, ProjectCandidate.title)).all()
        ),
        "project_titles": dict(session.execute(select(Project.id, Project.title)).all()),
    }
