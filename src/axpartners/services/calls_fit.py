"""Which of the council's project candidates fit a call, ranked, with the reasons.

A candidate's profile for the fit comes from the candidate and the needs it grew from: its use
case and industry, the region and company size of its first need that has them, and its
planning score. :func:`axpartners.calls.fit.fit_call` does the checking; this module reads the
database and renders the reasons in the reader's locale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from axpartners.calls.fit import CallFit, CandidateProfile, Reason, fit_call
from axpartners.codes import industry_name, region_name
from axpartners.db.tables import Call, Need, ProjectCandidate
from axpartners.i18n.catalog import translate
from axpartners.matching.explain import short_label
from axpartners.services.actors import Actor, require_member

SIZE_CODES = {
    "micro": "calls.size.micro",
    "small": "calls.size.small",
    "medium": "calls.size.medium",
    "large": "calls.size.large",
}


@dataclass(frozen=True, slots=True)
class RankedFit:
    candidate: ProjectCandidate
    needs: tuple[Need, ...]
    fit: CallFit

    @property
    def company(self) -> str:
        return next((n.company for n in self.needs if n.company), "")


def _needs_by_id(session: Session, candidates: Sequence[ProjectCandidate]) -> dict[int, Need]:
    ids = {i for c in candidates for i in c.need_ids or ()}
    if not ids:
        return {}
    return {n.id: n for n in session.scalars(select(Need).where(Need.id.in_(ids)))}


def profile_of(candidate: ProjectCandidate, needs: Sequence[Need]) -> CandidateProfile:
    return CandidateProfile(
        id=candidate.id,
        title=candidate.title,
        use_case=candidate.use_case,
        industry=candidate.industry or next((n.industry for n in needs if n.industry), None),
        region=next((n.region for n in needs if n.region), None),
        company_size=next((n.company_size for n in needs if n.company_size), None),
        planning_score=candidate.score,
    )


def rank_candidates(
    session: Session, *, actor: Actor, call: Call, eligible_only: bool = False
) -> list[RankedFit]:
    """Open candidates for ``call``: eligible ones by score (best first), then the others."""
    require_member(actor)
    candidates = list(
        session.scalars(
            select(ProjectCandidate)
            .where(ProjectCandidate.status == "open")
            .order_by(ProjectCandidate.id)
        )
    )
    by_id = _needs_by_id(session, candidates)
    out: list[RankedFit] = []
    for candidate in candidates:
        needs = tuple(by_id[i] for i in candidate.need_ids or () if i in by_id)
        fit = fit_call(call.facts, call.fields or (), profile_of(candidate, needs))
        if fit.eligible or not eligible_only:
            out.append(RankedFit(candidate, needs, fit))
    out.sort(key=lambda r: (not r.fit.eligible, -r.fit.score, r.candidate.id))
    return out


def fit_for(session: Session, *, actor: Actor, call: Call, candidate_id: int) -> RankedFit | None:
    """One candidate's fit for ``call`` (``None`` if it is not an open candidate)."""
    return next(
        (
            r
            for r in rank_candidates(session, actor=actor, call=call)
            if r.candidate.id == candidate_id
        ),
        None,
    )


def _param(key: str, value: object, locale: str) -> object:
    text = str(value)
    if key in ("region", "own"):
        return region_name(text, locale)
    if key == "industry":
        return f"{text} {industry_name(text, locale)}"
    if key == "use_case":
        return short_label(text, locale)
    if key == "size":
        return translate(SIZE_CODES.get(text, text), locale)
    return value


def render_reason(reason: Reason, locale: str = "ko") -> str:
    params: Mapping[str, object] = {k: _param(k, v, locale) for k, v in reason.params.items()}
    return translate(reason.code, locale, **params)


def reason_rows(fit: CallFit, locale: str = "ko") -> list[tuple[str, str]]:
    """``(kind, text)`` per reason, for display (``plus``, ``minus``, ``check``)."""
    return [(r.kind, render_reason(r, locale)) for r in fit.reasons]
