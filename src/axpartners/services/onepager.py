"""A stored project candidate as a one-pager (과제 기획 1쪽 요약).

:func:`plain_candidate` turns a ``project_candidates`` row back into the core's
:class:`~axpartners.planning.candidates.Candidate`, looking up the names of its needs'
companies, its policy items and its consortium in the database; :func:`candidate_onepager`
hands that to :func:`axpartners.planning.onepager.build_onepager`. The web pages and the
briefing pack show the result.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from axpartners.clock import today as local_today
from axpartners.codes import region_name
from axpartners.db.tables import Need, Organisation, PolicyItem, ProjectCandidate
from axpartners.errors import AxError, InputError, UpstreamFailed
from axpartners.matching.explain import industry_name as short_industry_name
from axpartners.planning.candidates import Candidate, ConsortiumMember, partner_coverage
from axpartners.planning.onepager import OnePager, build_onepager
from axpartners.planning.refine import RefineResult, refine_onepager
from axpartners.planning.scoring import CandidateFeatures
from axpartners.planning.titles import candidate_title, field_name
from axpartners.services.actors import Actor, require_member, require_staff
from axpartners.services.planning_read import features_of, get_candidate, is_edited
from axpartners.services.planning_region import use_case_descriptions, use_case_labels
from axpartners.text.clip import clip_words


def display_title(row: ProjectCandidate, locale: str = "ko") -> str:
    """The title to show: as typed when staff edited the candidate, else generated in ``locale``
    from the industry's short name and the field (never the stored Korean text glued)."""
    if is_edited(row) or not row.use_case:
        return row.title
    label = use_case_labels(locale).get(row.use_case, row.use_case)
    return candidate_title(use_case_label=label, industry=row.industry, locale=locale)


def plain_candidate(session: Session, row: ProjectCandidate, locale: str = "ko") -> Candidate:
    """The core's :class:`Candidate` for a stored row (names looked up in the database), its
    title and industry name in ``locale``."""
    needs = [session.get(Need, i) for i in row.need_ids or []]
    companies = tuple(dict.fromkeys(n.company for n in needs if n is not None and n.company))
    items = [session.get(PolicyItem, i) for i in row.policy_item_ids or []]
    policies = [i for i in items if i is not None]
    members: list[ConsortiumMember] = []
    for pid in row.consortium or []:
        org = session.get(Organisation, pid)
        if org is None:
            continue
        codes = org.industry_codes()
        matches = row.industry is not None and any(
            row.industry.startswith(c) or c.startswith(row.industry) for c in codes
        )
        members.append(ConsortiumMember(org.id, org.name, org.kind, matches))
    f = features_of(row)
    if not members and f.partner_coverage:
        f = CandidateFeatures(**{**_as_dict(f), "partner_coverage": partner_coverage(members)})
    return Candidate(
        id=str(row.id),
        title=display_title(row, locale),
        problem=row.problem,
        use_case=row.use_case or "",
        industry=row.industry,
        industry_name=short_industry_name(row.industry, locale) if row.industry else None,
        need_ids=tuple(str(i) for i in row.need_ids or []),
        target_companies=companies,
        policy_ids=tuple(str(p.id) for p in policies),
        policy_titles=tuple(clip_words(p.title or p.text, 120) for p in policies),
        consortium=tuple(members),
        features=f,
        is_edited=is_edited(row),
    )


def _as_dict(f: CandidateFeatures) -> dict[str, Any]:
    return {name: getattr(f, name) for name in CandidateFeatures.__slots__}


def candidate_onepager(
    session: Session,
    *,
    actor: Actor,
    candidate_id: int,
    start: date | None = None,
    locale: str = "ko",
    region: str = "26",
) -> OnePager:
    """The candidate's one-pager, every generated sentence in ``locale`` (the Korean use-case
    description is left out of an English one-pager rather than mixed in)."""
    require_member(actor)
    row = get_candidate(session, candidate_id)
    day = start or local_today()
    first = date(day.year + (day.month // 12), day.month % 12 + 1, 1)
    labels = use_case_labels(locale)
    use_case = row.use_case or ""
    return build_onepager(
        plain_candidate(session, row, locale),
        start=first,
        use_case_label=field_name(labels.get(use_case, use_case), locale),
        use_case_description=use_case_descriptions().get(use_case, "") if locale == "ko" else "",
        region_name=region_name(region, locale),
        locale=locale,
    )


def refine_candidate(
    session: Session, *, actor: Actor, candidate_id: int, base_url: str, model: str
) -> RefineResult:
    """The candidate's one-pager rewritten by the LLM endpoint at ``base_url`` (shown, not
    stored). Network-bound: the endpoint may take up to a minute.

    Raises:
        InputError ``planning.llm_bad_url``: no endpoint or model is configured.
        UpstreamFailed: the endpoint could not be used, failed or answered badly, with the
            code and params of :func:`refine_onepager`'s error.
    """
    require_staff(actor)
    if not base_url or not model:
        raise InputError("planning.llm_bad_url", base_url=base_url or "")
    onepager = candidate_onepager(session, actor=actor, candidate_id=candidate_id)
    try:
        return refine_onepager(onepager, base_url=base_url, model=model)
    except AxError as err:
        raise UpstreamFailed(err.code, **err.params) from err
