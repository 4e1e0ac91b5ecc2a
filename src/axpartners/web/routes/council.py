"""Council meetings: agenda, attendance, minutes, decisions, action items, ICS and exports
(the project pipeline is in ``projects.py``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel

from axpartners.clock import today
from axpartners.errors import InputError
from axpartners.i18n.catalog import render_error
from axpartners.services import (
    council as service,
    council_export as export,
    council_read as read,
)
from axpartners.services.actors import require_member, require_staff
from axpartners.web.deps import ActorDep, LocaleDep, SessionDep, render
from axpartners.web.downloads import table_response
from axpartners.web.forms import optional_int
from axpartners.web.security import CsrfForm

router = APIRouter(tags=["pages"], include_in_schema=False)
api = APIRouter(tags=["projects"])

ICS = "text/calendar; charset=utf-8"


# ---- meetings ----------------------------------------------------------------------------------


@router.get("/council")
def list_meetings(request: Request, db: SessionDep, actor: ActorDep) -> Response:
    meetings = read.list_meetings(db, actor=actor)
    day = today()
    actions = read.open_actions(db, actor=actor)
    overdue = [a for a in actions if read.is_overdue(a, today=day)]
    context = {
        "meetings": meetings,
        # Overdue items are listed once, under the reminders; the open list shows the rest.
        "actions": [a for a in actions if a not in overdue],
        "overdue": overdue,
        "today": day,
        "local": read.local_held_at,
        "warnings": read.meeting_warnings,
    }
    return render(request, "council/list.html", context, actor=actor)


@router.get("/council/meetings.ics")
def meetings_ics(request: Request, db: SessionDep, actor: ActorDep) -> Response:
    meetings = read.list_meetings(db, actor=actor)
    return Response(
        export.meetings_ics(meetings, host=request.url.hostname or "axpartners"),
        media_type=ICS,
        headers={"content-disposition": 'attachment; filename="council.ics"'},
    )


@router.get("/council/meetings.{fmt}")
def export_meetings(db: SessionDep, actor: ActorDep, fmt: str) -> Response:
    meetings = read.list_meetings(db, actor=actor)
    return table_response(
        list(export.MEETING_COLUMNS), export.meeting_rows(meetings), name="meetings", fmt=fmt
    )


@router.get("/council/actions.{fmt}")
def export_actions(db: SessionDep, actor: ActorDep, fmt: str, overdue: bool = False) -> Response:
    day = today()
    actions = (
        read.overdue_actions(db, actor=actor, today=day)
        if overdue
        else read.open_actions(db, actor=actor)
    )
    return table_response(
        list(export.ACTION_COLUMNS),
        export.action_rows(actions, today=day),
        name="overdue_actions" if overdue else "actions",
        fmt=fmt,
    )


def _new_form(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    *,
    values: dict[str, Any],
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    since = read.previous_meeting_date(db)
    context = {
        "values": values,
        "error": error,
        "orgs": read.organisations(db),
        "draft": read.draft_agenda(db, since=since),
        "since": since,
    }
    return render(request, "council/form.html", context, actor=actor, status_code=status_code)


@router.get("/council/new")
def new_meeting(request: Request, db: SessionDep, actor: ActorDep) -> Response:
    require_staff(actor)
    return _new_form(request, db, actor, values={"attendees": [], "use_draft": True})


@router.post("/council/new")
def create_meeting(
    request: Request, form: CsrfForm, db: SessionDep, actor: ActorDep, locale: LocaleDep
) -> Response:
    require_staff(actor)
    values: dict[str, Any] = {
        "title": str(form.get("title", "")),
        "held_at": str(form.get("held_at", "")),
        "place": str(form.get("place", "")),
        "attendees": [str(v) for v in form.getlist("attendees")],
        "use_draft": form.get("use_draft") == "on",
    }
    try:
        since = read.previous_meeting_date(db)
        agenda = read.draft_agenda(db, since=since) if values["use_draft"] else []
        meeting = service.create_meeting(
            db,
            actor=actor,
            title=values["title"],
            held_at=values["held_at"],
            place=values["place"],
            attendees=values["attendees"],
            agenda=agenda,
        )
    except InputError as err:
        db.rollback()
        return _new_form(
            request, db, actor, values=values, error=render_error(err, locale), status_code=422
        )
    return RedirectResponse(f"/council/{meeting.id}", status_code=303)


def _meeting_page(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    meeting_id: int,
    *,
    error: str | None = None,
    form: str = "",
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    require_member(actor)
    meeting = read.get_meeting(db, meeting_id)
    orgs = read.organisations(db)
    context = {
        "meeting": meeting,
        "held": read.local_held_at(meeting),
        "today": today(),
        "orgs": orgs,
        "names": {o.id: o.name for o in orgs},
        "attending": {a.organisation_id for a in meeting.attendees},
        "warnings": read.meeting_warnings(meeting),
        **read.meeting_lookups(db),
        "is_overdue": read.is_overdue,
        "error": error,
        "error_form": form,
        "values": values or {},
        "statuses": service.ACTION_STATUSES,
    }
    return render(request, "council/detail.html", context, actor=actor, status_code=status_code)


@router.get("/council/{meeting_id:int}")
def get_meeting(request: Request, db: SessionDep, actor: ActorDep, meeting_id: int) -> Response:
    return _meeting_page(request, db, actor, meeting_id)


@router.get("/council/{meeting_id:int}/meeting.ics")
def meeting_ics(request: Request, db: SessionDep, actor: ActorDep, meeting_id: int) -> Response:
    require_member(actor)
    meeting = read.get_meeting(db, meeting_id)
    return Response(
        export.meetings_ics([meeting], host=request.url.hostname or "axpartners"),
        media_type=ICS,
        headers={"content-disposition": f'attachment; filename="meeting-{meeting_id}.ics"'},
    )


# The meeting page's four forms post to /council/{id}/<path>; the path picks the form.
MEETING_FORMS = {"edit": "edit", "agenda": "agenda", "decisions": "decision", "actions": "action"}


def meeting_form(
    request: Request,
    form: CsrfForm,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    meeting_id: int,
) -> Response:
    form_name = MEETING_FORMS[request.url.path.rsplit("/", 1)[1]]
    values: dict[str, Any] = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    try:
        if form_name == "edit":
            service.update_meeting(
                db,
                actor=actor,
                meeting_id=meeting_id,
                title=values.get("title"),
                held_at=values.get("held_at") or None,
                place=values.get("place"),
                minutes=values.get("minutes"),
                attendees=[str(v) for v in form.getlist("attendees")],
            )
        elif form_name == "agenda":
            service.add_agenda_item(
                db,
                actor=actor,
                meeting_id=meeting_id,
                title=values.get("title", ""),
                presenter=values.get("presenter", ""),
            )
        elif form_name == "decision":
            service.add_decision(
                db,
                actor=actor,
                meeting_id=meeting_id,
                text=values.get("text", ""),
                candidate_id=optional_int(values.get("candidate_id")),
                project_id=optional_int(values.get("project_id")),
            )
        else:
            service.add_action(
                db,
                actor=actor,
                meeting_id=meeting_id,
                title=values.get("title", ""),
                owner=values.get("owner", ""),
                due_date=values.get("due_date", ""),
            )
    except InputError as err:
        # The refusal's audit entry (if any) is kept: the request still commits.
        return _meeting_page(
            request,
            db,
            actor,
            meeting_id,
            error=render_error(err, locale),
            form=form_name,
            values=values,
            status_code=422,
        )
    return RedirectResponse(f"/council/{meeting_id}#{form_name}", status_code=303)


for _path in MEETING_FORMS:
    router.add_api_route(
        f"/council/{{meeting_id:int}}/{_path}",
        meeting_form,
        methods=["POST"],
        name=f"meeting_{_path}",
    )


@router.post("/council/actions/{action_id:int}")
def update_action(form: CsrfForm, db: SessionDep, actor: ActorDep, action_id: int) -> Response:
    item = service.update_action(
        db, actor=actor, action_id=action_id, status=str(form.get("status", "")) or None
    )
    target = f"/council/{item.meeting_id}" if item.meeting_id else "/council"
    return RedirectResponse(target, status_code=303)


# ---- JSON API ----------------------------------------------------------------------------------


class ActionOut(BaseModel):
    id: int
    title: str
    owner: str
    due_date: str | None
    status: str
    overdue: bool
    meeting_id: int | None


@api.get("/council/actions")
def api_actions(db: SessionDep, actor: ActorDep, overdue: bool = False) -> list[ActionOut]:
    day = today()
    items = (
        read.overdue_actions(db, actor=actor, today=day)
        if overdue
        else read.open_actions(db, actor=actor)
    )
    return [
        ActionOut(
            id=a.id,
            title=a.title,
            owner=a.owner,
            due_date=a.due_date.isoformat() if a.due_date else None,
            status=a.status,
            overdue=read.is_overdue(a, today=day),
            meeting_id=a.meeting_id,
        )
        for a in items
    ]


class DecisionOut(BaseModel):
    text: str
    candidate_id: int | None
    project_id: int | None


class MeetingOut(BaseModel):
    id: int
    title: str
    held_at: str
    place: str
    attendees: list[str]
    agenda: list[str]
    decisions: list[DecisionOut]
    actions: list[int]
    warnings: list[str]


@api.get("/council/meetings")
def api_meetings(db: SessionDep, actor: ActorDep) -> list[MeetingOut]:
    return [
        MeetingOut(
            id=m.id,
            title=m.title,
            held_at=read.local_held_at(m).isoformat(),
            place=m.place,
            attendees=[a.organisation_id for a in m.attendees],
            agenda=[a.title for a in m.agenda],
            decisions=[
                DecisionOut(text=d.text, candidate_id=d.candidate_id, project_id=d.project_id)
                for d in m.decisions
            ],
            actions=[a.id for a in m.actions],
            warnings=read.meeting_warnings(m),
        )
        for m in read.list_meetings(db, actor=actor)
    ]
