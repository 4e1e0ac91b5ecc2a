"""``axp demo``: the Busan council demo data (SPEC §8). Running it twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from axpartners.db.tables import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MeetingAttendee,
    Need,
    Organisation,
    Project,
    ProjectKpi,
    ProjectPartner,
    ProjectStageChange,
)
from axpartners.services import (
    calls as calls_service,
    needs as needs_service,
    partners as partners_service,
    planning,
    policy,
    stats_demo,
)
from axpartners.services.actors import SYSTEM


@dataclass(frozen=True, slots=True)
class DemoResult:
    organisations: int
    needs: int
    meetings: int
    projects: int
    datasets: int = 0
    policy_documents: int = 0
    candidates: int = 0
    calls: int = 0

    @property
    def total(self) -> int:
        return (
            self.organisations
            + self.needs
            + self.meetings
            + self.projects
            + self.datasets
            + self.policy_documents
            + self.candidates
            + self.calls
        )


def load_demo_data() -> dict[str, Any]:
    text = (
        resources.files("axpartners").joinpath("data/demo/busan.yaml").read_text(encoding="utf-8")
    )
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def load_demo(session: Session) -> DemoResult:
    """Insert what is missing; existing records (by id, external id or title) are left alone."""
    data = load_demo_data()
    orgs = _load_organisations(session, data["organisations"])
    needs = _load_needs(session, data["needs"])
    meetings = _load_meeting(session, data["meeting"])
    projects = _load_projects(session, data["projects"])
    # Statistics and policy first: project candidates are scored against them.
    datasets = stats_demo.load_demo_stats(session)
    documents = policy.load_demo_policy(session)
    session.flush()
    candidates = planning.ensure_demo_candidates(session)
    calls = calls_service.load_demo_call(session)
    return DemoResult(
        organisations=orgs,
        needs=needs,
        meetings=meetings,
        projects=projects,
        datasets=datasets,
        policy_documents=documents,
        candidates=candidates,
        calls=calls,
    )


def _load_organisations(session: Session, rows: list[dict[str, Any]]) -> int:
    added = 0
    for row in rows:
        if session.get(Organisation, row["id"]) is not None:
            continue
        record = {k: ";".join(v) if isinstance(v, list) else str(v) for k, v in row.items()}
        data = partners_service.parse_partner(record, file="busan.yaml")
        organisation = partners_service.create_partner(session, actor=SYSTEM, data=data)
        organisation.is_example = True
        added += 1
    return added


def _load_needs(session: Session, rows: list[dict[str, Any]]) -> int:
    added = 0
    for row in rows:
        if session.scalar(select(Need.id).where(Need.external_id == row["id"])) is not None:
            continue
        data = needs_service.parse_need(row, file="busan.yaml")
        need = needs_service.create_need(session, actor=SYSTEM, data=data, source="demo")
        need.is_example = True
        added += 1
    return added


def _load_meeting(session: Session, row: dict[str, Any]) -> int:
    if session.scalar(select(Meeting.id).where(Meeting.title == row["title"])) is not None:
        return 0
    meeting = Meeting(
        title=row["title"],
        held_at=datetime.fromisoformat(row["held_at"]).astimezone(UTC),
        place=row.get("place", ""),
        minutes=row.get("minutes", ""),
    )
    meeting.attendees = [MeetingAttendee(organisation_id=o) for o in row.get("attendees", [])]
    meeting.agenda = [
        AgendaItem(
            position=i,
            title=a["title"],
            presenter=a.get("presenter", ""),
            kind=a.get("kind", "topic"),
        )
        for i, a in enumerate(row.get("agenda", []), start=1)
    ]
    meeting.decisions = [Decision(text=text) for text in row.get("decisions", [])]
    meeting.actions = [
        ActionItem(
            title=a["title"], owner=a.get("owner", ""), due_date=date.fromisoformat(a["due_date"])
        )
        for a in row.get("actions", [])
    ]
    session.add(meeting)
    return 1


def _load_projects(session: Session, rows: list[dict[str, Any]]) -> int:
    added = 0
    for row in rows:
        if session.scalar(select(Project.id).where(Project.title == row["title"])) is not None:
            continue
        project = Project(
            title=row["title"],
            summary=row.get("summary", ""),
            stage=row["stage"],
            owner=row.get("owner", ""),
            budget_krw=row.get("budget_krw"),
            result=row.get("result", ""),
            is_published=bool(row.get("is_published", False)),
            is_example=True,
        )
        project.history = [
            ProjectStageChange(from_stage=None, to_stage=row["stage"], changed_by="demo")
        ]
        project.partners = [ProjectPartner(organisation_id=o) for o in row.get("partners", [])]
        project.kpis = [ProjectKpi(**kpi) for kpi in row.get("kpis", [])]
        session.add(project)
        added += 1
    return added
