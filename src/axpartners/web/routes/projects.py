"""Projects in the pipeline (idea → funded → pilot → success case): board, detail page with
stage changes and KPIs, publishing a success case, export and the JSON list."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel

from axpartners.db.tables import ProjectCandidate
from axpartners.db.tables.projects import STAGES
from axpartners.errors import InputError
from axpartners.i18n.catalog import render_error
from axpartners.services import pipeline as pipeline_service
from axpartners.services.actors import require_member
from axpartners.services.partners import partner_choices
from axpartners.web.deps import ActorDep, LocaleDep, SessionDep, render
from axpartners.web.downloads import table_response
from axpartners.web.forms import optional_int
from axpartners.web.security import CsrfForm

router = APIRouter(tags=["pages"], include_in_schema=False)
api = APIRouter(tags=["projects"])


@router.get("/projects")
def list_projects(request: Request, db: SessionDep, actor: ActorDep) -> Response:
    columns = pipeline_service.board(db, actor=actor)
    projects = [p for stage in STAGES for p in columns.get(stage, [])]
    return render(
        request,
        "projects/list.html",
        {"columns": columns, "projects": projects, "stages": STAGES},
        actor=actor,
    )


@router.get("/projects/export.{fmt}")
def export_projects(db: SessionDep, actor: ActorDep, fmt: str) -> Response:
    projects = pipeline_service.list_projects(db, actor=actor)
    return table_response(
        list(pipeline_service.PROJECT_COLUMNS),
        pipeline_service.export_rows(projects),
        name="projects",
        fmt=fmt,
    )


def _project_page(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    project_id: int,
    *,
    error: str | None = None,
    form: str = "",
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    require_member(actor)
    project = pipeline_service.get_project(db, project_id)
    names = {o.id: o.name for o in partner_choices(db)}
    context = {
        "project": project,
        "stages": STAGES,
        "names": names,
        "progress": pipeline_service.kpi_progress,
        "publishable": project.stage in pipeline_service.PUBLISHABLE_STAGES,
        "local": pipeline_service.local_time,
        "candidate": db.get(ProjectCandidate, project.candidate_id)
        if project.candidate_id
        else None,
        "error": error,
        "error_form": form,
        "values": values or {},
    }
    return render(request, "projects/detail.html", context, actor=actor, status_code=status_code)


@router.get("/projects/{project_id:int}")
def get_project(request: Request, db: SessionDep, actor: ActorDep, project_id: int) -> Response:
    return _project_page(request, db, actor, project_id)


# The project page's three forms post to /projects/{id}/<path>; the path picks the form.
PROJECT_FORMS = {"stage": "stage", "kpis": "kpi", "publish": "publish"}


def project_form(
    request: Request,
    form: CsrfForm,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    project_id: int,
) -> Response:
    form_name = PROJECT_FORMS[request.url.path.rsplit("/", 1)[1]]
    values: dict[str, Any] = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    try:
        if form_name == "stage":
            pipeline_service.change_stage(
                db,
                actor=actor,
                project_id=project_id,
                stage=values.get("stage", ""),
                note=values.get("note", ""),
                owner=values.get("owner") or None,
            )
        elif form_name == "kpi":
            pipeline_service.set_kpi(
                db,
                actor=actor,
                project_id=project_id,
                name=values.get("name", ""),
                unit=values.get("unit", ""),
                baseline=values.get("baseline"),
                target=values.get("target"),
                actual=values.get("actual"),
                kpi_id=optional_int(values.get("kpi_id")),
            )
        else:
            pipeline_service.publish_case(
                db,
                actor=actor,
                project_id=project_id,
                result=values.get("result"),
                publish=values.get("publish", "1") == "1",
            )
    except InputError as err:
        return _project_page(
            request,
            db,
            actor,
            project_id,
            error=render_error(err, locale),
            form=form_name,
            values=values,
            status_code=422,
        )
    return RedirectResponse(f"/projects/{project_id}#{form_name}", status_code=303)


for _path in PROJECT_FORMS:
    router.add_api_route(
        f"/projects/{{project_id:int}}/{_path}",
        project_form,
        methods=["POST"],
        name=f"project_{_path}",
    )


# ---- JSON API ----------------------------------------------------------------------------------


class KpiOut(BaseModel):
    name: str
    unit: str
    baseline: float | None
    target: float | None
    actual: float | None


class ProjectOut(BaseModel):
    id: int
    title: str
    stage: str
    owner: str
    budget_krw: int | None
    partners: list[str]
    is_published: bool
    candidate_id: int | None = None
    kpis: list[KpiOut] = []


@api.get("/projects")
def api_list_projects(db: SessionDep, actor: ActorDep) -> list[ProjectOut]:
    return [
        ProjectOut(
            id=p.id,
            title=p.title,
            stage=p.stage,
            owner=p.owner,
            budget_krw=p.budget_krw,
            partners=[pp.organisation_id for pp in p.partners],
            is_published=p.is_published,
            candidate_id=p.candidate_id,
            kpis=[
                KpiOut(
                    name=k.name, unit=k.unit, baseline=k.baseline, target=k.target, actual=k.actual
                )
                for k in p.kpis
            ],
        )
        for p in pipeline_service.list_projects(db, actor=actor)
    ]
