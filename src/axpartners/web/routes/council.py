"""Council meetings and the project pipeline (lists and details; planning arrives with issue 7)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel
from sqlalchemy import select

from axpartners.clock import today
from axpartners.db.tables import ActionItem, Meeting, Project
from axpartners.errors import NotFound
from axpartners.services.actors import require_member
from axpartners.web.deps import ActorDep, SessionDep, render

router = APIRouter(tags=["pages"], include_in_schema=False)
api = APIRouter(tags=["projects"])


@router.get("/council")
def list_meetings(request: Request, db: SessionDep, actor: ActorDep) -> Response:
    require_member(actor)
    meetings = db.scalars(select(Meeting).order_by(Meeting.held_at.desc())).all()
    actions = db.scalars(
        select(ActionItem).where(ActionItem.status == "open").order_by(ActionItem.due_date)
    ).all()
    return render(
        request,
        "council/list.html",
        {"meetings": meetings, "actions": actions, "today": today()},
        actor=actor,
    )


@router.get("/council/{meeting_id}")
def get_meeting(request: Request, db: SessionDep, actor: ActorDep, meeting_id: int) -> Response:
    require_member(actor)
    meeting = db.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("not_found", what="meeting", key=meeting_id)
    return render(
        request, "council/detail.html", {"meeting": meeting, "today": today()}, actor=actor
    )


@router.get("/projects")
def list_projects(request: Request, db: SessionDep, actor: ActorDep) -> Response:
    require_member(actor)
    projects = db.scalars(select(Project).order_by(Project.id)).all()
    return render(request, "projects/list.html", {"projects": projects}, actor=actor)


class ProjectOut(BaseModel):
    id: int
    title: str
    stage: str
    owner: str
    budget_krw: int | None
    partners: list[str]
    is_published: bool


@api.get("/projects")
def api_list_projects(db: SessionDep, actor: ActorDep) -> list[ProjectOut]:
    require_member(actor)
    return [
        ProjectOut(
            id=p.id,
            title=p.title,
            stage=p.stage,
            owner=p.owner,
            budget_krw=p.budget_krw,
            partners=[pp.organisation_id for pp in p.partners],
            is_published=p.is_published,
        )
        for p in db.scalars(select(Project).order_by(Project.id))
    ]
