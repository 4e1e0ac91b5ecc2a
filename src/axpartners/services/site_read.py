"""Reads for the home page, the published success cases and the health check."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from axpartners.db.tables import Need, Organisation, Project


def home_counts(session: Session) -> dict[str, int]:
    """The four figures on the home page: partners, needs, projects, published cases."""

    def count(query: Select[int]) -> int:
        return session.scalar(query) or 0

    return {
        "partners": count(select(func.count()).select_from(Organisation)),
        "needs": count(select(func.count()).select_from(Need)),
        "projects": count(select(func.count()).select_from(Project)),
        "cases": count(select(func.count()).select_from(Project).where(Project.is_published)),
    }


def published_cases(session: Session) -> list[Project]:
    """Published projects, newest first."""
    query = select(Project).where(Project.is_published).order_by(Project.id.desc())
    return list(session.scalars(query))


def ping(session: Session) -> None:
    """One round trip to the database (raises when it cannot be reached)."""
    session.execute(select(1))
