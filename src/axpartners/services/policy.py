"""Policy documents in the database: ingest (extract → structure → tag), browse, search, align.

Ingestion runs the pure core (:func:`axpartners.policy.pipeline.analyse_document`) and stores
the document and all its items in the caller's transaction, or nothing on error. A file is
identified by its SHA-256: uploading the same bytes again raises
``Conflict("policy_service.duplicate")`` naming the stored document (the CLI import and the
demo loader treat that as "already there").

Alignment of one item with the region ("이 과제에 맞는 부산의 수요와 파트너"):

* **needs** — BM25 over the needs index (:mod:`axpartners.services.search`) with the item's
  text (and its sub-items' text, so a chapter covers its tasks), plus needs whose label is one
  of the item's use-case tags. Score = normalised BM25 (best hit = 1) + 0.5 for a label match.
* **partners** — :func:`axpartners.matching.rank.rank_partners` with a
  :class:`~axpartners.matching.profiles.NeedProfile` made of the item text, its use-case tags
  as labels, its first industry tag and the council's region.
* **strengths** — the item's KSIC industry tags looked up among the region's current
  specialisations (RCA ≥ 1) and ranked opportunities (:mod:`axpartners.services.strengths`);
  also the region's specialisations whose linked AI use cases include one of the item's
  use-case tags. Skipped when no regional statistics are loaded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePosixPath, PureWindowsPath

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from axpartners.db.tables import Need, PolicyDocument, PolicyItem
from axpartners.errors import AxError, Conflict, InputError, NotFound
from axpartners.matching.profiles import NeedProfile
from axpartners.matching.rank import Match, rank_partners
from axpartners.policy.compare import Comparison, compare_documents
from axpartners.policy.extract import MAX_DOCUMENT_BYTES
from axpartners.policy.pipeline import analyse_document
from axpartners.policy.structure import PolicyItem as CoreItem
from axpartners.policy.tagging import Evidence, Tag
from axpartners.services import audit
from axpartners.services.actors import SYSTEM, Actor, require_member, require_staff
from axpartners.taxonomy import taxonomy_ids

OCR_PREFIX = "pages_without_text:"
"""``warnings`` entry listing the pages without a text layer (``pages_without_text:3,7``)."""
DEMO_FILE = "data/demo/policy_ai_manufacturing_2026.txt"
DEMO_FILENAME = "(예시) 2026년 제조 AI 전환 지원 계획.txt"
LABEL_BONUS = 0.5
SUBTREE_CHARS = 6000


# ---- ingestion ---------------------------------------------------------------------------


def clean_filename(name: str) -> str:
    """The file name without any folder part (``../../x.pdf`` → ``x.pdf``), at most 300 chars."""
    base = PureWindowsPath(PurePosixPath(name.replace("\x00", "")).name).name.strip()
    return (base or "upload")[-300:]


def _year_of(title: str, tags: Sequence[Sequence[Tag]]) -> int | None:
    """The document's year: the first year in its title, else the most mentioned year."""
    from axpartners.policy.tagging import tag_years

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


# ---- search ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemHit:
    item: PolicyItem
    score: float


def search_items(
    session: Session,
    *,
    actor: Actor,
    q: str,
    document_id: int | None = None,
    use_case: str | None = None,
    limit: int = 50,
) -> list[ItemHit]:
    """Items ranked by Korean full-text relevance to ``q`` (BM25 on Kiwi morphemes); with an
    empty ``q`` and a ``use_case``, the items tagged with it."""
    from axpartners.services.policy_search import search_item_ids

    require_member(actor)
    if limit < 1:
        raise InputError("import.bad_value", column="limit", value=limit, hint=">= 1")
    if q.strip():
        hits = search_item_ids(session, query=q, limit=max(limit * 4, 200))
        if not hits:
            return []
        rows = {
            item.id: item
            for item in session.scalars(
                select(PolicyItem).where(PolicyItem.id.in_([i for i, _ in hits]))
            )
        }
        ranked = [ItemHit(rows[i], s) for i, s in hits if i in rows]
    else:
        query = select(PolicyItem).order_by(PolicyItem.document_id.desc(), PolicyItem.position)
        if document_id is not None:
            query = query.where(PolicyItem.document_id == document_id)
        ranked = [ItemHit(item, 0.0) for item in session.scalars(query)]
        if use_case is None:
            return ranked[:limit]
    if document_id is not None:
        ranked = [h for h in ranked if h.item.document_id == document_id]
    if use_case:
        ranked = [h for h in ranked if use_case in tag_values(h.item, "use_case")]
    return ranked[:limit]


