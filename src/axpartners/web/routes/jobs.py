"""Background jobs on the web: live progress (HTMX polling) with cancel, the admin job history,
the large survey import page, and the JSON API under ``/api/v1/jobs``."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Header, Query, Request, Response, UploadFile
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from axpartners.errors import InputError
from axpartners.i18n.catalog import render_error
from axpartners.jobs.runner import JobQueue
from axpartners.services import jobs as service
from axpartners.services.actors import require_admin, require_staff
from axpartners.web.deps import ActorDep, LocaleDep, SessionDep, render
from axpartners.web.security import CSRF, verify_csrf
from axpartners.web.uploads import Upload, read_upload

router = APIRouter(tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/jobs", tags=["jobs"])
PAGE_KINDS = ("search_reindex", "briefing")


def _queue(request: Request) -> JobQueue:
    return service.queue_for(request.app.state.settings, engine=request.app.state.engine)


def _context(locale: str) -> dict[str, Any]:
    return {"describe_error": lambda error: service.describe_error(error, locale)}


@router.get("/needs/import/large")
def large_import_page(request: Request, actor: ActorDep, db: SessionDep) -> Response:
    require_staff(actor)
    queue = _queue(request)
    recent = [
        job
        for job in service.list_jobs(db, actor=actor, queue=queue, mine_only=True, limit=20)
        if job.kind == "needs_import"
    ][:5]
    return render(
        request,
        "jobs/large_import.html",
        {"error": None, "idempotency_key": uuid.uuid4().hex, "recent": recent},
        actor=actor,
    )


def _check_needs_table(upload: Upload) -> None:
    """Parse once before queueing, so an unreadable file or a missing column is reported now."""
    upload.table().require("text")


@router.post("/needs/import/large")
async def large_import(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    file: Annotated[UploadFile, File()],
    idempotency_key: Annotated[str, Form()] = "",
) -> Response:
    await verify_csrf(request)
    require_staff(actor)
    upload = await read_upload(file, request.app.state.settings, default_name="upload.csv")
    try:
        await run_in_threadpool(_check_needs_table, upload)
    except InputError as err:
        return render(
            request,
            "jobs/large_import.html",
            {"error": render_error(err, locale), "idempotency_key": uuid.uuid4().hex, "recent": []},
            actor=actor,
            status_code=400,
        )
    job = await run_in_threadpool(
        service.submit_job,
        db,
        actor=actor,
        queue=_queue(request),
        kind="needs_import",
        input_name=upload.name,
        input_blob=upload.data,
        idempotency_key=f"web:{actor.username}:{idempotency_key}" if idempotency_key else None,
    )
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs")
def my_jobs(request: Request, db: SessionDep, actor: ActorDep, locale: LocaleDep) -> Response:
    require_staff(actor)
    rows = service.list_jobs(db, actor=actor, queue=_queue(request), mine_only=True)
    return render(
        request,
        "jobs/list.html",
        {"jobs": rows, "kinds": PAGE_KINDS, "admin_view": False, "counts": {}, **_context(locale)},
        actor=actor,
    )


@router.post("/jobs/start", dependencies=[CSRF])
def start_job(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    kind: Annotated[str, Form()],
) -> Response:
    require_staff(actor)
    if kind not in PAGE_KINDS:
        raise InputError("jobs.unknown_kind", kind=kind)
    params = {"full": True} if kind == "search_reindex" else {"fmt": "pdf"}
    job = service.submit_job(db, actor=actor, queue=_queue(request), kind=kind, params=params)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/admin/jobs")
def job_history(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    status: str = "",
) -> Response:
    require_admin(actor)
    rows = service.list_jobs(
        db, actor=actor, queue=_queue(request), status=status or None, limit=500
    )
    counts = service.count_by_status(db, actor=actor)
    return render(
        request,
        "jobs/list.html",
        {
            "jobs": rows,
            "kinds": PAGE_KINDS,
            "admin_view": True,
            "counts": counts,
            **_context(locale),
        },
        actor=actor,
    )


@router.get("/jobs/{job_id}")
def job_page(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    job_id: str,
) -> Response:
    job = service.job_status(db, actor=actor, queue=_queue(request), job_id=job_id)
    return render(request, "jobs/detail.html", {"job": job, **_context(locale)}, actor=actor)


@router.get("/jobs/{job_id}/progress")
def job_progress(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    job_id: str,
) -> Response:
    job = service.job_status(db, actor=actor, queue=_queue(request), job_id=job_id)
    return render(request, "jobs/_progress.html", {"job": job, **_context(locale)}, actor=actor)


@router.post("/jobs/{job_id}/cancel", dependencies=[CSRF])
def cancel_job(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    job_id: str,
) -> Response:
    job = service.cancel_job(db, actor=actor, queue=_queue(request), job_id=job_id)
    if request.headers.get("hx-request") == "true":
        return render(request, "jobs/_progress.html", {"job": job, **_context(locale)}, actor=actor)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


@router.get("/jobs/{job_id}/result")
def job_result(db: SessionDep, actor: ActorDep, job_id: str) -> Response:
    name, media_type, data = service.job_file(db, actor=actor, job_id=job_id)
    return Response(
        data,
        media_type=media_type,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


# ---- JSON API ---------------------------------------------------------------------------


class JobOut(BaseModel):
    id: str
    kind: str
    status: str
    stage: str
    done: int
    total: int
    percent: int
    attempts: int
    actor: str
    result: dict[str, Any]
    error: dict[str, Any] | None
    error_message: str | None
    cancel_requested: bool
    has_file: bool

    @classmethod
    def of(cls, job: service.JobView, locale: str = "ko") -> JobOut:
        return cls(
            id=job.id,
            kind=job.kind,
            status=job.status,
            stage=job.stage,
            done=job.done,
            total=job.total,
            percent=job.percent,
            attempts=job.attempts,
            actor=job.actor,
            result=dict(job.result),
            error=dict(job.error) if job.error else None,
            error_message=service.describe_error(job.error, locale) if job.error else None,
            cancel_requested=job.cancel_requested,
            has_file=job.has_file,
        )


class JobIn(BaseModel):
    kind: Literal["search_reindex", "briefing", "noop"]
    full: bool = False
    fmt: Literal["pdf", "html"] = "pdf"
    steps: int = Field(default=0, ge=0, le=100)
    sleep_s: float = Field(default=0.0, ge=0.0, le=1.0)


@api.get("")
def api_list_jobs(
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    request: Request,
    status: Literal["queued", "running", "done", "failed", "cancelled"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[JobOut]:
    rows = service.list_jobs(db, actor=actor, queue=_queue(request), status=status, limit=limit)
    return [JobOut.of(job, locale) for job in rows]


@api.post("", status_code=202)
def api_submit_job(
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    request: Request,
    body: JobIn,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JobOut:
    params: dict[str, Any]
    if body.kind == "search_reindex":
        params = {"full": body.full}
    elif body.kind == "briefing":
        params = {"fmt": body.fmt}
    else:
        params = {"steps": body.steps, "sleep_s": body.sleep_s}
    job = service.submit_job(
        db,
        actor=actor,
        queue=_queue(request),
        kind=body.kind,
        params=params,
        idempotency_key=f"api:{actor.username}:{idempotency_key}" if idempotency_key else None,
    )
    return JobOut.of(job, locale)


@api.post("/needs-import", status_code=202)
async def api_submit_import(
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    request: Request,
    file: Annotated[UploadFile, File()],
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JobOut:
    require_staff(actor)
    upload = await read_upload(file, request.app.state.settings, default_name="upload.csv")
    await run_in_threadpool(_check_needs_table, upload)
    job = await run_in_threadpool(
        service.submit_job,
        db,
        actor=actor,
        queue=_queue(request),
        kind="needs_import",
        input_name=upload.name,
        input_blob=upload.data,
        idempotency_key=f"api:{actor.username}:{idempotency_key}" if idempotency_key else None,
    )
    return JobOut.of(job, locale)


@api.get("/{job_id}")
def api_get_job(
    db: SessionDep, actor: ActorDep, locale: LocaleDep, request: Request, job_id: str
) -> JobOut:
    job = service.job_status(db, actor=actor, queue=_queue(request), job_id=job_id)
    return JobOut.of(job, locale)


@api.post("/{job_id}/cancel")
def api_cancel_job(
    db: SessionDep, actor: ActorDep, locale: LocaleDep, request: Request, job_id: str
) -> JobOut:
    job = service.cancel_job(db, actor=actor, queue=_queue(request), job_id=job_id)
    return JobOut.of(job, locale)
