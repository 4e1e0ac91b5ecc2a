"""One database transaction per request (``web/deps.py`` ``get_db``), on both backends.

The session is made on the event loop and ended in the thread pool; these tests hold the
contract that made that safe: what a handler wrote is committed before the response, a commit
that fails fails the request and keeps nothing, an error rolls back, and a request that never
queried leaves no connection checked out. A request that only read SQLite is closed on the
loop; one that wrote, through the ORM or a plain statement, is committed.
"""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from axpartners.db.tables import AuditEntry
from axpartners.web.app import create_app
from axpartners.web.deps import SessionDep

pytestmark = pytest.mark.integration


def _count(world, action: str) -> int:  # type: ignore[no-untyped-def]
    with Session(world.engine) as session:
        query = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
        return session.scalar(query) or 0


def _app(world) -> FastAPI:  # type: ignore[no-untyped-def]
    app = create_app(world.settings, engine=world.engine)

    def write(db: SessionDep, action: str, fail: str = "", core: bool = False) -> dict[str, str]:
        values = {"actor": "test", "action": action, "entity_type": "test", "entity_id": "1"}
        if core:  # a statement the ORM does not track: only the connection knows it wrote
            db.execute(select(func.count()).select_from(AuditEntry))  # a read first
            db.execute(insert(AuditEntry), [values])
        else:
            db.add(AuditEntry(**values))
        if fail == "commit":

            @event.listens_for(db, "before_commit")
            def _refuse(session: Session) -> None:
                raise RuntimeError("commit refused")

        if fail == "handler":
            db.flush()  # the row reaches the database inside the transaction …
            raise RuntimeError("handler failed")  # … and is rolled back with it
        return {"ok": action}

    def idle(db: SessionDep) -> dict[str, int]:
        return {"checked_out": world.engine.pool.checkedout()}

    app.add_api_route("/_test/write", write, methods=["POST"])
    app.add_api_route("/_test/idle", idle, methods=["GET"])
    return app


@pytest.mark.parametrize("core", [False, True])
def test_a_handlers_write_is_committed_before_the_response(world, core: bool) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(_app(world))
    action = f"session_ok_{core}"
    response = client.post("/_test/write", params={"action": action, "core": core})
    assert response.status_code == 200
    assert _count(world, action) == 1


@pytest.mark.parametrize("fail", ["commit", "handler"])
def test_a_failed_commit_or_handler_fails_the_request_and_keeps_nothing(world, fail: str) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(_app(world), raise_server_exceptions=False)
    action = f"session_{fail}"
    response = client.post("/_test/write", params={"action": action, "fail": fail})
    assert response.status_code == 500
    assert _count(world, action) == 0


def test_a_request_that_never_queries_holds_no_connection(world) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(_app(world))
    before = world.engine.pool.checkedout()
    response = client.get("/_test/idle")
    assert response.status_code == 200
    assert response.json()["checked_out"] == before
    assert world.engine.pool.checkedout() == before
