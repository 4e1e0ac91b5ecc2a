"""Policy intelligence pages and API: library, document item tree, item alignment, comparison.

Uploads are hostile (SPEC §7): the body is read with a cap (``web/uploads.py``), then the
extractors check format, zip bombs and paths. Chips, summaries and labels are built in
``_policy_views.py``; the API's response models are in ``_policy_schemas.py``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from axpartners.errors import AxError, Conflict, InputError, UploadTooLarge
from axpartners.i18n.catalog import render_error, translate
from axpartners.services import (
    policy as service,
    policy_alignment as alignment_service,
    policy_search as search_service,
)
from axpartners.services.actors import require_member, require_staff
from axpartners.web.deps import ActorDep, LocaleDep, SessionDep, SettingsDep, render
from axpartners.web.routes import _policy_views as views
from axpartners.web.routes._policy_schemas import (
    DocumentDetailOut,
    DocumentOut,
    ItemDetailOut,
    ItemOut,
)
from axpartners.web.security import CSRF, verify_csrf
from axpartners.web.uploads import read_capped_body, upload_limit, uploaded_file

router = APIRouter(prefix="/policy", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/policy", tags=["policy"])


def _status_of(err: AxError) -> int:
    if isinstance(err, UploadTooLarge) or err.code == "policy.too_large":
        return 413
    if isinstance(err, Conflict):
        return 409
    return 400


# ---- pages -------------------------------------------------------------------------------


@router.get("")
def library(
    request: Request, db: SessionDep, actor: ActorDep, locale: LocaleDep, q: str = ""
) -> Response:
    require_member(actor)
    context = views.library_context(db, actor, locale, q=q)
    if request.headers.get("hx-request") == "true":
        return render(request, "policy/_hits.html", context, actor=actor)
    return render(request, "policy/library.html", context, actor=actor)


@router.post("/upload")
async def upload(
    request: Request, db: SessionDep, actor: ActorDep, locale: LocaleDep, settings: SettingsDep
) -> Response:
    require_staff(actor)
    limit = upload_limit(settings)
    try:
        await read_capped_body(request, limit=limit)
        await verify_csrf(request)
        filename, data = await uploaded_file(request, limit=limit)
        document = await run_in_threadpool(
            service.ingest_document, db, actor=actor, data=data, filename=filename, max_bytes=limit
        )
    except (InputError, Conflict) as err:
        db.rollback()
        context = await run_in_threadpool(
            views.library_context, db, actor, locale, error=render_error(err, locale)
        )
        if isinstance(err, Conflict) and "document_id" in err.params:
            context["existing_id"] = err.params["document_id"]
        return render(
            request, "policy/library.html", context, actor=actor, status_code=_status_of(err)
        )
    finally:
        await request.close()
    return RedirectResponse(f"/policy/documents/{document.id}", status_code=303)


@router.get("/documents/{document_id}")
def document_page(
    request: Request, db: SessionDep, actor: ActorDep, locale: LocaleDep, document_id: int
) -> Response:
    document = service.get_document(db, actor=actor, document_id=document_id)
    items = sorted(document.items, key=lambda i: i.position)
    context = {
        "doc": document,
        "items": [{"row": i, "tags": views.grouped_tags(i, locale)} for i in items],
        "summary": views.document_summary(document, locale),
        "ocr_pages": service.ocr_pages(document),
        "warnings": [
            translate(code, locale)
            for code in service.warning_codes(document)
            if code != "policy.pdf_pages_without_text"  # shown with the page list instead
        ],
        "others": [
            r.document
            for r in service.list_documents(db, actor=actor)
            if r.document.id != document.id
        ],
        **views.template_helpers(locale),
    }
    return render(request, "policy/document.html", context, actor=actor)


@router.post("/documents/{document_id}/delete", dependencies=[CSRF])
def delete_document(db: SessionDep, actor: ActorDep, document_id: int) -> Response:
    service.delete_document(db, actor=actor, document_id=document_id)
    return RedirectResponse("/policy", status_code=303)


@router.get("/items/{item_id}")
def item_page(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    settings: SettingsDep,
    item_id: int,
) -> Response:
    alignment = alignment_service.align_item(
        db,
        actor=actor,
        item_id=item_id,
        data_dir=settings.data_dir,
        region=settings.region_code,
        locale=locale,
    )
    item = alignment.item
    context = {
        "item": item,
        "doc": item.document,
        "ancestors": service.ancestors(item),
        "children": service.subtree(item)[1:],
        "tags": views.grouped_tags(item, locale),
        "alignment": alignment,
        "region": settings.region_code,
        **views.template_helpers(locale),
    }
    return render(request, "policy/item.html", context, actor=actor)


@router.get("/compare")
def compare_page(
    request: Request,
    db: SessionDep,
    actor: ActorDep,
    locale: LocaleDep,
    a: int | None = None,
    b: int | None = None,
) -> Response:
    require_member(actor)
    documents = [r.document for r in service.list_documents(db, actor=actor)]
    comparison = None
    if a is not None and b is not None:
        comparison = alignment_service.compare(db, actor=actor, old_id=a, new_id=b)
    context = {
        "documents": documents,
        "a": a,
        "b": b,
        "cmp": comparison,
        **views.template_helpers(locale),
    }
    return render(request, "policy/compare.html", context, actor=actor)


# ---- JSON API ----------------------------------------------------------------------------


@api.get("/documents")
def api_documents(db: SessionDep, actor: ActorDep) -> list[DocumentOut]:
    return [
        DocumentOut.of(r.document, items=r.items) for r in service.list_documents(db, actor=actor)
    ]


@api.get("/documents/{document_id}")
def api_document(db: SessionDep, actor: ActorDep, document_id: int) -> DocumentDetailOut:
    doc = service.get_document(db, actor=actor, document_id=document_id)
    base = DocumentOut.of(doc).model_dump()
    items = [ItemOut.of(i) for i in sorted(doc.items, key=lambda i: i.position)]
    return DocumentDetailOut(**base, item_list=items)


@api.post("/documents", status_code=201)
async def api_upload(
    request: Request, db: SessionDep, actor: ActorDep, settings: SettingsDep
) -> DocumentOut:
    """Multipart upload (field ``file``); staff only. 413 when over the size limit, 409 when
    the same file is already stored."""
    require_staff(actor)
    limit = upload_limit(settings)
    await read_capped_body(request, limit=limit)  # 413 through the error handler
    try:
        filename, data = await uploaded_file(request, limit=limit)
        document = await run_in_threadpool(
            service.ingest_document, db, actor=actor, data=data, filename=filename, max_bytes=limit
        )
    finally:
        await request.close()
    return DocumentOut.of(document)


@api.get("/items")
def api_items(
    db: SessionDep,
    actor: ActorDep,
    q: str = "",
    document_id: int | None = None,
    use_case: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[ItemOut]:
    hits = search_service.search_items(
        db, actor=actor, q=q, document_id=document_id, use_case=use_case, limit=limit
    )
    return [ItemOut.of(h.item, score=h.score if q.strip() else None) for h in hits]


@api.get("/items/{item_id}")
def api_item(
    db: SessionDep, actor: ActorDep, locale: LocaleDep, settings: SettingsDep, item_id: int
) -> ItemDetailOut:
    alignment = alignment_service.align_item(
        db,
        actor=actor,
        item_id=item_id,
        data_dir=settings.data_dir,
        region=settings.region_code,
        locale=locale,
    )
    return ItemDetailOut.of_alignment(alignment, region=settings.region_code)
