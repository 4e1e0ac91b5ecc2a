"""partners_version: one row bumped by triggers on every write to the partners' tables

The partners list page is the same for everyone who may see it, so each web worker keeps its
rendered rows; before using them it reads this one row, and renders again only when
``(epoch, version)`` differs. What a line shows comes from ``organisations``,
``organisation_capabilities`` and ``organisation_industries``, so a write to any of the three
bumps it, from any writer (the web app, ``axp import``, a job, a restore), inside the writing
transaction. ``epoch`` is random per database, as in ``needs_version`` (0007).

Revision ID: 0008_partners_version
Revises: 0007_needs_version
Create Date: 2026-12-04 21:00:00
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0008_partners_version"
down_revision = "0007_needs_version"
branch_labels = None
depends_on = None

_TABLES = ("organisations", "organisation_capabilities", "organisation_industries")
_EVENTS = ("insert", "update", "delete")


def upgrade() -> None:
    op.create_table(
        "partners_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("epoch", sa.String(32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
    )
    op.execute(
        sa.text(
            "INSERT INTO partners_version (id, epoch, version) VALUES (1, :epoch, 0)"
        ).bindparams(epoch=secrets.token_hex(16))
    )
    bump = "UPDATE partners_version SET version = version + 1 WHERE id = 1"
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION partners_version_bump() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {bump}; RETURN NULL; END $$"
        )
        for name in _TABLES:  # once per statement
            op.execute(
                f"CREATE TRIGGER partners_version_bump AFTER INSERT OR UPDATE OR DELETE ON {name} "
                "FOR EACH STATEMENT EXECUTE FUNCTION partners_version_bump()"
            )
        return
    for name in _TABLES:  # SQLite triggers are per row
        for event in _EVENTS:
            op.execute(
                f"CREATE TRIGGER partners_version_{name}_{event} AFTER {event.upper()} ON {name} "
                f"BEGIN {bump}; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in _TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS partners_version_bump ON {name}")
        op.execute("DROP FUNCTION IF EXISTS partners_version_bump()")
    else:
        for name in _TABLES:
            for event in _EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS partners_version_{name}_{event}")
    op.drop_table("partners_version")
