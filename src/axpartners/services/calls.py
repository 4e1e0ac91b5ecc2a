"""Calls for proposals (공고) in the database: import, the deadline board, corrections.

Import reads the uploaded file with the policy extractors (HWP/HWPX/PDF/DOCX/HTML/TXT), runs
the pure :func:`axpartners.calls.extract_call` and stores the call with its facts and the AI
use cases its text is about, in the caller's transaction, or nothing on error. A file is
identified by its SHA-256: the same bytes again raise ``Conflict("calls.duplicate")``.
Corrections keep the original extraction (``Call.extracted``) and add one
:class:`~axpartners.db.tables.CallCorrection` per change; both are audited. Which candidates
fit a call is :mod:`axpartners.services.calls_fit`, its team
:mod:`axpartners.services.calls_team`, the draft :mod:`axpartners.services.calls_draft`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from axpartners.calls import extract_call
from axpartners.calls.correct import apply_correction, current_value, parse_fact
from axpartners.clock import today as local_today
from axpartners.db.tables import Call, CallCorrection
from axpartners.errors import Conflict, InputError, NotFound
from axpartners.policy.extract import MAX_DOCUMENT_BYTES, extract_document
from axpartners.policy.tagging import tag_text
from axpartners.services import audit
from axpartners.services.actors import SYSTEM, Actor, require_member, require_staff
from axpartners.services.policy import clean_filename

DEMO_FILE = "data/calls/mss_manufacturing_ai_smart_factory_2026_call.hwp"
DEMO_FILENAME = "2026년도 제조AI특화 스마트공장 구축지원사업 공고.hwp"
MIN_FIELD_MENTIONS = 2
"""A use case is one of the call's fields when its text mentions it at least this often."""


def call_fields(text: str) -> list[str]:
    """AI use cases (taxonomy ids) mentioned at least twice in the call, most mentioned first."""
    counts = Counter(t.value for t in tag_text(text) if t.kind == "use_case")
    return [uc for uc, n in counts.most_common() if n >= MIN_FIELD_MENTIONS]


def _deadline(facts: dict[str, Any]) -> dt.date | None:
    value = facts.get("apply_deadline")
    return dt.date.fromisoformat(value) if value else None


def find_by_hash(session: Session, sha256: str) -> Call | None:
    return session.scalar(select(Call).where(Call.sha256 == sha256))


def import_call(
    session: Session,
    *,
    actor: Actor,
    data: bytes,
    filename: str,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> Call:
    """Extract and store a call. Staff only; all-or-nothing.

    Raises ``InputError`` (``policy.*`` from the extractors: unreadable, corrupt, too large…;
    ``calls.no_facts`` when the document reads but has no call facts) or
    ``Conflict("calls.duplicate", call_id=…)`` for bytes already stored.
    """
    require_staff(actor)
    name = clean_filename(filename)
    sha = hashlib.sha256(data).hexdigest()
    existing = find_by_hash(session, sha)
    if existing is not None:
        raise Conflict("calls.duplicate", file=name, call_id=existing.id, title=existing.title)
    document = extract_document(data, filename=name, max_bytes=max_bytes)
    facts = extract_call(document.text, title_hint=document.title)
    if not facts.evidence:
        raise InputError("calls.no_facts", file=name)
    extracted = facts.to_dict()
    call = Call(
        title=(facts.title or Path(name).stem)[:300],
        filename=name,
        format=document.format,
        sha256=sha,
        extracted=extracted,
        facts=extracted,
        fields=call_fields(document.text),
        apply_deadline=_deadline(extracted),
        uploaded_by=actor.username,
    )
    session.add(call)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="calls.import",
        entity_type="call",
        entity_id=call.id,
        detail={"filename": name, "format": document.format, "sha256": sha},
    )
    return call


