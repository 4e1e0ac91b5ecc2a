"""Calls for proposals (공고): the extracted facts of each call and the staff's corrections.

``extracted`` is what the extractor read from the file and never changes; ``facts`` is the
current value (the extraction with every correction applied). Each correction is one
``call_corrections`` row with the field, the value before and after, who made it and when,
so the history from the original extraction to today can be shown and audited.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from axpartners.db.base import Base, Timestamped, utcnow

CALL_STATUSES = ("active", "withdrawn")


class Call(Timestamped, Base):
    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(300))
    format: Mapped[str] = mapped_column(String(10))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    extracted: Mapped[dict[str, Any]] = mapped_column(JSON)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    fields: Mapped[list[str] | None] = mapped_column(JSON)
    """AI use cases (taxonomy ids) the call's text is about, most mentioned first."""
    # Copied from ``facts`` (and kept in step by corrections) so the board sorts in SQL.
    apply_deadline: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    uploaded_by: Mapped[str | None] = mapped_column(String(64))

    corrections: Mapped[list[CallCorrection]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="CallCorrection.id"
    )


class CallCorrection(Base):
    __tablename__ = "call_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    corrected_by: Mapped[str] = mapped_column(String(64))
    corrected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    call: Mapped[Call] = relationship(back_populates="corrections")
