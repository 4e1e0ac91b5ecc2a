"""The test databases are dropped even when something still holds a lock in them.

A module's PostgreSQL schema is dropped when its tests end; a connection left idle in a
transaction on that schema (a killed server subprocess, a session a failing test never closed)
used to make ``DROP SCHEMA`` wait for ever, and a whole CI run with it.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from axpartners.db.session import make_engine
from tests.conftest import PG_URL, _require_pg, drop_schema

pytestmark = pytest.mark.integration


def test_drop_ends_a_transaction_that_holds_the_schema() -> None:
    _require_pg()
    schema = f"axp_dropcheck_{os.getpid()}"
    admin = make_engine(PG_URL)
    holder_engine = make_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            conn.execute(text(f'CREATE TABLE "{schema}".t (x int)'))
        holder = holder_engine.connect()
        holder.begin()
        holder.execute(text(f'SELECT * FROM "{schema}".t'))  # an ACCESS SHARE lock, kept open
        drop_schema(admin, schema, wait="500ms")
        with admin.connect() as conn:
            left = conn.execute(
                text("SELECT count(*) FROM pg_namespace WHERE nspname = :s"), {"s": schema}
            ).scalar_one()
        assert left == 0
        with pytest.raises(DBAPIError):  # the holder's backend was ended
            holder.execute(text("SELECT 1"))
        holder.invalidate()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        holder_engine.dispose()
        admin.dispose()
