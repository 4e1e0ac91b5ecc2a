"""Needs: the public intake form (no account), the staff list and review, and the JSON API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from axpartners.codes import industries, industry_name, region_name, regions
from axpartners.db.tables import Need
from axpartners.errors import InputError
from axpartners.i18n.catalog import render_error
from axpartners.services import needs as service, ratelimit
from axpartners.services.needs import SIZES
from axpartners.taxonomy import load_taxonomy
from axpartners.web.deps import ActorDep, LocaleDep, SessionDep, SettingsDep, render
from axpartners.web.security import client_key, verify_csrf

router = APIRouter(prefix="/needs", tags=["pages"], include_in_schema=False)
api = APIRouter(tags=["needs"])
FORM_FIELDS = (
    "text",
    "title",
    "company",
    "industry",
    "region",
    "company_size",
    "contact_name",
    "contact_email",
    "contact_phone",
    "consent",
)
HONEYPOT = "website"


def _form_context() -> dict[str, object]:
    divisions = [i for i in industries().values() if i.level == "division"]
    return {"divisions": divisions, "regions": regions(), "sizes": SIZES}


def _limit_public(request: Request, limit: int) -> None:
    ratelimit.hit(request.app.state.sessions, key=f"public-need:{client_key(request)}", limit=limit)


@router.get("/new")
def new_need(request: Request, actor: ActorDep, settings: SettingsDep) -> Response:
    values = {"region": settings.region_code}
    return render(
        request, "needs/new.html", {"values": values, "error": None, **_form_context()}, actor=actor
    )


@router.post("/new")
async def submit_need(
    request: Request, db: SessionDep, actor: ActorDep, locale: LocaleDep, settings: SettingsDep
) -> Response:
    await verify_csrf(request)
    form = await request.form()
    if str(form.get(HONEYPOT, "")).strip():
        # Bots fill every field; pretend success and store nothing.
        return RedirectResponse("/needs/thanks/N00000000-000000", status_code=303)
    _limit_public(request, settings.public_rate_limit_per_minute)
    values = {name: str(form.get(name, "")) for name in FORM_FIELDS}
    values["consent"] = "true" if form.get("consent") else "false"
    try:
        data = service.parse_need(values)
        need = service.create_need(db, actor=actor, data=data, source="form")
    except InputError as err:
        return render(
            request,
            "needs/new.html",
            {"values": values, "error": render_error(err, locale), **_form_context()},
            actor=actor,
            status_code=422,
        )
    return RedirectResponse(f"/needs/thanks/{need.ref}", status_code=303)


@router.get("/thanks/{ref}")
def thanks(request: Request, actor: ActorDep, ref: str) -> Response:
    return render(request, "needs/thanks.html", {"ref": ref}, actor=actor)


@router.get("")
def list_needs(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    q: str = "",
    label: str = "",
    industry: str = "",
) -> Response:
    rows = service.list_needs(db, actor=actor, q=q, label=label or None, industry=industry or None)
    template = (
        "needs/_rows.html" if request.headers.get("hx-request") == "true" else "needs/list.html"
    )
    context = {
        "needs": rows,
        "q": q,
        "label": label,
        "industry": industry,
        "taxonomy": load_taxonomy(),
        "industry_name": industry_name,
        "region_name": region_name,
    }
    return render(request, template, context, actor=actor)


@router.get("/{need_id}")
def get_need(request: Request, db: SessionDep, actor: ActorDep, need_id: int) -> Response:
    need = service.get_need(db, actor=actor, need_id=need_id)
    context = {
        "need": need,
        "taxonomy": load_taxonomy(),
        "industry_name": industry_name,
        "region_name": region_name,
        "show_contact": actor.is_staff,
    }
    return render(request, "needs/detail.html", context, actor=actor)


@router.post("/{need_id}/label")
async def relabel(request: Request, db: SessionDep, actor: ActorDep, need_id: int) -> Response:
    await verify_csrf(request)
    form = await request.form()
    service.set_label(db, actor=actor, need_id=need_id, label=str(form.get("label", "")))
    return RedirectResponse(f"/needs/{need_id}", status_code=303)


@router.post("/{need_id}/delete")
async def delete(request: Request, db: SessionDep, actor: ActorDep, need_id: int) -> Response:
    await verify_csrf(request)
    service.delete_need(db, actor=actor, need_id=need_id)
    return RedirectResponse("/needs", status_code=303)


# ---- JSON API ---------------------------------------------------------------------------


class PublicNeedIn(BaseModel):
    text: str = Field(max_length=200_000)
    title: str | None = Field(default=None, max_length=300)
    company: str | None = Field(default=None, max_length=200)
    industry: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=100)
    company_size: str | None = Field(default=None, max_length=20)
    contact_name: str | None = Field(default=None, max_length=100)
    contact_email: str | None = Field(default=None, max_length=200)
    consent: bool = False


class PublicNeedOut(BaseModel):
    reference: str
    label: str | None


class NeedOut(BaseModel):
    id: int
    ref: str
    title: str
    text: str
    company: str
    industry: str | None
    region: str | None
    submitted_at: str
    label: str | None
    label_score: float | None
    label_2: str | None
    label_2_score: float | None
    label_confirmed: bool
    needs_review: bool

    @classmethod
    def of(cls, need: Need) -> NeedOut:
        return cls(
            id=need.id,
            ref=need.ref,
            title=need.title,
            text=need.text,
            company=need.company,
            industry=need.industry,
            region=need.region,
            submitted_at=need.submitted_at.isoformat(),
            label=need.label,
            label_score=need.label_score,
            label_2=need.label_2,
            label_2_score=need.label_2_score,
            label_confirmed=need.label_confirmed,
            needs_review=need.needs_review,
        )


@api.post("/public/needs", status_code=201)
def api_submit_need(
    request: Request, db: SessionDep, actor: ActorDep, settings: SettingsDep, body: PublicNeedIn
) -> PublicNeedOut:
    _limit_public(request, settings.public_rate_limit_per_minute)
    record = body.model_dump()
    record["consent"] = "true" if body.consent else "false"
    need = service.create_need(db, actor=actor, data=service.parse_need(record), source="api")
    return PublicNeedOut(reference=need.ref, label=need.label)


@api.get("/needs")
def api_list_needs(
    db: SessionDep,
    actor: ActorDep,
    q: str = "",
    label: str | None = None,
    industry: str | None = None,
    region: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[NeedOut]:
    rows = service.list_needs(
        db,
        actor=actor,
        q=q,
        label=label,
        industry=industry,
        region=region,
        limit=limit,
        offset=offset,
    )
    return [NeedOut.of(n) for n in rows]


@api.get("/needs/{need_id}")
def api_get_need(db: SessionDep, actor: ActorDep, need_id: int) -> NeedOut:
    return NeedOut.of(service.get_need(db, actor=actor, need_id=need_id))
