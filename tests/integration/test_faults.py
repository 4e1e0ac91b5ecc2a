"""Faults (issue 8 §5): a server killed mid-import, PostgreSQL connections reset under the app,
a read-only or full SQLite database.

Kill test: a live uvicorn (subprocess) imports a few thousand needs in one transaction; the test
waits until the import transaction has really started writing (SQLite: the write lock is held;
PostgreSQL: the server's backend has a transaction id), sends SIGKILL, and checks that after a
restart not one row of the import is visible and the database is intact.

The tests run as root in CI containers, where ``chmod`` cannot make a file read-only, so a
read-only database is simulated with SQLite's own read-only open mode (``mode=ro``, the same
``SQLITE_READONLY`` error a read-only file or directory gives), and a full disk with
``PRAGMA max_page_count`` (the same ``SQLITE_FULL`` error as ENOSPC).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select, text

from axpartners.config import Settings
from axpartners.db.session import make_engine, make_session_factory, transaction
from axpartners.db.tables import Need, Organisation
from axpartners.services import demo, users
from axpartners.services.actors import SYSTEM
from axpartners.web.app import create_app
from tests.conftest import fresh_engine
from tests.integration.conftest import PASSWORD, csrf_of, login

pytestmark = pytest.mark.integration

N_IMPORT = int(os.environ.get("AXP_FAULT_IMPORT_ROWS", "1500"))
_WORDS = [
    "용접",
    "불량",
    "검사",
    "자동화",
    "비전",
    "설비",
    "예지보전",
    "진동",
    "센서",
    "데이터",
    "수집",
    "공정",
    "최적화",
    "물류",
    "배차",
    "항만",
    "컨테이너",
    "적재",
    "품질",
    "관리",
    "에너지",
    "절감",
    "탄소",
    "배출",
    "로봇",
    "협동",
    "조립",
    "도장",
    "사출",
    "금형",
    "열처리",
    "표면",
    "결함",
    "분류",
    "수요",
    "예측",
    "재고",
    "생산",
    "계획",
    "스케줄링",
    "문서",
    "자동화",
    "챗봇",
    "설계",
]


def _needs_csv(n: int, *, tag: str) -> bytes:
    lines = ["id,title,text,company,region,industry"]
    for i in range(n):
        words = " ".join(_WORDS[(i * 7 + k * 3) % len(_WORDS)] for k in range(12))
        lines.append(f"{tag}-{i},과제 {i},{words} 요청 {tag} {i},회사{i % 97},부산,C{25 + i % 6}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _count(engine: Engine, model: Any) -> int:
    with make_session_factory(engine)() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


class Server:
    """``uvicorn axpartners.web.asgi:app`` on a free loopback port, killable."""

    def __init__(self, url: str, data_dir: Path, log: Path) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "AXP_DATABASE_URL": url,
            "AXP_DATA_DIR": str(data_dir),
            "AXP_ENVIRONMENT": "test",
            "AXP_SECRET_KEY": "fault-tests-secret-key-0123456789",
            "AXP_MAX_UPLOAD_MB": "50",
        }
        self._log = log.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "axpartners.web.asgi:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
            if self.process.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"server did not start, see {log}")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
                return
        self._log.close()


def _staff_client(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=300)
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    response = client.post(
        "/login",
        data={"username": "staff", "password": PASSWORD, "csrf_token": token.group(1)},
    )
    assert response.status_code in (200, 303), response.text[:300]
    return client


def _write_in_progress(engine: Engine, app_name: str) -> bool:
    """True while another connection holds an open, writing transaction on the database."""
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        assert path
        conn = sqlite3.connect(path, timeout=0)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as err:
            return "locked" in str(err) or "busy" in str(err)
        finally:
            conn.close()
    with engine.connect() as conn:
        return bool(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE application_name = :n AND backend_xid IS NOT NULL"
                ),
                {"n": app_name},
            ).scalar()
        )


@pytest.fixture(params=["sqlite", "postgresql"])
def fault_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for engine in fresh_engine(request.param, request, tmp_path):
        with transaction(make_session_factory(engine)) as session:
            demo.load_demo(session)
            users.create_user(
                session, actor=SYSTEM, username="staff", password=PASSWORD, role="secretariat"
            )
        yield engine


@pytest.mark.slow  # two server starts and a multi-second import per backend (~20 s each)
def test_server_killed_mid_import_leaves_no_partial_data(fault_db, tmp_path):  # type: ignore[no-untyped-def]
    engine: Engine = fault_db
    app_name = f"axp_fault_{uuid.uuid4().hex[:8]}"
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name == "postgresql":
        url += f"&application_name={app_name}"
    before = _count(engine, Need)
    timings: dict[str, float] = {}
    log = tmp_path / "server.log"
    server = Server(url, tmp_path, log)
    client = _staff_client(server.base)
    try:
        token = csrf_of_httpx(client, "/needs/import")
        started = time.monotonic()
        preview = client.post(
            "/needs/import",
            data={"csrf_token": token},
            files={"file": ("big.csv", _needs_csv(N_IMPORT, tag="kill"), "text/csv")},
        )
        assert preview.status_code == 200, preview.text[:500]
        upload = re.search(r'name="token" value="([^"]+)"', preview.text)
        assert upload, "no upload token in the preview page"
        outcome: dict[str, object] = {}

        def confirm() -> None:
            try:
                outcome["status"] = client.post(
                    "/needs/import/confirm",
                    data={"csrf_token": token, "token": upload.group(1)},
                ).status_code
            except httpx.HTTPError as err:
                outcome["error"] = err

        timings["preview_s"] = time.monotonic() - started
        started = time.monotonic()
        worker = threading.Thread(target=confirm, daemon=True)
        worker.start()
        seen = 0
        deadline = time.monotonic() + 120
        while seen < 3 and worker.is_alive() and time.monotonic() < deadline:
            seen = seen + 1 if _write_in_progress(engine, app_name) else 0
            time.sleep(0.1)
        assert worker.is_alive(), (
            f"the import finished ({outcome}) before it could be interrupted: raise "
            "AXP_FAULT_IMPORT_ROWS"
        )
        assert seen >= 3, "never saw the import's write transaction"
        timings["until_kill_s"] = time.monotonic() - started
        server.kill()
        worker.join(timeout=30)
        assert "status" not in outcome, outcome  # the request died with the server
    finally:
        client.close()
        server.stop()
    # After the crash: nothing of the import, and an intact database.
    print(f"fault timings ({engine.dialect.name}, {N_IMPORT} rows): {timings}")
    assert _count(engine, Need) == before
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    # "Restart": a new app process state on the same database serves normally and shows
    # nothing of the import (the live server's start-up is covered by the e2e suite).
    settings = Settings(
        environment="test",
        data_dir=tmp_path,
        database_url=url,
        secret_key="fault-tests-secret-key-0123456789",
    )
    restarted_engine = make_engine(url)
    try:
        client2 = TestClient(create_app(settings, engine=restarted_engine))
        login(client2, "staff", PASSWORD)
        listed = client2.get("/api/v1/needs", params={"q": "kill"})
        assert listed.status_code == 200
        assert not any("kill" in str(n) for n in listed.json())
    finally:
        restarted_engine.dispose()
    assert _count(engine, Need) == before


def csrf_of_httpx(client: httpx.Client, path: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert match, path
    return match.group(1)


# --- PostgreSQL: connections terminated under the app ---------------------------------------


def test_postgres_connections_reset_while_serving(request, tmp_path):  # type: ignore[no-untyped-def]
    app_name = f"axp_reset_{uuid.uuid4().hex[:8]}"
    for base_engine in fresh_engine("postgresql", request, tmp_path):
        url = (
            base_engine.url.render_as_string(hide_password=False) + f"&application_name={app_name}"
        )
        engine = make_engine(url)
        try:
            with transaction(make_session_factory(engine)) as session:
                demo.load_demo(session)
                users.create_user(
                    session, actor=SYSTEM, username="staff", password=PASSWORD, role="secretariat"
                )
            settings = Settings(
                environment="test",
                data_dir=tmp_path,
                database_url=url,
                secret_key="fault-tests-secret-key-0123456789",
            )
            client = TestClient(create_app(settings, engine=engine), base_url="http://testserver")
            login(client, "staff", PASSWORD)
            assert client.get("/api/v1/needs").status_code == 200
            for round_ in range(3):
                with base_engine.connect() as admin:
                    killed = admin.execute(
                        text(
                            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            "WHERE application_name = :n"
                        ),
                        {"n": app_name},
                    ).scalar()
                assert killed, f"round {round_}: no pooled connection to terminate"
                # The very next requests succeed: pool_pre_ping replaces the dead connections.
                assert client.get("/api/v1/needs").status_code == 200
                assert client.get("/needs").status_code == 200
                created = client.post(
                    "/api/v1/public/needs", json={"text": f"재연결 후 접수 {round_}"}
                )
                assert created.status_code == 201, created.text
        finally:
            engine.dispose()


# --- SQLite: read-only and full databases ---------------------------------------------------


@pytest.fixture
def sqlite_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for engine in fresh_engine("sqlite", request, tmp_path):
        with transaction(make_session_factory(engine)) as session:
            demo.load_demo(session)
            users.create_user(
                session, actor=SYSTEM, username="staff", password=PASSWORD, role="secretariat"
            )
        yield engine


def _app(engine: Engine, tmp_path: Path) -> TestClient:
    settings = Settings(
        environment="test",
        data_dir=tmp_path,
        database_url=engine.url.render_as_string(hide_password=False),
        secret_key="fault-tests-secret-key-0123456789",
    )
    return TestClient(
        create_app(settings, engine=engine),
        base_url="http://testserver",
        raise_server_exceptions=False,
    )


def _assert_refused_cleanly(client: TestClient) -> None:
    api = client.post("/api/v1/public/needs", json={"text": "용접 검사 자동화 요청입니다"})
    assert api.status_code == 503, api.text
    assert api.json()["error"]["code"] == "ops.storage_unavailable"
    assert "Traceback" not in api.text
    token = csrf_of(client, "/needs/new")
    page = client.post("/needs/new", data={"csrf_token": token, "text": "도장 불량 검사 요청"})
    assert page.status_code == 503
    assert "저장되지 않았습니다" in page.text
    # Reading keeps working.
    assert client.get("/partners").status_code == 200


def test_read_only_database_gives_a_clear_error_and_stays_intact(sqlite_db, tmp_path):  # type: ignore[no-untyped-def]
    path = sqlite_db.url.database
    needs_before, orgs_before = _count(sqlite_db, Need), _count(sqlite_db, Organisation)
    sqlite_db.dispose()
    read_only = make_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        _assert_refused_cleanly(_app(read_only, tmp_path))
    finally:
        read_only.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _count(sqlite_db, Need) == needs_before
    assert _count(sqlite_db, Organisation) == orgs_before


def test_full_disk_gives_a_clear_error_and_stays_intact(sqlite_db, tmp_path):  # type: ignore[no-untyped-def]
    path = sqlite_db.url.database
    needs_before = _count(sqlite_db, Need)
    sqlite_db.dispose()
    full = make_engine(f"sqlite:///{path}")

    @event.listens_for(full, "connect")
    def _no_room(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    try:
        client = _app(full, tmp_path)
        big = "대용량 " * 4_500  # needs new pages: SQLITE_FULL, as on a full disk
        api = client.post("/api/v1/public/needs", json={"text": big})
        assert api.status_code == 503, api.text[:300]
        assert api.json()["error"]["code"] == "ops.storage_unavailable"
        assert client.get("/partners").status_code == 200
    finally:
        full.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert _count(sqlite_db, Need) == needs_before


def test_restore_into_read_only_database_is_a_one_line_error(sqlite_db, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    import typer
    from typer.testing import CliRunner

    from axpartners.cli.ops import register
    from axpartners.services import backup

    dump = tmp_path / "b.jsonl"
    backup.backup(sqlite_db, dump)
    path = sqlite_db.url.database
    sqlite_db.dispose()
    app = typer.Typer()
    eval_app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Test root."""

    register(app, eval_app)
    monkeypatch.setenv("AXP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("AXP_DATABASE_URL", f"sqlite:///file:{path}?mode=ro&uri=true")
    result = CliRunner().invoke(app, ["restore", "--replace", str(dump)])
    assert result.exit_code == 2, result.output
    assert "read-only" in result.output or "readonly" in result.output.lower()
    assert "Traceback" not in result.output
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