def import_call_file(session: Session, *, actor: Actor, path: Path) -> Call:
    """:func:`import_call` for a file on disk (CLI, demo)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(
            "policy.no_file", file=str(path), detail=exc.strerror or str(exc)
        ) from None
    return import_call(session, actor=actor, data=data, filename=Path(path).name)


def load_demo_call(session: Session) -> int:
    """Import the real 2026 제조AI특화 스마트공장 공고 shipped with the demo; 0 if already there."""
    data = resources.files("axpartners").joinpath(DEMO_FILE).read_bytes()
    if find_by_hash(session, hashlib.sha256(data).hexdigest()) is not None:
        return 0
    call = import_call(session, actor=SYSTEM, data=data, filename=DEMO_FILENAME)
    call.is_example = True
    return 1


# ---- reading ------------------------------------------------------------------------------


def get_call(session: Session, *, actor: Actor, call_id: int) -> Call:
    require_member(actor)
    call = session.get(Call, call_id)
    if call is None:
        raise NotFound("not_found", what="call", key=call_id)
    return call


def d_day(deadline: dt.date | None, today: dt.date) -> int | None:
    """Days left until the deadline (0 on the day, negative once closed), in Asia/Seoul."""
    return None if deadline is None else (deadline - today).days


@dataclass(frozen=True, slots=True)
class CallRow:
    call: Call
    d_day: int | None

    @property
    def is_open(self) -> bool:
        return self.d_day is None or self.d_day >= 0


def list_row(call: Call, today: dt.date | None = None) -> CallRow:
    return CallRow(call, d_day(call.apply_deadline, today or local_today()))


def list_calls(
    session: Session, *, actor: Actor, today: dt.date | None = None
) -> tuple[list[CallRow], list[CallRow]]:
    """``(open, closed)``: open calls by deadline (soonest first, no deadline last) and closed
    ones most recently closed first. ``today`` defaults to the council's date (Asia/Seoul)."""
    require_member(actor)
    day = today or local_today()
    rows = [
        CallRow(call, d_day(call.apply_deadline, day))
        for call in session.scalars(select(Call).where(Call.status == "active"))
    ]
    far = dt.date.max
    open_rows = sorted(
        (r for r in rows if r.is_open), key=lambda r: (r.call.apply_deadline or far, r.call.id)
    )
    closed = sorted(
        (r for r in rows if not r.is_open),
        key=lambda r: (r.call.apply_deadline or far, r.call.id),
        reverse=True,
    )
    return open_rows, closed


# ---- corrections --------------------------------------------------------------------------


def correct_fact(
    session: Session, *, actor: Actor, call_id: int, field: str, raw: str, note: str = ""
) -> CallCorrection:
    """Set one fact to what a person typed; the old value and who/when are kept. Staff only."""
    require_staff(actor)
    call = get_call(session, actor=actor, call_id=call_id)
    value = parse_fact(field, raw)
    old = current_value(call.facts, field)
    if value == old:
        raise InputError("calls.same_value", field=field)
    call.facts = apply_correction(call.facts, field, value)
    call.apply_deadline = _deadline(call.facts)
    if field == "title" and value:
        call.title = str(value)[:300]
    correction = CallCorrection(
        field=field,
        old_value=old,
        new_value=value,
        note=note.strip()[:500],
        corrected_by=actor.username,
    )
    call.corrections.append(correction)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="calls.correct",
        entity_type="call",
        entity_id=call.id,
        detail={"field": field, "old": old, "new": value},
    )
    return correction


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """The original extraction (``field`` is None) or one correction."""

    at: dt.datetime
    by: str
    field: str | None
    old: Any
    new: Any
    note: str


def fact_history(call: Call) -> list[HistoryEntry]:
    """The extraction, then each correction in order."""
    out = [HistoryEntry(call.uploaded_at, call.uploaded_by or "", None, None, None, call.filename)]
    out += [
        HistoryEntry(c.corrected_at, c.corrected_by, c.field, c.old_value, c.new_value, c.note)
        for c in call.corrections
    ]
    return out
