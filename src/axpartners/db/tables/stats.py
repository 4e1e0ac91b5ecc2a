"""Regional statistics in long form: region × industry × year × measure → value."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from axpartners.db.base import Base


class RegionalStat(Base):
    __tablename__ = "regional_stats"
    __table_args__ = (UniqueConstraint("dataset", "region", "industry", "year", "measure"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dataset: Mapped[str] = mapped_column(String(100), index=True)
    region: Mapped[str] = mapped_column(String(10), index=True)
    industry: Mapped[str] = mapped_column(String(10), index=True)
    year: Mapped[int] = mapped_column(Integer, default=0)
    measure: Mapped[str] = mapped_column(String(40), default="value")
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(300), default="")
    is_synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
