"""The project pipeline: stages with history, owners and notes, KPIs (target vs actual), cases.

Stages follow the council's path 아이디어 → 기획 → 제안 → 선정 → 실증 → 성과확산, with 중단
possible from anywhere (``db.tables.projects.STAGES``). A KPI value that is not a number is
refused with ``pipeline.kpi_not_number`` naming the field; nothing is written then. A project
can be published as a success case (public ``/cases``) once it reached 실증 or 성과확산.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from axpartners.clock import KST
from axpartners.db.tables import Project, ProjectKpi, ProjectStageChange
from axpartners.db.tables.projects import STAGES
from axpartners.errors import InputError, NotFound
from axpartners.services import audit
from axpartners.services.actors import Actor, require_member, require_staff

PUBLISHABLE_STAGES = frozenset({"pilot", "diffusion"})
PROJECT_COLUMNS = (
    "id",
    "title",
    "stage",
    "owner",
    "budget_krw",
    "partners",
    "kpis",
    "is_published",
    "candidate_id",
)


def list_projects(session: Session, *, actor: Actor, stage: str | None = None) -> list[Project]:
    require_member(actor)
    query = select(Project).order_by(Project.id)
    if stage:
        query = query.where(Project.stage == stage)
    return list(session.scalars(query))


def board(session: Session, *, actor: Actor) -> dict[str, list[Project]]:
    """Projects by stage in pipeline order (every stage present, possibly empty)."""
    columns: dict[str, list[Project]] = {s: [] for s in STAGES}
    for project in list_projects(session, actor=actor):
        columns.setdefault(project.stage, []).append(project)
    return columns


def stage_counts(session: Session) -> dict[str, int]:
    counts = Counter(session.scalars(select(Project.stage)))
    return {s: counts.get(s, 0) for s in STAGES if counts.get(s, 0)}


def get_project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound("not_found", what="project", key=project_id)
    return project


def change_stage(
    session: Session,
    *,
    actor: Actor,
    project_id: int,
    stage: str,
    note: str = "",
    owner: str | None = None,
) -> Project:
    """Move a project to ``stage`` with a history row (who, when, note); owner optional."""
    require_staff(actor)
    if stage not in STAGES:
        raise InputError("import.bad_value", column="stage", value=stage, hint=", ".join(STAGES))
    project = get_project(session, project_id)
    before = project.stage
    if before == stage and owner is None and not note.strip():
        return project
    project.history.append(
        ProjectStageChange(
            from_stage=before, to_stage=stage, changed_by=actor.username, note=note.strip()
        )
    )
    project.stage = stage
    if owner is not None and owner.strip():
        project.owner = owner.strip()[:100]
    if stage not in PUBLISHABLE_STAGES and project.is_published:
        project.is_published = False
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="stage",
        entity_type="project",
        entity_id=project.id,
        detail={"from": before, "to": stage, "note": note.strip(), "owner": project.owner},
    )
    return project


def _kpi_number(raw: str | float | None, *, column: str) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = raw.strip().replace(",", "").rstrip("%").strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise InputError("pipeline.kpi_not_number", column=column, value=raw) from None
    if not math.isfinite(value):
        raise InputError("pipeline.kpi_not_number", column=column, value=str(raw))
    return value


def set_kpi(
    session: Session,
    *,
    actor: Actor,
    project_id: int,
    name: str,
    unit: str = "",
    baseline: str | float | None = None,
    target: str | float | None = None,
    actual: str | float | None = None,
    kpi_id: int | None = None,
) -> ProjectKpi:
    """Add or update a KPI; every value is checked before anything is written."""
    require_staff(actor)
    project = get_project(session, project_id)
    if not name.strip():
        raise InputError("import.required_value", column="name")
    try:
        values = {
            "baseline": _kpi_number(baseline, column="baseline"),
            "target": _kpi_number(target, column="target"),
            "actual": _kpi_number(actual, column="actual"),
        }
    except InputError as err:
        # The refusal is audited (kept when the caller commits); nothing else is written.
        audit.record(
            session,
            actor=actor,
            action="refused",
            entity_type="project",
            entity_id=project.id,
            detail={
                "code": err.code,
                "kpi": name.strip(),
                **{k: str(v) for k, v in err.params.items()},
            },
        )
        raise
    if kpi_id is None:
        kpi = ProjectKpi(name=name.strip()[:200], unit=unit.strip()[:40], **values)
        project.kpis.append(kpi)
        action = "kpi_add"
    else:
        found = next((k for k in project.kpis if k.id == kpi_id), None)
        if found is None:
            raise NotFound("not_found", what="kpi", key=kpi_id)
        kpi = found
        kpi.name, kpi.unit = name.strip()[:200], unit.strip()[:40]
        kpi.baseline, kpi.target, kpi.actual = (
            values["baseline"],
            values["target"],
            values["actual"],
        )
        action = "kpi_update"
    session.flush()
    audit.record(
        session,
        actor=actor,
        action=action,
        entity_type="project",
        entity_id=project.id,
        detail={"kpi": kpi.name, "unit": kpi.unit, **values},
    )
    return kpi


def local_time(moment: datetime) -> datetime:
    """A stored time (UTC; naive on SQLite) in Korean local time for display."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(KST)


def kpi_progress(kpi: ProjectKpi) -> float | None:
    """Share of the way from baseline (0 if none) to target reached by actual, or None."""
    if kpi.target is None or kpi.actual is None:
        return None
    base = kpi.baseline or 0.0
    span = kpi.target - base
    if span == 0:
        return None
    return (kpi.actual - base) / span


def publish_case(
    session: Session,
    *,
    actor: Actor,
    project_id: int,
    result: str | None = None,
    publish: bool = True,
) -> Project:
    """Publish (or withdraw) a project as a success case on the public ``/cases`` page."""
    require_staff(actor)
    project = get_project(session, project_id)
    if publish and project.stage not in PUBLISHABLE_STAGES:
        raise InputError("pipeline.not_publishable", value=project.title, stage=project.stage)
    if result is not None and result.strip():
        project.result = result.strip()
    if publish and not project.result.strip():
        raise InputError("pipeline.case_needs_result", column="result")
    project.is_published = publish
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="publish" if publish else "unpublish",
        entity_type="project",
        entity_id=project.id,
        detail={"result": project.result},
    )
    return project


def published_cases(session: Session) -> list[Project]:
    return list(
        session.scalars(select(Project).where(Project.is_published.is_(True)).order_by(Project.id))
    )


def export_rows(projects: Sequence[Project]) -> list[list[object]]:
    return [
        [
            p.id,
            p.title,
            p.stage,
            p.owner,
            p.budget_krw if p.budget_krw is not None else "",
            ";".join(pp.organisation_id for pp in p.partners),
            "; ".join(f"{k.name}={k.actual}/{k.target}{k.unit}" for k in p.kpis),
            "yes" if p.is_published else "",
            p.candidate_id or "",
        ]
        for p in projects
    ]
