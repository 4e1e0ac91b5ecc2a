"""covering index for the demand map (industry × use case × month)

Revision ID: 0003_demand_index
Revises: 0002_jobs
Create Date: 2026-11-25 11:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0003_demand_index"
down_revision = "0002_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_needs_demand", "needs", ["industry", "label", "submitted_at", "region"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_needs_demand", table_name="needs")
