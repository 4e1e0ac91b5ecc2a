"""Policy intelligence pages and API: library, document item tree, item alignment, comparison.

Uploads are hostile (SPEC §7): the request body is read with a cap (the declared
``Content-Length`` is checked first, then the stream is counted), so an oversized file is
refused without being read; the extractors then check format, zip bombs and paths.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from axpartners.codes import industry_name
from axpartners.config import Settings
from axpartners.db.tables import PolicyDocument, PolicyItem
from axpartners.errors import AxError, Conflict, InputError, UploadTooLarge
from axpartners.i18n.catalog import render_error, translate
from axpartners.policy.tagging import TAG_KINDS, summarize_tags, total_budget
from axpartners.services import (
    policy as service,
    policy_alignment as alignment_service,
    policy_search as search_service,
)
from axpartners.services.actors import require_member, require_staff
from axpartners.taxonomy import load_taxonomy
from axpartners.units import format_won
from axpartners.web.deps import ActorDep, LocaleDep, SessionDep, SettingsDep, render
from axpartners.web.security import CSRF, verify_csrf

router = APIRouter(prefix="/policy", tags=["pages"], include_in_schema=False)
api = APIRouter(prefix="/policy", tags=["policy"])
MULTIPART_SLACK = 64 * 1024
"""Room for the multipart envelope (boundaries, headers, the CSRF field) above the file limit."""


# ---- upload ------------------------------------------------------------------------------


def _limit(settings: Settings) -> int:
    return settings.max_upload_mb * 2**20


def _too_large(size: int, limit: int) -> UploadTooLarge:
    return UploadTooLarge(
        "policy.too_large",
        file="",
        size_mb=round(size / 2**20, 1),
        limit_mb=round(limit / 2**20, 1),
    )


async def read_capped_body(request: Request, *, limit: int) -> None:
    """Read the request body, refusing it as soon as it exceeds ``limit`` + envelope.

    A declared ``Content-Length`` over the cap is refused before reading anything; a chunked
    body is counted as it arrives. The body is then cached on the request so that
    ``request.form()`` (and the CSRF check) parse it from memory.
    """
    cap = limit + MULTIPART_SLACK
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise _too_large(int(declared), limit)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > cap:
            raise _too_large(len(body), limit)
    # starlette replays a cached body to form() and the CSRF check
    request._body = bytes(body)


async def _uploaded_file(request: Request, *, limit: int) -> tuple[str, bytes]:
    """The ``file`` field of a multipart form already read by :func:`read_capped_body`."""
    try:
        form = await request.form(max_files=1, max_fields=10)
    except (ValueError, KeyError, AssertionError) as exc:
        raise InputError("policy_service.bad_upload", detail=str(exc)[:100]) from None
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InputError("policy_service.no_file_chosen")
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(len(data), limit)
    return upload.filename, data


def _status_of(err: AxError) -> int:
    if isinstance(err, UploadTooLarge) or err.code == "policy.too_large":
        return 413
    if isinstance(err, Conflict):
        return 409
    return 400


# ---- view helpers ------------------------------------------------------------------------


def _budget_text(amount: int, locale: str) -> str:
    """Won as 억원 (100 million) or 만원 (10 thousand) for reading, never rounded to zero."""
    return format_won(amount, locale)


def _tag_label(kind: str, value: str, locale: str) -> str:
    if kind == "use_case":
        for use_case in load_taxonomy():
            if use_case.id == value:
                return use_case.label(locale)
        return value
    if kind == "industry":
        name = industry_name(value, locale)
        return f"{value} {name}" if name and name != value else value
    if kind == "budget":
        return _budget_text(int(value), locale)
    return value


def _grouped_tags(item: PolicyItem, locale: str) -> list[dict[str, Any]]:
    """Tags grouped by kind (in the core's kind order), one chip per distinct value with all its
    evidence snippets."""
    groups: dict[str, dict[str, list[str]]] = {}
    for tag in service.tags_of(item):
        groups.setdefault(tag.kind, {}).setdefault(tag.value, []).append(tag.evidence.text)
    out = []
    for kind in TAG_KINDS:
        if kind not in groups:
            continue
        chips = [
            {
                "value": value,
                "label": _tag_label(kind, value, locale),
                "evidence": " · ".join(dict.fromkeys(evidence)),
            }
            for value, evidence in groups[kind].items()
        ]
        out.append(
            {"kind": kind, "label": translate(f"policy.tag_kind.{kind}", locale), "chips": chips}
        )
    return out


def _summary(document: PolicyDocument, locale: str) -> dict[str, Any]:
    tags = [t for item in document.items for t in service.tags_of(item)]
    summary = summarize_tags(tags)
    return {
        "kinds": [
            {
                "kind": kind,
                "label": translate(f"policy.tag_kind.{kind}", locale),
                "values": [
                    {"value": v, "label": _tag_label(kind, v, locale), "count": n}
                    for v, n in summary[kind][:12]
                ],
            }
            for kind in ("use_case", "industry", "ministry", "year")
            if kind in summary
        ],
        "budget": total_budget(tags),
    }


def item_label(item_no: str) -> str:
    """An item's own label for display: bullets keep their symbol without the sibling ordinal
    the core adds (``□2`` → ``□``); numbers, letters and roman numerals stay as they are."""
    if item_no and not item_no[0].isalnum() and not item_no.startswith("("):
        return item_no.rstrip("0123456789") or item_no
    return item_no


def path_label(path: str) -> str:
    return " > ".join(item_label(part) for part in path.split(" > "))


def _common(locale: str) -> dict[str, Any]:
    return {
        "tag_label": lambda kind, value: _tag_label(kind, value, locale),
        "use_cases_of": lambda item: service.tag_values(item, "use_case"),
        "item_label": item_label,
        "path_label": path_label,
    }


def _library_context(
    db: SessionDep, actor: ActorDep, locale: str, *, q: str = "", error: str | None = None
) -> dict[str, Any]:
    hits = search_service.search_items(db, actor=actor, q=q, limit=50) if q.strip() else []
    return {
        "documents": service.list_documents(db, actor=actor),
        "q": q,
        "hits": hits,
        "error": error,
        **_common(locale),
    }


# ---- pages -------------------------------------------------------------------------------


@router.get("")
def library(
    request: Request, db: SessionDep, actor: ActorDep, locale: LocaleDep, q: str = ""
) -> Response:
    require_member(actor)
    context = _library_context(db, actor, locale, q=q)
    if request.headers.get("hx-request") == "true":
        return render(request, "policy/_hits.html", context, actor=actor)
    return render(request, "policy/library.html", context, actor=actor)


@router.post("/upload")
async def upload(
    request: Request, db: SessionDep, actor: ActorDep, locale: LocaleDep, settings: SettingsDep
) -> Response:
    require_staff(actor)
    limit = _limit(settings)
    try:
        await read_capped_body(request, limit=limit)
        await verify_csrf(request)
        filename, data = await _uploaded_file(request, limit=limit)
        document = await run_in_threadpool(
            service.ingest_document, db, actor=actor, data=data, filename=filename, max_bytes=limit
        )
    except (InputError, Conflict) as err:
        db.rollback()
        context = await run_in_threadpool(
            _library_context, db, actor, locale, error=render_error(err, locale)
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
        "items": [{"row": i, "tags": _grouped_tags(i, locale)} for i in items],
        "summary": _summary(document, locale),
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
        **_common(locale),
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
        "tags": _grouped_tags(item, locale),
        "alignment": alignment,
        "region": settings.region_code,
        **_common(locale),
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
    context = {"documents": documents, "a": a, "b": b, "cmp": comparison, **_common(locale)}
    return render(request, "policy/compare.html", context, actor=actor)


# ---- JSON API ----------------------------------------------------------------------------


class TagOut(BaseModel):
    kind: str
    value: str
    evidence: dict[str, Any]


class DocumentOut(BaseModel):
    id: int
    title: str
    filename: str
    format: str
    sha256: str
    pages: int | None
    year: int | None
    items: int
    warnings: list[str]
    pages_without_text: list[int]
    uploaded_at: str
    uploaded_by: str | None

    @classmethod
    def of(cls, doc: PolicyDocument, *, items: int | None = None) -> DocumentOut:
        return cls(
            id=doc.id,
            title=doc.title,
            filename=doc.filename,
            format=doc.format,
            sha256=doc.sha256,
            pages=doc.pages,
            year=doc.year,
            items=len(doc.items) if items is None else items,
            warnings=service.warning_codes(doc),
            pages_without_text=service.ocr_pages(doc),
            uploaded_at=doc.uploaded_at.isoformat(),
            uploaded_by=doc.uploaded_by,
        )


class ItemOut(BaseModel):
    id: int
    document_id: int
    document_title: str
    position: int
    item_no: str
    path: str
    level: int
    title: str
    text: str
    page: int | None
    tags: list[TagOut]
    score: float | None = None

    @classmethod
    def of(cls, item: PolicyItem, *, score: float | None = None) -> ItemOut:
        return cls(
            id=item.id,
            document_id=item.document_id,
            document_title=item.document.title,
            position=item.position,
            item_no=item.item_no,
            path=item.path,
            level=item.level,
            title=item.title,
            text=item.text,
            page=item.page,
            tags=[TagOut.model_validate(t) for t in item.tags or ()],
            score=None if score is None else round(score, 4),
        )


class DocumentDetailOut(DocumentOut):
    item_list: list[ItemOut]


class NeedLinkOut(BaseModel):
    id: int
    ref: str
    title: str
    label: str | None
    region: str | None
    score: float
    text_score: float
    label_match: bool


class PartnerLinkOut(BaseModel):
    partner_id: str
    name: str
    score: float
    reasons: list[str]


class StrengthLinkOut(BaseModel):
    industry: str
    kind: str
    via: str
    rca: float
    rank: int | None
    score: float | None


class AlignmentOut(BaseModel):
    region: str
    use_cases: list[str]
    industries: list[str]
    needs: list[NeedLinkOut]
    partners: list[PartnerLinkOut]
    strengths: list[StrengthLinkOut]
    strengths_available: bool
    strengths_source: str
    strengths_synthetic: bool


class ItemDetailOut(ItemOut):
    alignment: AlignmentOut


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
    limit = _limit(settings)
    try:
        await read_capped_body(request, limit=limit)
    except UploadTooLarge as err:
        from fastapi.responses import JSONResponse

        body = {"error": {"code": err.code, "message": render_error(err, "ko"),
                          "message_en": render_error(err, "en"), "params": dict(err.params)}}  # fmt: skip
        return JSONResponse(body, status_code=413)  # type: ignore[return-value]
    try:
        filename, data = await _uploaded_file(request, limit=limit)
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
    base = ItemOut.of(alignment.item).model_dump()
    return ItemDetailOut(
        **base,
        alignment=AlignmentOut(
            region=settings.region_code,
            use_cases=list(alignment.use_cases),
            industries=list(alignment.industries),
            needs=[
                NeedLinkOut(
                    id=link.need.id,
                    ref=link.need.ref,
                    title=link.need.title,
                    label=link.need.label,
                    region=link.need.region,
                    score=link.score,
                    text_score=link.text_score,
                    label_match=link.label_match,
                )
                for link in alignment.needs
            ],
            partners=[
                PartnerLinkOut(
                    partner_id=m.partner_id,
                    name=m.name,
                    score=round(m.score, 4),
                    reasons=list(m.reasons),
                )
                for m in alignment.partners
            ],
            strengths=[
                StrengthLinkOut(
                    industry=s.industry,
                    kind=s.kind,
                    via=s.via,
                    rca=round(s.rca, 4),
                    rank=s.rank,
                    score=None if s.score is None else round(s.score, 4),
                )
                for s in alignment.strengths
            ],
            strengths_available=alignment.strengths_available,
            strengths_source=alignment.strengths_source,
            strengths_synthetic=alignment.strengths_synthetic,
        ),
    )
