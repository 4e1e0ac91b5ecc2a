"""Needs, JSON API: the public intake (no account), the members' list and one need (SPEC §7).

The pages are in :mod:`axpartners.web.routes.needs`; both call the same services.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from axpartners.db.tables import Need
from axpartners.services import need_lists, needs as service
from axpartners.web.deps import ActorDep, SessionDep, SettingsDep
from axpartners.web.routes.needs import limit_public

api = APIRouter(tags=["needs"])


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
    limit_public(request, settings.public_rate_limit_per_minute)
    record = body.model_dump()
    record["consent"] = "true" if body.consent else "false"
    need = service.create_need(db, actor=actor, data=service.parse_need(record), source="api")
    return PublicNeedOut(reference=need.ref, label=need.label)


@api.get("/needs")
def api_list_needs(
    db: SessionDep,
    actor: ActorDep,
    response: Response,
    q: str = "",
    label: str | None = None,
    industry: str | None = None,
    region: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[NeedOut]:
    """Needs, newest first; ``X-Total-Count`` says how many match in all (for paging)."""
    found = need_lists.needs_page(
        db,
        actor=actor,
        q=q,
        label=label,
        industry=industry,
        region=region,
        limit=limit,
        offset=offset,
    )
    response.headers["x-total-count"] = str(found.total)
    return [NeedOut.of(n) for n in found.rows]


@api.get("/needs/{need_id}")
def api_get_need(db: SessionDep, actor: ActorDep, need_id: int) -> NeedOut:
    return NeedOut.of(service.get_need(db, actor=actor, need_id=need_id))
