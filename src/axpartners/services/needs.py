"""Needs: public intake, staff import, listing, labelling and erasure of personal data (SPEC §7)."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session

from axpartners.classify.result import Classification
from axpartners.codes import normalize_industry, normalize_region
from axpartners.db.base import utcnow
from axpartners.db.tables import Need, NeedContact
from axpartners.districts import normalize_district, region_of_district
from axpartners.errors import InputError, NotFound
from axpartners.io.tables import Table
from axpartners.services import audit
from axpartners.services.actors import Actor, require_member, require_staff
from axpartners.services.labelling import apply_classification, classify_texts
from axpartners.services.search import search_need_ids, search_need_page
from axpartners.taxonomy import get_use_case

MAX_TEXT_CHARS = 20_000
# The public form and the API ask for at least this many letters or digits: "AI" or "도와주세요"
# says nothing a partner could answer, and gets no recommendations (see ``is_meaningful``).
MIN_MEANINGFUL_CHARS = 10
_MEANINGFUL = re.compile(r"[가-힣A-Za-z0-9]")
_LETTER = re.compile(r"[가-힣A-Za-z]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TRUE = {"true", "1", "yes", "y", "예", "동의", "o"}
_FALSE = {"false", "0", "no", "n", "아니오", "미동의", "x", ""}
SIZES = ("micro", "small", "medium", "large")
# A full-text search lists at most this many needs, the most relevant (the count says so too).
SEARCH_CAP = 2000


@dataclass(frozen=True, slots=True)
class NeedInput:
    text: str
    title: str = ""
    company: str = ""
    industry: str | None = None
    region: str | None = None
    district: str | None = None
    company_size: str | None = None
    external_id: str | None = None
    submitted_at: datetime | None = None
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    consent: bool = False


def meaningful_length(text: str) -> int:
    """Letters and digits in ``text`` (spaces, punctuation and emoji do not count)."""
    return len(_MEANINGFUL.findall(text))


def is_meaningful(text: str) -> bool:
    """Whether a need says enough to be matched with partners (at least MIN_MEANINGFUL_CHARS)."""
    return meaningful_length(text) >= MIN_MEANINGFUL_CHARS


def parse_need(
    record: Mapping[str, object],
    *,
    file: str | None = None,
    row: int | None = None,
    require_meaningful: bool = False,
) -> NeedInput:
    """Validate one need (form, API or file row); errors name the field/column.

    ``require_meaningful`` (public form and API) also refuses texts shorter than
    MIN_MEANINGFUL_CHARS letters; imports keep accepting them (old files stay valid) and such
    needs simply get no partner recommendations.
    """
    where = {"file": file, "row": row}

    def value(column: str) -> str:
        raw = record.get(column)
        return "" if raw is None else str(raw).strip()

    text = value("text")
    if not text:
        raise InputError("needs.empty_text", column="text", **where)
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            "needs.text_too_long", column="text", length=len(text), limit=MAX_TEXT_CHARS, **where
        )
    if not _LETTER.search(text):
        raise InputError("needs.text_without_words", column="text", **where)
    if require_meaningful and not is_meaningful(text):
        raise InputError(
            "needs.text_too_short",
            column="text",
            length=meaningful_length(text),
            minimum=MIN_MEANINGFUL_CHARS,
            **where,
        )
    industry = region = None
    if value("industry"):
        try:
            industry = normalize_industry(value("industry"))
        except InputError as err:
            raise InputError(err.code, column="industry", **{**err.params, **where}) from None
    if value("region"):
        try:
            region = normalize_region(value("region"))
        except InputError as err:
            raise InputError(err.code, column="region", **{**err.params, **where}) from None
    district = None
    if value("district"):
        try:
            district = normalize_district(value("district"), region)
        except InputError as err:
            raise InputError(err.code, column="district", **{**err.params, **where}) from None
        region = region or region_of_district(district)
    size = value("company_size") or None
    if size and size not in SIZES:
        raise InputError(
            "import.bad_value", column="company_size", value=size, hint=", ".join(SIZES), **where
        )
    submitted_at = None
    if value("submitted_at"):
        try:
            submitted_at = datetime.fromisoformat(value("submitted_at"))
        except ValueError:
            raise InputError(
                "import.bad_value",
                column="submitted_at",
                value=value("submitted_at"),
                hint="ISO 8601, 예: 2026-01-15",
                **where,
            ) from None
    consent_raw = value("consent").lower()
    if consent_raw not in _TRUE | _FALSE:
        raise InputError(
            "import.bad_value", column="consent", value=value("consent"), hint="true/false", **where
        )
    email = value("contact_email")
    if email and not _EMAIL.match(email):
        raise InputError(
            "import.bad_value", column="contact_email", value=email, hint="name@example.kr", **where
        )
    return NeedInput(
        text=text,
        title=value("title")[:300],
        company=value("company")[:200],
        industry=industry,
        region=region,
        district=district,
        company_size=size,
        external_id=value("id") or None,
        submitted_at=submitted_at,
        contact_name=value("contact_name")[:100],
        contact_email=email,
        contact_phone=value("contact_phone")[:40],
        consent=consent_raw in _TRUE,
    )


def content_hash(text: str, company: str) -> str:
    normalised = re.sub(r"\s+", " ", f"{company}|{text}").strip().lower()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def _new_ref() -> str:
    # 40 random bits a day: duplicate references stay negligible even at 100k needs a day.
    return f"N{utcnow():%Y%m%d}-{secrets.token_hex(5).upper()}"


def create_need(
    session: Session,
    *,
    actor: Actor,
    data: NeedInput,
    source: str = "form",
    classification: Classification | None = None,
) -> Need:
    """Store a need, auto-label it, and keep contact data apart, only with consent."""
    result = classification or classify_texts(session, [data.text])[0]
    need = Need(
        ref=_new_ref(),
        external_id=data.external_id,
        title=data.title or data.text[:60],
        text=data.text,
        company=data.company,
        industry=data.industry,
        region=data.region,
        district=data.district,
        company_size=data.company_size,
        source=source,
        submitted_at=data.submitted_at or utcnow(),
        content_hash=content_hash(data.text, data.company),
    )
    apply_classification(need, result)
    if data.consent and (data.contact_name or data.contact_email or data.contact_phone):
        need.contact = NeedContact(
            contact_name=data.contact_name,
            contact_email=data.contact_email,
            contact_phone=data.contact_phone,
            consent=True,
        )
    session.add(need)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity_type="need",
        entity_id=need.id,
        detail={"ref": need.ref, "source": source, "label": need.label},
    )
    return need


@dataclass(frozen=True, slots=True)
class NeedsImport:
    created: int
    duplicates: int


def import_needs(session: Session, *, actor: Actor, table: Table) -> NeedsImport:
    """All-or-nothing import; identical submissions (same company and text) are skipped."""
    require_staff(actor)
    table.require("text")
    parsed = [parse_need(record, file=table.name, row=row) for row, record in table.records()]
    if not parsed:
        raise InputError("import.empty", file=table.name)
    seen = set(session.scalars(select(Need.content_hash)))
    fresh: list[NeedInput] = []
    for data in parsed:
        digest = content_hash(data.text, data.company)
        if digest not in seen:
            seen.add(digest)
            fresh.append(data)
    results = classify_texts(session, [d.text for d in fresh]) if fresh else []
    for data, result in zip(fresh, results, strict=True):
        create_need(session, actor=actor, data=data, source="import", classification=result)
    return NeedsImport(created=len(fresh), duplicates=len(parsed) - len(fresh))


def _needs_query(
    session: Session,
    *,
    q: str,
    label: str | None,
    industry: str | None,
    region: str | None,
    review: bool,
    data_dir: Path | None,
) -> tuple[Select[Any], list[int] | None]:
    """The filtered query and, for a full-text search, the need ids in relevance order."""
    query = select(Need).order_by(Need.submitted_at.desc(), Need.id.desc())
    ranked: list[int] | None = None
    if q and data_dir is not None:
        hits = search_need_ids(session, data_dir=data_dir, query=q, limit=SEARCH_CAP)
        ranked = [need_id for need_id, _ in hits]
        query = query.where(Need.id.in_(ranked))
    elif q:
        pattern = f"%{q.strip()}%"
        query = query.where(
            or_(Need.text.ilike(pattern), Need.title.ilike(pattern), Need.company.ilike(pattern))
        )
    if label:
        query = query.where(Need.label == label)
    if industry:
        query = query.where(Need.industry.startswith(industry))
    if region:
        query = query.where(Need.region == region)
    if review:
        query = query.where(Need.needs_review, Need.label_confirmed.is_(False))
    return query, ranked


@dataclass(frozen=True, slots=True)
class NeedsPage:
    rows: list[Need]
    total: int  # how many needs match the filters, on every page


#: What a line of the needs list page shows, read as plain rows (:func:`need_lines_page`).
LINE_COLUMNS = (
    Need.id,
    Need.submitted_at,
    Need.company,
    Need.title,
    Need.industry,
    Need.label,
    Need.label_confirmed,
    Need.needs_review,
)


NeedLine = Row[*tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class NeedLinesPage:
    rows: list[NeedLine]  # LINE_COLUMNS of each need, by attribute (row.title, row.label …)
    total: int


def needs_page(
    session: Session,
    *,
    actor: Actor,
    q: str = "",
    label: str | None = None,
    industry: str | None = None,
    region: str | None = None,
    review: bool = False,
    limit: int = 200,
    offset: int = 0,
    data_dir: Path | None = None,
) -> NeedsPage:
    """One page of needs, newest first, and the number that match; with ``q`` and an index
    folder, ranked by Korean full-text relevance (the search runs once, and only the page's rows
    are loaded)."""
    require_member(actor)
    page, total = _page(
        session, q=q, label=label, industry=industry, region=region, review=review,
        limit=limit, offset=offset, data_dir=data_dir,
    )  # fmt: skip
    if not isinstance(page, list):
        return NeedsPage(list(session.scalars(page)), total)
    found = list(session.scalars(select(Need).where(Need.id.in_(page)))) if page else []
    return NeedsPage(_in_page_order(found, page), total)


def need_lines_page(
    session: Session,
    *,
    actor: Actor,
    q: str = "",
    label: str | None = None,
    industry: str | None = None,
    region: str | None = None,
    review: bool = False,
    limit: int = 200,
    offset: int = 0,
    data_dir: Path | None = None,
    version: tuple[str, int] | None = None,
) -> NeedLinesPage:
    """:func:`needs_page` for the list page: the same needs in the same order, only
    :data:`LINE_COLUMNS`, no ORM objects; ``version`` as the caller read it (read once)."""
    require_member(actor)
    page, total = _page(
        session, q=q, label=label, industry=industry, region=region, review=review,
        limit=limit, offset=offset, data_dir=data_dir, version=version,
    )  # fmt: skip
    lines: list[NeedLine]
    if not isinstance(page, list):
        lines = list(session.execute(page.with_only_columns(*LINE_COLUMNS)))
        return NeedLinesPage(lines, total)
    lines = list(session.execute(select(*LINE_COLUMNS).where(Need.id.in_(page)))) if page else []
    return NeedLinesPage(_in_page_order(lines, page), total)


def _in_page_order(found: list[Any], page: list[int]) -> list[Any]:
    """Needs (or their rows) loaded by ``IN``, back in the order of the page's ids."""
    order = {need_id: position for position, need_id in enumerate(page)}
    return sorted(found, key=lambda n: order[n.id])


