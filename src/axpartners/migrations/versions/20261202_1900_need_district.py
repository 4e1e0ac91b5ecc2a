"""needs.district: the 시·군·구 name next to the 시·도 code (public intake form)

Revision ID: 0004_need_district
Revises: 0003_demand_index
Create Date: 2026-12-02 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_need_district"
down_revision = "0003_demand_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("needs") as batch:
        batch.add_column(sa.Column("district", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("needs") as batch:
        batch.drop_column("district")
