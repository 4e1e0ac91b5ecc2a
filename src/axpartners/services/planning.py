"""Project candidates from the database: regenerate from needs, rank with weights, edit, promote.

The pure core (:mod:`axpartners.planning`) does the work on plain inputs; this module reads the
database rows (labelled needs, partners with capabilities, tagged policy items, regional
strengths when the strengths service provides them) and persists candidates in
``project_candidates``. A candidate's score inputs (:class:`CandidateFeatures`) and its score
components (points at default weights) live together in the ``components`` JSON column:
component keys (``demand``, ``demand_count`` …) map to points, ``f.<feature>`` keys to the
features, so the ranking can be recomputed for any slider weights without regenerating.
A hand-edited candidate carries ``f.edited = 1`` and is never overwritten by regeneration.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from axpartners.clock import KST, today as local_today
from axpartners.codes import industry_name
from axpartners.db.tables import (
    Need,
    Organisation,
    PolicyItem,
    Project,
    ProjectCandidate,
    ProjectPartner,
    ProjectStageChange,
)
from axpartners.errors import AxError, Conflict, InputError, NotFound
from axpartners.i18n.catalog import translate
from axpartners.planning.candidates import (
    Candidate,
    ConsortiumMember,
    IndustryContext,
    NeedInput,
    PartnerRef,
    PolicyRef,
    cluster_needs,
    generate_candidates,
    partner_coverage,
)
from axpartners.planning.leadmap import LeadMap, RegionIndustry, build_lead_map, rca_ranks
from axpartners.planning.onepager import OnePager, build_onepager
from axpartners.planning.scoring import (
    GROUPS,
    CandidateFeatures,
    CandidateScore,
    Scope,
    ScoreWeights,
    flatten_components,
    rank_candidates,
    rank_quick_wins,
    score_candidate,
)
from axpartners.reports.assemble import OpportunityInput
from axpartners.services import audit
from axpartners.services.actors import SYSTEM, Actor, require_member, require_staff
from axpartners.taxonomy import load_taxonomy

if TYPE_CHECKING:
    from axpartners.services.strengths import RegionStrengths

SCOPES: tuple[Scope, ...] = (Scope.SMALL, Scope.MEDIUM, Scope.LARGE)
FEATURE_PREFIX = "f."
CLOSED_NEED_STATUSES = frozenset({"rejected", "duplicate", "spam", "closed"})
CANDIDATE_STATUSES = ("open", "promoted", "dismissed")
CANDIDATE_COLUMNS = (
    "id",
    "rank",
    "title",
    "use_case",
    "industry",
    "score",
    *GROUPS.keys(),
    "needs",
    "months_to_first_result",
    "cost_mkrw",
    "consortium",
    "status",
    "edited",
)


def use_case_labels(locale: str = "ko") -> dict[str, str]:
    return {u.id: (u.ko if locale == "ko" else u.en) for u in load_taxonomy()}


def use_case_descriptions() -> dict[str, str]:
    return {u.id: u.description_ko for u in load_taxonomy()}


# ---- plain inputs from the database ------------------------------------------------------------


def _local_date(moment: datetime | None) -> date | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(KST).date()


def need_inputs(session: Session) -> list[NeedInput]:
    """Labelled, open needs as planning inputs (label = use-case)."""
    rows = session.scalars(select(Need).where(Need.label.is_not(None)).order_by(Need.id))
    return [
        NeedInput(
            id=str(n.id),
            text=n.text,
            use_case=str(n.label),
            industry=n.industry,
            company=n.company or None,
            title=n.title or None,
            urgency=0.5,
            submitted_at=_local_date(n.submitted_at),
        )
        for n in rows
        if n.status not in CLOSED_NEED_STATUSES
    ]


def partner_refs(session: Session) -> list[PartnerRef]:
    rows = session.scalars(select(Organisation).order_by(Organisation.id))
    return [
        PartnerRef(
            id=o.id,
            name=o.name,
            kind=o.kind,
            capabilities=tuple(o.capability_ids()),
            industries=tuple(o.industry_codes()),
        )
        for o in rows
    ]


def _tag_values(tags: Sequence[Mapping[str, object]] | None, kind: str) -> list[str]:
    return [str(t.get("value")) for t in tags or () if t.get("kind") == kind and t.get("value")]


def policy_refs(session: Session) -> list[PolicyRef]:
    """Policy items with a use-case or industry tag; budgets (won) become 백만원."""
    out: list[PolicyRef] = []
    for item in session.scalars(select(PolicyItem).order_by(PolicyItem.id)):
        use_cases = _tag_values(item.tags, "use_case")
        industries = _tag_values(item.tags, "industry")
        if not use_cases and not industries:
            continue
        budgets = []
        for raw in _tag_values(item.tags, "budget"):
            try:
                budgets.append(float(raw) / 1_000_000)
            except ValueError:
                continue
        title = (item.title or item.text).strip().replace("\n", " ")
        out.append(
            PolicyRef(
                id=str(item.id),
                title=title[:120],
                tags=tuple(dict.fromkeys(use_cases)),
                industries=tuple(dict.fromkeys(industries)),
                budget_mkrw=max(budgets) if budgets else None,
            )
        )
    return out


def strength_analysis(session: Session, *, region: str) -> RegionStrengths | None:
    """The Strengths analysis of ``region`` on the best dataset for planning, or None.

    Needs carry KSIC divisions, so a division-level dataset is preferred (real before
    synthetic, as :func:`axpartners.services.strengths.list_datasets` orders them); without
    statistics (or when the analysis fails) planning goes on with neutral figures.
    """
    from axpartners.services import strengths as strengths_service

    try:
        datasets = strengths_service.list_datasets(session)
    except AxError:
        return None
    usable = [d for d in datasets if d.regions >= 3 and d.industries >= 3]
    division = [d for d in usable if d.level == "division"]
    candidates = division or usable or datasets
    if not candidates:
        return None
    chosen = candidates[0]
    try:
        return strengths_service.region_strengths(session, region=region, dataset=chosen.name)
    except AxError:
        return None


def region_strengths(
    session: Session, *, region: str, analysis: RegionStrengths | None = None
) -> list[RegionIndustry]:
    """Every industry of the region with RCA, density, PCI and its RCA rank among regions."""
    found = analysis or strength_analysis(session, region=region)
    if found is None:
        return []
    result = found.result
    if found.region not in result.regions:
        return []
    row = result.regions.index(found.region)
    rca = result.rca.toarray()
    triples = (
        (reg, ind, float(rca[r, i]))
        for r, reg in enumerate(result.regions)
        for i, ind in enumerate(result.industries)
    )
    ranks = rca_ranks(triples, region=found.region)
    out: list[RegionIndustry] = []
    for i, code in enumerate(result.industries):
        rank = ranks.get(code)
        out.append(
            RegionIndustry(
                industry=code,
                name_ko=industry_name(code),
                rca=float(rca[row, i]),
                density=float(result.density[row, i]),
                pci=float(result.pci[i]),
                rca_rank=rank[0] if rank else None,
                n_regions=rank[1] if rank else None,
                is_synthetic=found.is_synthetic,
            )
        )
    return out


def region_opportunities(
    session: Session, *, region: str, analysis: RegionStrengths | None = None
) -> list[OpportunityInput]:
    """The region's ranked opportunities (Balland et al. 2019) as briefing inputs."""
    found = analysis or strength_analysis(session, region=region)
    if found is None:
        return []
    return [
        OpportunityInput(
            industry=o.industry,
            name_ko=industry_name(o.industry),
            density=float(o.density),
            pci=float(o.pci),
            rca=float(o.rca),
            density_percentile=float(o.density_percentile),
            pci_percentile=float(o.pci_percentile),
        )
        for o in found.opportunities
    ]


