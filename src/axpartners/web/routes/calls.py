"""Calls for proposals (공고): deadline board, upload, call page with corrections, candidate ×
call page with the team and the 사업계획서 draft download; and a read API under ``/api/v1``.

Who may do what: members read everything; staff (secretariat, admin) upload and correct.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from axpartners.errors import AxError, Conflict, InputError, NotFound, UploadTooLarge
from axpartners.i18n.catalog import render_error
from axpartners.matching.explain import short_label
from axpartners.services import (
    calls as service,
    calls_draft,
    calls_fit,
    calls_team,
    calls_view as view,
)
from axpartners.services.actors import require_member, require_staff
from axpartners.web.deps import ActorDep, LocaleDep, SessionDep, SettingsDep, render
from axpartners.web.security import verify_csrf
from axpartners.web.uploads import read_upload

router = APIRouter(prefix="/calls", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/calls", tags=["calls"])


def _status_of(err: AxError) -> int:
    if isinstance(err, UploadTooLarge) or err.code in ("policy.too_large", "import.too_large"):
        return 413
    if isinstance(err, Conflict):
        return 409
    return 400


def _board_context(db: SessionDep, actor: ActorDep, locale: str) -> dict[str, Any]:
    open_rows, closed = view.board(db, actor=actor, locale=locale)
    return {"open_rows": open_rows, "closed_rows": closed, "error": None, "existing_id": None}


def _fit_of(db: SessionDep, actor: ActorDep, call_id: int, candidate_id: int) -> Any:
    call = service.get_call(db, actor=actor, call_id=call_id)
    fit = calls_fit.fit_for(db, actor=actor, call=call, candidate_id=candidate_id)
    if fit is None:
        raise NotFound("not_found", what="project candidate", key=candidate_id)
    return call, fit


# ---- pages -------------------------------------------------------------------------------


@router.get("")
def list_calls(request: Request, db: SessionDep, actor: ActorDep, locale: LocaleDep) -> Response:
    require_member(actor)
    return render(request, "calls/board.html", _board_context(db, actor, locale), actor=actor)


@router.post("/upload")
async def upload_call(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File()],
) -> Response:
    await verify_csrf(request)
    require_staff(actor)
    upload = await read_upload(file, settings, default_name="call")
    try:
        upload.check_size()
        call = await run_in_threadpool(
            service.import_call,
            db,
            actor=actor,
            data=upload.data,
            filename=upload.name,
            max_bytes=upload.limit,
        )
    except (InputError, Conflict) as err:
        db.rollback()
        context = await run_in_threadpool(_board_context, db, actor, locale)
        context["error"] = render_error(err, locale)
        context["existing_id"] = err.params.get("call_id")
        return render(
            request, "calls/board.html", context, actor=actor, status_code=_status_of(err)
        )
    return RedirectResponse(f"/calls/{call.id}", status_code=303)


def _call_context(db: SessionDep, actor: ActorDep, locale: str, call_id: int) -> dict[str, Any]:
    call = service.get_call(db, actor=actor, call_id=call_id)
    ranked = calls_fit.rank_candidates(db, actor=actor, call=call)
    return {
        "call": call,
        "facts": view.fact_rows(call, locale),
        "history": view.history_rows(call, locale),
        "fields": [short_label(f, locale) for f in call.fields or ()],
        "ranked": [(r, calls_fit.reason_rows(r.fit, locale)) for r in ranked],
        "d_day": view.d_day_label(service.list_row(call).d_day, locale),
        "error": None,
        "form": {},
    }


@router.get("/{call_id}")
def get_call(
    request: Request, db: SessionDep, actor: ActorDep, locale: LocaleDep, call_id: int
) -> Response:
    context = _call_context(db, actor, locale, call_id)
    return render(request, "calls/call.html", context, actor=actor)


@router.post("/{call_id}/correct")
async def correct_call(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    call_id: int,
    field: Annotated[str, Form(max_length=40)],
    value: Annotated[str, Form(max_length=4000)] = "",
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    await verify_csrf(request)
    require_staff(actor)
    try:
        await run_in_threadpool(
            service.correct_fact,
            db,
            actor=actor,
            call_id=call_id,
            field=field,
            raw=value,
            note=note,
        )
    except InputError as err:
        db.rollback()
        context = await run_in_threadpool(_call_context, db, actor, locale, call_id)
        context["error"] = render_error(err, locale)
        context["form"] = {"field": field, "value": value, "note": note}
        return render(request, "calls/call.html", context, actor=actor, status_code=400)
    return RedirectResponse(f"/calls/{call_id}#facts", status_code=303)


@router.get("/{call_id}/candidates/{candidate_id}")
def get_candidate_team(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    call_id: int,
    candidate_id: int,
) -> Response:
    call, fit = _fit_of(db, actor, call_id, candidate_id)
    team = calls_team.team_for(db, actor=actor, call=call, fit=fit, locale=locale)
    context = {
        "call": call,
        "fit": fit,
        "reasons": calls_fit.reason_rows(fit.fit, locale),
        "team": team,
        "use_case": short_label(fit.candidate.use_case or "", locale),
    }
    return render(request, "calls/candidate.html", context, actor=actor)


@router.get("/{call_id}/candidates/{candidate_id}/draft.{fmt}")
def download_draft(
    db: SessionDep, actor: ActorDep, locale: LocaleDep, call_id: int, candidate_id: int, fmt: str
) -> Response:
    call, fit = _fit_of(db, actor, call_id, candidate_id)
    if fmt not in calls_draft.MEDIA_TYPES:
        raise InputError("calls.bad_draft_format", file=f"draft.{fmt}")
    team = calls_team.team_for(db, actor=actor, call=call, fit=fit, locale=locale)
    draft = calls_draft.build_call_draft(db, actor=actor, call=call, fit=fit, team=team, fmt=fmt)
    ascii_name = f"call-{call.id}-candidate-{candidate_id}-draft.{fmt}"
    return Response(
        draft.data,
        media_type=draft.media_type,
        headers={
            "content-disposition": (
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(draft.filename)}"
            )
        },
    )


# ---- JSON API ----------------------------------------------------------------------------


class CallSummaryOut(BaseModel):
    id: int
    title: str
    apply_deadline: str | None
    d_day: int | None
    is_open: bool
    fields: list[str]


class CallBoardOut(BaseModel):
    open: list[CallSummaryOut]
    closed: list[CallSummaryOut]


class CorrectionOut(BaseModel):
    field: str
    old_value: Any
    new_value: Any
    note: str
    corrected_by: str
    corrected_at: str


class CallOut(CallSummaryOut):
    filename: str
    format: str
    facts: dict[str, Any]
    extracted: dict[str, Any]
    corrections: list[CorrectionOut]


class ReasonOut(BaseModel):
    kind: str
    text: str


class FitOut(BaseModel):
    candidate_id: int
    title: str
    company: str
    use_case: str | None
    score: float
    eligible: bool
    reasons: list[ReasonOut]


class MemberOut(BaseModel):
    partner_id: str | None
    name: str
    kind: str
    roles: list[str]
    contributes: list[str]
    reasons: list[str]


class TeamOut(BaseModel):
    status: str
    roles: list[str]
    members: list[MemberOut]
    missing_roles: list[str]
    problems: list[str]
    single_applicant: bool


class CorrectionIn(BaseModel):
    field: str = Field(max_length=40)
    value: str = Field(default="", max_length=4000)
    note: str = Field(default="", max_length=500)


def _summary(row: service.CallRow) -> CallSummaryOut:
    deadline = row.call.apply_deadline
    return CallSummaryOut(
        id=row.call.id,
        title=row.call.title,
        apply_deadline=deadline.isoformat() if deadline else None,
        d_day=row.d_day,
        is_open=row.is_open,
        fields=list(row.call.fields or ()),
    )


@api.get("", response_model=CallBoardOut)
def api_list_calls(db: SessionDep, actor: ActorDep) -> CallBoardOut:
    """Open calls by deadline (D-day in Asia/Seoul) and closed calls, most recent first."""
    open_rows, closed = service.list_calls(db, actor=actor)
    return CallBoardOut(open=[_summary(r) for r in open_rows], closed=[_summary(r) for r in closed])


def _call_out(call: Any) -> CallOut:
    row = service.list_row(call)
    return CallOut(
        **_summary(row).model_dump(),
        filename=call.filename,
        format=call.format,
        facts=call.facts,
        extracted=call.extracted,
        corrections=[
            CorrectionOut(
                field=c.field,
                old_value=c.old_value,
                new_value=c.new_value,
                note=c.note,
                corrected_by=c.corrected_by,
                corrected_at=c.corrected_at.isoformat(),
            )
            for c in call.corrections
        ],
    )


@api.get("/{call_id}", response_model=CallOut)
def api_get_call(db: SessionDep, actor: ActorDep, call_id: int) -> CallOut:
    """The call's current facts, its original extraction and every correction."""
    return _call_out(service.get_call(db, actor=actor, call_id=call_id))


