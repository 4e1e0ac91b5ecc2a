"""Partner organisations (산·학·연·관) with capabilities (taxonomy IDs) and industries (KSIC)."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from axpartners.db.base import Base, Timestamped

ORG_KINDS = ("company", "university", "research", "public")


class Organisation(Timestamped, Base):
    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint("kind IN ('company','university','research','public')", name="kind"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[str | None] = mapped_column(String(5))
    homepage: Mapped[str | None] = mapped_column(String(300))
    is_member: Mapped[bool] = mapped_column(Boolean, default=True)
    is_example: Mapped[bool] = mapped_column(Boolean, default=False)
    active_projects: Mapped[int] = mapped_column(default=0)

    capabilities: Mapped[list[OrganisationCapability]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="OrganisationCapability.use_case",
    )
    industries: Mapped[list[OrganisationIndustry]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="OrganisationIndustry.ksic",
    )

    def capability_ids(self, *, include_inferred: bool = True) -> list[str]:
        return [c.use_case for c in self.capabilities if include_inferred or not c.inferred]

    def industry_codes(self) -> list[str]:
        return [i.ksic for i in self.industries]


class OrganisationCapability(Base):
    __tablename__ = "organisation_capabilities"

    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    use_case: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
    inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    organisation: Mapped[Organisation] = relationship(back_populates="capabilities")


class OrganisationIndustry(Base):
    __tablename__ = "organisation_industries"

    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    ksic: Mapped[str] = mapped_column(String(5), primary_key=True, index=True)
    organisation: Mapped[Organisation] = relationship(back_populates="industries")
