"""What the calls pages and API show: facts with evidence, D-day labels, board rows with fits.

Read-only helpers over :mod:`axpartners.services.calls` and :mod:`~.calls_fit`, so the route
module only parses the request and renders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from axpartners.calls.correct import CORRECTABLE, current_value, value_text
from axpartners.db.tables import Call
from axpartners.i18n.catalog import translate
from axpartners.services import calls as service, calls_fit
from axpartners.services.actors import Actor
from axpartners.units import format_won

SHOWN = (
    "title", "notice_no", "notice_date", "ministry", "agency", "eligibility", "exclusions",
    "total_budget_krw", "n_projects", "per_project_max_krw", "support_ratio", "duration_months",
    "apply_start", "apply_deadline", "apply_deadline_time", "apply_where", "plan_deadline",
    "consortium_roles", "evaluation", "bonus", "contacts",
)  # fmt: skip
BOARD_FITS = 3
_EVIDENCE_KEY = {"consortium_roles": "consortium", "apply_deadline_time": "apply_deadline"}


def d_day_label(days: int | None, locale: str) -> str:
    if days is None:
        return translate("ui.calls.no_deadline", locale)
    if days == 0:
        return "D-Day"
    return f"D-{days}" if days > 0 else translate("ui.calls.closed_since", locale, n=-days)


def _display(field: str, value: Any, locale: str) -> str:
    if value in (None, [], {}):
        return ""
    if field.endswith("_krw"):
        return format_won(value, locale)
    if field == "support_ratio":
        return f"{value:.0%}"
    if field == "duration_months":
        return translate("ui.calls.months", locale, n=value)
    if field == "evaluation":
        return " · ".join(f"{e['item']} {e['points']}" for e in value)
    if field == "bonus":
        return translate("ui.calls.bonus_max", locale, n=value.get("max_points"))
    if field == "contacts":
        return " · ".join(f"{c.get('org', '')} {c.get('phone', '')}".strip() for c in value[:4])
    if isinstance(value, list):
        return " · ".join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True, slots=True)
class FactRow:
    field: str
    label: str
    value: str
    evidence: str
    corrected: bool
    correctable: bool
    raw: str


def fact_rows(call: Call, locale: str) -> list[FactRow]:
    """Every shown fact: its display value, the evidence text, whether staff corrected it."""
    corrected = {c.field for c in call.corrections}
    evidence = call.facts.get("evidence") or {}
    rows = []
    for field in SHOWN:
        value = current_value(call.facts, field)
        span = evidence.get(_EVIDENCE_KEY.get(field, field)) or {}
        rows.append(
            FactRow(
                field=field,
                label=translate(f"ui.calls.fact.{field}", locale),
                value=_display(field, value, locale),
                evidence=str(span.get("text") or "")[:400],
                corrected=field in corrected,
                correctable=field in CORRECTABLE,
                raw=value_text(field, value) if field in CORRECTABLE else "",
            )
        )
    return rows


def history_rows(call: Call, locale: str) -> list[dict[str, Any]]:
    out = []
    for entry in service.fact_history(call):
        field = entry.field
        out.append(
            {
                "at": entry.at,
                "by": entry.by,
                "what": translate("ui.calls.extracted_from", locale, file=entry.note)
                if field is None
                else translate(f"ui.calls.fact.{field}", locale),
                "old": "" if field is None else _display(field, entry.old, locale),
                "new": "" if field is None else _display(field, entry.new, locale),
                "note": "" if field is None else entry.note,
            }
        )
    return out


@dataclass(frozen=True, slots=True)
class BoardRow:
    row: service.CallRow
    label: str
    fits: list[calls_fit.RankedFit]
    n_eligible: int


def board(
    session: Session, *, actor: Actor, locale: str, today: dt.date | None = None
) -> tuple[list[BoardRow], list[BoardRow]]:
    """Open and closed calls, each with its best fitting candidates."""
    open_rows, closed = service.list_calls(session, actor=actor, today=today)

    def rows(items: list[service.CallRow]) -> list[BoardRow]:
        out = []
        for item in items:
            fits = calls_fit.rank_candidates(
                session, actor=actor, call=item.call, eligible_only=True
            )
            out.append(
                BoardRow(item, d_day_label(item.d_day, locale), fits[:BOARD_FITS], len(fits))
            )
        return out

    return rows(open_rows), rows(closed)


def fits_json(fits: list[calls_fit.RankedFit], locale: str) -> list[dict[str, Any]]:
    return [
        {
            "candidate_id": r.candidate.id,
            "title": r.candidate.title,
            "company": r.company,
            "use_case": r.candidate.use_case,
            "score": r.fit.score,
            "eligible": r.fit.eligible,
            "reasons": [
                {"kind": kind, "text": text} for kind, text in calls_fit.reason_rows(r.fit, locale)
            ],
        }
        for r in fits
    ]
