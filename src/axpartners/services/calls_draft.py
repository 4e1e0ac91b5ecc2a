"""The first 사업계획서 draft for a candidate × call, as HWPX or DOCX bytes.

Filled from what the product knows: the company and need (the candidate's first need), the
team and its roles (:mod:`axpartners.services.calls_team`), the planning KPI of the
candidate's use case, and a total cost from its planning estimate, split within the call's
support ratio and per-project maximum (:func:`axpartners.calls.proposal.budget_split`). The
call's evaluation items are answered one by one; everything else is marked for a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from axpartners.calls.export import draft_docx, draft_hwpx
from axpartners.calls.proposal import DraftSection, ProposalContext, build_draft
from axpartners.db.tables import Call
from axpartners.errors import InputError
from axpartners.i18n.catalog import load_catalog, translate
from axpartners.services import audit
from axpartners.services.actors import Actor, require_member
from axpartners.services.calls_fit import RankedFit
from axpartners.services.calls_team import CallTeam
from axpartners.services.planning_read import features_of

DraftFormat = Literal["hwpx", "docx"]
MEDIA_TYPES = {
    "hwpx": "application/hwp+zip",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True, slots=True)
class Draft:
    filename: str
    media_type: str
    data: bytes
    sections: tuple[DraftSection, ...]

    @property
    def to_write(self) -> int:
        return sum(1 for s in self.sections if s.needs_writing)


def _kpis(use_case: str | None) -> tuple[str, ...]:
    code = f"planning.onepager.kpi.{use_case}"
    if not use_case or code not in load_catalog():
        return ()
    return tuple(k.strip() for k in re.split(r"[,.]\s*", translate(code, "ko")) if k.strip())


def proposal_context(fit: RankedFit, team: CallTeam) -> ProposalContext:
    need = fit.needs[0] if fit.needs else None
    partners = tuple(
        (m.name, "·".join(m.roles) or "참여기관") for m in team.members if m.partner_id is not None
    )
    return ProposalContext(
        company=fit.company or "(도입기업)",
        need_title=fit.candidate.title,
        need_text=(need.text if need else fit.candidate.problem) or "",
        region=need.region if need else None,
        industry=fit.candidate.industry,
        partners=partners,
        kpis=_kpis(fit.candidate.use_case),
        total_cost_krw=round(features_of(fit.candidate).cost_mkrw * 1_000_000),
    )


def _safe(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_")[:80] or "draft"


def build_call_draft(
    session: Session,
    *,
    actor: Actor,
    call: Call,
    fit: RankedFit,
    team: CallTeam,
    fmt: str,
) -> Draft:
    """The draft file for ``fit.candidate`` answering ``call``; ``fmt`` is ``hwpx`` or ``docx``."""
    require_member(actor)
    if fmt not in MEDIA_TYPES:
        raise InputError("calls.bad_draft_format", file=f"draft.{fmt}")
    sections = build_draft(call.facts, proposal_context(fit, team))
    title = f"{call.title} 사업계획서 (초안) — {fit.company or fit.candidate.title}"
    data = draft_hwpx(sections, title=title) if fmt == "hwpx" else draft_docx(sections, title=title)
    audit.record(
        session,
        actor=actor,
        action="calls.draft",
        entity_type="call",
        entity_id=call.id,
        detail={"candidate_id": fit.candidate.id, "format": fmt},
    )
    return Draft(
        filename=f"{_safe(call.title)}_{fit.candidate.id}_draft.{fmt}",
        media_type=MEDIA_TYPES[fmt],
        data=data,
        sections=tuple(sections),
    )
