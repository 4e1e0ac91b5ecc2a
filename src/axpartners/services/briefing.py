"""The briefing pack of the configured database (``axp report briefing``, ``/council/briefing.pdf``).

Reads needs, partners, policy items, regional strengths (when the strengths service provides
them), the pipeline and open action items; the cover names the next meeting (or the latest one
when none is scheduled), and "new needs" are those received since the meeting before it.
The pure assembly and rendering live in :mod:`axpartners.reports`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from axpartners.clock import KST, today as local_today
from axpartners.codes import (
    DEFAULT_SCOPE,
    in_scope,
    industry_name,
    parse_scope,
    region_name as region_label,
)
from axpartners.db.tables import ActionItem, Meeting, PolicyDocument, PolicyItem
from axpartners.i18n.catalog import translate
from axpartners.planning.onepager import OnePager
from axpartners.planning.provenance import Sentence, Source
from axpartners.reports.assemble import BriefingInputs, assemble_briefing_pack
from axpartners.reports.briefing import render_briefing_file
from axpartners.reports.pack import (
    ActionItem as ActionView,
    BriefingPack,
    CandidateView,
    Cover,
    candidate_view,
)
from axpartners.services import calls_brief, onepager, pipeline, planning_read, planning_region
from axpartners.services.actors import SYSTEM, Actor, require_member
from axpartners.services.candidate_summary import candidate_summary

BriefingFormat = Literal["pdf", "html"]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _cover_meeting(session: Session, *, now: datetime) -> tuple[Meeting | None, date | None]:
    """The next meeting (or the latest) and the date of the meeting before it."""
    meetings = list(session.scalars(select(Meeting).order_by(Meeting.held_at)))
    upcoming = [m for m in meetings if _aware(m.held_at) >= now]
    target = upcoming[0] if upcoming else (meetings[-1] if meetings else None)
    if target is None:
        return None, None
    earlier = [m for m in meetings if _aware(m.held_at) < _aware(target.held_at)]
    since = _aware(earlier[-1].held_at).astimezone(KST).date() if earlier else None
    return target, since


def briefing_inputs(
    session: Session, *, region: str = "26", today: date | None = None
) -> BriefingInputs:
    day = today or local_today()
    now = datetime.now(UTC)
    meeting, since = _cover_meeting(session, now=now)
    cover = Cover(
        meeting_title=meeting.title if meeting else translate("council.briefing.no_meeting", "ko"),
        meeting_date=_aware(meeting.held_at).astimezone(KST).date() if meeting else day,
        generated_at=now.astimezone(KST).replace(microsecond=0),
    )
    actions = tuple(
        ActionView(
            title=a.title,
            owner=a.owner,
            due=a.due_date,
            meeting=a.meeting.title if a.meeting else "",
        )
        for a in session.scalars(
            select(ActionItem)
            .where(ActionItem.status == "open")
            .order_by(ActionItem.due_date, ActionItem.id)
        )
    )
    counts = pipeline.stage_counts(session)
    needs = tuple(planning_region.need_inputs(session))
    policies = tuple(planning_region.policy_refs(session))
    analysis = planning_region.strength_analysis(session, region=region)
    scope = parse_scope(DEFAULT_SCOPE)
    return BriefingInputs(
        cover=cover,
        today=day,
        needs=needs,
        partners=tuple(planning_region.partner_refs(session)),
        policies=policies,
        strengths=tuple(
            r
            for r in planning_region.region_strengths(session, region=region, analysis=analysis)
            if in_scope(r.industry, scope)
        ),
        opportunities=tuple(
            planning_region.region_opportunities(session, region=region, analysis=analysis)
        ),
        pipeline={translate(f"ui.stage.{stage}", "ko"): n for stage, n in counts.items()},
        actions=actions,
        new_since=since,
        region_name=region_label(region),
        strengths_source=planning_region.evidence_sources(
            analysis, needs=0, partners=0, policies=0
        )["strength"],
        policy_sources=_policy_sources(session, [p.id for p in policies]),
        industry_names={
            n.industry: industry_name(n.industry) for n in needs if n.industry is not None
        },
    )


def _policy_sources(session: Session, ids: list[str]) -> dict[str, str]:
    """Policy item id → "document title, p. N" (the page when the extractor knew it)."""
    rows = session.execute(
        select(PolicyItem.id, PolicyItem.page, PolicyDocument.title)
        .join(PolicyDocument, PolicyItem.document_id == PolicyDocument.id)
        .where(PolicyItem.id.in_([int(i) for i in ids]))
    )
    return {str(item_id): f"{title}, p. {page}" if page else title for item_id, page, title in rows}


def _stored_candidates(
    session: Session, *, today: date, top: int = 8, onepagers: int = 3
) -> tuple[tuple[CandidateView, ...], tuple[OnePager, ...]]:
    """The open candidates as stored (hand edits kept, dismissed and promoted ones left out)."""
    labels = planning_region.use_case_labels()
    ranked = [
        r for r in planning_read.list_candidates(session, actor=SYSTEM) if r.row.status == "open"
    ][:top]
    views: list[CandidateView] = []
    for r in ranked:
        plain = onepager.plain_candidate(session, r.row)
        views.append(
            candidate_view(
                candidate_id=str(r.row.id),
                title=r.row.title,
                use_case=labels.get(plain.use_case, plain.use_case),
                industry=plain.industry_name or translate("planning.candidate.any_industry", "ko"),
                score=r.score,
                problem=r.row.problem,
                months_to_first_result=r.features.months_to_first_result,
                consortium=tuple(m.name for m in plain.consortium),
                policies=plain.policy_titles[:2],
                is_quick_win=r.is_quick_win,
            )
        )
    pagers = tuple(
        onepager.candidate_onepager(session, actor=SYSTEM, candidate_id=r.row.id, start=today)
        for r in ranked[:onepagers]
    )
    return tuple(views), pagers


def build_pack(session: Session, *, region: str = "26", today: date | None = None) -> BriefingPack:
    """The pack; its candidate section, appendix and counts are the stored candidates', the
    ones the candidates pages and the home page show (:mod:`~axpartners.services.candidate_summary`).

    When the inputs changed since the candidates were built, the cover says which.
    """
    day = today or local_today()
    summary = candidate_summary(session, actor=SYSTEM)
    pack = assemble_briefing_pack(
        briefing_inputs(session, region=region, today=day),
        use_case_labels=planning_region.use_case_labels(),
        use_case_descriptions=planning_region.use_case_descriptions(),
        candidate_counts=(summary.candidates, summary.quick_wins),
    )
    views, pagers = _stored_candidates(session, today=day)
    notes = pack.notes
    if summary.is_stale:
        changed = ", ".join(translate(f"ui.fresh.input.{k}", "ko") for k in summary.changed)
        notes = (
            *notes,
            Sentence(translate("reports.note.stale", "ko", changed=changed), Source.DATA),
        )
    calls = calls_brief.briefing_calls(session, today=day)
    return replace(pack, candidates=views, onepagers=pagers, notes=notes, open_calls=calls)


def build_briefing(
    session: Session,
    *,
    fmt: BriefingFormat,
    actor: Actor | None = None,
    region: str = "26",
    today: date | None = None,
    style_nonce: str | None = None,
) -> bytes:
    """The briefing pack as PDF or HTML bytes (``actor`` is checked when given: members only);
    ``style_nonce``: see :func:`axpartners.reports.briefing.render_briefing_html`."""
    if actor is not None:
        require_member(actor)
    pack = build_pack(session, region=region, today=today)
    return render_briefing_file(pack, filename=f"briefing.{fmt}", style_nonce=style_nonce)
