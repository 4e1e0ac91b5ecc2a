"""The audit log: every change to needs, partners, projects and users is recorded (SPEC §7)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from axpartners.db.tables import AuditEntry
from axpartners.services.actors import Actor


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: object,
    detail: Mapping[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            actor=actor.username,
            action=action,
            entity_type=entity_type,
            entity_id=str(entity_id),
            detail=dict(detail) if detail else None,
        )
    )


def list_entries(
    session: Session, *, entity_type: str | None = None, limit: int = 200
) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if entity_type:
        query = query.where(AuditEntry.entity_type == entity_type)
    return list(session.scalars(query))
