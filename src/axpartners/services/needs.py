"""Needs: public intake, staff import, listing, labelling and erasure of personal data (SPEC §7)."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
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
