"""Project candidates read back: features from their JSON column, ranking at any weights,
one candidate, the export table, and the lookups a candidate page and the lead map show.

Regeneration, edits and promotion are in :mod:`axpartners.services.planning`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from axpartners.db.tables import Need, Project, ProjectCandidate
from axpartners.errors import InputError, NotFound
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
from axpartners.services.actors import Actor, require_member

SCOPES: tuple[Scope, ...] = (Scope.SMALL, Scope.MEDIUM, Scope.LARGE)
FEATURE_PREFIX = "f."
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


def candidate_needs(session: Session, row: ProjectCandidate) -> list[Need]:
    """The stored needs a candidate was drawn from (deleted ones left out)."""
    return [n for n in (session.get(Need, i) for i in row.need_ids or []) if n is not None]


def candidate_project(session: Session, row: ProjectCandidate) -> Project | None:
    """The pipeline project a candidate was promoted to, if any."""
    return session.scalar(select(Project).where(Project.candidate_id == row.id))


def open_candidate_ids(session: Session) -> dict[tuple[str | None, str | None], int]:
    """Candidate id by (use case, industry), dismissed ones left out (the lead map's links)."""
    query = select(ProjectCandidate).where(ProjectCandidate.status != "dismissed")
    return {(c.use_case, c.industry): c.id for c in session.scalars(query)}