def industry_contexts(
    session: Session, *, region: str, codes: Sequence[str | None]
) -> dict[str, IndustryContext]:
    """Strength figures by industry; industries without figures still get their Korean name."""
    out = {
        s.industry: IndustryContext(s.industry, s.name_ko, s.rca, s.density, s.pci, s.is_synthetic)
        for s in region_strengths(session, region=region)
    }
    for code in codes:
        if code and code not in out:
            out[code] = IndustryContext(code, industry_name(code))
    return out


# ---- features <-> JSON --------------------------------------------------------------------------


def features_to_json(features: CandidateFeatures, *, edited: bool = False) -> dict[str, float]:
    score = score_candidate(features)
    out: dict[str, float] = {key: round(points, 6) for key, points in flatten_components(score)}
    out.update(
        {
            "f.need_count": float(features.need_count),
            "f.urgency": features.urgency,
            "f.growth": features.growth,
            "f.policy_fit": features.policy_fit,
            "f.partner_coverage": features.partner_coverage,
            "f.data_readiness": features.data_readiness,
            "f.scope": float(SCOPES.index(Scope(features.scope))),
            "f.cost_mkrw": features.cost_mkrw,
            "f.months_to_first_result": features.months_to_first_result,
            "f.edited": 1.0 if edited else 0.0,
        }
    )
    if features.density is not None:
        out["f.density"] = features.density
    if features.pci is not None:
        out["f.pci"] = features.pci
    return out


