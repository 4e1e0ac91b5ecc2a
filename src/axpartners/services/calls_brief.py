"""Rows of the briefing pack's calls page (:mod:`axpartners.reports.briefing_calls`).

Open calls by deadline; when none is open, the most recently closed ones, so the council
sees what to prepare for the next round. Each with its best fitting candidates.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from axpartners.reports.briefing_calls import CallBrief
from axpartners.services import calls as service, calls_fit
from axpartners.services.actors import SYSTEM

MAX_CALLS = 8
MAX_CLOSED = 3
FITS = 3


def briefing_calls(session: Session, *, today: dt.date | None = None) -> tuple[CallBrief, ...]:
    open_rows, closed = service.list_calls(session, actor=SYSTEM, today=today)
    rows = open_rows[:MAX_CALLS] if open_rows else closed[:MAX_CLOSED]
    out = []
    for row in rows:
        facts = row.call.facts
        fits = calls_fit.rank_candidates(session, actor=SYSTEM, call=row.call, eligible_only=True)
        deadline = " ".join(
            str(v) for v in (facts.get("apply_deadline"), facts.get("apply_deadline_time")) if v
        )
        out.append(
            CallBrief(
                title=row.call.title,
                deadline=deadline or None,
                d_day=row.d_day,
                ministry=str(facts.get("ministry") or ""),
                per_project_krw=facts.get("per_project_max_krw"),
                support_ratio=facts.get("support_ratio"),
                roles=tuple((facts.get("consortium") or {}).get("roles") or ()),
                candidates=tuple(
                    f"{f.company} — {f.candidate.title}" if f.company else f.candidate.title
                    for f in fits[:FITS]
                ),
            )
        )
    return tuple(out)