def _page(
    session: Session,
    *,
    q: str,
    label: str | None,
    industry: str | None,
    region: str | None,
    review: bool,
    limit: int,
    offset: int,
    data_dir: Path | None,
    version: tuple[str, int] | None = None,
) -> tuple[Select[Any] | list[int], int]:
    """The page's needs — ids in relevance order, or the query of one page newest first — and
    how many needs match in all."""
    if q and data_dir is not None and not (label or industry or region or review):
        # Relevance order and nothing else to filter on: the index gives the page and the count
        # (it was reconciled in this session, so every hit is a need).
        return search_need_page(
            session, data_dir=data_dir, query=q, offset=offset, limit=limit, cap=SEARCH_CAP,
            version=version)  # fmt: skip
    query, ranked = _needs_query(
        session, q=q, label=label, industry=industry, region=region, review=review,
        data_dir=data_dir,
    )  # fmt: skip
    if ranked is None:
        # count(*), not count(id): SQLite counts the b-tree instead of reading every row id
        count = query.order_by(None).with_only_columns(func.count()).select_from(Need)
        return query.limit(limit).offset(offset), session.scalar(count) or 0
    order = {need_id: position for position, need_id in enumerate(ranked)}
    matching = session.scalars(query.order_by(None).with_only_columns(Need.id))
    ids = sorted(matching, key=order.__getitem__)
    return ids[offset : offset + limit], len(ids)


def count_needs(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Need)) or 0


def get_need(session: Session, *, actor: Actor, need_id: int) -> Need:
    require_member(actor)
    need = session.get(Need, need_id)
    if need is None:
        raise NotFound("not_found", what="need", key=need_id)
    return need


def set_label(session: Session, *, actor: Actor, need_id: int, label: str) -> Need:
    """Staff confirm or correct a label; confirmed labels train the supervised model."""
    require_staff(actor)
    get_use_case(label)
    need = get_need(session, actor=actor, need_id=need_id)
    before = need.label
    need.label = label
    need.label_confirmed = True
    need.needs_review = False
    audit.record(
        session,
        actor=actor,
        action="label",
        entity_type="need",
        entity_id=need.id,
        detail={"from": before, "to": label},
    )
    return need


def delete_need(session: Session, *, actor: Actor, need_id: int) -> None:
    """Delete a need and erase its personal data (the contact row goes with it)."""
    require_staff(actor)
    need = get_need(session, actor=actor, need_id=need_id)
    audit.record(
        session,
        actor=actor,
        action="delete",
        entity_type="need",
        entity_id=need.id,
        detail={"ref": need.ref, "had_contact": need.contact is not None},
    )
    session.delete(need)
    session.flush()
