"""Needs: the public intake form (no account), the staff list and review, and the JSON API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, Response, UploadFile
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from axpartners.codes import industries, regions
from axpartners.districts import districts
from axpartners.errors import InputError, NotFound
from axpartners.i18n.catalog import render_error
from axpartners.io.tables import read_table, write_csv
from axpartners.memo import Memo
from axpartners.reports.charts import demand_heatmap
from axpartners.services import (
    demand,
    labelling,
    matching,
    need_lists,
    needs as service,
    ratelimit,
    search,
    upload_store,
)
from axpartners.services.actors import require_member, require_staff
from axpartners.services.imports import export_rows
from axpartners.services.needs import SIZES
from axpartners.web.deps import (
    ActorDep,
    LocaleDep,
    SessionDep,
    SettingsDep,
    render,
    render_fragment,
    render_lines,
    render_lines_of,
)
from axpartners.web.downloads import table_response
from axpartners.web.paging import PageDep
from axpartners.web.security import CsrfForm, client_key, verify_csrf
from axpartners.web.uploads import Upload, read_upload

router = APIRouter(prefix="/needs", tags=["pages"], include_in_schema=False)
FORM_FIELDS = (
    "text",
    "title",
    "company",
    "industry",
    "region",
    "district",
    "company_size",
    "contact_name",
    "contact_email",
    "contact_phone",
    "consent",
)
HONEYPOT = "website"


def _form_context() -> dict[str, object]:
    divisions = [i for i in industries().values() if i.level == "division"]
    return {
        "divisions": divisions,
        "regions": regions(),
        "sizes": SIZES,
        "districts": districts(),
        "min_chars": service.MIN_MEANINGFUL_CHARS,
    }


def limit_public(request: Request, limit: int) -> None:
    """The public form's and the public API's limit per client and minute."""
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
        return RedirectResponse("/needs/thanks/N00000000-0000000000", status_code=303)
    # Database work runs off the event loop: on SQLite a write may wait for another
    # request's commit, which needs the loop (otherwise the server stalls under load).
    await run_in_threadpool(limit_public, request, settings.public_rate_limit_per_minute)
    values = {name: str(form.get(name, "")) for name in FORM_FIELDS}
    values["consent"] = "true" if form.get("consent") else "false"
    try:
        data = service.parse_need(values, require_meaningful=True)
        need = await run_in_threadpool(
            service.create_need, db, actor=actor, data=data, source="form"
        )
    except InputError as err:
        # A manufacturer reads the message, not the field name: no "text: …" prefix here.
        context = {"values": values, "error": render_error(err, locale, located=False)}
        return render(
            request, "needs/new.html", {**context, **_form_context()}, actor=actor, status_code=422
        )
    # What was received is shown once on the thanks page (kept in the signed session, not
    # looked up by reference: a reference alone must not reveal a submission).
    request.session["received_need"] = {
        "ref": need.ref,
        "company_size": need.company_size or "",
        "region": need.region or "",
        "district": need.district or "",
        "industry": need.industry or "",
        "label": need.label or "",
    }
    return RedirectResponse(f"/needs/thanks/{need.ref}", status_code=303)


@router.get("/thanks/{ref}")
def thanks(request: Request, actor: ActorDep, ref: str) -> Response:
    received = request.session.get("received_need") or {}
    summary = received if received.get("ref") == ref else None
    context = {"ref": ref, "summary": summary}
    return render(request, "needs/thanks.html", context, actor=actor)


# Rendered rows of the needs list, per worker. A page of rows is a function of the needs table,
# the query string and the locale only (no actor: members all see the same rows), and the needs
# table's version (migration 0007) changes with every committed write to it, so the key says
# when a fragment is stale. Read before the rows, in the same transaction: a fragment is never
# older than its key.
_rows: Memo[tuple[object, ...], Markup] = Memo(max_size=64)


@router.get("")
def list_needs(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    settings: SettingsDep,
    locale: LocaleDep,
    pager: PageDep,
    q: str = "",
    label: str = "",
    industry: str = "",
    review: bool = False,
) -> Response:
    require_member(actor)  # on every request, cached rows or not
    version = search.needs_version(db)

    def build() -> Markup:
        page, total = need_lists.need_page(
            db, actor=actor, q=q, label=label or None, industry=industry or None, review=review,
            data_dir=settings.data_dir, limit=pager.size, offset=pager.offset, version=version,
        )  # fmt: skip
        # Shared by every member, so rendered as no one (anonymous, no CSRF token): nothing
        # personal can reach the cache even if the template grows (so are the lines).
        if isinstance(page, list) and version is not None:  # a search: lines kept by need id
            lines = render_lines_of(
                request, "needs/_line.html", page, under=(version, str(settings.data_dir)),
                fetch=lambda ids: need_lists.need_lines(db, ids),
            )  # fmt: skip
        else:
            lines = render_lines(request, "needs/_line.html", need_lists.need_lines(db, page))
        context = {"lines": lines, "pager": pager.with_total(total), "csrf_token": ""}
        return render_fragment(request, "needs/_rows.html", context)

    key = (version, str(settings.data_dir), pager.path, pager.params, locale)
    rows = build() if version is None else _rows.get_or_build_unlocked(key, build)
    if request.headers.get("hx-request") == "true":
        return render(request, "_fragment.html", {"fragment": rows}, actor=actor)
    context = {"rows": rows, "q": q, "label": label, "industry": industry, "review": review}
    return render(request, "needs/list.html", context, actor=actor)


@router.get("/map")
def demand_map(request: Request, db: SessionDep, actor: ActorDep, region: str = "") -> Response:
    require_member(actor)
    counts = demand.demand_counts(db, region=region or None)
    context = {
        "counts": counts,
        "region": region,
        "regions": regions(),
    }
    return render(request, "needs/map.html", context, actor=actor)


@router.get("/map.{fmt}")
def demand_map_export(
    db: SessionDep, actor: ActorDep, locale: LocaleDep, fmt: str, region: str = ""
) -> Response:
    require_member(actor)
    counts = demand.demand_counts(db, region=region or None)
    if fmt == "csv":
        rows = [[i, u, n] for (i, u), n in sorted(counts.cells.items())]
        return Response(
            write_csv(["industry", "use_case", "needs"], rows),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="demand_map.csv"'},
        )
    if fmt == "png":
        image = demand_heatmap(counts.as_demand_map(locale), fmt="png")
        if image is None:
            raise NotFound("not_found", what="chart", key="demand_map")
        return Response(image, media_type="image/png")
    raise InputError("import.bad_value", column="format", value=fmt, hint="csv, png")


@router.get("/clusters")
def clusters(request: Request, db: SessionDep, actor: ActorDep, across: bool = False) -> Response:
    require_member(actor)
    groups = demand.need_clusters(db, within_labels=not across)
    context = {"clusters": groups, "across": across}
    return render(request, "needs/clusters.html", context, actor=actor)


@router.get("/import")
def import_page(request: Request, actor: ActorDep) -> Response:
    require_staff(actor)
    return render(
        request, "needs/import.html", {"preview": None, "error": None, "result": None}, actor=actor
    )


def _preview_upload(db: SessionDep, upload: Upload, locale: str) -> demand.ImportPreview:
    # In the thread pool: reading a large CSV/XLSX is CPU work too, not only the database.
    return demand.preview_needs(db, upload.table(), locale=locale)


@router.post("/import")
async def import_preview(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File()],
) -> Response:
    """Step 1: parse and validate the upload, show rows and errors; nothing is written."""
    await verify_csrf(request)
    require_staff(actor)
    upload = await read_upload(file, settings)
    data, name = upload.data, upload.name
    try:
        preview = await run_in_threadpool(_preview_upload, db, upload, locale)
    except InputError as err:
        return render(
            request,
            "needs/import.html",
            {"preview": None, "error": render_error(err, locale), "result": None},
            actor=actor,
            status_code=400,
        )
    token = upload_store.stash(settings.data_dir, data=data, name=name)
    context = {"preview": preview, "token": token, "name": name, "error": None, "result": None}
    return render(request, "needs/import.html", context, actor=actor)


@router.post("/import/confirm")
def import_confirm(
    request: Request,
    form: CsrfForm,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    settings: SettingsDep,
) -> Response:
    """Step 2: import the previewed file in one transaction (all rows or none)."""
    require_staff(actor)
    token = str(form.get("token", ""))
    data, name = upload_store.load(settings.data_dir, token)
    try:
        result = service.import_needs(db, actor=actor, table=read_table(data, name=name))
    except InputError as err:
        db.rollback()
        return render(
            request,
            "needs/import.html",
            {"preview": None, "error": render_error(err, locale), "result": None},
            actor=actor,
            status_code=400,
        )
    upload_store.discard(settings.data_dir, token)
    return render(
        request,
        "needs/import.html",
        {"preview": None, "error": None, "result": result},
        actor=actor,
    )


@router.post("/retrain")
async def retrain(request: Request, db: SessionDep, actor: ActorDep) -> Response:
    await verify_csrf(request)
    await run_in_threadpool(labelling.retrain, db, actor=actor)
    return RedirectResponse("/needs", status_code=303)


@router.get("/export.{fmt}")
def export_needs(db: SessionDep, actor: ActorDep, fmt: str) -> Response:
    require_staff(actor)
    header, rows = export_rows(db, kind="needs")
    return table_response(header, rows, name="needs", fmt=fmt)


@router.get("/{need_id}")
def get_need(
    request: Request, db: SessionDep, actor: ActorDep, locale: LocaleDep, need_id: int
) -> Response:
    need = service.get_need(db, actor=actor, need_id=need_id)
    meaningful = service.is_meaningful(need.text)
    matches = (
        matching.matches_for_need(db, actor=actor, need=need, top=10, locale=locale)
        if meaningful
        else []
    )
    context = {
        "matches": matches,
        "too_short": not meaningful,
        "min_chars": service.MIN_MEANINGFUL_CHARS,
        "need": need,
        "show_contact": actor.is_staff,
    }
    return render(request, "needs/detail.html", context, actor=actor)


@router.post("/{need_id}/label")
async def relabel(request: Request, db: SessionDep, actor: ActorDep, need_id: int) -> Response:
    await verify_csrf(request)
    form = await request.form()
    label = str(form.get("label", ""))
    await run_in_threadpool(service.set_label, db, actor=actor, need_id=need_id, label=label)
    return RedirectResponse(f"/needs/{need_id}", status_code=303)


@router.post("/{need_id}/delete")
async def delete(request: Request, db: SessionDep, actor: ActorDep, need_id: int) -> Response:
    await verify_csrf(request)
    await run_in_threadpool(service.delete_need, db, actor=actor, need_id=need_id)
    return RedirectResponse("/needs", status_code=303)
