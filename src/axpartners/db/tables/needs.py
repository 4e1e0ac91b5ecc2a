"""Manufacturers' needs; personal contact data lives apart in ``need_contacts`` (SPEC §7)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from axpartners.db.base import Base, Timestamped, utcnow


class Need(Timestamped, Base):
    __tablename__ = "needs"
    # Covers the demand map's GROUP BY (services.demand.demand_counts) without table reads.
    __table_args__ = (Index("ix_needs_demand", "industry", "label", "submitted_at", "region"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text)
    company: Mapped[str] = mapped_column(String(200), default="")
    industry: Mapped[str | None] = mapped_column(String(5), index=True)
    region: Mapped[str | None] = mapped_column(String(5), index=True)
    district: Mapped[str | None] = mapped_column(String(40))  # 시·군·구 name inside ``region``
    company_size: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20), default="form")
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    submitted_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    label: Mapped[str | None] = mapped_column(String(40), index=True)
    label_score: Mapped[float | None] = mapped_column(Float)
    label_2: Mapped[str | None] = mapped_column(String(40))
    label_2_score: Mapped[float | None] = mapped_column(Float)
    label_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    explanation: Mapped[list[str] | None] = mapped_column(JSON)
    cluster: Mapped[int | None] = mapped_column(Integer)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)

    contact: Mapped[NeedContact | None] = relationship(
        back_populates="need", cascade="all, delete-orphan", uselist=False
    )


class NeedContact(Base):
    __tablename__ = "need_contacts"

    need_id: Mapped[int] = mapped_column(
        ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True
    )
    contact_name: Mapped[str] = mapped_column(String(100), default="")
    contact_email: Mapped[str] = mapped_column(String(200), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    need: Mapped[Need] = relationship(back_populates="contact")


class ClassifierModel(Base):
    """A trained need classifier (JSON payload), replaced when staff confirm more labels."""

    __tablename__ = "classifier_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    n_examples: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)