# ---- alignment ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NeedLink:
    need: Need
    score: float
    text_score: float
    label_match: bool


@dataclass(frozen=True, slots=True)
class StrengthLink:
    """``kind`` is ``specialisation`` (RCA ≥ 1 now) or ``opportunity`` (ranked candidate);
    ``via`` is ``industry`` (the item names the industry) or the use-case id that links them."""

    industry: str
    kind: str
    via: str
    rca: float
    rank: int | None = None
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Alignment:
    item: PolicyItem
    use_cases: tuple[str, ...]
    industries: tuple[str, ...]
    needs: tuple[NeedLink, ...]
    partners: tuple[Match, ...]
    strengths: tuple[StrengthLink, ...]
    strengths_available: bool
    strengths_source: str = ""
    strengths_synthetic: bool = False
    notes: tuple[str, ...] = field(default=())


def _alignment_text(item: PolicyItem) -> str:
    parts = [f"{i.title}\n{i.text}" for i in subtree(item)]
    return "\n".join(parts)[:SUBTREE_CHARS]


def _use_cases(items: Sequence[PolicyItem]) -> tuple[str, ...]:
    known = set(taxonomy_ids())
    return tuple(dict.fromkeys(v for i in items for v in tag_values(i, "use_case") if v in known))


def related_needs(
    session: Session,
    *,
    text: str,
    use_cases: Sequence[str],
    region: str,
    data_dir: Path,
    top: int = 10,
) -> list[NeedLink]:
    """Needs of ``region`` (or without a region) related to ``text`` and ``use_cases``."""
    from axpartners.services.search import search_need_ids

    hits = search_need_ids(session, data_dir=data_dir, query=text, limit=200)
    best = max((s for _, s in hits), default=0.0)
    text_scores = {need_id: s / best for need_id, s in hits} if best > 0 else {}
    ids = set(text_scores)
    if use_cases:
        ids |= set(session.scalars(select(Need.id).where(Need.label.in_(list(use_cases)))))
    if not ids:
        return []
    links = []
    for need in session.scalars(select(Need).where(Need.id.in_(list(ids)))):
        if need.region not in (None, "", region):
            continue
        label_match = need.label in use_cases if need.label else False
        text_score = text_scores.get(need.id, 0.0)
        links.append(
            NeedLink(
                need=need,
                score=round(text_score + (LABEL_BONUS if label_match else 0.0), 4),
                text_score=round(text_score, 4),
                label_match=label_match,
            )
        )
    links.sort(key=lambda link: (-link.score, -link.need.id))
    return links[:top]


def related_partners(
    session: Session,
    *,
    item: PolicyItem,
    text: str,
    use_cases: Sequence[str],
    industries: Sequence[str],
    region: str,
    top: int = 8,
    locale: str = "ko",
) -> list[Match]:
    from axpartners.db.tables import Organisation
    from axpartners.services.matching import partner_index

    if not session.scalar(select(func.count()).select_from(Organisation)):
        return []
    profile = NeedProfile(
        id=f"policy-item-{item.id}",
        text=text,
        labels=tuple(use_cases),
        industry=industries[0] if industries else "",
        region=region,
        title=item.title,
    )
    try:
        return rank_partners(profile, partner_index(session), top=top, locale=locale)
    except InputError:
        return []


def _industry_matches(label: str, code: str) -> bool:
    """A dataset label (section letter or KSIC code at any level) covers the item's division."""
    if label.isalpha() and len(label) == 1:
        from axpartners.services.strengths import to_section

        try:
            return to_section(code) == label.upper()
        except InputError:
            return False
    return label == code or label.startswith(code) or code.startswith(label)


