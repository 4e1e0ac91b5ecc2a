"""needs_version: one row bumped by a trigger on every write to needs (search index freshness)

Each web worker keeps the needs search index in memory. Before a search it reads this one
row; only when ``(epoch, version)`` differs from what it indexed does it reconcile with the
needs table (a scan of ids and ``updated_at``). Triggers catch every writer: the web app, the
CLI, background jobs, a restore. ``epoch`` is random per database, so a different database
file (a restored copy) never passes for the indexed one. The row is updated inside the
writing transaction, so a reader sees the new version only with the committed rows.

Revision ID: 0007_needs_version
Revises: 0006_candidate_teams
Create Date: 2026-12-03 12:40:00
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0007_needs_version"
down_revision = "0006_candidate_teams"
branch_labels = None
depends_on = None

_EVENTS = ("insert", "update", "delete")


def upgrade() -> None:
    op.create_table(
        "needs_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("epoch", sa.String(32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
    )
    op.execute(
        sa.text("INSERT INTO needs_version (id, epoch, version) VALUES (1, :epoch, 0)").bindparams(
            epoch=secrets.token_hex(16)
        )
    )
    bump = "UPDATE needs_version SET version = version + 1 WHERE id = 1"
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION needs_version_bump() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {bump}; RETURN NULL; END $$"
        )
        # once per statement: a 10,000-row import bumps the row once
        op.execute(
            "CREATE TRIGGER needs_version_bump AFTER INSERT OR UPDATE OR DELETE ON needs "
            "FOR EACH STATEMENT EXECUTE FUNCTION needs_version_bump()"
        )
        return
    for event in _EVENTS:  # SQLite triggers are per row
        op.execute(
            f"CREATE TRIGGER needs_version_{event} AFTER {event.upper()} ON needs BEGIN {bump}; END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS needs_version_bump ON needs")
        op.execute("DROP FUNCTION IF EXISTS needs_version_bump()")
    else:
        for event in _EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS needs_version_{event}")
    op.drop_table("needs_version")
