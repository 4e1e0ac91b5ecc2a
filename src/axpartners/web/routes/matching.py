"""Recommended partners for a need, consortium builder, and a partner's matched-needs inbox."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from axpartners.errors import InputError, PermissionDenied
from axpartners.services import (
    matching,
    needs as needs_service,
    partners as partners_service,
    teams as teams_service,
)
from axpartners.services.actors import can_edit_organisation
from axpartners.web.deps import ActorDep, LocaleDep, SessionDep, render
from axpartners.web.security import CsrfForm

router = APIRouter(tags=["pages"], include_in_schema=False)
api = APIRouter(tags=["matching"])


def _int(value: object, default: int, *, column: str) -> int:
    text = str(value or "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise InputError("import.bad_value", column=column, value=text, hint="0, 1, 2, …")
    return int(text)


@router.get("/needs/{need_id}/consortium")
def consortium_page(request: Request, db: SessionDep, actor: ActorDep, need_id: int) -> Response:
    need = needs_service.get_need(db, actor=actor, need_id=need_id)
    context = {
        "need": need,
        "required": teams_service.required_labels(need),
        "result": None,
        "form": {"max_members": 4, "min_company": 1, "min_academic": 1, "lead": ""},
        "partners": partners_service.partner_choices(db),
    }
    return render(request, "matching/consortium.html", context, actor=actor)


@router.post("/needs/{need_id}/consortium")
def consortium_build(
    request: Request, form: CsrfForm, db: SessionDep, actor: ActorDep, need_id: int
) -> Response:
    need = needs_service.get_need(db, actor=actor, need_id=need_id)
    values = {
        k: str(form.get(k, "")) for k in ("max_members", "min_company", "min_academic", "lead")
    }
    required = [str(v) for v in form.getlist("required")]
    consortium = matching.ConsortiumRequest(
        required=tuple(required),
        max_members=_int(values["max_members"], 4, column="max_members"),
        min_company=_int(values["min_company"], 1, column="min_company"),
        min_academic=_int(values["min_academic"], 1, column="min_academic"),
        lead=values["lead"] or None,
    )
    # CP-SAT and the ranking are CPU work: a plain ``def`` handler runs in the thread pool.
    matches = matching.matches_for_need(db, actor=actor, need=need, top=50)
    scores = matching.scores_from_matches(matches)
    result = matching.build_consortia(db, actor=actor, request=consortium, scores=scores)
    context = {
        "need": need,
        "required": required,
        "result": result,
        "form": values,
        "partners": partners_service.partner_choices(db),
        "scores": scores,
        "reasons": {m.partner_id: m.reasons for m in matches},
        "candidates": teams_service.candidate_choices(db, need_id=need.id),
    }
    return render(request, "matching/consortium.html", context, actor=actor)


@router.post("/needs/{need_id}/consortium/save")
def consortium_save(form: CsrfForm, db: SessionDep, actor: ActorDep, need_id: int) -> Response:
    need = needs_service.get_need(db, actor=actor, need_id=need_id)
    candidate_id = _int(form.get("candidate_id"), 0, column="candidate_id")
    team = teams_service.save_team(
        db,
        actor=actor,
        candidate_id=candidate_id,
        need_id=need.id,
        required=[str(v) for v in form.getlist("required")],
        members=[teams_service.TeamMemberIn.parse(str(v)) for v in form.getlist("member")],
        is_optimal=form.get("optimal") == "1",
    )
    return RedirectResponse(
        f"/planning/candidates/{candidate_id}?team={team.id}#teams", status_code=303
    )


@router.get("/partners/{partner_id}/inbox")
def partner_inbox(
    request: Request, db: SessionDep, actor: ActorDep, locale: LocaleDep, partner_id: str
) -> Response:
    organisation = partners_service.get_partner(db, partner_id)
    if not can_edit_organisation(actor, partner_id):
        raise PermissionDenied("permission.own_organisation_only")
    inbox = matching.inbox_for_partner(db, actor=actor, partner_id=partner_id, locale=locale)
    return render(
        request, "matching/inbox.html", {"org": organisation, "inbox": inbox}, actor=actor
    )


class MatchOut(BaseModel):
    rank: int
    partner_id: str
    name: str
    score: float
    components: dict[str, float]
    reasons: list[str]


@api.get("/needs/{need_id}/matches")
def api_matches(
    db: SessionDep, actor: ActorDep, locale: LocaleDep, need_id: int, top: int = 10
) -> list[MatchOut]:
    need = needs_service.get_need(db, actor=actor, need_id=need_id)
    found = matching.matches_for_need(
        db, actor=actor, need=need, top=max(1, min(top, 50)), locale=locale
    )
    return [
        MatchOut(
            rank=i,
            partner_id=m.partner_id,
            name=m.name,
            score=round(m.score, 4),
            components={k: round(v, 4) for k, v in m.components.items()},
            reasons=list(m.reasons),
        )
        for i, m in enumerate(found, start=1)
    ]


class ConsortiumIn(BaseModel):
    required: list[str] = Field(min_length=1, max_length=20)
    max_members: int = Field(default=4, ge=1, le=20)
    min_company: int = Field(default=1, ge=0, le=20)
    min_academic: int = Field(default=1, ge=0, le=20)
    lead: str | None = None
    alternatives: int = Field(default=3, ge=1, le=10)


class MemberOut(BaseModel):
    partner_id: str
    name: str
    kind: str
    contributes: list[str]
    is_lead: bool


class TeamOut(BaseModel):
    members: list[MemberOut]
    covered: list[str]
    missing: list[str]
    quality: float
    optimal: bool


class ConsortiumOut(BaseModel):
    status: str
    teams: list[TeamOut]
    problems: list[str]
    uncovered: list[str]


@api.post("/consortia")
def api_consortia(
    db: SessionDep, actor: ActorDep, locale: LocaleDep, body: ConsortiumIn
) -> ConsortiumOut:
    request = matching.ConsortiumRequest(
        required=tuple(body.required),
        max_members=body.max_members,
        min_company=body.min_company,
        min_academic=body.min_academic,
        lead=body.lead,
        alternatives=body.alternatives,
    )
    result = matching.build_consortia(db, actor=actor, request=request)
    return ConsortiumOut(
        status=result.status,
        teams=[
            TeamOut(
                members=[
                    MemberOut(
                        partner_id=m.partner_id,
                        name=m.name,
                        kind=m.kind,
                        contributes=list(m.contributes),
                        is_lead=m.is_lead,
                    )
                    for m in t.members
                ],
                covered=list(t.covered),
                missing=list(t.missing),
                quality=round(t.quality, 4),
                optimal=t.optimal,
            )
            for t in result.teams
        ],
        problems=[p.render(locale) for p in result.problems],
        uncovered=list(result.uncovered),
    )
