"""Partner directory: public list and detail, staff/owner editing, import and export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from axpartners.db.tables import Organisation
from axpartners.db.tables.orgs import ORG_KINDS
from axpartners.db.versions import read_version
from axpartners.errors import InputError, PermissionDenied
from axpartners.i18n.catalog import render_error
from axpartners.memo import Memo
from axpartners.services import partners as service
from axpartners.services.actors import (
    Actor,
    can_edit_organisation,
    require_member,
    require_staff,
)
from axpartners.web.deps import (
    ActorDep,
    LocaleDep,
    SessionDep,
    SettingsDep,
    render,
    render_fragment,
)
from axpartners.web.downloads import table_response
from axpartners.web.paging import PageDep
from axpartners.web.security import CSRF, CsrfForm, verify_csrf
from axpartners.web.uploads import Upload, read_upload

router = APIRouter(prefix="/partners", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/partners", tags=["partners"])
FORM_FIELDS = (
    "id",
    "name",
    "kind",
    "description",
    "capabilities",
    "industries",
    "region",
    "homepage",
)


def _filters_context() -> dict[str, object]:
    return {
        "kinds": ORG_KINDS,
    }


# The list's rows (count, table, pager) per worker: the same for everyone who may see the list
# (the public), so rendered as no one; kept under partners_version, which any write to the
# partners' tables bumps (migration 0008), so rows are never stale.
_rows: Memo[tuple[object, ...], Markup] = Memo(max_size=64)


@router.get("")
def list_partners(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
    locale: LocaleDep,
    pager: PageDep,
    q: str = "",
    kind: str = "",
    capability: str = "",
    industry: str = "",
) -> Response:
    version = read_version(db, "partners_version")

    def build() -> Markup:
        filters = {
            "kind": kind or None, "capability": capability or None, "industry": industry or None,
        }  # fmt: skip
        page = pager.with_total(service.count_partners(db, q=q, **filters))
        found = service.list_partner_rows(db, q=q, **filters, limit=page.size, offset=page.offset)
        return render_fragment(request, "partners/_rows.html", {"partners": found, "pager": page})

    key = (version, str(settings.data_dir), pager.path, pager.params, locale)
    rows = build() if version is None else _rows.get_or_build_unlocked(key, build)
    if request.headers.get("hx-request") == "true":
        return render(request, "_fragment.html", {"fragment": rows}, actor=actor)
    context = {
        "rows": rows,
        "q": q,
        "kind": kind,
        "capability": capability,
        "industry": industry,
        **_filters_context(),
    }
    return render(request, "partners/list.html", context, actor=actor)


@router.get("/new")
def new_partner(request: Request, actor: ActorDep) -> Response:
    require_staff(actor)
    return render(
        request,
        "partners/form.html",
        {"values": {}, "error": None, "is_new": True, **_filters_context()},
        actor=actor,
    )


def _form_values(form: FormData) -> dict[str, str]:
    values = {name: str(form.get(name, "")) for name in FORM_FIELDS}
    chosen = [str(v) for v in form.getlist("capability")]
    if chosen:
        values["capabilities"] = ";".join(chosen)
    return values


@router.post("/new")
def create_partner(
    request: Request, form: CsrfForm, db: SessionDep, actor: ActorDep, locale: LocaleDep
) -> Response:
    require_staff(actor)
    values = _form_values(form)
    try:
        data = service.parse_partner(values)
        service.create_partner(db, actor=actor, data=data)
    except InputError as err:
        return render(
            request,
            "partners/form.html",
            {
                "values": values,
                "error": render_error(err, locale),
                "is_new": True,
                **_filters_context(),
            },
            actor=actor,
            status_code=422,
        )
    return RedirectResponse(f"/partners/{data.id}", status_code=303)


@router.get("/import")
def import_page(request: Request, actor: ActorDep) -> Response:
    require_staff(actor)
    return render(request, "partners/import.html", {"error": None, "result": None}, actor=actor)


def _import_upload(db: SessionDep, actor: Actor, upload: Upload) -> service.ImportResult:
    # In the thread pool: reading a large CSV/XLSX is CPU work too, not only the database.
    return service.import_partners(db, actor=actor, table=upload.table())


@router.post("/import")
async def import_partners(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File()],
) -> Response:
    await verify_csrf(request)
    require_staff(actor)
    upload = await read_upload(file, settings)
    try:
        result = await run_in_threadpool(_import_upload, db, actor, upload)
    except InputError as err:
        db.rollback()
        return render(
            request,
            "partners/import.html",
            {"error": render_error(err, locale), "result": None},
            actor=actor,
            status_code=400,
        )
    return render(request, "partners/import.html", {"error": None, "result": result}, actor=actor)


@router.get("/export.{fmt}")
def export_partners(db: SessionDep, actor: ActorDep, fmt: str) -> Response:
    require_member(actor)
    header, rows = service.export_rows(db)
    return table_response(header, rows, name="partners", fmt=fmt)


@router.get("/{partner_id}")
def get_partner(request: Request, db: SessionDep, actor: ActorDep, partner_id: str) -> Response:
    organisation = service.get_partner(db, partner_id)
    context = {
        "org": organisation,
        "can_edit": can_edit_organisation(actor, partner_id),
        **_filters_context(),
    }
    return render(request, "partners/detail.html", context, actor=actor)


def _values_of(org: Organisation) -> dict[str, str]:
    return {
        "id": org.id,
        "name": org.name,
        "kind": org.kind,
        "description": org.description,
        "capabilities": ";".join(org.capability_ids()),
        "industries": ";".join(org.industry_codes()),
        "region": org.region or "",
        "homepage": org.homepage or "",
    }


@router.get("/{partner_id}/edit")
def edit_partner(request: Request, db: SessionDep, actor: ActorDep, partner_id: str) -> Response:
    organisation = service.get_partner(db, partner_id)
    if not can_edit_organisation(actor, partner_id):
        require_staff(actor)
    return render(
        request,
        "partners/form.html",
        {"values": _values_of(organisation), "error": None, "is_new": False, **_filters_context()},
        actor=actor,
    )


@router.post("/{partner_id}/edit")
def update_partner(
    request: Request,
    form: CsrfForm,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    partner_id: str,
) -> Response:
    # Who may edit is checked before the form is validated: others learn nothing from it.
    require_member(actor)
    if not can_edit_organisation(actor, partner_id):
        raise PermissionDenied("permission.own_organisation_only")
    values = _form_values(form)
    values["id"] = partner_id
    try:
        data = service.parse_partner(values)
        service.update_partner(db, actor=actor, data=data)
    except InputError as err:
        return render(
            request,
            "partners/form.html",
            {
                "values": values,
                "error": render_error(err, locale),
                "is_new": False,
                **_filters_context(),
            },
            actor=actor,
            status_code=422,
        )
    return RedirectResponse(f"/partners/{partner_id}", status_code=303)


@router.post("/{partner_id}/delete", dependencies=[CSRF])
def delete_partner(db: SessionDep, actor: ActorDep, partner_id: str) -> Response:
    service.delete_partner(db, actor=actor, partner_id=partner_id)
    return RedirectResponse("/partners", status_code=303)


# ---- JSON API ---------------------------------------------------------------------------


class PartnerIn(BaseModel):
    id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    kind: str
    description: str = Field(default="", max_length=20_000)
    capabilities: list[str] = Field(default_factory=list)
    industries: list[str] = Field(default_factory=list)
    region: str | None = None
    homepage: str | None = None


class PartnerOut(BaseModel):
    id: str
    name: str
    kind: str
    description: str
    capabilities: list[str]
    inferred_capabilities: list[str]
    industries: list[str]
    region: str | None
    homepage: str | None
    is_example: bool

    @classmethod
    def of(cls, org: Organisation) -> PartnerOut:
        return cls(
            id=org.id,
            name=org.name,
            kind=org.kind,
            description=org.description,
            capabilities=org.capability_ids(include_inferred=False),
            inferred_capabilities=[c.use_case for c in org.capabilities if c.inferred],
            industries=org.industry_codes(),
            region=org.region,
            homepage=org.homepage,
            is_example=org.is_example,
        )


def _record(body: PartnerIn) -> dict[str, str]:
    return {
        "id": body.id,
        "name": body.name,
        "kind": body.kind,
        "description": body.description,
        "capabilities": ";".join(body.capabilities),
        "industries": ";".join(body.industries),
        "region": body.region or "",
        "homepage": body.homepage or "",
    }


@api.get("")
def api_list_partners(
    db: SessionDep,
    actor: ActorDep,
    q: str = "",
    kind: str | None = None,
    capability: str | None = None,
    industry: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[PartnerOut]:
    require_member(actor)
    rows = service.list_partners(
        db, q=q, kind=kind, capability=capability, industry=industry, limit=limit, offset=offset
    )
    return [PartnerOut.of(o) for o in rows]


@api.get("/{partner_id}")
def api_get_partner(db: SessionDep, actor: ActorDep, partner_id: str) -> PartnerOut:
    require_member(actor)
    return PartnerOut.of(service.get_partner(db, partner_id))


@api.post("", status_code=201)
def api_create_partner(db: SessionDep, actor: ActorDep, body: PartnerIn) -> PartnerOut:
    require_staff(actor)
    return PartnerOut.of(
        service.create_partner(db, actor=actor, data=service.parse_partner(_record(body)))
    )


@api.put("/{partner_id}")
def api_update_partner(
    db: SessionDep, actor: ActorDep, partner_id: str, body: PartnerIn
) -> PartnerOut:
    require_member(actor)
    record = _record(body) | {"id": partner_id}
    return PartnerOut.of(
        service.update_partner(db, actor=actor, data=service.parse_partner(record))
    )


@api.delete("/{partner_id}", status_code=204)
def api_delete_partner(db: SessionDep, actor: ActorDep, partner_id: str) -> Response:
    service.delete_partner(db, actor=actor, partner_id=partner_id)
    return Response(status_code=204)
