"""Background jobs: one row per submitted job, shared by every app and worker process.

Live progress, heartbeats and cancel flags live in the queue's key/value storage (Huey's SQLite
file or Redis) so a long job's own database transaction never blocks them; this table holds the
durable record: status, attempts, idempotency key, input, result and error.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from axpartners.db.base import Base, utcnow

JOB_STATUSES = ("queued", "running", "done", "failed", "cancelled")
FINAL_STATUSES = frozenset({"done", "failed", "cancelled"})


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued','running','done','failed','cancelled')", name="status"
        ),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    # A caller-chosen key: submitting the same key again returns the existing job.
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    actor: Mapped[str] = mapped_column(String(64))
    actor_role: Mapped[str | None] = mapped_column(String(20))
    actor_organisation: Mapped[str | None] = mapped_column(String(64))
    params: Mapped[dict[str, object] | None] = mapped_column(JSON)
    input_name: Mapped[str | None] = mapped_column(String(300))
    input_blob: Mapped[bytes | None] = mapped_column(LargeBinary)
    result: Mapped[dict[str, object] | None] = mapped_column(JSON)
    result_name: Mapped[str | None] = mapped_column(String(300))
    result_type: Mapped[str | None] = mapped_column(String(100))
    result_blob: Mapped[bytes | None] = mapped_column(LargeBinary)
    error: Mapped[dict[str, object] | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
