"""Policy documents in the database: ingest (extract → structure → tag), list, read, delete, export.

Ingestion runs the pure core (:func:`axpartners.policy.pipeline.analyse_document`) and stores
the document and all its items in the caller's transaction, or nothing on error. A file is
identified by its SHA-256: uploading the same bytes again raises
``Conflict("policy_service.duplicate")`` naming the stored document (the CLI import and the
demo loader treat that as "already there"). Stored items are read back here with their tags
and their place in the document's outline; searching them is
:mod:`axpartners.services.policy_search`, relating them to the region and comparing two
documents is :mod:`axpartners.services.policy_alignment`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath, PureWindowsPath

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from axpartners.db.tables import PolicyDocument, PolicyItem
from axpartners.errors import Conflict, InputError, NotFound
from axpartners.policy.extract import MAX_DOCUMENT_BYTES
from axpartners.policy.pipeline import analyse_document
from axpartners.policy.tagging import Evidence, Tag, tag_years
from axpartners.services import audit
from axpartners.services.actors import SYSTEM, Actor, require_member, require_staff

OCR_PREFIX = "pages_without_text:"
"""``warnings`` entry listing the pages without a text layer (``pages_without_text:3,7``)."""
DEMO_FILE = "data/demo/policy_ai_manufacturing_2026.txt"
DEMO_FILENAME = "(예시) 2026년 제조 AI 전환 지원 계획.txt"


# ---- ingestion ---------------------------------------------------------------------------


def clean_filename(name: str) -> str:
    """The file name without any folder part (``../../x.pdf`` → ``x.pdf``), at most 300 chars."""
    base = PureWindowsPath(PurePosixPath(name.replace("\x00", "")).name).name.strip()
    return (base or "upload")[-300:]


def _year_of(title: str, tags: Sequence[Sequence[Tag]]) -> int | None:
    """The document's year: the first year in its title, else the most mentioned year."""
    in_title = [int(t.value) for t in tag_years(title)]
    if in_title:
        return in_title[0]
    counts: dict[int, int] = {}
    for item_tags in tags:
        for tag in item_tags:
            if tag.kind == "year":
                counts[int(tag.value)] = counts.get(int(tag.value), 0) + 1
    if not counts:
        return None
    return max(sorted(counts), key=lambda y: counts[y])


def find_by_hash(session: Session, sha256: str) -> PolicyDocument | None:
    return session.scalar(select(PolicyDocument).where(PolicyDocument.sha256 == sha256))


