"""Shared fixtures: databases (SQLite and PostgreSQL), migrated once, and app clients.

PostgreSQL comes from ``AXP_TEST_DATABASE_URL`` (default: the local ``test`` database). Each
xdist worker and test module gets its own schema, so runs are independent and parallel. When
PostgreSQL is unreachable the PostgreSQL cases are skipped locally but fail in CI (``CI=true``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from axpartners.db.migrate import upgrade
from axpartners.db.session import make_engine

PG_URL = os.environ.get(
    "AXP_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BACKENDS = ["sqlite", "postgresql"]


def _pg_available() -> bool:
    try:
        engine = make_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return True
    except OperationalError:
        return False


_PG_OK: bool | None = None


def _require_pg() -> None:
    global _PG_OK
    if _PG_OK is None:
        _PG_OK = _pg_available()
    if not _PG_OK:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but not reachable at {PG_URL}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")


def _schema_name(request: pytest.FixtureRequest) -> str:
    # The process id keeps two test runs on one machine (two checkouts, CI next to a developer)
    # from sharing, and dropping, each other's schemas in the same database.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    digest = hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:10]
    return f"axp_{worker}_{os.getpid()}_{digest}"


def fresh_engine(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database of the given backend; dropped afterwards."""
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    _require_pg()
    schema = _schema_name(request)
    admin = make_engine(PG_URL)
    drop_schema(admin, schema)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in PG_URL else "?"
    engine = make_engine(f"{PG_URL}{separator}options=-csearch_path%3D{schema}")
    upgrade(engine)
    yield engine
    engine.dispose()
    drop_schema(admin, schema)
    admin.dispose()


def drop_schema(admin: Engine, schema: str, *, wait: str = "15s") -> None:
    """Drop a test schema without waiting on a lock forever.

    A connection left in a transaction on the schema (a server subprocess that was killed, a
    session a failing test never closed) would make ``DROP SCHEMA`` wait for ever and hold the
    whole run: the drop waits at most ``wait`` (PostgreSQL's ``lock_timeout``), then ends the backends that hold locks
    in the schema and drops again."""
    drop = text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    try:
        with admin.begin() as conn:
            conn.execute(text(f"SET LOCAL lock_timeout = '{wait}'"))
            conn.execute(drop)
        return
    except OperationalError:
        pass
    holders = text(
        "SELECT DISTINCT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = :schema AND l.pid <> pg_backend_pid()"
    )
    with admin.begin() as conn:
        for pid in conn.execute(holders, {"schema": schema}).scalars():
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    with admin.begin() as conn:
        conn.execute(text(f"SET LOCAL lock_timeout = '{wait}'"))
        conn.execute(drop)


@pytest.fixture(params=BACKENDS, scope="module")
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    yield from fresh_engine(request.param, request, tmp_path_factory.mktemp(request.param))
