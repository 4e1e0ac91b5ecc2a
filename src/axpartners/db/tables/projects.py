"""Project candidates and the project pipeline with stage history, partners and KPIs."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from axpartners.db.base import Base, Timestamped, utcnow

if TYPE_CHECKING:
    from axpartners.db.tables.orgs import Organisation

STAGES = ("idea", "planning", "proposal", "selected", "pilot", "diffusion", "stopped")


class ProjectCandidate(Timestamped, Base):
    __tablename__ = "project_candidates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    problem: Mapped[str] = mapped_column(Text, default="")
    use_case: Mapped[str | None] = mapped_column(String(40))
    industry: Mapped[str | None] = mapped_column(String(5))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    components: Mapped[dict[str, float] | None] = mapped_column(JSON)
    need_ids: Mapped[list[int] | None] = mapped_column(JSON)
    policy_item_ids: Mapped[list[int] | None] = mapped_column(JSON)
    consortium: Mapped[list[str] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="open")
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)


class Project(Timestamped, Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_id: Mapped[int | None] = mapped_column(
        ForeignKey("project_candidates.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(20), default="idea", index=True)
    owner: Mapped[str] = mapped_column(String(100), default="")
    budget_krw: Mapped[int | None] = mapped_column(BigInteger)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    result: Mapped[str] = mapped_column(Text, default="")
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)

    history: Mapped[list[ProjectStageChange]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectStageChange.id"
    )
    partners: Mapped[list[ProjectPartner]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    kpis: Mapped[list[ProjectKpi]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )


class ProjectStageChange(Base):
    __tablename__ = "project_stage_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[str | None] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
    project: Mapped[Project] = relationship(back_populates="history")


class ProjectPartner(Base):
    __tablename__ = "project_partners"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    # RESTRICT: a partner that sits in a consortium cannot silently disappear (issue 7).
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), default="member")
    project: Mapped[Project] = relationship(back_populates="partners")
    # Read-only: pages show the partner's name, never the id (issue 16).
    organisation: Mapped[Organisation] = relationship(viewonly=True, lazy="joined")


class ProjectKpi(Base):
    __tablename__ = "project_kpis"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), default="")
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    actual: Mapped[float | None] = mapped_column(Float)
    project: Mapped[Project] = relationship(back_populates="kpis")


class CandidateTeam(Base):
    """A consortium team saved from the builder for a project candidate (issue 16).

    ``members`` keeps what the builder showed: ``[{partner_id, name, kind, role, contributes,
    score}]`` (role ``lead`` or ``member``, ``contributes`` capability ids, ``score`` the
    partner's match score for the need relative to the best, 0–1), so the team reads the same
    later even if a partner's profile changes.
    """

    __tablename__ = "candidate_teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("project_candidates.id", ondelete="CASCADE"), index=True
    )
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id", ondelete="SET NULL"))
    required: Mapped[list[str]] = mapped_column(JSON)
    members: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    is_optimal: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