def ingest_document(
    session: Session,
    *,
    actor: Actor,
    data: bytes,
    filename: str,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> PolicyDocument:
    """Extract, structure and tag an uploaded document and store it with all its items.

    Staff only. All-or-nothing: every check and the whole analysis run before anything is
    added. Raises ``InputError`` (``policy.*`` from the extractors, ``policy.no_items``) or
    ``Conflict("policy_service.duplicate", document_id=…)`` for bytes already stored.
    """
    require_staff(actor)
    name = clean_filename(filename)
    sha = hashlib.sha256(data).hexdigest()
    existing = find_by_hash(session, sha)
    if existing is not None:
        raise Conflict(
            "policy_service.duplicate",
            file=name,
            document_id=existing.id,
            title=existing.title,
        )
    analysed = analyse_document(data, filename=name, max_bytes=max_bytes)
    if not analysed.items:
        raise InputError("policy.no_items", file=name)
    extracted = analysed.document
    title = (extracted.title or Path(name).stem).strip()[:300]
    warnings = list(extracted.warnings)
    if extracted.pages_without_text:
        warnings.append(OCR_PREFIX + ",".join(map(str, extracted.pages_without_text)))
    document = PolicyDocument(
        title=title,
        filename=name,
        format=extracted.format,
        sha256=sha,
        pages=extracted.page_count,
        year=_year_of(title, [ti.tags for ti in analysed.items]),
        warnings=warnings,
        uploaded_by=actor.username,
    )
    session.add(document)
    session.flush()
    # One executemany for the items (a 100-page plan has thousands).
    session.execute(
        insert(PolicyItem),
        [
            {
                "document_id": document.id,
                "position": ti.item.seq,
                "item_no": ti.item.item_no[:40],
                "path": ti.item.path[:400],
                "level": ti.item.level,
                "title": ti.item.title,
                "text": ti.item.text,
                "page": ti.item.page,
                "tags": [t.to_dict() for t in ti.tags],
            }
            for ti in analysed.items
        ],
    )
    audit.record(
        session,
        actor=actor,
        action="policy.ingest",
        entity_type="policy_document",
        entity_id=document.id,
        detail={
            "filename": name,
            "format": extracted.format,
            "sha256": sha,
            "items": len(analysed.items),
            "pages": extracted.page_count,
        },
    )
    return document


def import_policy_file(session: Session, *, actor: Actor, path: Path) -> str:
    """``axp import policy FILE``: ingest one file; a file already stored is reported, not
    an error. Returns a one-line summary."""
    require_staff(actor)
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise InputError(
                "policy.too_large",
                file=path.name,
                size_mb=round(size / 2**20, 1),
                limit_mb=round(MAX_DOCUMENT_BYTES / 2**20, 1),
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            "policy.no_file", file=str(path), detail=exc.strerror or str(exc)
        ) from None
    try:
        document = ingest_document(session, actor=actor, data=data, filename=path.name)
    except Conflict as err:
        if err.code != "policy_service.duplicate":
            raise
        return f"{path.name}: already imported as policy document {err.params['document_id']}"
    ocr = ocr_pages(document)
    note = f", OCR needed on pages {', '.join(map(str, ocr))}" if ocr else ""
    return (
        f"{path.name}: policy document {document.id} '{document.title}' "
        f"({document.format}, {len(document.items)} items{note})"
    )


def delete_document(session: Session, *, actor: Actor, document_id: int) -> None:
    require_staff(actor)
    document = session.get(PolicyDocument, document_id)
    if document is None:
        raise NotFound("not_found", what="policy document", key=document_id)
    audit.record(
        session,
        actor=actor,
        action="policy.delete",
        entity_type="policy_document",
        entity_id=document.id,
        detail={"filename": document.filename, "sha256": document.sha256},
    )
    session.delete(document)
    session.flush()


def load_demo_policy(session: Session) -> int:
    """Ingest the illustrative (예시) policy document shipped with the demo; 0 if it is already
    there, else 1. Idempotent (the file's SHA-256 is its identity)."""
    data = resources.files("axpartners").joinpath(DEMO_FILE).read_bytes()
    if find_by_hash(session, hashlib.sha256(data).hexdigest()) is not None:
        return 0
    ingest_document(session, actor=SYSTEM, data=data, filename=DEMO_FILENAME)
    return 1


# ---- reading -----------------------------------------------------------------------------


def ocr_pages(document: PolicyDocument) -> list[int]:
    """Pages without a text layer (a person should OCR them)."""
    for entry in document.warnings or ():
        if entry.startswith(OCR_PREFIX):
            return [int(p) for p in entry[len(OCR_PREFIX) :].split(",") if p.isdigit()]
    return []


def warning_codes(document: PolicyDocument) -> list[str]:
    """Message codes of the extraction warnings (without the OCR page list)."""
    return [w for w in document.warnings or () if not w.startswith(OCR_PREFIX)]


def tags_of(item: PolicyItem) -> tuple[Tag, ...]:
    """The stored tag dicts back as core :class:`Tag` objects."""
    out: list[Tag] = []
    for raw in item.tags or ():
        evidence = raw.get("evidence")
        ev = evidence if isinstance(evidence, dict) else {}
        out.append(
            Tag(
                kind=raw["kind"],  # type: ignore[arg-type]
                value=str(raw["value"]),
                evidence=Evidence(
                    start=int(ev.get("start", 0)),
                    end=int(ev.get("end", 0)),
                    text=str(ev.get("text", "")),
                ),
            )
        )
    return tuple(out)


def tag_values(item: PolicyItem, kind: str) -> list[str]:
    """Distinct tag values of one kind, in order of appearance."""
    return list(dict.fromkeys(t.value for t in tags_of(item) if t.kind == kind))


@dataclass(frozen=True, slots=True)
class DocumentRow:
    document: PolicyDocument
    items: int
    use_cases: tuple[tuple[str, int], ...]
    budget: int


def list_documents(session: Session, *, actor: Actor) -> list[DocumentRow]:
    """All documents, newest upload first, with item counts, top use cases and total budget
    (the sum of distinct amounts, as :func:`~axpartners.policy.tagging.total_budget`)."""
    require_member(actor)
    documents = list(
        session.scalars(
            select(PolicyDocument).order_by(
                PolicyDocument.uploaded_at.desc(), PolicyDocument.id.desc()
            )
        )
    )
    counts: dict[int, int] = {}
    use_cases: dict[int, dict[str, int]] = {}
    budgets: dict[int, set[int]] = {}
    for doc_id, tags in session.execute(select(PolicyItem.document_id, PolicyItem.tags)):
        counts[doc_id] = counts.get(doc_id, 0) + 1
        for tag in tags or ():
            if tag.get("kind") == "use_case":
                per_doc = use_cases.setdefault(doc_id, {})
                per_doc[str(tag["value"])] = per_doc.get(str(tag["value"]), 0) + 1
            elif tag.get("kind") == "budget":
                budgets.setdefault(doc_id, set()).add(int(str(tag["value"])))
    return [
        DocumentRow(
            document=doc,
            items=counts.get(doc.id, 0),
            use_cases=tuple(
                sorted(use_cases.get(doc.id, {}).items(), key=lambda kv: (-kv[1], kv[0]))[:5]
            ),
            budget=sum(budgets.get(doc.id, ())),
        )
        for doc in documents
    ]


def get_document(session: Session, *, actor: Actor, document_id: int) -> PolicyDocument:
    require_member(actor)
    document = session.get(PolicyDocument, document_id)
    if document is None:
        raise NotFound("not_found", what="policy document", key=document_id)
    return document


def get_item(session: Session, *, actor: Actor, item_id: int) -> PolicyItem:
    require_member(actor)
    item = session.get(PolicyItem, item_id)
    if item is None:
        raise NotFound("not_found", what="policy item", key=item_id)
    return item


def parents_of(items: Sequence[PolicyItem]) -> dict[int, int | None]:
    """Each item's parent position: the nearest preceding item of a lower level."""
    stack: list[PolicyItem] = []
    parents: dict[int, int | None] = {}
    for item in sorted(items, key=lambda i: i.position):
        while stack and stack[-1].level >= item.level:
            stack.pop()
        parents[item.position] = stack[-1].position if stack else None
        if item.level > 0:
            stack.append(item)
    return parents


def subtree(item: PolicyItem) -> list[PolicyItem]:
    """The item and its descendants (the following items of a deeper level), in order."""
    items = sorted(item.document.items, key=lambda i: i.position)
    out = [item]
    started = False
    for other in items:
        if other.id == item.id:
            started = True
            continue
        if not started:
            continue
        if other.level <= item.level or item.level == 0:
            break
        out.append(other)
    return out


def ancestors(item: PolicyItem) -> list[PolicyItem]:
    """The enclosing items from the top down (for a breadcrumb)."""
    by_position = {i.position: i for i in item.document.items}
    parents = parents_of(item.document.items)
    chain: list[PolicyItem] = []
    parent = parents.get(item.position)
    while parent is not None:
        chain.append(by_position[parent])
        parent = parents.get(parent)
    return list(reversed(chain))


# ---- export ------------------------------------------------------------------------------

EXPORT_HEADER = (
    "doc",
    "document_id",
    "item_id",
    "item_no",
    "path",
    "level",
    "title",
    "text",
    "page",
    "use_cases",
    "industries",
    "ministries",
    "years",
    "budgets_won",
)


def export_rows(session: Session) -> tuple[tuple[str, ...], list[list[object]]]:
    """``axp export policy FILE``: one row per item, tag values ``;``-separated (distinct, in
    order of appearance); ``doc`` is the file name as in ``axp policy extract``."""
    rows: list[list[object]] = []
    documents = session.scalars(select(PolicyDocument).order_by(PolicyDocument.id))
    for doc in documents:
        for item in sorted(doc.items, key=lambda i: i.position):
            rows.append(
                [
                    doc.filename,
                    doc.id,
                    item.id,
                    item.item_no,
                    item.path,
                    item.level,
                    item.title,
                    item.text,
                    item.page if item.page is not None else "",
                    *(
                        ";".join(tag_values(item, kind))
                        for kind in ("use_case", "industry", "ministry", "year", "budget")
                    ),
                ]
            )
    return EXPORT_HEADER, rows