def features_of(row: ProjectCandidate) -> CandidateFeatures:
    data: Mapping[str, float] = row.components or {}

    def get(key: str, default: float) -> float:
        value = data.get(FEATURE_PREFIX + key)
        return default if value is None else float(value)

    scope_index = int(get("scope", 1.0))
    return CandidateFeatures(
        need_count=int(get("need_count", float(len(row.need_ids or [])))),
        urgency=get("urgency", 0.5),
        growth=get("growth", 0.0),
        policy_fit=get("policy_fit", 0.0),
        density=data.get("f.density"),
        pci=data.get("f.pci"),
        partner_coverage=get("partner_coverage", 0.0),
        data_readiness=get("data_readiness", 0.5),
        scope=SCOPES[min(max(scope_index, 0), len(SCOPES) - 1)],
        cost_mkrw=get("cost_mkrw", 200.0),
        months_to_first_result=get("months_to_first_result", 6.0),
    )


def is_edited(row: ProjectCandidate) -> bool:
    return bool((row.components or {}).get("f.edited"))


# ---- regenerate ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegenerateResult:
    created: int
    updated: int
    kept: int  # edited, promoted or dismissed candidates left as they were


def _generated(session: Session, *, region: str, today: date) -> tuple[Candidate, ...]:
    needs = need_inputs(session)
    return generate_candidates(
        cluster_needs(needs),
        policies=policy_refs(session),
        partners=partner_refs(session),
        industries=industry_contexts(session, region=region, codes=[n.industry for n in needs]),
        today=today,
        use_case_labels=use_case_labels(),
    )


def regenerate_candidates(
    session: Session, *, actor: Actor, region: str = "26", today: date | None = None
) -> RegenerateResult:
    """Rebuild candidates from the current needs; hand-edited, promoted and dismissed ones stay.

    A candidate is identified by its (use-case, industry) cluster. Nothing is deleted: a
    cluster that lost all its needs keeps its last candidate.
    """
    require_staff(actor)
    day = today or local_today()
    existing = {
        (c.use_case, c.industry): c
        for c in session.scalars(select(ProjectCandidate).order_by(ProjectCandidate.id))
    }
    example_needs = {
        str(i) for i in session.scalars(select(Need.id).where(Need.is_example.is_(True)))
    }
    created = updated = kept = 0
    for cand in _generated(session, region=region, today=day):
        row = existing.get((cand.use_case, cand.industry))
        if row is not None and (row.status != "open" or is_edited(row)):
            kept += 1
            continue
        values: dict[str, Any] = {
            "title": cand.title,
            "problem": cand.problem,
            "use_case": cand.use_case,
            "industry": cand.industry,
            "score": round(score_candidate(cand.features).total, 6),
            "components": features_to_json(cand.features),
            "need_ids": [int(i) for i in cand.need_ids],
            "policy_item_ids": [int(i) for i in cand.policy_ids],
            "consortium": [m.partner_id for m in cand.consortium],
            "is_example": bool(cand.need_ids) and set(cand.need_ids) <= example_needs,
        }
        if row is None:
            row = ProjectCandidate(status="open", **values)
            session.add(row)
            session.flush()
            created += 1
            action = "create"
        else:
            for key, value in values.items():
                setattr(row, key, value)
            updated += 1
            action = "regenerate"
        audit.record(
            session,
            actor=actor,
            action=action,
            entity_type="candidate",
            entity_id=row.id,
            detail={"title": row.title, "score": row.score, "needs": row.need_ids},
        )
    session.flush()
    return RegenerateResult(created=created, updated=updated, kept=kept)


def ensure_demo_candidates(session: Session) -> int:
    """For ``axp demo``: generate candidates once when there are none; returns how many."""
    if session.scalar(select(ProjectCandidate.id).limit(1)) is not None:
        return 0
    return regenerate_candidates(session, actor=SYSTEM).created


# ---- reading and ranking ------------------------------------------------------------------------


def parse_weights(params: Mapping[str, str]) -> ScoreWeights:
    """Five group sliders (``demand``, ``policy``, ``advantage``, ``partners``,
    ``feasibility``) from form/query values; missing ones keep their defaults."""
    defaults = {"demand": 30.0, "policy": 20.0, "advantage": 20.0, "partners": 10.0}
    defaults["feasibility"] = 20.0
    values: dict[str, float] = {}
    for group, default in defaults.items():
        raw = (params.get(group) or "").strip()
        if not raw:
            values[group] = default
            continue
        try:
            value = float(raw)
        except ValueError:
            raise InputError("planning.bad_weight", column=group, key=group, value=raw) from None
        if not math.isfinite(value) or value < 0 or value > 100:
            raise InputError("planning.bad_weight", column=group, key=group, value=raw)
        values[group] = value
    return ScoreWeights.from_groups(**values)


