"""Council meetings: schedule, agenda from items, attendance, minutes, decisions, action items.

Bad input, decided here once:

* a meeting **without attendees** is allowed (attendance is often recorded afterwards) but
  carries the warning ``council.warn.no_attendees`` on its page and in the audit entry;
* an action item with a **due date in the past** is refused (``council.action_due_past``)
  when it is created or its due date is changed; the refusal is written to the audit log and
  the form keeps what was typed. Existing items that run late are listed as overdue.

Agenda drafts come from the items since the previous meeting: policy documents uploaded,
new needs received, and open project candidates to decide (best score first). Meetings export
to iCalendar (RFC 5545).

Reads are in :mod:`~axpartners.services.council_read`, tables and iCalendar in
:mod:`~axpartners.services.council_export`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from axpartners.clock import KST, today as local_today
from axpartners.db.tables import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MeetingAttendee,
    Organisation,
    Project,
    ProjectCandidate,
)
from axpartners.errors import InputError, NotFound
from axpartners.services import audit
from axpartners.services.actors import Actor, require_staff
from axpartners.services.council_read import AgendaDraft, get_meeting, meeting_warnings

ACTION_STATUSES = ("open", "done", "cancelled")
AGENDA_KINDS = ("topic", "policy", "needs", "candidate", "project")


def _refuse(
    session: Session, *, actor: Actor, entity_type: str, entity_id: object, err: InputError
) -> InputError:
    """Record a refused change in the audit log (kept when the caller commits) and return it."""
    audit.record(
        session,
        actor=actor,
        action="refused",
        entity_type=entity_type,
        entity_id=entity_id,
        detail={"code": err.code, **{k: str(v) for k, v in err.params.items()}},
    )
    return err


def parse_held_at(raw: str | datetime) -> datetime:
    """``YYYY-MM-DD[THH:MM]`` (Korean local time when no offset) → aware datetime."""
    if isinstance(raw, datetime):
        value = raw
    else:
        text = raw.strip()
        if not text:
            raise InputError("import.required_value", column="held_at")
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise InputError(
                "import.bad_value", column="held_at", value=text, hint="YYYY-MM-DDTHH:MM"
            ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=KST)
    # Stored in UTC: SQLite keeps no offset, so every stored value must mean the same zone.
    return value.astimezone(UTC)


def parse_due(raw: str | date | None) -> date | None:
    if raw is None or isinstance(raw, date):
        return raw
    text = raw.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            "import.bad_value", column="due_date", value=text, hint="YYYY-MM-DD"
        ) from None


# ---- meetings -----------------------------------------------------------------------------------


def _check_attendees(session: Session, attendees: Iterable[str]) -> list[str]:
    chosen = [a.strip() for a in attendees if a and a.strip()]
    for org_id in chosen:
        if session.get(Organisation, org_id) is None:
            raise InputError("council.unknown_attendee", column="attendees", value=org_id)
    return list(dict.fromkeys(chosen))


def create_meeting(
    session: Session,
    *,
    actor: Actor,
    title: str,
    held_at: str | datetime,
    place: str = "",
    attendees: Sequence[str] = (),
    agenda: Sequence[AgendaDraft] = (),
) -> Meeting:
    require_staff(actor)
    if not title.strip():
        raise InputError("import.required_value", column="title")
    when = parse_held_at(held_at)
    members = _check_attendees(session, attendees)
    meeting = Meeting(title=title.strip()[:300], held_at=when, place=place.strip()[:200])
    meeting.attendees = [MeetingAttendee(organisation_id=o) for o in members]
    meeting.agenda = [
        AgendaItem(
            position=i, title=a.title[:300], kind=a.kind, ref_id=a.ref_id, presenter=a.presenter
        )
        for i, a in enumerate(agenda, start=1)
    ]
    session.add(meeting)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity_type="meeting",
        entity_id=meeting.id,
        detail={
            "title": meeting.title,
            "held_at": when.isoformat(),
            "attendees": members,
            "agenda": len(meeting.agenda),
            "warnings": meeting_warnings(meeting),
        },
    )
    return meeting


def update_meeting(
    session: Session,
    *,
    actor: Actor,
    meeting_id: int,
    title: str | None = None,
    held_at: str | datetime | None = None,
    place: str | None = None,
    minutes: str | None = None,
    attendees: Sequence[str] | None = None,
) -> Meeting:
    require_staff(actor)
    meeting = get_meeting(session, meeting_id)
    changes: dict[str, object] = {}
    if title is not None:
        if not title.strip():
            raise InputError("import.required_value", column="title")
        changes["title"] = title.strip()[:300]
    if held_at is not None:
        changes["held_at"] = parse_held_at(held_at)
    if place is not None:
        changes["place"] = place.strip()[:200]
    if minutes is not None:
        changes["minutes"] = minutes.strip()
    members = _check_attendees(session, attendees) if attendees is not None else None
    for key, value in changes.items():
        setattr(meeting, key, value)
    if members is not None:
        meeting.attendees.clear()
        session.flush()
        meeting.attendees.extend(MeetingAttendee(organisation_id=o) for o in members)
    session.flush()
    detail: dict[str, object] = {
        k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in changes.items()
    }
    if "minutes" in detail:
        detail["minutes"] = f"{len(str(detail['minutes']))} chars"
    if members is not None:
        detail["attendees"] = members
    detail["warnings"] = meeting_warnings(meeting)
    audit.record(
        session,
        actor=actor,
        action="update",
        entity_type="meeting",
        entity_id=meeting.id,
        detail=detail,
    )
    return meeting


def add_agenda_item(
    session: Session,
    *,
    actor: Actor,
    meeting_id: int,
    title: str,
    kind: str = "topic",
    presenter: str = "",
    ref_id: int | None = None,
) -> AgendaItem:
    require_staff(actor)
    meeting = get_meeting(session, meeting_id)
    if not title.strip():
        raise InputError("import.required_value", column="title")
    if kind not in AGENDA_KINDS:
        raise InputError(
            "import.bad_value", column="kind", value=kind, hint=", ".join(AGENDA_KINDS)
        )
    position = max((a.position for a in meeting.agenda), default=0) + 1
    item = AgendaItem(
        position=position,
        title=title.strip()[:300],
        kind=kind,
        presenter=presenter.strip()[:200],
        ref_id=ref_id,
    )
    meeting.agenda.append(item)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="agenda_add",
        entity_type="meeting",
        entity_id=meeting.id,
        detail={"title": item.title, "kind": kind, "ref_id": ref_id},
    )
    return item


# ---- decisions and action items -----------------------------------------------------------------


def add_decision(
    session: Session,
    *,
    actor: Actor,
    meeting_id: int,
    text: str,
    candidate_id: int | None = None,
    project_id: int | None = None,
) -> Decision:
    require_staff(actor)
    meeting = get_meeting(session, meeting_id)
    if not text.strip():
        raise InputError("import.required_value", column="text")
    if candidate_id is not None and session.get(ProjectCandidate, candidate_id) is None:
        raise NotFound("not_found", what="candidate", key=candidate_id)
    if project_id is not None and session.get(Project, project_id) is None:
        raise NotFound("not_found", what="project", key=project_id)
    decision = Decision(text=text.strip(), candidate_id=candidate_id, project_id=project_id)
    meeting.decisions.append(decision)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="decision",
        entity_type="meeting",
        entity_id=meeting.id,
        detail={"text": decision.text, "candidate_id": candidate_id, "project_id": project_id},
    )
    return decision


def add_action(
    session: Session,
    *,
    actor: Actor,
    meeting_id: int | None,
    title: str,
    owner: str = "",
    due_date: str | date | None = None,
    today: date | None = None,
) -> ActionItem:
    """A follow-up with owner and due date; a due date before today is refused (audited)."""
    require_staff(actor)
    meeting = get_meeting(session, meeting_id) if meeting_id is not None else None
    if not title.strip():
        raise InputError("import.required_value", column="title")
    due = parse_due(due_date)
    day = today or local_today()
    if due is not None and due < day:
        raise _refuse(
            session,
            actor=actor,
            entity_type="meeting" if meeting else "action",
            entity_id=meeting.id if meeting else "-",
            err=InputError(
                "council.action_due_past",
                column="due_date",
                value=due.isoformat(),
                today=day.isoformat(),
            ),
        )
    item = ActionItem(title=title.strip()[:300], owner=owner.strip()[:200], due_date=due)
    if meeting is not None:
        meeting.actions.append(item)
    else:
        session.add(item)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity_type="action",
        entity_id=item.id,
        detail={
            "meeting_id": meeting_id,
            "title": item.title,
            "owner": item.owner,
            "due_date": due.isoformat() if due else None,
        },
    )
    return item


def update_action(
    session: Session,
    *,
    actor: Actor,
    action_id: int,
    status: str | None = None,
    due_date: str | date | None = None,
    owner: str | None = None,
    today: date | None = None,
) -> ActionItem:
    require_staff(actor)
    item = session.get(ActionItem, action_id)
    if item is None:
        raise NotFound("not_found", what="action", key=action_id)
    if status is not None and status not in ACTION_STATUSES:
        raise InputError(
            "import.bad_value", column="status", value=status, hint=", ".join(ACTION_STATUSES)
        )
    detail: dict[str, object] = {}
    if due_date is not None:
        due = parse_due(due_date)
        day = today or local_today()
        if due is not None and due < day and due != item.due_date:
            raise _refuse(
                session,
                actor=actor,
                entity_type="action",
                entity_id=item.id,
                err=InputError(
                    "council.action_due_past",
                    column="due_date",
                    value=due.isoformat(),
                    today=day.isoformat(),
                ),
            )
        detail["due_date"] = {"from": str(item.due_date), "to": str(due)}
        item.due_date = due
    if status is not None and status != item.status:
        detail["status"] = {"from": item.status, "to": status}
        item.status = status
    if owner is not None and owner.strip() != item.owner:
        detail["owner"] = {"from": item.owner, "to": owner.strip()}
        item.owner = owner.strip()[:200]
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="update",
        entity_type="action",
        entity_id=item.id,
        detail=detail,
    )
    return item