@api.post("/{call_id}/corrections", response_model=CallOut)
def api_correct_call(db: SessionDep, actor: ActorDep, call_id: int, body: CorrectionIn) -> CallOut:
    """Correct one fact (staff); the old value is kept in the history."""
    service.correct_fact(
        db, actor=actor, call_id=call_id, field=body.field, raw=body.value, note=body.note
    )
    return _call_out(service.get_call(db, actor=actor, call_id=call_id))


@api.get("/{call_id}/candidates", response_model=list[FitOut])
def api_call_candidates(
    db: SessionDep, actor: ActorDep, locale: LocaleDep, call_id: int
) -> list[FitOut]:
    """Open project candidates ranked by fit, eligible first, with reasons."""
    call = service.get_call(db, actor=actor, call_id=call_id)
    ranked = calls_fit.rank_candidates(db, actor=actor, call=call)
    return [FitOut.model_validate(r) for r in view.fits_json(ranked, locale)]


@api.get("/{call_id}/candidates/{candidate_id}/team", response_model=TeamOut)
def api_candidate_team(
    db: SessionDep, actor: ActorDep, locale: LocaleDep, call_id: int, candidate_id: int
) -> TeamOut:
    """A team under the call's consortium roles (CP-SAT), or the missing roles and why."""
    call, fit = _fit_of(db, actor, call_id, candidate_id)
    team = calls_team.team_for(db, actor=actor, call=call, fit=fit, locale=locale)
    return TeamOut(
        status=team.status,
        roles=list(team.roles),
        members=[
            MemberOut(
                partner_id=m.partner_id,
                name=m.name,
                kind=m.kind,
                roles=list(m.roles),
                contributes=list(m.contributes),
                reasons=list(m.reasons),
            )
            for m in team.members
        ],
        missing_roles=list(team.missing_roles),
        problems=list(team.problems),
        single_applicant=team.single_applicant,
    )