def weight_groups(weights: ScoreWeights) -> dict[str, float]:
    leaves = weights.as_dict()
    return {g: round(sum(leaves[k] for k in keys), 4) for g, keys in GROUPS.items()}


@dataclass(frozen=True, slots=True)
class RankedCandidate:
    row: ProjectCandidate
    rank: int
    score: CandidateScore
    features: CandidateFeatures
    is_quick_win: bool


def list_candidates(
    session: Session,
    *,
    actor: Actor,
    weights: ScoreWeights | None = None,
    quick_wins: bool = False,
    include_closed: bool = False,
) -> list[RankedCandidate]:
    """Candidates ranked by score (or the quick-wins order); components at ``weights``."""
    require_member(actor)
    query = select(ProjectCandidate).order_by(ProjectCandidate.id)
    if not include_closed:
        query = query.where(ProjectCandidate.status != "dismissed")
    rows = {str(r.id): r for r in session.scalars(query)}
    features = {cid: features_of(r) for cid, r in rows.items()}
    quick = rank_quick_wins(features, weights)
    quick_ids = {r.candidate_id for r in quick}
    ranked = quick if quick_wins else rank_candidates(features, weights)
    return [
        RankedCandidate(
            row=rows[r.candidate_id],
            rank=r.rank,
            score=r.score,
            features=features[r.candidate_id],
            is_quick_win=r.candidate_id in quick_ids,
        )
        for r in ranked
    ]


def get_candidate(session: Session, candidate_id: int) -> ProjectCandidate:
    row = session.get(ProjectCandidate, candidate_id)
    if row is None:
        raise NotFound("not_found", what="candidate", key=candidate_id)
    return row


def export_candidate_rows(ranked: Sequence[RankedCandidate]) -> list[list[object]]:
    rows: list[list[object]] = []
    for item in ranked:
        points = {c.key: c.points for c in item.score.components}
        rows.append(
            [
                item.row.id,
                item.rank,
                item.row.title,
                item.row.use_case or "",
                item.row.industry or "",
                round(item.score.total, 2),
                *(round(points[g], 2) for g in GROUPS),
                len(item.row.need_ids or []),
                item.features.months_to_first_result,
                item.features.cost_mkrw,
                ";".join(item.row.consortium or []),
                item.row.status,
                "yes" if is_edited(item.row) else "",
            ]
        )
    return rows


# ---- edit and promote ---------------------------------------------------------------------------


def _number(raw: str | float | None, *, column: str, low: float, high: float) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = float(str(raw).strip().replace(",", ""))
    except ValueError:
        raise InputError(
            "import.bad_value", column=column, value=str(raw), hint=f"{low}–{high}"
        ) from None
    if not math.isfinite(value) or not low <= value <= high:
        raise InputError("import.bad_value", column=column, value=str(raw), hint=f"{low}–{high}")
    return value


def update_candidate(
    session: Session,
    *,
    actor: Actor,
    candidate_id: int,
    title: str | None = None,
    problem: str | None = None,
    months_to_first_result: str | float | None = None,
    cost_mkrw: str | float | None = None,
    data_readiness: str | float | None = None,
    scope: str | None = None,
    status: str | None = None,
) -> ProjectCandidate:
    """Edit a candidate by hand; the edited candidate keeps its values on regeneration."""
    require_staff(actor)
    row = get_candidate(session, candidate_id)
    f = features_of(row)
    months = _number(months_to_first_result, column="months_to_first_result", low=0.5, high=60)
    cost = _number(cost_mkrw, column="cost_mkrw", low=0, high=1_000_000)
    readiness = _number(data_readiness, column="data_readiness", low=0, high=1)
    new_scope = Scope(f.scope)
    if scope:
        if scope not in {s.value for s in SCOPES}:
            raise InputError(
                "import.bad_value", column="scope", value=scope, hint="small, medium, large"
            )
        new_scope = Scope(scope)
    # "promoted" is set by promote_candidate only (it creates the project).
    if status and status != row.status and status not in ("open", "dismissed"):
        raise InputError("import.bad_value", column="status", value=status, hint="open, dismissed")
    if title is not None and not title.strip():
        raise InputError("import.required_value", column="title")
    before = {"title": row.title, "problem": row.problem, "status": row.status, "score": row.score}
    features = CandidateFeatures(
        need_count=f.need_count,
        urgency=f.urgency,
        growth=f.growth,
        policy_fit=f.policy_fit,
        density=f.density,
        pci=f.pci,
        partner_coverage=f.partner_coverage,
        data_readiness=f.data_readiness if readiness is None else readiness,
        scope=new_scope,
        cost_mkrw=f.cost_mkrw if cost is None else cost,
        months_to_first_result=f.months_to_first_result if months is None else months,
    )
    if title is not None:
        row.title = title.strip()[:300]
    if problem is not None:
        row.problem = problem.strip()
    if status:
        row.status = status
    row.components = features_to_json(features, edited=True)
    row.score = round(score_candidate(features).total, 6)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="update",
        entity_type="candidate",
        entity_id=row.id,
        detail={
            "before": before,
            "after": {"title": row.title, "status": row.status, "score": row.score},
            "features": {
                "months_to_first_result": features.months_to_first_result,
                "cost_mkrw": features.cost_mkrw,
                "data_readiness": features.data_readiness,
                "scope": str(features.scope),
            },
        },
    )
    return row