def related_strengths(
    session: Session, *, use_cases: Sequence[str], industries: Sequence[str], region: str
) -> tuple[list[StrengthLink], bool, str, bool]:
    """``(links, available, source, synthetic)``; ``available`` is False without statistics."""
    try:
        from axpartners.services import strengths
    except ImportError:  # pragma: no cover - strengths is optional
        return [], False, "", False
    try:
        rs = strengths.region_strengths(session, region=region)
    except AxError:
        return [], False, "", False
    links: list[StrengthLink] = []
    seen: set[tuple[str, str]] = set()
    for code in industries:
        for spec in rs.specialisations:
            if _industry_matches(spec.industry, code) and (spec.industry, "s") not in seen:
                seen.add((spec.industry, "s"))
                links.append(StrengthLink(spec.industry, "specialisation", "industry", spec.rca))
        for opp in rs.opportunities:
            if _industry_matches(opp.industry, code) and (opp.industry, "o") not in seen:
                seen.add((opp.industry, "o"))
                links.append(
                    StrengthLink(
                        opp.industry, "opportunity", "industry", opp.rca, opp.rank, opp.score
                    )
                )
    wanted = set(use_cases)
    by_use_case = 0
    for spec in rs.specialisations:
        if by_use_case >= 5 or (spec.industry, "s") in seen:
            continue
        linked = [u.id for u in rs.usecases.get(spec.industry, ()) if u.id in wanted]
        if linked:
            seen.add((spec.industry, "s"))
            links.append(StrengthLink(spec.industry, "specialisation", linked[0], spec.rca))
            by_use_case += 1
    return links, True, rs.source, rs.is_synthetic


def align_item(
    session: Session,
    *,
    actor: Actor,
    item_id: int,
    data_dir: Path,
    region: str = "26",
    locale: str = "ko",
    top: int = 8,
) -> Alignment:
    """The region's needs, partners and strengths for one policy item (see module doc)."""
    item = get_item(session, actor=actor, item_id=item_id)
    tree = subtree(item)
    text = _alignment_text(item)
    use_cases = _use_cases(tree)
    industries = tuple(dict.fromkeys(v for i in tree for v in tag_values(i, "industry")))
    needs = related_needs(
        session, text=text, use_cases=use_cases, region=region, data_dir=data_dir, top=top
    )
    partners = related_partners(
        session,
        item=item,
        text=text,
        use_cases=use_cases,
        industries=industries,
        region=region,
        top=top,
        locale=locale,
    )
    links, available, source, synthetic = related_strengths(
        session, use_cases=use_cases, industries=industries, region=region
    )
    return Alignment(
        item=item,
        use_cases=use_cases,
        industries=industries,
        needs=tuple(needs),
        partners=tuple(partners),
        strengths=tuple(links),
        strengths_available=available,
        strengths_source=source,
        strengths_synthetic=synthetic,
    )


# ---- comparison --------------------------------------------------------------------------


def core_items(document: PolicyDocument) -> list[CoreItem]:
    """The stored items as core :class:`~axpartners.policy.structure.PolicyItem` objects."""
    parents = parents_of(document.items)
    return [
        CoreItem(
            seq=i.position,
            item_no=i.item_no,
            path=i.path,
            level=i.level,
            marker="",
            title=i.title,
            text=i.text,
            page=i.page,
            parent=parents.get(i.position),
        )
        for i in sorted(document.items, key=lambda x: x.position)
    ]


@dataclass(frozen=True, slots=True)
class DocumentComparison:
    old: PolicyDocument
    new: PolicyDocument
    result: Comparison
    old_ids: dict[int, int]
    new_ids: dict[int, int]
    """``position → item id`` of each document, to link the compared items."""


def compare(
    session: Session, *, actor: Actor, old_id: int, new_id: int, threshold: float = 0.6
) -> DocumentComparison:
    """New, removed and changed items between two stored documents (paired by title)."""
    old = get_document(session, actor=actor, document_id=old_id)
    new = get_document(session, actor=actor, document_id=new_id)
    if not 0 < threshold <= 1:
        raise InputError("import.bad_value", column="threshold", value=threshold, hint="0–1")
    result = compare_documents(core_items(old), core_items(new), threshold=threshold)
    return DocumentComparison(
        old=old,
        new=new,
        result=result,
        old_ids={i.position: i.id for i in old.items},
        new_ids={i.position: i.id for i in new.items},
    )


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
