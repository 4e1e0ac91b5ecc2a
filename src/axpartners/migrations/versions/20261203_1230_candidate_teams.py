"""candidate_teams: consortium teams saved from the builder for a project candidate

Revision ID: 0006_candidate_teams
Revises: 0005_calls
Create Date: 2026-12-03 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_candidate_teams"
down_revision = "0005_calls"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "candidate_teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=True),
        sa.Column("required", sa.JSON(), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.Column("is_optimal", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["project_candidates.id"],
            name=op.f("fk_candidate_teams_candidate_id_project_candidates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["need_id"],
            ["needs.id"],
            name=op.f("fk_candidate_teams_need_id_needs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_teams")),
    )
    op.create_index(
        op.f("ix_candidate_teams_candidate_id"), "candidate_teams", ["candidate_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_candidate_teams_candidate_id"), table_name="candidate_teams")
    op.drop_table("candidate_teams")