def promote_candidate(
    session: Session, *, actor: Actor, candidate_id: int, owner: str = ""
) -> Project:
    """Turn a candidate into a project at stage ``idea`` with its consortium and a history row."""
    require_staff(actor)
    row = get_candidate(session, candidate_id)
    existing = session.scalar(select(Project).where(Project.candidate_id == row.id))
    if row.status == "promoted" or existing is not None:
        raise Conflict("candidates.already_promoted", value=row.title)
    f = features_of(row)
    project = Project(
        candidate_id=row.id,
        title=row.title,
        summary=row.problem,
        stage="idea",
        owner=owner.strip()[:100] or actor.username,
        budget_krw=round(f.cost_mkrw * 1_000_000),
        is_example=row.is_example,
    )
    members = [
        pid
        for pid in dict.fromkeys(row.consortium or [])
        if session.get(Organisation, pid) is not None
    ]
    project.partners = [
        ProjectPartner(organisation_id=pid, role="lead" if i == 0 else "member")
        for i, pid in enumerate(members)
    ]
    project.history = [
        ProjectStageChange(
            from_stage=None,
            to_stage="idea",
            changed_by=actor.username,
            note=translate("pipeline.note.from_candidate", "ko", id=row.id, title=row.title),
        )
    ]
    session.add(project)
    row.status = "promoted"
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="promote",
        entity_type="candidate",
        entity_id=row.id,
        detail={"project_id": project.id, "title": project.title, "partners": members},
    )
    audit.record(
        session,
        actor=actor,
        action="create",
        entity_type="project",
        entity_id=project.id,
        detail={"from_candidate": row.id, "stage": "idea"},
    )
    return project


# ---- one-pager and lead map ---------------------------------------------------------------------


def plain_candidate(session: Session, row: ProjectCandidate) -> Candidate:
    """The core's :class:`Candidate` for a stored row (names looked up in the database)."""
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
        title=row.title,
        problem=row.problem,
        use_case=row.use_case or "",
        industry=row.industry,
        industry_name=industry_name(row.industry) if row.industry else None,
        need_ids=tuple(str(i) for i in row.need_ids or []),
        target_companies=companies,
        policy_ids=tuple(str(p.id) for p in policies),
        policy_titles=tuple((p.title or p.text)[:120] for p in policies),
        consortium=tuple(members),
        features=f,
        is_edited=is_edited(row),
    )


def _as_dict(f: CandidateFeatures) -> dict[str, Any]:
    return {name: getattr(f, name) for name in CandidateFeatures.__slots__}


def candidate_onepager(
    session: Session, *, actor: Actor, candidate_id: int, start: date | None = None
) -> OnePager:
    require_member(actor)
    row = get_candidate(session, candidate_id)
    day = start or local_today()
    first = date(day.year + (day.month // 12), day.month % 12 + 1, 1)
    labels = use_case_labels()
    use_case = row.use_case or ""
    return build_onepager(
        plain_candidate(session, row),
        start=first,
        use_case_label=labels.get(use_case, use_case),
        use_case_description=use_case_descriptions().get(use_case, ""),
    )


def lead_map(
    session: Session, *, actor: Actor, region: str = "26", today: date | None = None
) -> LeadMap:
    """The AI 선도 분야 지도 of the region from the database."""
    require_member(actor)
    from axpartners.codes import region_name

    return build_lead_map(
        strengths=region_strengths(session, region=region),
        use_case_labels=use_case_labels(),
        needs=need_inputs(session),
        partners=partner_refs(session),
        policies=policy_refs(session),
        today=today or local_today(),
        region_name=region_name(region),
    )
